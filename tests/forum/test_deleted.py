"""Deleted is deleted: what an author takes back is readable by nobody but
moderators and admins, only for the retention period, and then its words are
erased. Stewards and clinicians review what is pending or hidden, never what
an author deleted. Checked over the app's HTML pages and its JSON API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Comment, Post, PostTag
from forum.models.timestamps import utcnow
from tests.moderation.helpers import (
    ctx,
    new_comment,
    new_post,
    setup_cast,
    sign_in,
    text_of,
    token_for,
)

SECRET = "Jack Peters, NHS number 943 476 5919"
READERS = ("anonymous", "member", "steward", "clinician", "regular", "author")
STAFF = ("moderator", "admin")


def _deleted_post(app, client) -> int:
    post_id = new_post(
        app, "author", title="About our son's school plan", body=f"{SECRET} has Crohn's.",
        tags=["school"],
    )  # fmt: skip
    sign_in(client, "author")
    assert client.post(f"/posts/{post_id}/delete").status_code == 302
    return post_id


def _reads(app, role: str, post_id: int, shows: str = SECRET) -> tuple[int, int]:
    """(HTML status, API status) of the post for ``role``; a page shown shows ``shows``."""
    client = sign_in(app.test_client(), None if role == "anonymous" else role)
    page = client.get(f"/posts/{post_id}")
    headers = {} if role == "anonymous" else {"Authorization": f"Bearer {token_for(app, role)}"}
    api = app.test_client().get(f"/api/v1/posts/{post_id}", headers=headers)
    if page.status_code == 200:
        assert shows in text_of(page)
    return page.status_code, api.status_code


def _age_delete(app, model, row_id: int, days: int) -> None:
    with ctx(app):
        db.session.get(model, row_id).deleted_at = utcnow() - timedelta(days=days)
        db.session.commit()


def test_only_moderators_and_admins_read_what_an_author_deleted(app, client):
    setup_cast(app)
    post_id = _deleted_post(app, client)
    for role in READERS:
        assert _reads(app, role, post_id) == (404, 404), role
    for role in STAFF:
        assert _reads(app, role, post_id) == (200, 200), role
    page = text_of(sign_in(app.test_client(), "moderator").get(f"/posts/{post_id}"))
    assert "Its author deleted this post on" in page and "until its words are erased" in page
    assert "Remove post" not in page and "Restore post" not in page  # nothing to decide


def test_after_the_retention_period_nobody_reads_it_and_purge_erases_its_words(app, client):
    setup_cast(app)
    post_id = _deleted_post(app, client)
    comment_id = new_comment(app, new_post(app, "author"), "member", f"Call {SECRET}")
    sign_in(client, "member")
    assert client.post(f"/comments/{comment_id}/delete").status_code == 302
    _age_delete(app, Post, post_id, 29)
    assert _reads(app, "moderator", post_id) == (200, 200)  # still inside 30 days
    _age_delete(app, Post, post_id, 31)
    _age_delete(app, Comment, comment_id, 31)
    for role in (*READERS, *STAFF):
        assert _reads(app, role, post_id) == (404, 404), role
    with ctx(app):
        assert SECRET in db.session.get(Post, post_id).body  # until the purge runs

    result = app.test_cli_runner().invoke(args=["content", "purge"])
    assert result.exit_code == 0, result.output
    assert "Erased 1 post(s) and 1 comment(s)" in result.output
    with ctx(app):
        post = db.session.get(Post, post_id)
        assert (post.title, post.body, post.body_html, post.status) == ("", "", "", "deleted")
        assert db.session.scalars(select(PostTag).where(PostTag.post_id == post_id)).all() == []
        comment = db.session.get(Comment, comment_id)
        assert (comment.body, comment.body_html) == ("", "")
    again = app.test_cli_runner().invoke(args=["content", "purge"])
    assert "Erased 0 post(s) and 0 comment(s)" in again.output


def test_purge_leaves_what_is_still_inside_the_retention_period(app, client):
    setup_cast(app)
    post_id = _deleted_post(app, client)
    app.test_cli_runner().invoke(args=["content", "purge"])
    with ctx(app):
        assert SECRET in db.session.get(Post, post_id).body


def test_the_retention_period_is_configured_and_the_privacy_page_says_it(make_app):
    app = make_app(DELETED_RETENTION_DAYS=7)
    setup_cast(app)
    client = app.test_client()
    page = text_of(client.get("/privacy"))
    assert "for <strong>7 days</strong>" in page and "After 7 days its words" in page
    assert 'href="/privacy"' in client.get("/").text  # linked from every page
    post_id = _deleted_post(app, client)
    _age_delete(app, Post, post_id, 8)
    assert _reads(app, "moderator", post_id) == (404, 404)


def test_a_deleted_comment_is_shown_only_to_moderators(app):
    setup_cast(app)
    post_id = new_post(app, "author")
    comment_id = new_comment(app, post_id, "member", f"Our nurse knows {SECRET}")
    client = sign_in(app.test_client(), "member")
    assert client.post(f"/comments/{comment_id}/delete").status_code == 302
    for role in READERS:
        page = text_of(sign_in(app.test_client(), None if role == "anonymous" else role).get(
            f"/posts/{post_id}"
        ))  # fmt: skip
        assert SECRET not in page, role
    page = text_of(sign_in(app.test_client(), "moderator").get(f"/posts/{post_id}"))
    assert SECRET in page and "Deleted by its author on" in page


@pytest.mark.needs_plugin("moderation")  # walks moderation's lists too
@pytest.mark.parametrize("viewer", ["steward", "moderator"])
def test_lists_never_show_what_an_author_deleted(app, client, viewer):
    setup_cast(app)
    post_id = _deleted_post(app, client)
    reader = sign_in(app.test_client(), viewer)
    for path in ("/", "/users/author", "/conditions/crohns-disease", "/moderation/reviews"):
        response = reader.get(path)
        assert response.status_code in (200, 403), path
        assert "About our son" not in text_of(response), (viewer, path)
    assert app.test_client().get("/api/v1/posts").get_json()["total"] == 0
    with ctx(app):
        assert db.session.get(Post, post_id).status == "deleted"


@pytest.mark.needs_plugin("moderation")  # the member record is moderation's
def test_the_member_record_lists_it_for_moderators_only_while_it_is_kept(app, client):
    setup_cast(app)
    post_id = _deleted_post(app, client)
    moderator = sign_in(app.test_client(), "moderator")
    assert "About our son" in text_of(moderator.get("/moderation/users/author"))
    _age_delete(app, Post, post_id, 31)
    assert "About our son" not in text_of(moderator.get("/moderation/users/author"))


@pytest.mark.needs_plugin("moderation")  # removal is moderation's
def test_a_moderators_removal_is_not_an_authors_delete(app):
    setup_cast(app)
    post_id = new_post(app, "author")
    moderator = sign_in(app.test_client(), "moderator")
    response = moderator.post(f"/moderation/posts/{post_id}/remove", data={"reason": "Spam link"})
    assert response.status_code == 303
    with ctx(app):
        post = db.session.get(Post, post_id)
        assert (post.status, post.deleted_at) == ("removed", None)
    assert _reads(app, "steward", post_id) == (404, 404)
    assert _reads(app, "author", post_id) == (404, 404)
    assert _reads(app, "moderator", post_id, shows="removed by a moderator") == (200, 200)


@pytest.mark.needs_plugin("moderation")  # flags are moderation's
def test_purge_erases_what_flaggers_wrote_about_it_too(app, client):
    from moderation.models import Flag

    setup_cast(app)
    post_id = new_post(app, "author", body=f"{SECRET} has Crohn's.")
    flagger = sign_in(app.test_client(), "member")
    flagger.post(
        f"/moderation/posts/{post_id}/flag",
        data={"reason": "privacy", "note": f"It names {SECRET}"},
    )
    sign_in(client, "author")
    assert client.post(f"/posts/{post_id}/delete").status_code == 302
    _age_delete(app, Post, post_id, 31)
    app.test_cli_runner().invoke(args=["content", "purge"])
    with ctx(app):
        assert db.session.scalars(select(Flag.note)).all() == [""]
