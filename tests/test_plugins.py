"""Plugins are loaded by name from PLUGINS; the forum serves every page without any of them."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from flask import Flask, url_for
from werkzeug.routing import Rule

from forum import create_app
from forum.plugins import Registry, plugin_names
from tests.forum.walk_helpers import make_world, sign_in
from tests.pages import page_text

CHOICES = [(), ("moderation",), ("search",), ("moderation", "search")]
# (who, endpoint) -> status, for the forum's GET pages that don't answer 200.
NOT_200 = {
    **{("anonymous", e): 302 for e in ("posts.new", "posts.edit", "posts.edit_comment")},
    ("anonymous", "auth.password"): 302,  # sign in first
    ("anonymous", "social.saved"): 302,  # a member's own list: sign in first
    ("anonymous", "api.list_saved"): 401,  # the same through the API: a token first
    ("anonymous", "notifications.index"): 302,  # a member's own list: sign in first
    ("anonymous", "api.list_notifications"): 401,
    # Following a notification goes on to what it is about; it is the author's own.
    **{(who, "notifications.open_one"): 302 for who in ("anonymous", "author")},
    **{(who, "notifications.open_one"): 404 for who in ("other", "moderator")},
    ("anonymous", "watching.index"): 302,  # what a member watches: sign in first
    ("anonymous", "watching.pick_conditions"): 302,
    ("anonymous", "api.list_watches"): 401,
    **{
        (who, e): 302
        for who in ("other", "author", "moderator")
        for e in ("auth.login", "auth.register")
    },
    # A failed comment's address: reloading it leads to the post's comment form.
    **{(who, "posts.comments"): 302 for who in ("anonymous", "other", "author", "moderator")},
    ("other", "posts.edit"): 403,  # someone else's post and comment
    ("other", "posts.edit_comment"): 403,
    # A profile is edited by its owner only (the author's is walked).
    ("anonymous", "users.edit_profile"): 302,
    ("other", "users.edit_profile"): 403,
    ("moderator", "users.edit_profile"): 403,
    ("anonymous", "account.email"): 302,  # a member's own email settings: sign in first
    ("anonymous", "account_hub.index"): 302,  # a member's own account page: sign in first
    ("anonymous", "deletion.delete"): 302,  # deleting one's own account: sign in first
    # Two-factor settings are a member's own; with no set-up started, its page sends
    # them back to the settings.
    ("anonymous", "twofactor.settings"): 302,
    ("anonymous", "twofactor.setup"): 302,
    **{(who, "twofactor.setup"): 303 for who in ("other", "author", "moderator")},
    # The second step of signing in: nobody is half-way through, so back to sign in
    # (or, signed in, on to the home page).
    **{(who, "auth.second_factor"): 302 for who in ("anonymous", "other", "author", "moderator")},
    # Renaming a passkey: the walk's world has none (tests/forum/test_passkeys.py).
    ("anonymous", "passkeys.rename"): 302,
    **{(who, "passkeys.rename"): 404 for who in ("other", "author", "moderator")},
    # Links from emails: the walk's token names nothing.
    **{
        (who, e): 404
        for who in ("anonymous", "other", "author", "moderator")
        for e in ("account.confirm_email", "account.reset_password", "account.unsubscribe")
    },
    # A data export's link and status: its owner's only; this world has none.
    ("anonymous", "export.download"): 302,  # sign in first
    ("anonymous", "api.export_status"): 401,
    ("anonymous", "api.export_download"): 401,
    **{
        (who, e): 404
        for who in ("other", "author", "moderator")
        for e in ("export.download", "api.export_status", "api.export_download")
    },
    # "Still working?" is the reporter's own (the author's is walked): nobody else's to see.
    ("anonymous", "followups.show"): 302,
    ("other", "followups.show"): 404,
    ("moderator", "followups.show"): 404,
    ("anonymous", "lineage.adapt"): 302,  # "Adapt this": sign in first
    # A measure's data page is for the post's author and co-authors (the author's is walked).
    ("anonymous", "runcharts.data_page"): 302,
    ("other", "runcharts.data_page"): 403,
    ("moderator", "runcharts.data_page"): 403,
    # A post's record pages: its author's (and co-authors') only.
    **{
        (who, e): code
        for who, code in (("anonymous", 302), ("other", 403), ("moderator", 403))
        for e in (
            "changeideas.record",
            "changeideas.edit_measure",
            "changeideas.remove_measure",
            "changeideas.edit_cycle",
        )
    },
}
POST = {
    "title": "A quiet corner for homework",
    "body": "A **timer** and a corner without the television.",
    "kind": "hack",
    "conditions": ["asthma"],
    "tags": "homework",
}


def forum_get_rules(app: Flask) -> list[Rule]:
    """Every GET route whose view is the forum's own (not a plugin's), static files aside."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and rule.endpoint != "static"
        and app.view_functions[rule.endpoint].__module__.split(".")[0] == "forum"
    ]


def test_plugin_names_read_the_setting_as_the_environment_gives_it():
    assert plugin_names("moderation, search") == ["moderation", "search"]
    assert plugin_names("search") == ["search"]
    assert plugin_names("") == plugin_names(None) == []
    assert plugin_names(["moderation", " "]) == ["moderation"]


def test_plugins_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FORUM_PLUGINS", "search")
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "x",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'env.db'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
    })  # fmt: skip
    assert app.extensions["forum"].plugins == ["search"]
    assert "search.results" in app.view_functions
    assert not [e for e in app.view_functions if e.startswith("moderation.")]


def test_a_plugin_without_init_app_is_refused(make_app):
    with pytest.raises(RuntimeError, match="has no init_app"):
        make_app(PLUGINS=("tests.pages",))


def test_unknown_template_slots_are_refused(app):
    registry: Registry = app.extensions["forum"]
    with pytest.raises(ValueError, match="unknown template slot"):
        registry.register_template_hook("sidebar", "x.html")


@pytest.mark.parametrize("plugins", CHOICES, ids=lambda p: "+".join(p) or "no-plugins")
def test_every_forum_page_is_served_whatever_the_plugins(make_app, plugins):
    app = make_app(PLUGINS=plugins)
    assert app.extensions["forum"].plugins == list(plugins)
    loaded = {e.split(".")[0] for e in app.view_functions} & {"moderation", "search"}
    assert loaded == set(plugins)  # no plugin's routes unless it was asked for
    world = make_world(app)
    rules = forum_get_rules(app)
    assert len(rules) > 15

    statuses = {}
    for role in ("anonymous", "other", "author", "moderator"):
        client = sign_in(app, app.test_client(), world.user_id(role))
        headers = (
            {}
            if role == "anonymous"
            else {"Authorization": f"Bearer {world.tokens[getattr(world, role)]}"}
        )
        for rule in rules:
            with app.test_request_context():
                url = url_for(rule.endpoint, **world.url_values(rule))
            api = rule.rule.startswith("/api/")
            response = client.get(url, headers=headers if api else {})
            assert response.status_code < 500, (role, url)
            statuses[role, rule.endpoint] = response.status_code

        home = page_text(client.get("/"))
        assert "Middle Ground" in home
        # The header's search form is search's: there only with it, never to a missing page.
        assert ('class="header-search"' in home) == ("search" in plugins)
        assert ('action="/search"' in home) == ("search" in plugins)
        # Moderation's link in the nav, for those who review.
        assert ("Review queue" in home) == ("moderation" in plugins and role == "moderator")
        post = page_text(client.get(f"/posts/{world.post_id}"))
        assert "We did this too and wrote it down." in post
        assert ('aria-label="Safety and moderation"' in post) == ("moderation" in plugins)
        # Under the author's comment, a moderator's tools come from moderation's comment panel.
        assert ("Why remove this comment?" in post) == (
            "moderation" in plugins and role == "moderator"
        )
    # The same answers whatever the plugins: a page, or the redirect or refusal
    # the forum itself gives this person.
    assert {key: code for key, code in statuses.items() if code != 200} == NOT_200


@pytest.mark.parametrize("plugins", CHOICES, ids=lambda p: "+".join(p) or "no-plugins")
def test_a_member_publishes_and_comments_whatever_the_plugins(make_app, plugins):
    app = make_app(PLUGINS=plugins)
    world = make_world(app, tokens=False)
    client = sign_in(app, app.test_client(), world.user_id("other"))

    response = client.post("/posts/new", data=POST)
    assert response.status_code == 302
    post_url = response.headers["Location"]
    assert re.fullmatch(r"/posts/\d+", post_url)
    page = page_text(client.get(post_url))
    assert POST["title"] in page and "<strong>timer</strong>" in page

    response = client.post(f"/posts/{world.post_id}/comments", data={"body": "Thank *you*."})
    assert response.status_code == 302
    page = page_text(client.get(f"/posts/{world.post_id}"))
    assert "Thank <em>you</em>." in page
    # Everyone else sees the new post on the home page (moderation publishes a
    # member's post at once unless it holds it, and then says so to its author).
    if "moderation" not in plugins:
        assert POST["title"] in page_text(app.test_client().get("/"))


def test_a_plugins_page_is_cached_per_its_key_part(make_app):
    app = make_app(PAGE_CACHE_ENABLED=True, QUERY_CACHE_ENABLED=True, PLUGINS=())
    state, rendered = {"index": 1}, []

    @app.get("/plugin-page", endpoint="plugin.page")
    def plugin_page():
        rendered.append(1)
        return f"index at {state['index']}"

    client = app.test_client()
    assert client.get("/plugin-page").text == "index at 1"
    client.get("/plugin-page")
    assert len(rendered) == 2  # not declared: never cached

    app.extensions["forum"].register_cacheable("plugin.page", key_part=lambda: state["index"])
    assert [client.get("/plugin-page").text for _ in range(2)] == ["index at 1"] * 2
    assert len(rendered) == 3  # the second read came from the cache
    state["index"] = 2  # no commit, but what the page shows moved on: a new key
    assert client.get("/plugin-page").text == "index at 2"
    assert len(rendered) == 4


@pytest.mark.parametrize("plugins", CHOICES, ids=lambda p: "+".join(p) or "no-plugins")
def test_search_declares_its_cacheable_pages_and_the_forum_does_not(make_app, plugins):
    cacheable = make_app(PLUGINS=plugins).extensions["forum"].cacheable
    assert {"posts.home", "posts.show", "api.list_posts"} <= set(cacheable)
    searching = {e for e in cacheable if e.startswith("search.")}
    declared = {"search.results", "search.api_search", "search.feed"}
    assert searching == (declared if "search" in plugins else set())
    assert all(cacheable[e] is not None for e in searching)  # keyed by the index's position


@pytest.mark.parametrize("plugins", CHOICES, ids=lambda p: "+".join(p) or "no-plugins")
def test_a_bulk_load_enters_each_plugins_context_and_leaves_it(make_app, plugins):
    app = make_app(PLUGINS=plugins)
    registry = app.extensions["forum"]
    seen = []

    @contextmanager
    def noted():
        seen.append("in")
        try:
            yield
        finally:
            seen.append("out")

    registry.register_bulk_load(noted)
    with app.app_context():
        with pytest.raises(RuntimeError), registry.bulk_load():
            # Search holds back applying its outbox after each commit until the end.
            assert app.config.get("SEARCH_SYNC_ON_COMMIT", False) is False
            raise RuntimeError("a refused demo post")
        assert seen == ["in", "out"]
        if "search" in plugins:
            assert app.config["SEARCH_SYNC_ON_COMMIT"] is True
