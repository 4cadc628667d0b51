"""Every main page runs a fixed, small number of SQL statements and never writes on GET.

A query per card, comment, report or search hit would make a page slower with
every post; a write on GET (a view counter, a "last seen") would make every
read contend for the write lock. Both show up here as counts that grow or
statements that change rows.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import post_coauthors
from tests.factories import make_comment, make_outcome, make_post, make_user
from tests.runchart_factories import START, make_cycle, make_measure
from tests.sql import statements

# Statements per page, whatever it shows. A signed-in member's post page is the
# dearest: the member, the post with its conditions and tags, their own report,
# their draft of a comment, the comments, the report notes, related posts, what
# they saved or thanked, their open flags and why their own things are held,
# the bell's unread count in the header (one count, signed-in members only), and
# their watch level for the post's side column, read in the same statement as
# the post's record (measures with their data points, PDSA cycles, co-authors:
# forum.changeideas.record), so three run charts of 50 points cost one
# statement (a reporter's open "still working?" steps ride on their report).
BUDGET = 16
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "COMMIT")


def _fill(app, n: int, tag: str) -> dict:
    """n posts by n people, each with two conditions and tags; on the last one n comments
    and n reports with notes, all by different people. Returns what the pages need."""
    with app.app_context():
        author = make_user(f"author{tag}")
        for i in range(n):
            post = make_post(
                author,
                title=f"Quiet corner {tag} {i}",
                body="A quiet corner helped.",
                conditions=["crohns-disease", "asthma"],
                tags=[f"t{tag}{i}", "corner"],
            )
        for i in range(n):
            make_comment(post, make_user(f"c{tag}x{i}"), f"Comment {i}")
            make_outcome(post, make_user(f"r{tag}x{i}"), result="partly", note=f"Note {i}")
        # A change idea with three run charts of 50 points, two PDSA cycles and a co-author.
        idea = make_post(author, title=f"Huddle {tag}", kind="change_idea")
        measures = [
            make_measure(idea, f"Measure {m}", values=[(i * 7 + m) % 11 for i in range(50)])
            for m in range(3)
        ]
        make_cycle(idea, START + timedelta(weeks=10))
        make_cycle(idea, START + timedelta(weeks=30))
        db.session.execute(
            post_coauthors.insert().values(post_id=idea.id, user_id=make_user(f"co{tag}").id)
        )
        db.session.commit()
        return {
            "post": post.id,
            "author": author.username,
            "idea": idea.id,
            "measure": measures[0].id,
        }


PAGES = [
    "/",
    "/?kind=hack&tag=corner",
    "/conditions",
    "/conditions/ibd",
    "/posts/{post}",
    "/posts/{idea}",
    "/api/v1/measures/{measure}/points",
    "/users/{author}",
    "/search?q=quiet+corner",
    "/search?q=corner&sort=newest",
    "/api/v1/posts",
    "/api/v1/posts/{post}",
    "/api/v1/search?q=corner",
    "/api/v1/conditions",
    # What's working and its open data (forum/conditions/working.py, open_data.py).
    "/api/v1/conditions/ibd/summary",
    "/conditions/ibd/outcomes.csv",
    "/conditions/ibd/outcomes.json",
    "/feeds/latest.atom",
    "/conditions/ibd/feed.atom",
    "/tags/corner/feed.atom",
    "/posts/{post}/comments.atom",
    "/users/{author}/posts.atom",
    "/search/feed.atom?q=corner",
]


def _measure(app, client, made: dict) -> dict[str, tuple[int, list[str]]]:
    found = {}
    searching = "search" in app.extensions["forum"].plugins  # FORUM_TEST_PLUGINS
    for page in PAGES if searching else [p for p in PAGES if "search" not in p]:
        url = page.format(**made)
        assert client.get(url).status_code == 200, url  # warm-up: first use isn't measured
        with statements(app) as seen:
            assert client.get(url).status_code == 200, url
        found[page] = (len(seen), [s for s in seen if s.split(None, 1)[0].upper() in WRITES])
    return found


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_cost_the_same_few_queries_for_2_or_25_items_and_write_nothing(
    app, client, auth, signed_in
):
    if signed_in:
        with app.app_context():
            make_user("reader")
        auth.login("reader")
    few = _measure(app, client, _fill(app, 2, "a"))
    many = _measure(app, client, _fill(app, 25, "b"))
    assert {page: count for page, (count, _) in many.items()} == {
        page: count for page, (count, _) in few.items()
    }
    assert max(count for count, _ in many.values()) <= BUDGET, many
    assert not [(page, writes) for page, (_, writes) in many.items() if writes]
