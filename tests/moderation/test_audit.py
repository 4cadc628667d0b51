"""The audit log: every action path writes exactly one row; rows never change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, update

from forum.extensions import db
from forum.models import Comment, Post
from forum.models.timestamps import utcnow
from moderation import audit
from moderation.cli import cli
from moderation.flags import flag
from moderation.models import AppendOnlyError, ModerationAction
from tests.factories import make_user
from tests.moderation.helpers import (
    ctx,
    log_rows,
    new_comment,
    new_post,
    sign_in,
    text_of,
    user,
)

REASON = {"reason": "Checked carefully"}


def _flag(app, target, *names_and_reasons):
    with ctx(app):
        row = db.session.get(Post if target[0] == "post" else Comment, target[1])
        for name, reason in names_and_reasons:
            flag(user(name), row, reason=reason)


def _set(app, model, row_id, **fields):
    with ctx(app):
        row = db.session.get(model, row_id)
        for name, value in fields.items():
            setattr(row, name, value)
        db.session.commit()


# Each path: (who acts, what to prepare and do) -> (action, target type) expected in the log.
def auto_hide(app, client):
    post_id = new_post(app)
    _flag(app, ("post", post_id), ("steward", "spam"), ("regular", "spam"))
    sign_in(client, "member")
    client.post(f"/moderation/posts/{post_id}/flag", data={"reason": "spam"})
    return "auto_hide", "post", post_id, None


def approve(app, client):
    post_id = new_post(app, "newbie", body="See https://example.org")
    sign_in(client, "steward")
    client.post(f"/moderation/queue/posts/{post_id}", data={"decision": "approve", **REASON})
    return "approve", "post", post_id, "steward"


def dismiss(app, client):
    post_id = new_post(app)
    _flag(app, ("post", post_id), ("member", "misinformation"))
    sign_in(client, "clinician")
    client.post(f"/moderation/queue/posts/{post_id}", data={"decision": "dismiss", **REASON})
    return "dismiss", "post", post_id, "clinician"


def uphold(app, client):
    post_id = new_post(app)
    _flag(app, ("post", post_id), ("member", "harassment"))
    sign_in(client, "moderator")
    client.post(f"/moderation/queue/posts/{post_id}", data={"decision": "keep_hidden", **REASON})
    return "uphold", "post", post_id, "moderator"


def uphold_comment(app, client):
    comment_id = new_comment(app, new_post(app), "author")
    _flag(app, ("comment", comment_id), ("member", "off_topic"))
    sign_in(client, "steward")
    client.post(f"/moderation/queue/comments/{comment_id}", data={"decision": "remove", **REASON})
    return "uphold", "comment", comment_id, "steward"


def remove_post(app, client):
    post_id = new_post(app)
    sign_in(client, "moderator")
    client.post(f"/moderation/posts/{post_id}/remove", data=REASON)
    return "remove", "post", post_id, "moderator"


def restore_post(app, client):
    post_id = new_post(app)
    _set(app, Post, post_id, status="removed")
    sign_in(client, "admin")
    client.post(f"/moderation/posts/{post_id}/restore", data=REASON)
    return "restore", "post", post_id, "admin"


def remove_comment(app, client):
    comment_id = new_comment(app, new_post(app), "author")
    sign_in(client, "moderator")
    client.post(f"/moderation/comments/{comment_id}/remove", data=REASON)
    return "remove", "comment", comment_id, "moderator"


def restore_comment(app, client):
    comment_id = new_comment(app, new_post(app), "author")
    _set(app, Comment, comment_id, status="hidden")
    sign_in(client, "moderator")
    client.post(f"/moderation/comments/{comment_id}/restore", data=REASON)
    return "restore", "comment", comment_id, "moderator"


def lock(app, client):
    post_id = new_post(app)
    sign_in(client, "moderator")
    client.post(f"/moderation/posts/{post_id}/lock", data=REASON)
    return "lock_comments", "post", post_id, "moderator"


def unlock(app, client):
    post_id = new_post(app)
    _set(app, Post, post_id, comments_locked=True)
    sign_in(client, "moderator")
    client.post(f"/moderation/posts/{post_id}/unlock", data=REASON)
    return "unlock_comments", "post", post_id, "moderator"


def moderator_edit(app, client):
    post_id = new_post(app)
    sign_in(client, "moderator")
    client.post(
        f"/posts/{post_id}/edit",
        data={"title": "A clearer title for this post", "kind": "hack",
              "body": "Edited to remove a phone number.", "conditions": ["crohns-disease"],
              "reason": "Took out a phone number"},
    )  # fmt: skip
    return "moderator_edit", "post", post_id, "moderator"


def retag(app, client):
    post_id = new_post(app)
    sign_in(client, "regular")
    client.post(
        f"/moderation/posts/{post_id}/conditions-and-tags",
        data={"retag-conditions": ["asthma"], "retag-tags": "inhaler"},
    )
    return "retag", "post", post_id, "regular"


def safety_review(app, client):
    post_id = new_post(app)
    sign_in(client, "clinician")
    client.post(
        f"/moderation/posts/{post_id}/safety-review",
        data={"label": "unsafe", "note": "Risky without supervision"},
    )
    return "safety_review", "post", post_id, "clinician"


def _account(app, client, endpoint: str, data: dict, **fields):
    with ctx(app):
        target = make_user("subject", **fields)
        target_id = target.id
    sign_in(client, "moderator" if endpoint != "role" else "admin")
    client.post(f"/moderation/users/subject/{endpoint}", data=data)
    return target_id


def suspend(app, client):
    data = {"suspend-days": "3", "suspend-reason": "Spamming clinics"}
    return "suspend", "user", _account(app, client, "suspend", data), "moderator"


def unsuspend(app, client):
    until = utcnow() + timedelta(days=2)
    target = _account(app, client, "unsuspend", REASON, suspended_until=until)
    return "unsuspend", "user", target, "moderator"


def verify(app, client):
    target = _account(app, client, "verify", REASON, perspective="clinician")
    return "verify_clinician", "user", target, "moderator"


def unverify(app, client):
    target = _account(
        app, client, "unverify", REASON, perspective="clinician", clinician_verified=True
    )
    return "unverify_clinician", "user", target, "moderator"


def trust_level(app, client):
    data = {"trust-level": "3", "trust-reason": "Steady, accurate flags"}
    return "set_trust_level", "user", _account(app, client, "trust-level", data), "moderator"


def role(app, client):
    data = {"role-role": "moderator", "role-reason": "Joined the team"}
    return "set_role", "user", _account(app, client, "role", data), "admin"


def cli_trust(app, client):
    with ctx(app):
        target = make_user("subject").id
    result = app.test_cli_runner().invoke(cli, ["set-trust", "subject", "3"])
    assert result.exit_code == 0, result.output
    return "set_trust_level", "user", target, None


PATHS = [
    auto_hide, approve, dismiss, uphold, uphold_comment, remove_post, restore_post,
    remove_comment, restore_comment, lock, unlock, moderator_edit, retag, safety_review,
    suspend, unsuspend, verify, unverify, trust_level, role, cli_trust,
]  # fmt: skip


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.__name__)
def test_each_action_path_leaves_exactly_one_log_row(app, client, cast, path):
    action, target_type, target_id, actor = path(app, client)
    rows = log_rows(app)
    actor_id = cast[actor] if actor else None
    assert rows == [(action, target_type, target_id, actor_id)]


def test_all_actions_are_labelled_for_the_log_page():
    covered = {path.__name__ for path in PATHS}
    assert covered  # and every action name the code can write is one the page can show
    assert set(audit.ACTION_LABELS) >= {
        "auto_hide", "approve", "restore", "dismiss", "uphold", "remove", "lock_comments",
        "unlock_comments", "moderator_edit", "retag", "safety_review", "suspend", "unsuspend",
        "verify_clinician", "unverify_clinician", "set_trust_level", "set_role",
    }  # fmt: skip


def test_a_refused_action_leaves_no_row(app, client, cast):
    post_id = new_post(app)
    sign_in(client, "moderator")
    client.post(f"/moderation/posts/{post_id}/remove", data={"reason": ""})
    sign_in(client, "steward")
    client.post(f"/moderation/posts/{post_id}/remove", data=REASON)
    assert log_rows(app) == []


def test_log_rows_can_be_neither_changed_nor_deleted(app, cast):
    with ctx(app):
        row = audit.record(user("moderator"), "lock_comments", user("author"), reason="x")
        db.session.commit()
        row.reason = "rewritten"
        with pytest.raises(AppendOnlyError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(row)
        with pytest.raises(AppendOnlyError):
            db.session.commit()
        db.session.rollback()
        for statement in (update(ModerationAction).values(reason="y"), delete(ModerationAction)):
            with pytest.raises(AppendOnlyError):
                db.session.execute(statement)
            db.session.rollback()
        assert db.session.scalar(db.select(ModerationAction.reason)) == "x"
    assert not hasattr(ModerationAction, "update") and not hasattr(ModerationAction, "delete")


def test_the_log_page_shows_who_did_what_to_which_target_and_why(app, client, cast):
    post_id = new_post(app, title="Salt tablets before sport")
    sign_in(client, "moderator")
    client.post(f"/moderation/posts/{post_id}/lock", data={"reason": "Heated thread"})
    page = text_of(client.get("/moderation/log"))
    assert "Comments locked" in page and "Heated thread" in page
    assert "“Salt tablets before sport”" in page and ">moderator</a>" in page
    assert "Heated thread" in text_of(client.get("/moderation/log?action=lock_comments"))
    assert "Heated thread" not in text_of(client.get("/moderation/log?action=suspend"))
    assert "Heated thread" in text_of(client.get("/moderation/log?user=author"))
    assert "Heated thread" not in text_of(client.get("/moderation/log?user=newbie"))
    assert "There is no member called nobody" in text_of(client.get("/moderation/log?user=nobody"))
