"""Atom feeds (forum/feeds/): what a feed reader gets, read back with feedparser."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest

from forum.extensions import db
from forum.feeds import views
from forum.models import Post
from forum.models.timestamps import utcnow
from forum.services.posts import edit_post
from tests.factories import make_comment, make_post, make_user
from tests.forum.walk_helpers import sign_in
from tests.sql import statements

ATOM = "{http://www.w3.org/2005/Atom}"
VECTORS = json.loads(
    Path(__file__).parents[1].joinpath("e2e", "xss_vectors.json").read_text(encoding="utf-8")
)["families"]
HIDDEN = ("pending", "hidden", "removed", "deleted")


def read_feed(client, url: str):
    """The feed at ``url``, parsed: well-formed Atom, served as such."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    assert feed.version == "atom10"
    return feed


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


def links(feed) -> dict[str, str]:
    return {link.rel: link.href for link in feed.feed.links}


def with_status(thing, status: str):
    thing.status = status
    db.session.commit()
    return thing


@pytest.fixture
def forum(app):
    """Published posts about Crohn's (under IBD), ulcerative colitis (also under
    IBD) and asthma by two members; one post of each status nobody else may see;
    comments on the first post, likewise."""
    # No app context is left pushed: requests then get their own (and their own ``g``).
    with app.app_context(), app.extensions["forum"].bulk_load():  # search indexes once
        return _fill()


def _fill() -> dict[str, int]:
    carer, nurse = make_user("carer"), make_user("nurse", perspective="clinician")
    school = make_post(
        carer, title="Bathroom pass at school", tags=["school"],
        body="A **laminated card** lets him leave class.",
    )  # fmt: skip
    make_comment(school, nurse, "Our clinic writes these letters too.")
    for status in HIDDEN:
        with_status(make_comment(school, nurse, f"A {status} comment"), status)
    make_comment(school, carer, "Thank you, we will ask.")
    posts = {
        "school": school,
        "exams": make_post(
            carer, title="Rest breaks in exams", tags=["school"], conditions=["ulcerative-colitis"]
        ),
        "inhaler": make_post(nurse, title="Spacer in the sports bag", conditions=["asthma"]),
    }
    for status in HIDDEN:
        posts[status] = make_post(carer, title=f"A {status} post", tags=["school"], status=status)
    return {name: post.id for name, post in posts.items()}


def test_latest_posts_newest_first_only_what_everyone_may_read(client, forum):
    feed = read_feed(client, "/feeds/latest.atom")
    assert titles(feed) == ["Spacer in the sports bag", "Rest breaks in exams",
                            "Bathroom pass at school"]  # fmt: skip
    assert links(feed) == {
        "self": "http://localhost/feeds/latest.atom",
        "alternate": "http://localhost/",
    }
    entry = feed.entries[-1]
    assert entry.id == entry.link == f"http://localhost/posts/{forum['school']}"
    assert entry.author == "carer"
    assert entry.content[0].type == "text/html"
    assert "<strong>laminated card</strong>" in entry.content[0].value  # the stored HTML
    assert {t.term for t in entry.tags} >= {"hack", "crohns-disease", "school"}
    assert feed.feed.updated == feed.entries[0].updated  # as new as its newest entry


def test_an_edit_moves_the_entry_updated_but_not_its_place_or_id(client, forum, app_ctx):
    before = read_feed(client, "/feeds/latest.atom").entries[-1]
    post = db.session.get(Post, forum["school"])
    edit_post(post.author, post, title="Bathroom pass at school (updated)", body=post.body,
              kind=post.kind, conditions=["crohns-disease"], tags=["school"])  # fmt: skip
    feed = read_feed(client, "/feeds/latest.atom")
    after = feed.entries[-1]
    assert (after.id, after.title) == (before.id, "Bathroom pass at school (updated)")
    assert after.updated > before.updated  # ISO 8601 UTC to the microsecond
    assert after.published == before.published
    assert feed.feed.updated == after.updated


def test_a_safety_label_comes_first_as_on_the_post_page(client, app_ctx):
    nurse = make_user("label-nurse", perspective="clinician", clinician_verified=True)
    post = make_post(title="Fasting before bloods", body="We **skip breakfast**.")
    post.safety_label, post.safety_reviewer_id = "care_team", nurse.id
    post.safety_reviewed_at, post.safety_stale = post.created_at, True
    post.safety_note_html = "<p>Ask <em>your</em> clinic first.</p>"
    db.session.commit()
    html = read_feed(client, "/feeds/latest.atom").entries[0].content[0].value
    label = "Talk to your care team before trying this"
    assert html.index(label) < html.index("Ask <em>your</em> clinic first.")
    assert html.index("clinic first") < html.index("<strong>skip breakfast</strong>")
    assert "reviewed by label-nurse on " in html and "changed since review" in html


def test_the_latest_feed_keeps_to_a_kind_and_to_its_length(client, forum, monkeypatch):
    assert titles(read_feed(client, "/feeds/latest.atom?kind=question")) == []
    assert len(read_feed(client, "/feeds/latest.atom?kind=nonsense").entries) == 3  # ignored
    monkeypatch.setattr(views, "ENTRIES", 2)
    assert len(read_feed(client, "/feeds/latest.atom").entries) == 2


def test_a_condition_feed_holds_its_children_and_no_other_condition(client, forum):
    ibd = read_feed(client, "/conditions/ibd/feed.atom")
    assert titles(ibd) == ["Rest breaks in exams", "Bathroom pass at school"]
    assert links(ibd)["alternate"] == "http://localhost/conditions/ibd"
    assert "Inflammatory bowel disease" in ibd.feed.title
    assert titles(read_feed(client, "/conditions/asthma/feed.atom")) == ["Spacer in the sports bag"]
    assert client.get("/conditions/nope/feed.atom").status_code == 404


def test_a_tag_feed_holds_the_tagged_posts(client, forum):
    feed = read_feed(client, "/tags/school/feed.atom")
    assert titles(feed) == ["Rest breaks in exams", "Bathroom pass at school"]
    assert links(feed)["self"] == "http://localhost/tags/school/feed.atom"
    assert links(feed)["alternate"] == "http://localhost/tags/school"
    moved = client.get("/tags/School/feed.atom")
    assert moved.status_code == 301 and moved.location.endswith("/tags/school/feed.atom")
    for name in ("nobody-uses-this", "%00%FF", "x" * 500, "%E2%80%AE", "%20", "..", "a%2Fb"):
        response = client.get(f"/tags/{name}/feed.atom", follow_redirects=True)
        assert response.status_code == 404, name


def test_a_tag_only_hidden_posts_have_is_not_found(client, forum, app_ctx):
    make_post(title="Waiting", tags=["waiting-only"], status="pending")
    assert client.get("/tags/waiting-only/feed.atom").status_code == 404


def test_a_post_feed_holds_its_published_comments_newest_first(client, forum):
    post_id = forum["school"]
    feed = read_feed(client, f"/posts/{post_id}/comments.atom")
    assert [e.content[0].value for e in feed.entries] == [
        "<p dir=\"auto\">Thank you, we will ask.</p>",
        "<p dir=\"auto\">Our clinic writes these letters too.</p>",
    ]  # fmt: skip
    assert [e.author for e in feed.entries] == ["carer", "nurse"]
    assert feed.entries[0].title == "carer on “Bathroom pass at school”"
    assert re.fullmatch(rf"http://localhost/posts/{post_id}\?comment=\d+#comment-\d+",
                        feed.entries[0].id)  # fmt: skip
    assert links(feed)["alternate"] == f"http://localhost/posts/{post_id}"


def test_feeds_of_posts_nobody_else_may_see_are_not_found(client, auth, forum):
    for status in HIDDEN:
        assert client.get(f"/posts/{forum[status]}/comments.atom").status_code == 404, status
    assert client.get("/posts/2147483647/comments.atom").status_code == 404
    auth.login("carer")  # even their author: a feed shows what everyone may read
    assert client.get(f"/posts/{forum['pending']}/comments.atom").status_code == 404
    assert client.get(f"/posts/{forum['pending']}").status_code == 200


def test_a_member_feed_holds_their_published_posts(client, forum):
    feed = read_feed(client, "/users/carer/posts.atom")
    assert titles(feed) == ["Rest breaks in exams", "Bathroom pass at school"]
    assert links(feed)["alternate"] == "http://localhost/users/carer"
    assert titles(read_feed(client, "/users/nurse/posts.atom")) == ["Spacer in the sports bag"]
    moved = client.get("/users/CARER/posts.atom")
    assert moved.status_code == 301 and moved.location.endswith("/users/carer/posts.atom")
    assert client.get("/users/nobody-here/posts.atom").status_code == 404


def test_an_empty_feed_is_still_a_feed(client, app_ctx):
    member = make_user("quiet")
    feed = read_feed(client, "/users/quiet/posts.atom")
    assert feed.entries == []
    assert feed.feed.updated_parsed[:6] == member.created_at.utctimetuple()[:6]


def _vectors() -> list[str]:
    return [vector for family in VECTORS.values() for vector in family]


def test_xss_in_titles_bodies_comments_and_names_comes_out_inert(client, app_ctx):
    vectors = _vectors()
    author = make_user("x-author")
    post = make_post(author, title="<script>alert(1)</script> \"'&", body="\n\n".join(vectors),
                     tags=["script"])  # fmt: skip
    for i in range(0, len(vectors), 20):
        make_comment(post, author, "\n\n".join(vectors[i : i + 20]))
    for url in ("/feeds/latest.atom", f"/posts/{post.id}/comments.atom",
                "/users/x-author/posts.atom", "/conditions/crohns-disease/feed.atom",
                "/tags/script/feed.atom"):  # fmt: skip
        raw = client.get(url).data
        assert not feedparser.parse(raw).bozo, url
        assert b"<script" not in raw.lower(), url
        root = lxml.etree.fromstring(raw)
        for element in root.iter():
            # Only Atom's own elements, and no attribute that could run anything.
            assert isinstance(element.tag, str) and element.tag.startswith(ATOM), url
            for value in element.attrib.values():
                assert not value.lower().lstrip().startswith(("javascript:", "data:")), url
        for content in root.iter(f"{ATOM}content"):
            assert content.get("type") == "html"
            if not content.text:
                continue
            html = lxml.html.fragment_fromstring(content.text, create_parent="div")
            for node in html.iter():
                assert node.tag not in ("script", "iframe", "object", "embed", "img", "svg")
                for name, value in node.attrib.items():
                    assert not name.lower().startswith("on"), (url, name)
                    assert "javascript:" not in value.lower().replace(" ", ""), (url, value)
        titles_found = [t.text for t in root.iter(f"{ATOM}title")]
        if url == "/feeds/latest.atom":
            assert "<script>alert(1)</script> \"'&" in titles_found  # as text, unchanged


def test_pages_name_their_feeds_in_their_head(client, forum):
    pages = {
        "/": "/feeds/latest.atom",
        "/?kind=question": "/feeds/latest.atom?kind=question",
        "/?condition=ibd": "/conditions/ibd/feed.atom",
        "/?tag=school": "/tags/school/feed.atom",
        "/tags/school": "/tags/school/feed.atom",
        "/conditions/ibd": "/conditions/ibd/feed.atom",
        f"/posts/{forum['school']}": f"/posts/{forum['school']}/comments.atom",
        "/users/carer": "/users/carer/posts.atom",
    }
    for page, feed_url in pages.items():
        html = client.get(page).get_data(as_text=True)
        head = html.split("</head>")[0]
        found = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" '
                           r'href="([^"]+)">', head)  # fmt: skip
        assert [u.replace("&amp;", "&") for u in found] == [feed_url], page
        # And under the list for people, whose browsers no longer show a page's feeds.
        body = html.split("</head>")[1].replace("&amp;", "&")
        listed = page != "/?kind=question"  # no question yet: nothing to follow
        assert (f'<a href="{feed_url}" type="application/atom+xml">' in body) == listed, page
        read_feed(client, feed_url)
    assert "application/atom+xml" not in client.get("/?tag=nobody-uses-this").text


def test_a_post_nobody_else_sees_names_no_feed(client, auth, forum):
    auth.login("carer")
    assert "application/atom+xml" not in client.get(f"/posts/{forum['pending']}").text


@pytest.fixture
def cached(make_app):
    app = make_app(PAGE_CACHE_ENABLED=True, QUERY_CACHE_ENABLED=True)
    with app.app_context():
        make_post(title="First news")
    return app


def test_feeds_are_cached_alike_for_every_reader_until_a_new_post(cached):
    one, two = cached.test_client(), cached.test_client()
    first = one.get("/feeds/latest.atom")
    again = two.get("/feeds/latest.atom")
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert "Set-Cookie" not in again.headers
    with cached.app_context():
        make_post(title="Second news")
    fresh = two.get("/feeds/latest.atom")
    assert titles(feedparser.parse(fresh.data)) == ["Second news", "First news"]
    assert fresh.headers["ETag"] != first.headers["ETag"]


def test_a_reader_who_has_the_feed_gets_not_modified(client, app_ctx):
    make_post(title="First news")  # the page cache is off in tests: rendered each time
    etag = client.get("/feeds/latest.atom").headers["ETag"]
    again = client.get("/feeds/latest.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    make_post(title="Second news")
    assert client.get("/feeds/latest.atom", headers={"If-None-Match": etag}).status_code == 200


def test_the_page_cache_answers_a_reader_who_has_the_feed_with_not_modified(cached):
    client = cached.test_client()
    # On PostgreSQL the data version is the server's snapshot, which a write to
    # any database of a shared server also moves: allow a few tries.
    for _ in range(10):
        etag = client.get("/feeds/latest.atom").headers["ETag"]  # kept in the page cache
        with statements(cached) as seen:
            again = client.get("/feeds/latest.atom", headers={"If-None-Match": etag})
        if not seen:
            break
    assert again.status_code == 304 and again.data == b""
    assert not seen  # answered from the page cache, not rendered again
    with cached.app_context():
        make_post(title="Second news")
    assert client.get("/feeds/latest.atom", headers={"If-None-Match": etag}).status_code == 200


# Every role the forum has, as (role, trust level, clinician verified, suspended).
ROLES = {
    "member": ("member", 1, False, False),
    "steward": ("member", 3, False, False),
    "clinician": ("member", 1, True, False),
    "moderator": ("moderator", 4, False, False),
    "admin": ("admin", 4, False, False),
    "suspended": ("member", 1, False, True),
}


def test_every_role_reads_the_same_feeds_and_no_held_post_has_one(app, forum):
    """Reviewers may open held posts on the site; a feed, which anyone may be
    handed, still shows only what everyone may read."""
    feeds = ["/feeds/latest.atom", "/conditions/ibd/feed.atom", "/tags/school/feed.atom",
             f"/posts/{forum['school']}/comments.atom", "/users/carer/posts.atom"]  # fmt: skip
    anonymous = app.test_client()
    expected = {url: titles(read_feed(anonymous, url)) for url in feeds}
    people = {}
    with app.app_context():
        for name, (role, trust, verified, suspended) in ROLES.items():
            user = make_user(f"walk-{name}", role=role, trust_level=trust,
                             clinician_verified=verified)  # fmt: skip
            user.suspended_until = utcnow() + timedelta(days=7) if suspended else None
            people[name] = user.id
        db.session.commit()
    for name, user_id in people.items():
        client = sign_in(app, app.test_client(), user_id)
        assert client.get("/auth/login").status_code == 302  # signed in: sent on
        for url in feeds:
            assert titles(read_feed(client, url)) == expected[url], (name, url)
        for status in HIDDEN:
            response = client.get(f"/posts/{forum[status]}/comments.atom")
            assert response.status_code == 404, (name, status)
