"""Every action a moderator takes on someone else's content or account asks for a
reason and writes its audit row in the transaction that makes the change,
whatever route or API it comes through.

Every state-changing endpoint of the app is walked as a moderator acting on a
member's things. Each is classified here, so a new endpoint fails the walk
until someone decides what it is:
- AUDITED: changes the member's content or account; without a reason it is
  refused and nothing changes; with one, exactly one log row names the
  moderator, the target and the reason, inserted before the same COMMIT as
  the change itself;
- REFUSED: a moderator may not do it to someone else (delete their words,
  touch their tokens): refused, nothing changes;
- OWN: the moderator's own contribution (a comment, a report, a flag, their
  own sign-in), not an action on the member's content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from forum.evidence import citations
from forum.extensions import db
from forum.models import ApiToken, Comment, DataPoint, Measure, PdsaCycle, Post, User
from forum.models.timestamps import utcnow
from moderation.models import ConditionProposal, ModerationAction, VerificationRequest
from tests.forum.walk_helpers import WRITE_METHODS, changed_tables, snapshot
from tests.moderation.helpers import (
    ctx,
    new_comment,
    new_post,
    setup_cast,
    sign_in,
    token_for,
    user,
)
from tests.sql import statements

REASON = "Checked against the rules"


@dataclass(frozen=True)
class Things:
    """The member's things a moderator acts on, made fresh for each request."""

    post: int
    comment: int
    hidden_comment: int
    member: str
    token: int
    verification: int  # the member's pending request to be verified as a clinician
    proposal: int  # the member's proposed condition
    citation: int  # the member's unconfirmed citation on their post
    measure: int  # a measure on the member's post's record, with one data point
    point: int
    cycle: int  # a PDSA cycle on the member's post's record


def _things(app) -> Things:
    token_for(app, "author")  # the member's own token, for the token routes
    post = new_post(app, "author", tags=["school"])
    comment = new_comment(app, post, "author", "A comment by the member")
    hidden = new_comment(app, post, "author", "A hidden comment")
    with ctx(app):
        db.session.get(Comment, hidden).status = "hidden"
        token_id = db.session.scalar(
            select(ApiToken.id).where(ApiToken.user_id == user("author").id)
        )
        member = user("author")
        verification = VerificationRequest(
            user_id=member.id, profession="GP", registration_body="GMC", registration_number="1"
        )
        proposal = ConditionProposal(
            proposer_id=member.id, name=f"Proposed {post}", slug=f"proposed-{post}", why="Why"
        )
        db.session.add_all([verification, proposal])
        db.session.commit()
        citation = citations.add(member, db.session.get(Post, post), "21228075")
        measure = Measure(post_id=post, name="Missed doses", unit="a week", kind="outcome")
        cycle = PdsaCycle(post_id=post, started_on=date(2026, 3, 2), plan="A timer.")
        db.session.add_all([measure, cycle])
        db.session.flush()
        point = DataPoint(measure_id=measure.id, observed_on=date(2026, 3, 9), value=2)
        db.session.add(point)
        db.session.commit()
        return Things(
            post,
            comment,
            hidden,
            "author",
            token_id,
            verification.id,
            proposal.id,
            citation.id,
            measure.id,
            point.id,
            cycle.id,
        )


@dataclass(frozen=True)
class Case:
    kind: str  # AUDITED, REFUSED or OWN
    data: Callable[[], dict] = field(default=lambda: {})
    values: Callable[[Things], dict] = field(default=lambda t: {"post_id": t.post})
    reason_field: str = "reason"
    action: str | None = None  # the log's action, for AUDITED
    table: str | None = None  # the table the change lands in, for AUDITED


AUDITED, REFUSED, OWN = "audited", "refused", "own"
POST_FORM = {
    "title": "A clearer title for this post", "kind": "hack",
    "body": "Edited to take out a phone number.", "conditions": ["asthma"], "tags": "school",
}  # fmt: skip


def on_comment(t: Things) -> dict:
    return {"comment_id": t.comment}


def on_answer(t: Things) -> dict:
    return {"answer_id": t.comment}


def on_member(t: Things) -> dict:
    return {"username": t.member}


def on_post(t: Things) -> dict:
    return {"post_id": t.post}


def on_measure(t: Things) -> dict:
    return {"measure_id": t.measure}


def on_cycle(t: Things) -> dict:
    return {"cycle_id": t.cycle}


def on_data(t: Things) -> dict:
    return {"post_id": t.post, "measure_id": t.measure}


def on_point(t: Things) -> dict:
    return {"post_id": t.post, "measure_id": t.measure, "point_id": t.point}


def on_citation(t: Things) -> dict:
    return {"citation_id": t.citation}


CASES: dict[str, Case] = {
    # The forum's own routes.
    "posts.edit": Case(AUDITED, lambda: POST_FORM, action="moderator_edit", table="posts"),
    "posts.edit_comment": Case(
        AUDITED,
        lambda: {"body": "[number taken out]"},
        on_comment,
        action="moderator_edit",
        table="comments",
    ),  # fmt: skip
    "posts.delete": Case(REFUSED),
    "posts.delete_comment": Case(REFUSED, values=on_comment),
    "users.create_token": Case(REFUSED, lambda: {"label": "theirs"}, on_member),
    "users.revoke_token": Case(
        REFUSED, values=lambda t: {"username": t.member, "token_id": t.token}
    ),
    # "This helped" is the asker's word alone.
    "posts.mark_helped": Case(REFUSED, lambda: {"helped": "yes"}, on_answer),
    "posts.add_comment": Case(OWN, lambda: {"body": "A moderator's own comment"}),
    "posts.report_outcome": Case(OWN, lambda: {"result": "worked"}),
    "posts.new": Case(OWN, lambda: {**POST_FORM, "conditions": "asthma"}, lambda t: {}),
    "posts.live_preview": Case(OWN, lambda: {"body": "Is this **bold**?"}, lambda t: {}),
    # Drafts are always the moderator's own words.
    "posts.save_draft": Case(OWN, lambda: {"target": "post", "body": "My own draft"}, lambda t: {}),
    "posts.discard_draft": Case(OWN, lambda: {"target": "post"}, lambda t: {}),
    # Saving and thanking are the moderator's own marks on what others wrote.
    "social.save_post": Case(OWN, lambda: {"want": "yes"}),
    "social.save_comment": Case(OWN, lambda: {"want": "yes"}, on_comment),
    "social.thank_post": Case(OWN, lambda: {"want": "yes"}),
    "social.thank_comment": Case(OWN, lambda: {"want": "yes"}, on_comment),
    "api.save_post": Case(OWN),
    "api.unsave_post": Case(OWN),
    "api.save_comment": Case(OWN, values=on_comment),
    "api.unsave_comment": Case(OWN, values=on_comment),
    "api.thank_post": Case(OWN),
    "api.unthank_post": Case(OWN),
    "api.thank_comment": Case(OWN, values=on_comment),
    "api.unthank_comment": Case(OWN, values=on_comment),
    # "Still working?": a moderator answers only their own follow-ups (anyone else's is a 404).
    "followups.answer": Case(OWN, lambda: {"answer": "stopped"}, lambda t: {"followup_id": 1}),
    "api.answer_followup": Case(OWN, lambda: {"answer": "stopped"}, lambda t: {"followup_id": 1}),
    # Notifications: the moderator's own list (another's id is not found).
    "notifications.read_one": Case(OWN, values=lambda t: {"notification_id": 1}),
    "notifications.read_all": Case(OWN, values=lambda t: {}),
    "api.read_notifications": Case(OWN, lambda: {"all": True}, lambda t: {}),
    # Watching and muting are the moderator's own settings.
    "watching.watch_post": Case(OWN, lambda: {"level": "muted"}),
    "watching.watch_condition": Case(
        OWN, lambda: {"level": "watching"}, lambda t: {"slug": "asthma"}
    ),
    "watching.watch_tag": Case(OWN, lambda: {"level": "watching"}, lambda t: {"tag": "school"}),
    "watching.mute_member": Case(OWN, lambda: {"want": "yes"}, on_member),
    "watching.hide_muted": Case(OWN, lambda: {"hide_muted": "y"}, lambda t: {}),
    "watching.pick_conditions": Case(OWN, lambda: {"conditions": "asthma"}, lambda t: {}),
    "api.set_watch": Case(OWN, values=lambda t: {}),
    # A profile is its owner's to write.
    "users.edit_profile": Case(REFUSED, lambda: {"bio": "Not theirs to write"}, on_member),
    "auth.register": Case(OWN, values=lambda t: {}),
    "auth.login": Case(OWN, values=lambda t: {}),
    "auth.logout": Case(OWN, values=lambda t: {}),
    "auth.password": Case(OWN, values=lambda t: {}),
    "auth.second_factor": Case(OWN, values=lambda t: {}),
    "auth.end_sessions": Case(OWN, values=lambda t: {}),
    # Passkeys: only one's own (another's passkey id is not found).
    **{
        f"passkey_ceremonies.{e}": Case(OWN, values=lambda t: {})
        for e in ("options", "add", "sign_in", "second_step", "confirm")
    },
    "passkeys.rename": Case(OWN, lambda: {"name": "Mine"}, lambda t: {"passkey_id": 1}),
    "passkeys.remove": Case(OWN, values=lambda t: {"passkey_id": 1}),
    # Their own second factor.
    **{
        e: Case(OWN, values=lambda t: {})
        for e in ("twofactor.begin", "twofactor.setup", "twofactor.new_codes", "twofactor.turn_off")
    },
    # Where one is signed in: one's own sign-ins only (anyone else's id is not found).
    "devices.end_one": Case(OWN, values=lambda t: {"session_id": 1}),
    "devices.end_others": Case(OWN, values=lambda t: {}),
    # Email settings act on one's own account only; the links from emails act on
    # the member their signed token names, never on whoever is signed in.
    # A data export is always the moderator's own data.
    "export.start": Case(OWN, values=lambda t: {}),
    "api.export_start": Case(OWN, values=lambda t: {}),
    "account.email": Case(OWN, values=lambda t: {}),
    "deletion.delete": Case(OWN, values=lambda t: {}),  # deleting one's own account
    "api.delete_own_account": Case(OWN, values=lambda t: {}),
    "account.email_mode": Case(OWN, values=lambda t: {}),
    "account.resend_confirmation": Case(OWN, values=lambda t: {}),
    "account.forgot_password": Case(OWN, values=lambda t: {}),
    "account.reset_password": Case(OWN, values=lambda t: {"token": "not-a-signed-token"}),
    "account.unsubscribe": Case(OWN, values=lambda t: {"token": "not-a-signed-token"}),
    # The JSON API: no route changes someone else's content.
    "api.create_token": Case(OWN, values=lambda t: {}),
    "api.create_post": Case(OWN, values=lambda t: {}),
    "api.add_comment": Case(OWN, lambda: {"body": "Through the API"}),
    "api.report_outcome": Case(OWN, lambda: {"result": "partly"}),
    "api.mark_helped": Case(REFUSED, lambda: {"helped": True}, on_answer),
    "moderation_api.flag_post": Case(OWN, lambda: {"reason": "spam"}),
    "moderation_api.flag_comment": Case(OWN, lambda: {"reason": "spam"}, on_comment),
    # Moderation: a flag is the flagger's own report; everything else decides.
    "moderation.flag_post": Case(OWN, lambda: {"reason": "spam"}),
    "moderation.flag_comment": Case(OWN, lambda: {"reason": "spam"}, on_comment),
    "moderation.decide_post": Case(
        AUDITED, lambda: {"decision": "remove"}, action="remove", table="posts"
    ),
    "moderation.decide_comment": Case(
        AUDITED, lambda: {"decision": "remove"}, on_comment, action="remove", table="comments"
    ),
    "moderation.review_post": Case(
        AUDITED,
        lambda: {"label": "care_team"},
        reason_field="note",
        action="safety_review",
        table="posts",
    ),  # fmt: skip
    "moderation.retag_post": Case(
        AUDITED,
        lambda: {"retag-conditions": ["asthma"], "retag-tags": "inhaler"},
        reason_field="retag-reason",
        action="retag",
        table="post_conditions",
    ),  # fmt: skip
    "moderation.lock_comments": Case(AUDITED, action="lock_comments", table="posts"),
    "moderation.unlock_comments": Case(AUDITED, action="unlock_comments", table="posts"),
    "moderation.remove_post": Case(AUDITED, action="remove", table="posts"),
    "moderation.restore_post": Case(AUDITED, action="restore", table="posts"),
    "moderation.remove_comment": Case(
        AUDITED, values=on_comment, action="remove", table="comments"
    ),
    "moderation.restore_comment": Case(
        AUDITED,
        values=lambda t: {"comment_id": t.hidden_comment},
        action="restore",
        table="comments",
    ),  # fmt: skip
    "moderation.suspend": Case(
        AUDITED,
        lambda: {"suspend-days": "7"},
        on_member,
        reason_field="suspend-reason",
        action="suspend",
        table="users",
    ),  # fmt: skip
    "moderation.unsuspend": Case(AUDITED, values=on_member, action="unsuspend", table="users"),
    "moderation.delete_member": Case(
        AUDITED,
        lambda: {"delete-mode": "keep"},
        on_member,
        reason_field="delete-reason",
        action="delete_account",
        table="users",
    ),  # fmt: skip
    "moderation.verify_clinician": Case(
        AUDITED, values=on_member, action="verify_clinician", table="users"
    ),
    "moderation.unverify_clinician": Case(
        AUDITED, values=on_member, action="unverify_clinician", table="users"
    ),
    "moderation.set_trust_level": Case(
        AUDITED,
        lambda: {"trust-level": "2"},
        on_member,
        reason_field="trust-reason",
        action="set_trust_level",
        table="users",
    ),  # fmt: skip
    # Members' requests: sending one is the member's own; a moderator's decision on
    # someone else's is audited. Approving needs no reason (nothing is taken from
    # anyone); declining does, and is walked here.
    "moderation.request_verification": Case(
        OWN,
        lambda: {"profession": "Nurse", "registration_body": "NMC", "registration_number": "9"},
        lambda t: {},
    ),
    "moderation.propose_condition": Case(
        OWN, lambda: {"name": "A moderator's proposal", "why": "Because"}, lambda t: {}
    ),
    "moderation.decide_verification": Case(
        AUDITED,
        lambda: {"decision": "decline"},
        lambda t: {"request_id": t.verification},
        action="decline_verification",
        table="verification_requests",
    ),
    "moderation.decide_condition": Case(
        AUDITED,
        lambda: {"decision": "decline"},
        lambda t: {"proposal_id": t.proposal},
        action="decline_condition",
        table="condition_proposals",
    ),
    # Citations: the author's to add, a verified clinician's to confirm; a moderator
    # removes one (a wrong or harmful link) with a reason on the record.
    "evidence.add": Case(REFUSED, lambda: {"identifier": "10.1000/182"}),
    "evidence.confirm": Case(REFUSED, values=on_citation),
    "evidence.remove": Case(
        AUDITED, values=on_citation, action="remove_citation", table="citations"
    ),
    "api.add_citation": Case(REFUSED, lambda: {"identifier": "10.1000/182"}),
    "api.confirm_citation": Case(REFUSED, values=on_citation),
    "api.remove_citation": Case(
        AUDITED, values=on_citation, action="remove_citation", table="citations"
    ),
    # A post's record and its data are its author's and co-authors': moderators take
    # records down with the post, they don't write other people's data. Editing the
    # post itself through the API is a moderator's edit, with a reason on the record.
    "api.edit_post": Case(
        AUDITED,
        lambda: {"title": "A clearer title for this post"},
        action="moderator_edit",
        table="posts",
    ),
    **{
        endpoint: Case(REFUSED, data, values)
        for endpoint, data, values in (
            ("changeideas.add_measure", lambda: {"name": "Visits", "kind": "outcome"}, on_post),
            ("changeideas.edit_measure", lambda: {"name": "Visits"}, on_measure),
            ("changeideas.remove_measure", lambda: {}, on_measure),
            ("changeideas.add_cycle", lambda: {"started_on": "2026-04-06", "plan": "P"}, on_post),
            ("changeideas.edit_cycle", lambda: {"started_on": "2026-04-06", "plan": "P"}, on_cycle),
            ("changeideas.remove_cycle", lambda: {}, on_cycle),
            ("changeideas.add_coauthor", lambda: {"username": "moderator"}, on_post),
            ("changeideas.remove_coauthor", lambda: {"username": "moderator"}, on_post),
            ("runcharts.add_point", lambda: {"observed_on": "2026-03-16", "value": "3"}, on_data),
            ("runcharts.paste_csv", lambda: {"csv": "date,value\n2026-03-16,3"}, on_data),
            ("runcharts.delete_point", lambda: {}, on_point),
            ("api.add_measure", lambda: {"name": "Visits", "kind": "outcome"}, on_post),
            ("api.edit_measure", lambda: {"name": "Visits"}, on_measure),
            ("api.remove_measure", lambda: {}, on_measure),
            ("api.add_cycle", lambda: {"started_on": "2026-04-06", "plan": "P"}, on_post),
            ("api.edit_cycle", lambda: {"plan": "P"}, on_cycle),
            ("api.remove_cycle", lambda: {}, on_cycle),
            ("api.set_coauthors", lambda: {"coauthors": ["moderator"]}, on_post),
            (
                "api.add_measure_points",
                lambda: {"points": [{"date": "2026-03-16", "value": 3}]},
                lambda t: {"measure_id": t.measure},
            ),
            ("api.delete_data_point", lambda: {}, lambda t: {"point_id": t.point}),
        )
    },  # fmt: skip
    # Roles are for admins: a moderator is refused.
    "moderation.set_role": Case(
        REFUSED, lambda: {"role-role": "moderator", "role-reason": REASON}, on_member
    ),
}


def _write_endpoints(app) -> set[str]:
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.methods & WRITE_METHODS and rule.endpoint != "static"
    }


def test_every_write_endpoint_is_classified(app):
    assert _write_endpoints(app) == set(CASES)


def _prepare(app, endpoint: str, things: Things) -> None:
    """Put the member's things in the state the action needs."""
    with ctx(app):
        member = user("author")
        if endpoint == "moderation.unlock_comments":
            db.session.get(Post, things.post).comments_locked = True
        elif endpoint == "moderation.restore_post":
            db.session.get(Post, things.post).status = "hidden"
        elif endpoint == "moderation.unsuspend":
            member.suspended_until = utcnow() + timedelta(days=3)
        elif endpoint in ("moderation.verify_clinician", "moderation.unverify_clinician"):
            member.perspective = "clinician"
            member.clinician_verified = endpoint == "moderation.unverify_clinician"
        db.session.commit()


def _send(app, endpoint: str, case: Case, things: Things, *, with_reason: bool):
    client = sign_in(app.test_client(), "moderator")
    with app.test_request_context():
        url = url_for(endpoint, **case.values(things))
    data = case.data()
    if with_reason:
        data[case.reason_field] = REASON
    if url.startswith("/api/"):
        headers = {"Authorization": f"Bearer {token_for(app, 'moderator')}"}
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        method = next(m for m in ("DELETE", "PATCH", "PUT", "POST") if m in rule.methods)
        return client.open(url, method=method, json=data, headers=headers)
    return client.post(url, data=data)


def _log_rows(app) -> list[tuple]:
    with ctx(app):
        return [
            (r.action, r.actor_id, r.reason, r.subject_user_id)
            for r in db.session.scalars(select(ModerationAction).order_by(ModerationAction.id))
        ]


def _one_transaction(seen: list[str], table: str) -> bool:
    """The log row and the change to ``table`` were written before the same COMMIT."""
    change = re.compile(rf"^(UPDATE|INSERT INTO|DELETE FROM) {table}\b")
    groups, current = [], []
    for statement in seen:
        if statement == "COMMIT":
            groups.append(current)
            current = []
        else:
            current.append(statement)
    return any(
        any(s.startswith("INSERT INTO moderation_actions") for s in group)
        and any(change.match(s) for s in group)
        for group in groups
    )


@pytest.mark.parametrize("endpoint", sorted(e for e, c in CASES.items() if c.kind == AUDITED))
def test_an_action_on_someone_elses_content_needs_a_reason_and_is_logged_with_it(app, endpoint):
    setup_cast(app)
    case = CASES[endpoint]
    things = _things(app)
    _prepare(app, endpoint, things)
    before, log_before = snapshot(app), _log_rows(app)
    with ctx(app):  # read now: deleting an account leaves no user to look up after
        moderator, member = user("moderator").id, user("author").id

    response = _send(app, endpoint, case, things, with_reason=False)
    assert response.status_code in (303, 400), (endpoint, response.status_code)
    # _send makes the moderator's API token (api_tokens) as it sends an API request.
    assert not changed_tables(app, before) - {"login_sessions", "api_tokens"}, endpoint

    with statements(app) as seen:
        response = _send(app, endpoint, case, things, with_reason=True)
    # A form redirects; the API answers 200 with what changed, or 204.
    assert response.status_code in (200, 302, 303, 204), (endpoint, response.status_code)
    new = _log_rows(app)[len(log_before) :]
    assert [(a, who, why) for a, who, why, _ in new] == [(case.action, moderator, REASON)]
    assert new[0][3] == member, endpoint
    assert _one_transaction(seen, case.table), endpoint


@pytest.mark.parametrize("endpoint", sorted(e for e, c in CASES.items() if c.kind == REFUSED))
def test_what_only_the_owner_may_do_is_refused_to_a_moderator(app, endpoint):
    setup_cast(app)
    things = _things(app)
    before = snapshot(app)
    response = _send(app, endpoint, CASES[endpoint], things, with_reason=True)
    assert response.status_code == 403, (endpoint, response.status_code)
    # _send makes the moderator's API token (api_tokens) as it sends an API request.
    assert not changed_tables(app, before) - {"login_sessions", "api_tokens"}, endpoint


def test_a_moderators_own_contributions_leave_the_members_content_alone(app):
    """OWN routes change only what is the moderator's (or a counter of replies)."""
    setup_cast(app)
    for endpoint in sorted(e for e, c in CASES.items() if c.kind == OWN):
        things = _things(app)
        with ctx(app):
            post = db.session.get(Post, things.post)
            words = (post.title, post.body, post.status)
            member = db.session.get(User, user("author").id)
            account = (member.role, member.trust_level, member.suspended_until)
        _send(app, endpoint, CASES[endpoint], things, with_reason=True)
        with ctx(app):
            post = db.session.get(Post, things.post)
            assert (post.title, post.body, post.status) == words, endpoint
            member = db.session.get(User, user("author").id)
            assert (member.role, member.trust_level, member.suspended_until) == account
