"""A hidden post can't be reached through any listing, page, feed, search or API
call by anyone but its author and the reviewers, and comes back when dismissed."""

from __future__ import annotations

import json

import pytest

from forum.extensions import db
from forum.models import Post
from moderation.flags import flag
from tests.moderation.helpers import (
    ctx,
    new_post,
    post_status,
    setup_cast,
    sign_in,
    token_for,
    user,
)

WORD = "Zebrafishtimetable"


def places(post_id: int) -> dict[str, str]:
    """Every public place a post shows up: name -> URL."""
    return {
        "home": "/",
        "condition page": "/conditions/crohns-disease",
        "parent condition page": "/conditions/ibd",
        "author's profile": "/users/author",
        "post page": f"/posts/{post_id}",
        "search page": f"/search?q={WORD}",
        "API list": "/api/v1/posts",
        "API list by condition": "/api/v1/posts?condition=ibd",
        "API post": f"/api/v1/posts/{post_id}",
        "API search": f"/api/v1/search?q={WORD}",
    }


def shows(client, url: str, headers=None) -> bool:
    """Whether the page or API answer at ``url`` includes the post.

    Not "the word is on the page": the search box repeats the query.
    """
    response = client.get(url, headers=headers or {})
    assert response.status_code in (200, 404), (url, response.status_code)
    if response.status_code == 404:
        return False
    if response.is_json:
        return WORD in json.dumps(_titles(response.get_json()))
    html = response.get_data(as_text=True)
    return f">{WORD} for tablets at school<" in html


def _titles(data) -> list[str]:
    """Post titles anywhere in an API answer."""
    found, todo = [], [data]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            if "title" in item and "kind" in item:
                found.append(item["title"])
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return found


def hide_by_flags(app, post_id: int) -> None:
    with ctx(app):
        post = db.session.get(Post, post_id)
        for name in ("steward", "regular", "member"):  # 4 + 3 + 2 = 9 >= 8
            flag(user(name), post, reason="spam")
    assert post_status(app, post_id) == "hidden"


@pytest.fixture
def post_id(app):
    setup_cast(app)
    return new_post(app, title=f"{WORD} for tablets at school", body=f"We used a {WORD}.")


@pytest.mark.parametrize("viewer", [None, "newbie", "member"])
def test_a_hidden_post_is_gone_everywhere_for_everyone_else(app, client, post_id, viewer):
    sign_in(client, viewer)
    headers = {}
    if viewer:
        headers = {"Authorization": f"Bearer {token_for(app, viewer)}"}
    urls = places(post_id)
    for name, url in urls.items():
        assert shows(client, url, headers if url.startswith("/api/") else None), name
    hide_by_flags(app, post_id)
    for name, url in urls.items():
        assert not shows(client, url, headers if url.startswith("/api/") else None), name


@pytest.mark.parametrize("viewer", ["author", "steward", "clinician", "moderator"])
def test_its_author_and_the_reviewers_still_reach_it(app, client, post_id, viewer):
    hide_by_flags(app, post_id)
    sign_in(client, viewer)
    assert shows(client, f"/posts/{post_id}")
    headers = {"Authorization": f"Bearer {token_for(app, viewer)}"}
    assert shows(client, f"/api/v1/posts/{post_id}", headers)
    # Listings and search stay public-only, even for them.
    assert not shows(client, "/")
    assert not shows(client, f"/search?q={WORD}")


def test_dismissing_brings_it_back_everywhere(app, client, post_id):
    hide_by_flags(app, post_id)
    sign_in(client, "moderator")
    client.post(
        f"/moderation/queue/posts/{post_id}",
        data={"decision": "dismiss", "reason": "A real experience"},
    )
    sign_in(client, None)
    for name, url in places(post_id).items():
        assert shows(client, url), name
