"""Leave with your data: the ZIP a member downloads from /account, what is in
each of its files, and what never is."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ApiToken, Bookmark, Draft, MutedMember, Thanks, User
from forum.models.timestamps import utcnow
from forum.services import accounts, comments, posts
from tests.factories import PASSWORD, make_comment, make_outcome, make_post, make_user
from tests.forum.export_helpers import checked_data, read_zip
from tests.pages import page_text


def _member_with_one_of_everything() -> dict:
    """``ex_owner`` with a post (edited once), a comment (edited), a report, a watch,
    a mute, a saved post, a thanks, a draft, a sign-in and an API token; and
    ``ex_other`` whose private details must stay out of the owner's export."""
    owner = make_user(
        "ex_owner", email="owner@example.org", bio="Mum of two.", care_age_band="6-11"
    )
    other = make_user("ex_other", email="other-secret@example.org")
    post = make_post(owner, title="Cold flannel: it helps!", body="First words.", tags=["sleep"])
    posts.edit_post(
        owner,
        post,
        title="Cold flannel: it helps",
        body="**Better** words.",
        kind="hack",
        conditions=["crohns-disease"],
        tags=["sleep", "fever"],
    )
    theirs = make_post(other, title="Their post")
    comment = make_comment(theirs, owner, body="My first comment.")
    comments.edit_comment(owner, comment, "My comment, edited.")
    make_outcome(theirs, owner, result="partly", note="Helped at night.")
    db.session.add_all(
        [
            MutedMember(user_id=owner.id, muted_id=other.id),
            Bookmark(user_id=owner.id, post_id=theirs.id),
            Thanks(user_id=owner.id, post_id=theirs.id),
            Draft(user_id=owner.id, target="new", fields={"title": "Half a thought"}),
        ]
    )
    db.session.commit()
    accounts.open_login_session(owner)
    raw_token = accounts.issue_token(owner, label="my phone")
    accounts.issue_token(other, label="their token")
    return {"post_id": post.id, "comment_id": comment.id, "theirs_id": theirs.id, "raw": raw_token}


def _enrol_authenticator_app(app) -> str:
    """Give ``ex_owner`` an authenticator app once signed in (it would ask for a code)."""
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.username == "ex_owner"))
        owner.totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DP"
        owner.totp_enabled_at = utcnow()
        db.session.commit()
        return owner.totp_secret


def _download(client) -> tuple:
    response = client.post("/account/export")
    assert response.status_code == 200, response.text
    return response, read_zip(response.data)


def test_the_account_page_offers_the_export(app, client, auth):
    with app.app_context():
        make_user("ex_page")
    auth.login("ex_page")

    page = client.get("/account")

    assert "Your data" in page_text(page)
    assert 'action="/account/export"' in page.text
    assert "Download my data" in page.text


def test_a_small_export_downloads_at_once_with_every_part(app, client, auth):
    with app.app_context():
        made = _member_with_one_of_everything()
    auth.login("ex_owner")
    _enrol_authenticator_app(app)

    response, files = _download(client)

    today = utcnow().strftime("%Y-%m-%d")
    assert response.mimetype == "application/zip"
    assert "no-store" in response.headers["Cache-Control"]  # never kept by a cache
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="middle-ground-ex_owner-{today}.zip"'
    )
    post_file = f"posts/{made['post_id']}-cold-flannel-it-helps.md"
    assert set(files) == {"data.json", "schema.json", "README.txt", post_file}
    data = checked_data(files)

    profile = data["profile"]
    assert profile["username"] == "ex_owner"
    assert profile["email"] == "owner@example.org" and profile["email_confirmed"] is True
    assert profile["bio"] == "Mum of two." and profile["age_band"] == "6-11"
    assert profile["perspective"] == "caregiver" and profile["role"] == "member"
    assert profile["trust_level"] == 1 and profile["created_at"]

    [post] = data["posts"]
    assert post["title"] == "Cold flannel: it helps" and post["body"] == "**Better** words."
    assert post["tags"] == ["fever", "sleep"] and post["conditions"] == ["Crohn's disease"]
    assert post["file"] == post_file
    [earlier] = post["revisions"]
    assert earlier["title"] == "Cold flannel: it helps!" and earlier["body"] == "First words."
    assert earlier["tags"] == ["sleep"] and earlier["edited_by"] == "you"

    [comment] = data["comments"]
    assert comment["id"] == made["comment_id"] and comment["body"] == "My comment, edited."
    assert [r["body"] for r in comment["revisions"]] == ["My first comment."]

    [report] = data["outcome_reports"]
    assert report["post_id"] == made["theirs_id"] and report["result"] == "partly"
    assert report["note"] == "Helped at night."
    assert [f["months"] for f in report["follow_ups"]] == [3, 6]

    levels = {(w["target"], w["key"]): w["level"] for w in data["watches"]["levels"]}
    assert levels[("post", str(made["post_id"]))] == "watching"  # one's own post, by default
    assert data["watches"]["muted_members"][0]["username"] == "ex_other"
    assert data["saved"]["saved"][0]["post_id"] == made["theirs_id"]
    assert data["saved"]["thanked"][0]["post_id"] == made["theirs_id"]
    assert data["drafts"][0]["fields"] == {"title": "Half a thought"}
    assert data["settings"] == {"email_mode": "none", "hide_muted": False}

    signs = data["sign_ins"]
    assert [t["label"] for t in signs["api_tokens"]] == ["my phone"]
    assert signs["api_tokens"][0]["revoked_at"] is None
    assert len(signs["sessions"]) == 2  # the one opened above, and this test's sign-in
    assert signs["authenticator_app_since"] is not None

    markdown = files[post_file].decode()
    assert markdown.startswith(f'---\nid: {made["post_id"]}\ntitle: "Cold flannel: it helps"\n')
    assert 'tags: ["fever", "sleep"]' in markdown
    assert 'conditions: ["Crohn\'s disease"]' in markdown
    assert "\n# Cold flannel: it helps\n\n**Better** words.\n" in markdown
    assert "data.json" in files["README.txt"].decode()


def test_no_secret_and_nobody_elses_private_data_is_in_the_zip(app, client, auth):
    with app.app_context():
        made = _member_with_one_of_everything()
        owner = db.session.scalar(select(User).where(User.username == "ex_owner"))
        secrets = [
            owner.password_hash,
            made["raw"],
            *db.session.scalars(select(ApiToken.token_hash)),  # the owner's and the other's
            "other-secret@example.org",
            "their token",
        ]
    auth.login("ex_owner")
    secrets.append(_enrol_authenticator_app(app))

    _, files = _download(client)

    everything = b"".join(files.values())
    for secret in secrets:
        assert secret.encode() not in everything, secret
    assert b"ex_other" in everything  # the muted member, by public name: the check can fail


def test_someone_with_nothing_written_gets_a_valid_export(app, client, auth):
    with app.app_context():
        make_user("ex_empty")
    auth.login("ex_empty")

    _, files = _download(client)

    data = checked_data(files)
    assert data["posts"] == [] and data["comments"] == []
    assert not [name for name in files if name.startswith("posts/")]


def test_a_visitor_cannot_export(client):
    response = client.post("/account/export")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_the_export_refuses_a_form_without_its_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        make_user("ex_csrf")
        login = client.get("/auth/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post(
        "/auth/login",
        data={"username": "ex_csrf", "password": PASSWORD, "csrf_token": token},
    )

    response = client.post("/account/export")

    assert response.status_code == 400
    assert "Your form expired" in response.text


@pytest.mark.parametrize("status", ["deleted", "hidden"])
def test_posts_of_every_status_are_exported(app, client, auth, status):
    with app.app_context():
        owner = make_user("ex_status")
        make_post(owner, title="Not public now", status=status)
    auth.login("ex_status")

    _, files = _download(client)

    [post] = checked_data(files)["posts"]
    assert post["status"] == status and post["title"] == "Not public now"


def test_a_moderators_edit_is_in_the_history_without_their_name(app, client, auth):
    with app.app_context():
        owner = make_user("ex_edited")
        moderator = make_user("ex_modname", role="moderator", trust_level=4)
        post = make_post(owner, title="Before the moderator", body="Original words.")
        posts.edit_post(
            moderator,
            post,
            title="After the moderator",
            body="Original words.",
            kind="hack",
            conditions=["crohns-disease"],
            reason="Title named a child",
        )
    auth.login("ex_edited")

    _, files = _download(client)

    [post] = checked_data(files)["posts"]
    assert post["revisions"][0]["title"] == "Before the moderator"
    assert post["revisions"][0]["edited_by"] == "a moderator"
    assert b"ex_modname" not in b"".join(files.values())


def test_purge_erases_a_deleted_posts_history(app_ctx):
    from forum.models import PostRevision
    from forum.services.purge import purge_deleted

    owner = make_user("ex_purged")
    post = make_post(owner, title="Soon gone", body="Words one.")
    posts.edit_post(
        owner, post, title="Soon gone", body="Words two.", kind="hack",
        conditions=["crohns-disease"],
    )  # fmt: skip
    kept = make_post(owner, title="Staying", body="Words one.")
    posts.edit_post(
        owner, kept, title="Staying", body="Words two.", kind="hack",
        conditions=["crohns-disease"],
    )  # fmt: skip
    posts.delete_post(owner, post)
    assert db.session.scalar(select(PostRevision.body).where(PostRevision.post_id == post.id))

    purge_deleted(utcnow() + timedelta(days=1))

    left = db.session.execute(select(PostRevision.post_id, PostRevision.body)).all()
    assert left == [(kept.id, "Words one.")]


def test_without_moderation_the_export_has_no_flags_part(make_app):
    app = make_app(PLUGINS=())
    client = app.test_client()
    with app.app_context():
        make_user("flag_none")
    client.post("/auth/login", data={"username": "flag_none", "password": PASSWORD})

    response = client.post("/account/export")

    assert response.status_code == 200
    data = checked_data(read_zip(response.data))
    assert "flags" not in data and data["profile"]["username"] == "flag_none"
