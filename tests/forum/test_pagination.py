"""Listings paged by key: following "Older" and "Newer" shows every post once, in order."""

from __future__ import annotations

import re
from contextlib import contextmanager
from html import unescape

import pytest
from sqlalchemy import event

from forum.extensions import db
from tests.factories import make_post, make_user
from tests.pages import card_titles as cards

PER_PAGE = 4


@pytest.fixture
def app(make_app):
    return make_app(POSTS_PER_PAGE=PER_PAGE)


@pytest.fixture
def titles_newest_first(app) -> list[str]:
    with app.app_context():
        author = make_user("dana")
        made = [make_post(author, title=f"Tip {i:02}", conditions=["asthma"]).title
                for i in range(11)]  # fmt: skip
        make_post(author, title="About epilepsy", conditions=["epilepsy"])
    return made[::-1]


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return unescape(found.group(1)) if found else None


def walk(client, start: str, rel: str) -> list[list[str]]:
    pages, url = [], start
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append(cards(html))
        url = link(html, rel)
    return pages


@contextmanager
def sql(app):
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, *args):
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_older_links_show_every_post_once_in_order(client, titles_newest_first):
    pages = walk(client, "/conditions/asthma", "next")
    assert [len(p) for p in pages] == [4, 4, 3]
    assert sum(pages, []) == titles_newest_first


def test_newer_links_walk_back_to_the_first_page(client, titles_newest_first):
    last = "/conditions/asthma"
    while (html := client.get(last).get_data(as_text=True)) and link(html, "next"):
        last = link(html, "next")
    assert "Page 3 of 3" in html
    back = walk(client, last, "prev")
    assert back == [titles_newest_first[8:], titles_newest_first[4:8], titles_newest_first[:4]]
    assert "Page 1 of 3" in client.get(link(client.get(link(html, "prev")).get_data(True),
                                            "prev")).get_data(True)  # fmt: skip


def test_pages_by_key_use_no_offset(app, client, titles_newest_first):
    second = link(client.get("/").get_data(as_text=True), "next")
    with sql(app) as statements:
        assert client.get(second).status_code == 200
    listing = [(s, p) for s, p in statements if "LIMIT" in s]
    assert listing and all("posts.created_at <" in s for s, _ in listing)
    # SQLite always writes "LIMIT ? OFFSET ?"; the offset must be 0.
    assert all(p[-1] == 0 for s, p in listing if "OFFSET" in s)


def test_a_post_written_meanwhile_does_not_repeat_or_skip_one(app, client, titles_newest_first):
    """With OFFSET a new post would push the first page's last card onto page two."""
    second = link(client.get("/conditions/asthma").get_data(as_text=True), "next")
    with app.app_context():
        make_post(make_user("sam"), title="Brand new", conditions=["asthma"])
    assert cards(client.get(second).get_data(as_text=True)) == titles_newest_first[4:8]


def test_links_keep_the_filters(client, titles_newest_first):
    html = client.get("/?condition=asthma&kind=hack").get_data(as_text=True)
    older = link(html, "next")
    assert "condition=asthma" in older and "kind=hack" in older and "after=" in older


@pytest.mark.parametrize("cursor", ["after=abc", "after=1.", "after=.5", "before=99999999999.1",
                                    "after=1.²", "after=-3.5", "after=1.1e9"])  # fmt: skip
def test_a_garbled_key_is_ignored(client, titles_newest_first, cursor):
    response = client.get(f"/conditions/asthma?{cursor}")
    assert response.status_code == 200
    assert cards(response.get_data(as_text=True)) == titles_newest_first[:4]


def test_a_key_past_the_end_is_not_found(client, titles_newest_first):
    assert client.get("/conditions/asthma?page=2&after=1.0").status_code == 404
