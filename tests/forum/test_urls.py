"""Links are kept once built (forum.app), yet each is the link its request needs."""

from __future__ import annotations

import re

from tests.factories import make_post


def hrefs(response, pattern: str) -> list[str]:
    return re.findall(rf'href="({pattern}[^"]*)"', response.get_data(as_text=True))


def test_links_follow_each_requests_script_root(app, client):
    with app.app_context():
        post_id = make_post(conditions=["asthma"]).id
    for _ in range(2):  # the second time, from the kept links
        assert f"/posts/{post_id}" in hrefs(client.get("/"), "/posts/")
        mounted = client.get("/", base_url="http://localhost/forum/")
        assert f"/forum/posts/{post_id}" in hrefs(mounted, "/forum/posts/")
        assert not hrefs(mounted, "/posts/")


def test_api_links_follow_each_requests_host_and_scheme(app, client):
    with app.app_context():
        post_id = make_post().id
    for _ in range(2):
        here = client.get("/api/v1/posts").json["posts"][0]["url"]
        there = client.get("/api/v1/posts", base_url="https://forum.example.org/").json
        assert here == f"http://localhost/posts/{post_id}"
        assert there["posts"][0]["url"] == f"https://forum.example.org/posts/{post_id}"


def test_query_arguments_keep_the_order_of_the_page_they_came_from(app, client):
    """The kind filter's links carry the page's own arguments in their order."""
    with app.app_context():
        make_post(conditions=["crohns-disease"], kind="question")
    for _ in range(2):
        assert "/?condition=ibd&amp;kind=hack" in hrefs(client.get("/?condition=ibd"), "/")
        swapped = client.get("/?kind=question&condition=ibd")
        assert "/?kind=hack&amp;condition=ibd" in hrefs(swapped, "/")
