"""Links are kept once built (forum.app), yet each is the link its request needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client
from werkzeug.wrappers import Response

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


def _form_actions(response) -> list[str]:
    return re.findall(r'<form[^>]*\baction="([^"]*)"', response.get_data(as_text=True))


@pytest.mark.needs_plugin("search")  # search fills the header slot with its form
def test_the_header_search_follows_the_script_root(app, client):
    """Mounted under /forum, the header's search form sends its query to /forum/search."""
    mounted = Client(DispatcherMiddleware(Response("not here", 404), {"/forum": app}))
    for _ in range(2):  # the second time, from the kept links and the page cache
        assert "/search" in _form_actions(client.get("/"))
        page = mounted.get("/forum/")
        assert page.status_code == 200
        actions = _form_actions(page)
        assert "/forum/search" in actions
        assert all(action.startswith("/forum/") for action in actions), actions
        assert "/forum/search" in _form_actions(client.get("/", base_url="http://localhost/forum/"))
        assert mounted.get("/forum/search?q=asthma").status_code == 200


def test_templates_name_no_path_by_hand():
    """Every link, form and source in a template is built with url_for."""
    templates = Path(__file__).resolve().parents[2] / "templates"
    hard_coded = re.compile(r"""\b(?:href|action|src|formaction)\s*=\s*["']?/""")
    found = [
        f"{path.relative_to(templates)}:{number}: {line.strip()}"
        for path in sorted(templates.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if hard_coded.search(line)
    ]
    assert not found, "\n".join(found)
