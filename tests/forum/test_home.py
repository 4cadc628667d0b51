"""The home page (latest posts, filters, paging) and what listing pages cost in queries."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from forum.extensions import db
from forum.posts.excerpt import excerpt
from tests.factories import make_comment, make_outcome, make_post, make_user
from tests.forum.test_query_budget import BUDGET
from tests.pages import card_titles as titles
from tests.pages import page_text


@pytest.fixture
def catalogue(app):
    """Posts across kinds, conditions and tags, oldest first."""
    with app.app_context():
        dana = make_user("dana")
        make_post(dana, title="IBD food diary", kind="hack", conditions=["ibd"], tags=["food"])
        make_post(
            dana,
            title="Crohn's school bathroom pass",
            kind="hack",
            conditions=["crohns-disease"],
            tags=["school", "bathroom-pass"],
        )
        make_post(
            dana,
            title="Asthma spacer at school",
            kind="hack",
            conditions=["asthma"],
            tags=["school"],
        )
        make_post(
            dana,
            title="Pre-visit planning huddle",
            kind="change_idea",
            conditions=["ulcerative-colitis"],
        )
        make_post(dana, title="Who else uses a pill app?", kind="question", conditions=["epilepsy"])
        make_post(dana, title="Held for review", conditions=["crohns-disease"], status="pending")
        make_post(dana, title="Taken down", conditions=["crohns-disease"], status="removed")


def test_home_lists_published_posts_newest_first(client, catalogue):
    assert titles(client.get("/")) == [
        "Who else uses a pill app?",
        "Pre-visit planning huddle",
        "Asthma spacer at school",
        "Crohn's school bathroom pass",
        "IBD food diary",
    ]


def test_cards_show_kind_conditions_outcomes_and_an_excerpt(app, client):
    with app.app_context():
        post = make_post(
            title="Bedtime meds chart",
            body="## Our chart\n\nWe stuck a **chart** on the fridge, with [stickers](https://example.org).",
            conditions=["type-1-diabetes"],
        )
        make_outcome(post, result="partly")
    page = page_text(client.get("/"))
    card = page.split('<article class="card">')[1].split("</article>")[0]
    assert "What worked for us" in card
    assert 'href="/conditions/type-1-diabetes"' in card
    assert "1 report: partly" in card
    assert "We stuck a chart on the fridge, with stickers." in card
    assert "Our chart" not in card  # headings would run into the text
    assert "0 comments" in card


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("### Tip\n\n1. Ask the **nurse**\n2. Keep `a note`", "Ask the nurse Keep a note"),
        ("> quoted [link](https://example.org/a_b)", "quoted link"),
        ("word " * 60, ("word " * 32).strip() + "…"),
        ("W" * 500, "W" * 160 + "…"),  # an unbroken word is cut, not dropped
        ("", ""),
    ],
)
def test_card_excerpts_are_short_plain_text(source, expected):
    assert excerpt(source) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=change_idea", ["Pre-visit planning huddle"]),
        ("kind=question", ["Who else uses a pill app?"]),
        ("kind=bogus", None),  # unknown kinds are ignored
        # IBD includes Crohn's disease and ulcerative colitis; a post under both counts once.
        (
            "condition=ibd",
            ["Pre-visit planning huddle", "Crohn's school bathroom pass", "IBD food diary"],
        ),
        ("condition=crohns-disease", ["Crohn's school bathroom pass"]),
        ("tag=school", ["Asthma spacer at school", "Crohn's school bathroom pass"]),
        ("tag=%20School%20", ["Asthma spacer at school", "Crohn's school bathroom pass"]),
        ("tag=school&condition=ibd", ["Crohn's school bathroom pass"]),
        ("tag=school&kind=change_idea", []),
        ("tag=nothing-like-this", []),
        ("tag=%00%3Cscript%3E", []),
    ],
)
def test_home_filters(client, catalogue, query, expected):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    if expected is None:
        assert len(titles(response)) == 5
    else:
        assert titles(response) == expected


def test_filters_are_shown_and_can_be_cleared(client, catalogue):
    page = page_text(client.get("/?condition=ibd&kind=hack"))
    assert "Showing “What worked for us” posts about" in page
    assert '<option value="ibd" selected>' in page
    assert '<input type="hidden" name="kind" value="hack">' in page
    assert 'href="/?condition=ibd&kind=question"' in page  # kind links keep the condition
    assert "Clear filters" in page
    assert "No posts match these filters yet" in page_text(client.get("/?tag=nothing"))


def test_an_unknown_condition_is_404(client, catalogue):
    assert client.get("/?condition=made-up").status_code == 404


def test_home_pages_twenty_at_a_time(app, client):
    with app.app_context():
        author = make_user("dana")
        for i in range(45):
            make_post(author, title=f"Tip number {i:02}", conditions=["asthma"])
    first = client.get("/")
    assert len(titles(first)) == 20
    assert titles(first)[0] == "Tip number 44"
    assert "Page 1 of 3" in first.get_data(as_text=True)
    # "Older" carries the last post's key: the next page is read on from it.
    assert re.search(r'rel="next" href="/\?page=2&amp;after=\d+\.\d+"', first.get_data(True))
    assert titles(client.get("/?page=3")) == [f"Tip number {i:02}" for i in range(4, -1, -1)]
    filtered = client.get("/?page=2&kind=hack").get_data(as_text=True)
    assert "page=3" in filtered and "kind=hack" in filtered  # links keep the filters


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "", "²", "%00"])
def test_nonsense_pages_show_page_one(client, catalogue, page):
    response = client.get(f"/?page={page}")
    assert response.status_code == 200
    assert titles(response)[0] == "Who else uses a pill app?"


@pytest.mark.parametrize("page", ["2", "999", "99999999999999999999999999"])
def test_pages_past_the_end_are_404(client, catalogue, page):
    assert client.get(f"/?page={page}").status_code == 404


def test_an_empty_forum_invites_the_first_post(client):
    page = page_text(client.get("/"))
    assert "No one has posted yet" in page
    assert 'href="/posts/new"' in page


# --- queries per page --------------------------------------------------------------------


@pytest.fixture
def count_queries(app):
    """Records the SQL statements (not transaction control) run inside the block."""

    @contextmanager
    def _count():
        with app.app_context():
            engine = db.engine
        statements: list[str] = []

        def _record(conn, cursor, statement, parameters, context, executemany):
            if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
                statements.append(statement)

        event.listen(engine, "before_cursor_execute", _record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", _record)

    return _count


def _fill(app, n: int) -> int:
    """n more posts by n people (each with tags and two conditions); n comments and n reports
    on the last one."""
    with app.app_context():
        for i in range(n):
            post = make_post(
                make_user(f"a{n}x{i}"),
                title=f"Post {i} of {n}",
                conditions=["crohns-disease", "asthma"],
                tags=[f"tag{i}", "shared"],
            )
        for i in range(n):
            # Different people comment and report, so neither list can borrow the other's users.
            make_comment(post, make_user(f"c{n}x{i}", perspective="clinician"), f"Comment {i}")
            make_outcome(post, make_user(f"r{n}x{i}"), result="worked", note=f"Note {i}")
        return post.id


PAGES = ["/", "/?tag=shared&kind=hack", "/conditions/ibd", "/conditions", "/posts/{post_id}"]


def _statement_counts(client, count_queries, post_id: int) -> dict[str, int]:
    counts = {}
    for url in PAGES:
        url = url.format(post_id=post_id)
        client.get(url)  # warm up: first-use work is not what this measures
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        counts[url.replace(str(post_id), "<id>")] = len(statements)
    return counts


@pytest.mark.parametrize("signed_in", [False, True])
def test_listing_and_post_pages_run_the_same_queries_for_3_or_30_items(
    app, client, auth, count_queries, signed_in
):
    """Querying per card, comment or note would grow with the content; this must not."""
    if signed_in:
        with app.app_context():
            make_user("reader")
        auth.login("reader")
    few = _statement_counts(client, count_queries, _fill(app, 3))
    many = _statement_counts(client, count_queries, _fill(app, 30))
    assert many == few
    assert max(many.values()) <= BUDGET, many

    page = page_text(client.get("/"))
    assert len(titles(client.get("/"))) == 20 and "Page 1 of 2" in page
