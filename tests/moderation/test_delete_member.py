"""A moderator deletes a member's account: with a reason, on the record by a
pseudonym, never the name; flags the member raised stay as anonymous weight."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.deletion.service import delete_account
from forum.extensions import db
from forum.models import FormerMember, Post
from moderation import flags
from moderation.models import Flag, ModerationAction
from tests.forum.deletion_helpers import (
    EMAIL,
    NAME,
    account,
    build_world,
    columns_naming,
    text_holding,
)
from tests.moderation.helpers import ctx, log_rows, sign_in, text_of, user


def _delete(client, name: str, mode: str = "keep", reason: str = "Spam account, asked twice"):
    return client.post(
        f"/moderation/users/{name}/delete", data={"delete-mode": mode, "delete-reason": reason}
    )


@pytest.fixture
def leaver(app, cast) -> dict:
    """The member, with a flag they raised (note and all) and a suspension on record."""
    with ctx(app):
        world = build_world()
        from moderation import people

        target = db.session.get(Post, world.others_post_id)
        flag = flags.flag(account(NAME), target, reason="off_topic", note="Not about eczema")
        people.suspend(user("moderator"), account(NAME), days=1, reason="Cooling off")
        return {"id": world.leaver_id, "flag_id": flag.id, "weight": flag.weight}


@pytest.mark.parametrize("mode", ["keep", "remove"])
def test_a_moderator_deletes_a_member_on_the_record_by_pseudonym(app, client, leaver, mode):
    sign_in(client, "moderator")
    assert "Delete this account" in text_of(client.get(f"/moderation/users/{NAME}"))

    response = _delete(client, NAME, mode)

    assert response.status_code == 303 and response.location.endswith("/moderation/log")
    with ctx(app):
        assert account(NAME) is None
        assert columns_naming(leaver["id"]) == []
        assert text_holding(NAME, EMAIL) == []
        former = db.session.get(FormerMember, leaver["id"])
        assert former.by_staff and former.mode == mode
        row = db.session.scalars(
            select(ModerationAction).where(ModerationAction.action == "delete_account")
        ).one()
        assert row.actor_id == user("moderator").id
        assert row.subject_user_id == leaver["id"]  # the old id, resolved to the pseudonym
        assert row.reason == "Spam account, asked twice"
        assert row.details == {"mode": mode, "pseudonym": former.pseudonym}
        flag = db.session.get(Flag, leaver["flag_id"])
        assert flag.flagger_id is None and flag.note == ""
        assert flag.weight == leaver["weight"] and flag.status == "open"
    log = text_of(client.get("/moderation/log"))
    assert former.pseudonym in log and "Account deleted" in log and NAME not in log
    assert "Cooling off" in log  # the earlier suspension keeps its place, by pseudonym too
    queue = text_of(client.get("/moderation/queue"))
    assert NAME not in queue


def test_a_reason_is_required_and_nothing_changes_without_one(app, client, leaver):
    sign_in(client, "moderator")
    response = _delete(client, NAME, reason="  ")
    assert response.status_code == 303
    with ctx(app):
        assert account(NAME) is not None
        assert db.session.scalar(select(FormerMember)) is None


def test_a_bad_mode_is_refused(app, client, leaver):
    sign_in(client, "moderator")
    page = text_of(client.get(_delete(client, NAME, mode="burn").location))
    assert "Choose whether to keep or remove" in page
    with ctx(app):
        assert account(NAME) is not None


def test_who_may_delete_whom(app, client, cast):
    sign_in(client, "moderator")
    for target in ("admin", "moderator"):
        assert _delete(client, target).status_code in (403, 303)
        with ctx(app):
            assert user(target) is not None
    sign_in(client, "member")
    assert _delete(client, "regular").status_code in (403, 404)
    sign_in(client, "admin")
    assert _delete(client, "admin").status_code in (403, 303)
    with ctx(app):
        assert user("admin") is not None
    assert log_rows(app) == []
    assert _delete(client, "suspended").status_code == 303  # an admin may delete a moderator
    with ctx(app):
        assert user("suspended") is None


def test_the_former_member_account_is_not_deletable(app, client, leaver):
    with ctx(app):
        delete_account(account(NAME))
    sign_in(client, "admin")
    response = client.post(
        "/moderation/users/former%20member/delete",
        data={"delete-mode": "keep", "delete-reason": "Tidy up"},
    )
    assert response.status_code == 403
    with ctx(app):
        assert account("former member") is not None


def test_the_log_shows_a_deleted_moderators_actions_by_pseudonym(app, client, leaver):
    sign_in(client, "admin")
    with ctx(app):
        moderator_id = user("moderator").id
    assert _delete(client, "moderator").status_code == 303
    with ctx(app):
        pseudonym = db.session.get(FormerMember, moderator_id).pseudonym
        assert (
            db.session.scalar(
                select(ModerationAction.actor_id).where(ModerationAction.action == "suspend")
            )
            == moderator_id
        )
    log = text_of(client.get("/moderation/log"))
    assert pseudonym in log and ">moderator<" not in log
