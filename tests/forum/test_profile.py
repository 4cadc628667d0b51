"""Profiles at /users/<username>, and the API tokens on one's own profile."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ApiToken
from forum.services.accounts import user_for_token
from tests.factories import make_comment, make_outcome, make_post, make_user

EMAIL = "alice.private.address@example.org"


@pytest.fixture
def alice(app_ctx):
    user = make_user(
        "alice",
        email=EMAIL,
        perspective="clinician",
        clinician_verified=True,
        trust_level=2,
        created_at=datetime(2026, 3, 3, 9, 30, tzinfo=UTC),
    )
    return user


@pytest.fixture
def alices_things(alice):
    """Posts in every status, comments and outcome reports by alice."""
    for status in ("published", "pending", "hidden", "removed"):
        make_post(alice, title=f"Alice {status} post", status=status)
    bob = make_user("bob")
    bobs = make_post(bob, title="School bathroom pass letter")
    later_hidden = make_post(bob, title="A post of bob's, hidden later")
    make_comment(bobs, alice)
    make_comment(bobs, alice)
    make_comment(bobs, alice).status = "hidden"
    make_comment(later_hidden, alice)
    make_outcome(bobs, alice, result="partly", note="Helped <b>most</b> mornings.")
    make_outcome(later_hidden, alice, result="worked", note="Secret note")
    # Nobody but reviewers can open it now, so its comment and report aren't shown.
    later_hidden.status = "hidden"
    db.session.commit()
    return bobs


def profile(client, path="/users/alice", **args) -> str:
    response = client.get(path, query_string=args)
    assert response.status_code == 200
    return response.text


def test_profile_shows_who_they_are(client, alice):
    html = profile(client)
    assert '<h1 dir="auto">alice</h1>' in html
    assert "Clinician" in html
    assert "Verified clinician" in html
    # Plain words, not staff numbers: the level's name and "Member since".
    assert '<span class="badge badge-trust">Regular</span>' in html
    assert "Trust level" not in html
    assert re.search(r"<dt>Member since</dt><dd><time[^>]*>3 March 2026</time>", html)


def test_profile_shows_posts_comments_and_reports_to_everyone(client, alices_things):
    html = profile(client)
    assert "Alice published post" in html
    for unseen in ("Alice pending post", "Alice hidden post", "Alice removed post"):
        assert unseen not in html
    assert re.search(r"<dt>Posts</dt><dd>1</dd>", html)
    assert re.search(r"<dt>Comments</dt><dd>2</dd>", html)
    # The report: post title as a link, how it went, the note as inset text, escaped.
    assert f'href="/posts/{alices_things.id}">School bathroom pass letter</a>' in html
    assert "It partly worked" in html
    assert (
        '<div class="inset"><p dir="auto">Helped &lt;b&gt;most&lt;/b&gt; mornings.</p></div>'
        in html
    )
    assert "Secret note" not in html  # on a hidden post


@pytest.mark.parametrize("viewer", ["alice", "moderator"])
def test_owner_and_moderators_also_see_held_posts(client, auth, alices_things, viewer):
    make_user("moderator", role="moderator")
    auth.login(viewer)
    html = profile(client)
    assert "Alice pending post" in html
    assert "Alice hidden post" in html
    assert "Alice removed post" not in html
    assert '<span class="badge badge-status">Pending</span>' in html
    assert '<span class="badge badge-status">Hidden</span>' in html


def test_other_members_do_not_see_held_posts(client, auth, alices_things):
    make_user("carol")
    auth.login("carol")
    html = profile(client)
    assert "Alice published post" in html
    assert "Alice pending post" not in html


def test_email_appears_nowhere(client, auth, alices_things):
    make_user("moderator", role="moderator")
    assert EMAIL not in profile(client)
    for viewer in ("alice", "moderator"):
        auth.login(viewer)
        assert EMAIL not in profile(client)
        assert EMAIL not in client.get("/auth/password").text
        auth.logout()


def test_profile_pages_its_lists(make_app, monkeypatch):
    monkeypatch.setattr("forum.users.views.REPORTS_PER_PAGE", 1)
    app = make_app(POSTS_PER_PAGE=2)
    with app.app_context():
        dana = make_user("dana")
        for n in range(3):
            make_post(dana, title=f"Dana tip number {n}")
        others = [make_post(title=f"Tried post {n}") for n in range(2)]
        for post in others:
            make_outcome(post, dana)
    client = app.test_client()
    first = profile(client, "/users/dana")
    assert "Dana tip number 2" in first and "Dana tip number 0" not in first
    assert 'href="/users/dana?page=2"' in first
    assert 'href="/users/dana?reports_page=2"' in first
    second = profile(client, "/users/dana", page=2)
    assert "Dana tip number 0" in second and "Dana tip number 2" not in second
    reports = profile(client, "/users/dana", reports_page=2)
    assert "Tried post 0" in reports and "Tried post 1" not in reports


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "²", "", "%00"])
def test_nonsense_page_numbers_show_the_first_page(client, auth, alice, page):
    auth.login("alice")  # so the tokens list is there too
    for name in ("page", "reports_page", "tokens_page"):
        assert '<h1 dir="auto">alice</h1>' in profile(client, **{name: page})


@pytest.mark.parametrize("page", ["2", "99999999999999999999999"])
def test_pages_past_the_end_of_any_list_are_404(client, auth, alice, page):
    auth.login("alice")
    for name in ("page", "reports_page", "tokens_page"):
        response = client.get("/users/alice", query_string={name: page})
        assert response.status_code == 404, name


def test_profile_addresses(client, alice):
    response = client.get("/users/ALICE?page=2&evil=1")
    assert response.status_code == 301
    assert response.location == "/users/alice?page=2"
    assert client.get("/users/Ａｌｉｃｅ").location == "/users/alice"
    assert client.get("/users/nobody").status_code == 404
    assert client.get("/users/%00alice%00").status_code in (301, 404)
    assert client.get("/users/" + "x" * 500).status_code == 404


# ---------- API tokens ----------


def token_count(user) -> int:
    return db.session.scalar(select(func.count(ApiToken.id)).where(ApiToken.user_id == user.id))


def test_create_token_shows_it_once(client, auth, alice):
    auth.login("alice")
    response = client.post("/users/alice/tokens", data={"label": "reminder script"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    raw = re.search(r'id="new-token"[^>]*value="([^"]+)"', response.text).group(1)
    assert user_for_token(raw) == alice
    html = profile(client)
    assert "reminder script" in html
    assert raw not in html
    assert db.session.scalar(select(ApiToken.token_hash)) != raw


def test_token_label_too_long_is_refused(client, auth, alice):
    auth.login("alice")
    response = client.post("/users/alice/tokens", data={"label": "x" * 81})
    assert response.status_code == 400
    assert 'id="label-error"' in response.text
    assert token_count(alice) == 0


def test_tokens_are_listed_only_to_their_owner(client, auth, alice):
    auth.login("alice")
    client.post("/users/alice/tokens", data={"label": "reminder script"})
    auth.logout()
    assert "reminder script" not in profile(client)
    assert "API tokens" not in profile(client)


def test_revoke_token(client, auth, alice):
    auth.login("alice")
    created = client.post("/users/alice/tokens", data={"label": "old laptop"}).text
    raw = re.search(r'value="([^"]+)" readonly', created).group(1)
    token_id = db.session.scalar(select(ApiToken.id))
    response = client.post(f"/users/alice/tokens/{token_id}/revoke")
    assert response.status_code == 302
    assert response.location == "/users/alice#tokens"
    assert user_for_token(raw) is None
    html = profile(client)
    assert "Token revoked." in html
    assert "old laptop" not in html
    assert client.post(f"/users/alice/tokens/{token_id}/revoke").status_code == 404


def test_a_token_is_revoked_only_through_its_owners_profile(client, auth, alice):
    # Who may use the token routes at all is walked in test_security.py; here,
    # a member can't reach someone else's token by putting its id under their own name.
    auth.login("alice")
    created = client.post("/users/alice/tokens", data={"label": "mine"}).text
    raw = re.search(r'value="([^"]+)" readonly', created).group(1)
    token_id = db.session.scalar(select(ApiToken.id))
    auth.logout()
    make_user("mallory")
    auth.login("mallory")
    assert client.post(f"/users/mallory/tokens/{token_id}/revoke").status_code == 404
    assert client.post("/users/mallory/tokens/99999999999999/revoke").status_code == 404
    assert user_for_token(raw) == alice
    assert token_count(alice) == 1
