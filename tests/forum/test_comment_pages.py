"""A post's comments and "I tried this" notes come a page at a time, read by key.

A post with 2,000 comments renders one page of them with the same few
statements as a post with three; "Newer comments" links walk every comment the
reader may see exactly once, and "Older comments" walk back to the same first
page; a link to one comment lands on the page that holds it; and whatever is
typed into the arguments, the post page answers (the first page, never a 500).
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from forum.extensions import db
from forum.models import Comment, Post
from tests.factories import make_comment, make_outcome, make_post, make_user
from tests.sql import statements

PER_PAGE = 50
BUDGET = 12  # as tests/forum/test_query_budget.py: statements per page, whatever it shows
N = 2000
BASE = datetime(2026, 1, 1, tzinfo=UTC)


def _moment(i: int) -> datetime:
    # Not in id order, and three comments to a moment: the order must be by
    # (created_at, id), and ties must not lose or repeat anyone.
    return BASE + timedelta(seconds=(i * 7919) % N // 3)


def _status(i: int) -> str:
    if i % 10 == 3:
        return "removed"
    if i % 10 == 7:
        return "deleted"
    if i % 50 == 11:
        return "pending"  # by the pending author only
    return "published"


@pytest.fixture
def big(app):
    """A post with 2,000 comments of every status, and one with three."""
    with app.app_context():
        author = make_user("poster")
        others = make_user("talker")
        waiting = make_user("waiting")
        make_user("mod", role="moderator")
        post = make_post(author, title="A long thread")
        rows = [
            {
                "post_id": post.id,
                "author_id": (waiting if _status(i) == "pending" else others).id,
                "body": f"Comment number {i}",
                "body_html": f"<p>Comment number {i}</p>",
                "status": _status(i),
                "created_at": _moment(i),
                "updated_at": _moment(i),
                "deleted_at": _moment(i) if _status(i) == "deleted" else None,
            }
            for i in range(N)
        ]
        db.session.execute(insert(Comment), rows)
        post.comment_count = sum(1 for r in rows if r["status"] == "published")
        db.session.commit()
        ordered = db.session.execute(
            select(Comment.id, Comment.status, Comment.author_id)
            .where(Comment.post_id == post.id)
            .order_by(Comment.created_at, Comment.id)
        ).all()
        small = make_post(author, title="A short thread")
        for _ in range(3):
            make_comment(small, others)
        return {
            "post": post.id,
            "small": small.id,
            "published": [i for i, status, _ in ordered if status == "published"],
            "for_waiting": [
                i
                for i, status, by in ordered
                if status == "published" or (status == "pending" and by == waiting.id)
            ],
            "removed": [i for i, status, _ in ordered if status == "removed"],
        }


def shown(response) -> list[int]:
    return [int(i) for i in re.findall(r'<li id="comment-(\d+)"', response.get_data(as_text=True))]


def link(response, text: str) -> str | None:
    found = re.search(rf'<a rel="\w+" href="([^"]+)">[←\s]*{text}', response.get_data(as_text=True))
    return html.unescape(found.group(1)) if found else None


def walk(app, client, start: str, text: str) -> tuple[list[list[int]], list[int]]:
    """Follow the ``text`` links from ``start``: the ids on each page, and the
    statements each page cost."""
    pages, costs, url = [], [], start
    while url:
        assert len(pages) <= N // PER_PAGE + 2, "the links go round in circles"
        with statements(app) as seen:
            response = client.get(url)
        assert response.status_code == 200, url
        pages.append(shown(response))
        costs.append(len(seen))
        url = link(response, text)
    return pages, costs


def test_a_post_with_2000_comments_renders_one_page_with_the_same_few_statements(app, client, big):
    client.get(f"/posts/{big['small']}")  # warm-up: first use isn't measured
    with statements(app) as few:
        assert len(shown(client.get(f"/posts/{big['small']}"))) == 3
    with statements(app) as many:
        response = client.get(f"/posts/{big['post']}")
    assert response.status_code == 200
    assert shown(response) == big["published"][:PER_PAGE]
    assert len(many) == len(few) <= BUDGET, many
    assert link(response, "Older comments") is None
    assert link(response, "Newer comments")
    # The heading still counts them all.
    assert f"{len(big['published'])} comments" in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["anonymous", "talker", "waiting", "mod"])
def test_newer_and_older_links_cover_every_visible_comment_exactly_once(
    app, client, auth, big, who
):
    if who != "anonymous":
        auth.login(who)
    with app.app_context():
        visible = (
            db.session.scalars(
                select(Comment.id)
                .where(Comment.post_id == big["post"], Comment.status != "deleted")
                .order_by(Comment.created_at, Comment.id)
            ).all()
            if who == "mod"  # removed and pending too; the deleted ones are past retention
            else big["for_waiting"]
            if who == "waiting"
            else big["published"]
        )
    client.get(f"/posts/{big['small']}")  # warm-up
    with statements(app) as few:
        client.get(f"/posts/{big['small']}")  # what a post with three comments costs this reader
    pages, costs = walk(app, client, f"/posts/{big['post']}", "Newer comments")
    assert [i for page in pages for i in page] == visible  # all, in order, once each
    assert all(len(page) == PER_PAGE for page in pages[:-1]) and 0 < len(pages[-1]) <= PER_PAGE
    # A page read from a link costs at most two more: where its key stands, and
    # (for a link to one comment) whether anything comes after it.
    assert costs[0] == len(few) and max(costs) <= len(few) + 2, costs

    # And back: the last page's "Older comments" link walks to the same first page.
    last = f"/posts/{big['post']}?comment={visible[-1]}"
    back, costs = walk(app, client, last, "Older comments")
    assert back[0][-1] == visible[-1]
    assert back[-1] == pages[0]
    seen_back = [i for page in reversed(back) for i in page]
    assert sorted(set(seen_back)) == sorted(visible) and len(seen_back) >= len(visible)
    assert max(costs) <= len(few) + 2, costs
    if who == "anonymous":
        assert not set(big["removed"]) & set(seen_back)


def test_a_link_to_one_comment_lands_on_the_page_that_holds_it(app, client, auth, big):
    published = big["published"]
    for position in (0, 1, PER_PAGE - 1, PER_PAGE, 777, len(published) - 1):
        wanted = published[position]
        response = client.get(f"/posts/{big['post']}?comment={wanted}")
        assert response.status_code == 200
        ids = shown(response)
        assert wanted in ids and len(ids) == PER_PAGE
        assert ids == published[published.index(ids[0]) :][:PER_PAGE]  # in order, no gaps
        if position < PER_PAGE:
            assert ids == published[:PER_PAGE]  # the first page, not a short one
        else:
            assert ids[-1] == wanted
    # A comment this reader may not see (removed): the first page, nothing of it.
    hidden = big["removed"][50]
    response = client.get(f"/posts/{big['post']}?comment={hidden}")
    assert response.status_code == 200 and shown(response) == published[:PER_PAGE]
    # Adding a comment sends its author to the page with it.
    auth.login("talker")
    added = client.post(f"/posts/{big['post']}/comments", data={"body": "The very last word."})
    assert added.status_code == 302
    landed = client.get(added.headers["Location"])
    new_id = int(added.headers["Location"].rsplit("comment-", 1)[1])
    assert shown(landed)[-1] == new_id and "The very last word." in landed.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "after=abc",
        "after=-5",
        "after=0",
        "after=99999999999999999999999",
        "after=1.5",
        "after=%EF%BC%91%EF%BC%92",  # full-width digits
        "before=-1",
        "before=99999999999999999999999",
        "comment=abc",
        "comment=99999999999999999999999",
        "after=&before=",
        "notes_after=x",
        "notes_before=99999999999999999999999",
    ],
)
def test_bad_cursors_give_the_first_page_never_a_500(app, client, big, query):
    response = client.get(f"/posts/{big['post']}?{query}")
    assert response.status_code == 200
    assert shown(response) == big["published"][:PER_PAGE]


def test_a_cursor_from_another_post_or_a_hidden_comment_gives_the_first_page(app, client, big):
    with app.app_context():
        elsewhere = db.session.scalar(select(Comment.id).where(Comment.post_id == big["small"]))
    for query in (f"after={elsewhere}", f"before={elsewhere}", f"after={big['removed'][3]}"):
        response = client.get(f"/posts/{big['post']}?{query}")
        assert response.status_code == 200, query
        assert shown(response) == big["published"][:PER_PAGE], query


def test_after_the_last_comment_shows_the_page_that_ends_with_it(app, client, big):
    last = big["published"][-1]
    response = client.get(f"/posts/{big['post']}?after={last}")
    assert response.status_code == 200
    assert shown(response) == big["published"][-PER_PAGE:]
    assert link(response, "Newer comments") is None


def test_the_api_post_detail_carries_no_comment_list(app, client, big):
    response = client.get(f"/api/v1/posts/{big['post']}")
    assert response.status_code == 200
    post = response.json["post"]
    assert post["comment_count"] == len(big["published"])
    assert not any(isinstance(v, list) and len(v) > 20 for v in post.values())
    assert len(response.get_data()) < 10_000


def notes_shown(response) -> list[str]:
    return re.findall(
        r'<p dir="auto" class="outcome-note-text">Note (\d+)</p>', response.get_data(as_text=True)
    )


def test_notes_page_newest_first_and_keep_the_comment_page(make_app):
    app = make_app(COMMENTS_PER_PAGE=5)
    client = app.test_client()
    with app.app_context():
        post = make_post(make_user("poster"), title="Tried by many")
        for i in range(12):
            make_outcome(post, make_user(f"tried{i}"), result="partly", note=f"Note {i}")
        for i in range(7):
            make_comment(post, make_user(f"said{i}"), f"Said {i}")
        post_id = post.id
        comments = db.session.scalars(
            select(Comment.id).where(Comment.post_id == post_id).order_by(Comment.id)
        ).all()
    first = client.get(f"/posts/{post_id}")
    assert notes_shown(first) == ["11", "10", "9", "8", "7"]
    # Page the comments first; then the notes' links keep the comment page.
    second_comments = client.get(link(first, "Newer comments"))
    assert shown(second_comments) == comments[5:]
    older_notes = link(second_comments, "Older notes")
    page = client.get(older_notes)
    assert notes_shown(page) == ["6", "5", "4", "3", "2"]
    assert shown(page) == comments[5:]  # the comments stayed where they were
    last = client.get(link(page, "Older notes"))
    assert notes_shown(last) == ["1", "0"] and link(last, "Older notes") is None
    back = client.get(link(last, "Newer notes"))
    assert notes_shown(back) == ["6", "5", "4", "3", "2"]
    assert notes_shown(client.get(link(back, "Newer notes"))) == ["11", "10", "9", "8", "7"]


def test_a_post_page_with_no_comments_has_no_page_links(app, client):
    with app.app_context():
        post_id = make_post(make_user("poster")).id
        assert db.session.get(Post, post_id) is not None
    response = client.get(f"/posts/{post_id}")
    assert response.status_code == 200 and shown(response) == []
    assert link(response, "Newer comments") is None and link(response, "Older notes") is None
