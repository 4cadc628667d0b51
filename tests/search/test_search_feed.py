"""``/search/feed.atom``: new posts matching a search, read back with feedparser."""

from __future__ import annotations

import re

import feedparser
import pytest

from forum.extensions import db
from tests.factories import make_post

ATOM = "application/atom+xml; charset=utf-8"


def read_feed(client, query: dict):
    response = client.get("/search/feed.atom", query_string=query)
    assert response.status_code == 200, (query, response.status_code)
    assert response.headers["Content-Type"] == ATOM
    feed = feedparser.parse(response.data)
    assert not feed.bozo, (query, feed.get("bozo_exception"))
    return feed


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


def test_a_search_feed_lists_the_matches_newest_first(client, corpus):
    feed = read_feed(client, {"q": "school", "sort": "relevance", "page": "9"})
    # Newest first whatever the page was sorted by; the search's own paging doesn't apply.
    assert titles(feed) == [
        "Pre-visit planning huddle cut missed labs",
        "Rest breaks in exams during a flare",
        "Bathroom pass at school",
    ]
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "self": "http://localhost/search/feed.atom?q=school",
        "alternate": "http://localhost/search?q=school&sort=newest",
    }
    assert "“school”" in feed.feed.title
    entry = feed.entries[-1]
    assert entry.id == f"http://localhost/posts/{corpus['bathroom'].id}"
    assert "laminated card" in entry.content[0].value
    assert entry.author == "carer"


def test_filters_narrow_the_feed_as_they_narrow_the_page(client, corpus):
    feed = read_feed(client, {"q": "school", "condition": "ibd", "kind": "question"})
    assert titles(feed) == ["Rest breaks in exams during a flare"]
    assert "Inflammatory bowel disease" in feed.feed.title
    # A filter alone is a search too.
    assert titles(read_feed(client, {"condition": "asthma"})) == [
        "Inhaler spacer in the sports bag"
    ]


def test_posts_nobody_else_may_see_never_reach_the_feed(client, corpus):
    for status in ("pending", "hidden", "removed", "deleted"):
        make_post(title=f"A {status} school note", body="School again.", status=status)
    corpus["bathroom"].status = "hidden"
    db.session.commit()
    assert titles(read_feed(client, {"q": "school"})) == [
        "Pre-visit planning huddle cut missed labs",
        "Rest breaks in exams during a flare",
    ]


def test_a_new_match_shows_in_the_cached_feed_at_once(make_app):
    app = make_app(PAGE_CACHE_ENABLED=True, QUERY_CACHE_ENABLED=True)
    with app.app_context():
        make_post(title="School nurse letter")
    one, two = app.test_client(), app.test_client()
    first = one.get("/search/feed.atom?q=school")
    assert two.get("/search/feed.atom?q=school").data == first.data  # the same for everyone
    with app.app_context():
        make_post(title="School trip checklist")
    fresh = two.get("/search/feed.atom?q=school")
    assert titles(feedparser.parse(fresh.data)) == ["School trip checklist", "School nurse letter"]
    etag = fresh.headers["ETag"]
    assert two.get("/search/feed.atom?q=school", headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(
    "query",
    [{}, {"q": ""}, {"q": "   "}, {"q": "\x00\x01"}, {"condition": "nope"}, {"kind": "poem"}],
)
def test_a_feed_of_nothing_or_of_nonsense_is_a_clear_400(client, app_ctx, query):
    response = client.get("/search/feed.atom", query_string=query)
    assert response.status_code == 400
    assert re.search(r"Say what to search for|There is no", response.get_data(as_text=True))


ODD = ["x" * 5000, "word " * 400, "<script>alert(1)</script>", "\u202eschool"]


@pytest.mark.parametrize("q", ODD)
def test_odd_queries_give_a_well_formed_feed(client, corpus, q):
    response = client.get("/search/feed.atom", query_string={"q": q})
    assert response.status_code == 200
    assert not feedparser.parse(response.data).bozo
    assert b"<script" not in response.data


def test_odd_bytes_in_the_address_give_a_well_formed_feed(client, corpus):
    response = client.get("/search/feed.atom?q=%FF%FE%00school")
    assert response.status_code == 200 and not feedparser.parse(response.data).bozo


def test_the_results_page_names_its_feed(client, corpus):
    html = client.get("/search?q=school&kind=question&sort=relevance&page=1").get_data(True)
    head = html.split("</head>")[0]
    found = re.findall(
        r'<link rel="alternate" type="application/atom\+xml" [^>]*href="([^"]+)"', head
    )
    assert [u.replace("&amp;", "&") for u in found] == ["/search/feed.atom?q=school&kind=question"]
    assert "Follow new posts matching this search</a> in a feed reader" in html
    assert "application/atom+xml" not in client.get("/search").get_data(True).split("</head>")[0]
