"""Moderator tools for accounts: suspend, verify a clinician, set trust level, set role."""

from __future__ import annotations

import pytest

from forum.extensions import db
from moderation.cli import cli
from tests.factories import make_user
from tests.moderation.helpers import ctx, log_rows, new_post, sign_in, text_of, user

REASON = {"reason": "Checked with the team"}


def follow(client, response) -> str:
    assert response.status_code == 303
    return text_of(client.get(response.location))


def test_a_moderator_suspends_a_member_for_a_period_with_a_reason(app, client, cast):
    sign_in(client, "moderator")
    page = text_of(client.get("/moderation/users/member"))
    assert "Suspend member" in page and "30 days" in page
    response = client.post(
        "/moderation/users/member/suspend",
        data={"suspend-days": "7", "suspend-reason": "Selling supplements"},
    )
    page = follow(client, response)
    assert "member is suspended." in page
    assert "Selling supplements" in page
    with ctx(app):
        member = user("member")
        assert member.is_suspended() and member.suspension_reason == "Selling supplements"
    response = client.post("/moderation/users/member/unsuspend", data=REASON)
    assert "member can write again." in follow(client, response)
    with ctx(app):
        assert not user("member").is_suspended()
    assert [row[0] for row in log_rows(app)] == ["suspend", "unsuspend"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"suspend-days": "2", "suspend-reason": "x" * 10}, "Not a valid choice"),
        ({"suspend-days": "7", "suspend-reason": " "}, "Give a short reason"),
    ],
)
def test_a_bad_suspension_says_why_and_changes_nothing(app, client, cast, data, message):
    sign_in(client, "moderator")
    page = follow(client, client.post("/moderation/users/member/suspend", data=data))
    assert message in page
    with ctx(app):
        assert not user("member").is_suspended()
    assert log_rows(app) == []


def test_verifying_a_clinician_puts_the_badge_beside_their_name(app, client, cast):
    with ctx(app):
        make_user("nurse-ana", perspective="clinician")
    post_id = new_post(app, "nurse-ana")
    sign_in(client, "moderator")
    page = follow(client, client.post("/moderation/users/nurse-ana/verify", data=REASON))
    assert "nurse-ana is now a verified clinician." in page
    sign_in(client, None)
    assert "Verified clinician" in text_of(client.get(f"/posts/{post_id}"))
    assert "Verified clinician" in text_of(client.get("/"))


def test_only_self_described_clinicians_can_be_verified(app, client, cast):
    sign_in(client, "moderator")
    page = follow(client, client.post("/moderation/users/member/verify", data=REASON))
    assert "Only members who describe themselves as clinicians can be verified." in page
    with ctx(app):
        assert not user("member").clinician_verified


def test_a_moderator_sets_a_trust_level(app, client, cast):
    sign_in(client, "moderator")
    response = client.post(
        "/moderation/users/member/trust-level",
        data={"trust-level": "3", "trust-reason": "Accurate flags for months"},
    )
    assert "member's trust level is set." in follow(client, response)
    with ctx(app):
        assert user("member").trust_level == 3
    sign_in(client, "member")
    assert client.get("/moderation/queue").status_code == 200  # now a steward


def test_moderators_manage_members_only_and_nobody_manages_themselves(app, client, cast):
    sign_in(client, "moderator")
    for target in ("admin", "moderator"):
        page = text_of(client.get(f"/moderation/users/{target}"))
        assert "Suspend" not in page
        response = client.post(
            f"/moderation/users/{target}/suspend",
            data={"suspend-days": "7", "suspend-reason": "Testing the rules"},
        )
        assert response.status_code == 403
    assert log_rows(app) == []


def test_only_admins_grant_roles(app, client, cast):
    data = {"role-role": "moderator", "role-reason": "Joining the team"}
    sign_in(client, "moderator")
    assert client.post("/moderation/users/member/role", data=data).status_code == 403
    sign_in(client, "admin")
    assert "member's role is set." in follow(
        client, client.post("/moderation/users/member/role", data=data)
    )
    with ctx(app):
        assert user("member").role == "moderator"
    response = client.post(
        "/moderation/users/admin/role", data={"role-role": "member", "role-reason": "Oops"}
    )
    assert response.status_code == 403  # an admin can't demote themselves by accident
    assert [row[0] for row in log_rows(app)] == ["set_role"]


def test_unknown_member_is_404(app, client, cast):
    sign_in(client, "moderator")
    assert client.get("/moderation/users/nobody-here").status_code == 404
    assert client.post("/moderation/users/nobody-here/suspend", data=REASON).status_code == 404


def test_the_command_line_verifies_clinicians(app, cast):
    with ctx(app):
        make_user("dr-lee", perspective="clinician")
    runner = app.test_cli_runner()
    result = runner.invoke(cli, ["verify-clinician", "dr-lee"])
    assert result.exit_code == 0 and "dr-lee is now a verified clinician." in result.output
    result = runner.invoke(cli, ["verify-clinician", "member"])
    assert result.exit_code == 1 and "doesn't describe themselves as a clinician" in result.output
    result = runner.invoke(cli, ["set-trust", "nobody", "2"])
    assert result.exit_code == 1 and "There is no user called 'nobody'." in result.output
    with ctx(app):
        assert user("dr-lee").clinician_verified
        assert db.session is not None
