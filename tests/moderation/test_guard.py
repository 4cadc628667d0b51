"""The one guard: every /moderation route and every moderation API call, walked
as each kind of person, answers with the status their role allows."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Comment, Post
from moderation import requests
from moderation.flags import flag
from moderation.views.base import RULES, access_rule
from tests.factories import make_user
from tests.moderation.helpers import (
    ROLES,
    ctx,
    new_comment,
    new_post,
    setup_cast,
    sign_in,
    token_for,
    user,
)

ALLOWED = {
    "member": {"newbie", "regular", "steward", "clinician", "moderator", "admin"},
    "reviewer": {"steward", "clinician", "moderator", "admin"},
    "safety": {"clinician", "moderator", "admin"},
    "retag": {"regular", "steward", "moderator", "admin"},
    "moderator": {"moderator", "admin"},
    "admin": {"admin"},
}
REASON = {"reason": "Checked carefully"}

# endpoint -> (method, the rule it must declare, what a permitted request returns)
WALK = {
    "moderation.index": ("GET", "reviewer", 302),
    "moderation.queue": ("GET", "reviewer", 200),
    "moderation.decide_post": ("POST", "reviewer", 303),
    "moderation.decide_comment": ("POST", "reviewer", 303),
    "moderation.reviews": ("GET", "safety", 200),
    "moderation.log": ("GET", "moderator", 200),
    "moderation.flag_post": ("POST", "member", 303),
    "moderation.flag_comment": ("POST", "member", 303),
    "moderation.review_post": ("POST", "safety", 303),
    "moderation.retag_post": ("POST", "retag", 303),
    "moderation.lock_comments": ("POST", "moderator", 303),
    "moderation.unlock_comments": ("POST", "moderator", 303),
    "moderation.remove_post": ("POST", "moderator", 303),
    "moderation.restore_post": ("POST", "moderator", 303),
    "moderation.remove_comment": ("POST", "moderator", 303),
    "moderation.restore_comment": ("POST", "moderator", 303),
    "moderation.member": ("GET", "moderator", 200),
    "moderation.suspend": ("POST", "moderator", 303),
    "moderation.unsuspend": ("POST", "moderator", 303),
    "moderation.delete_member": ("POST", "moderator", 303),
    "moderation.verify_clinician": ("POST", "moderator", 303),
    "moderation.unverify_clinician": ("POST", "moderator", 303),
    "moderation.set_trust_level": ("POST", "moderator", 303),
    "moderation.set_role": ("POST", "admin", 303),
    "moderation.my_requests": ("GET", "member", 200),
    "moderation.verification_form": ("GET", "member", 200),
    "moderation.request_verification": ("POST", "member", 303),
    "moderation.condition_form": ("GET", "member", 200),
    "moderation.propose_condition": ("POST", "member", 303),
    "moderation.decide_verification": ("POST", "moderator", 303),
    "moderation.decide_condition": ("POST", "moderator", 303),
}


def _post(app, **changes) -> int:
    post_id = new_post(app, "author")
    with ctx(app):
        post = db.session.get(Post, post_id)
        for name, value in changes.items():
            setattr(post, name, value)
        db.session.commit()
    return post_id


def _flagged(app, target) -> None:
    """Flags every reviewer may work: off topic (stewards), unsafe advice (clinicians)."""
    with ctx(app):
        model = Post if target[0] == "post" else Comment
        row = db.session.get(model, target[1])
        flag(user("member"), row, reason="off_topic")
        flag(user("regular"), row, reason="unsafe_advice")


def _person(app, name: str, **fields) -> str:
    with ctx(app):
        make_user(name, **fields)
    return name


def requests_for(app) -> dict[str, tuple[str, dict]]:
    """A fresh target for every endpoint, so each request stands alone: endpoint -> (url, form)."""
    flagged_post = _post(app)
    _flagged(app, ("post", flagged_post))
    flagged_comment = new_comment(app, _post(app), "author", "A comment to decide")
    _flagged(app, ("comment", flagged_comment))
    comment = new_comment(app, _post(app), "author")
    # Its own comment: whoever flags one in this walk may not then decide on it.
    comment_to_remove = new_comment(app, _post(app), "author")
    hidden_comment = new_comment(app, _post(app), "author")
    with ctx(app):
        db.session.get(Comment, hidden_comment).status = "hidden"
        db.session.commit()
    m = "/moderation"
    return {
        "moderation.index": (f"{m}/", {}),
        "moderation.queue": (f"{m}/queue", {}),
        "moderation.decide_post": (
            f"{m}/queue/posts/{flagged_post}",
            {"decision": "remove", **REASON},
        ),
        "moderation.decide_comment": (
            f"{m}/queue/comments/{flagged_comment}",
            {"decision": "remove", **REASON},
        ),
        "moderation.reviews": (f"{m}/reviews", {}),
        "moderation.log": (f"{m}/log", {}),
        "moderation.flag_post": (f"{m}/posts/{_post(app)}/flag", {"reason": "spam"}),
        "moderation.flag_comment": (f"{m}/comments/{comment}/flag", {"reason": "spam"}),
        "moderation.review_post": (
            f"{m}/posts/{_post(app)}/safety-review",
            {"label": "low_risk", "note": "Fine"},
        ),
        "moderation.retag_post": (
            f"{m}/posts/{_post(app)}/conditions-and-tags",
            {"retag-conditions": ["asthma"], "retag-tags": "inhaler"},
        ),
        "moderation.lock_comments": (f"{m}/posts/{_post(app)}/lock", REASON),
        "moderation.unlock_comments": (
            f"{m}/posts/{_post(app, comments_locked=True)}/unlock",
            REASON,
        ),
        "moderation.remove_post": (f"{m}/posts/{_post(app)}/remove", REASON),
        "moderation.restore_post": (f"{m}/posts/{_post(app, status='hidden')}/restore", REASON),
        "moderation.remove_comment": (f"{m}/comments/{comment_to_remove}/remove", REASON),
        "moderation.restore_comment": (f"{m}/comments/{hidden_comment}/restore", REASON),
        "moderation.member": (f"{m}/users/author", {}),
        "moderation.suspend": (
            f"{m}/users/{_person(app, 'to-suspend')}/suspend",
            {"suspend-days": "7", "suspend-reason": "Repeated advertising"},
        ),
        "moderation.delete_member": (
            f"{m}/users/{_person(app, 'to-delete')}/delete",
            {"delete-mode": "keep", "delete-reason": "Spam account"},
        ),
        "moderation.unsuspend": (
            f"{m}/users/{_person(app, 'on-a-break', suspended_until=_later())}/unsuspend",
            REASON,
        ),
        "moderation.verify_clinician": (
            f"{m}/users/{_person(app, 'nurse', perspective='clinician')}/verify",
            REASON,
        ),
        "moderation.unverify_clinician": (
            f"{m}/users/{_person(app, 'doc', perspective='clinician', clinician_verified=True)}"
            "/unverify",
            REASON,
        ),
        "moderation.set_trust_level": (
            f"{m}/users/{_person(app, 'rising')}/trust-level",
            {"trust-level": "3", "trust-reason": "Accurate flags"},
        ),
        "moderation.set_role": (
            f"{m}/users/{_person(app, 'helper')}/role",
            {"role-role": "moderator", "role-reason": "Agreed by the team"},
        ),
        "moderation.my_requests": (f"{m}/requests", {}),
        "moderation.verification_form": (f"{m}/requests/verification", {}),
        "moderation.request_verification": (
            f"{m}/requests/verification",
            {"profession": "Nurse", "registration_body": "NMC", "registration_number": "99X1"},
        ),
        "moderation.condition_form": (f"{m}/requests/condition", {}),
        "moderation.propose_condition": (
            f"{m}/requests/condition",
            {"name": "Walk-through syndrome", "why": "A condition for the walk"},
        ),
        "moderation.decide_verification": (
            f"{m}/queue/verifications/{_verification_request(app)}",
            {"decision": "approve"},
        ),
        "moderation.decide_condition": (
            f"{m}/queue/conditions/{_condition_proposal(app)}",
            {"decision": "decline", **REASON},
        ),
    }


def _verification_request(app) -> int:
    with ctx(app):
        member = make_user(perspective="clinician")
        return requests.request_verification(
            member, profession="GP", registration_body="GMC", registration_number="7654321"
        ).id


def _condition_proposal(app) -> int:
    with ctx(app):
        proposer = make_user()
        return requests.propose_condition(
            proposer, name="Guard walk disease", parent="", synonyms="", why="For the walk"
        ).id


def _later():
    from datetime import timedelta

    from forum.models.timestamps import utcnow

    return utcnow() + timedelta(days=3)


def test_the_walk_covers_every_moderation_route_and_each_declares_its_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {e for e in endpoints if e.startswith("moderation.")} == set(WALK)
    with app.test_request_context():
        for endpoint, (_, rule, _) in WALK.items():
            assert access_rule(endpoint) == rule, endpoint
    assert set(ALLOWED) == set(RULES)


@pytest.mark.parametrize("role", ROLES)
def test_every_moderation_route_answers_each_role_as_allowed(app, client, role):
    setup_cast(app)
    requests = requests_for(app)
    sign_in(client, None if role == "anonymous" else role)
    for endpoint, (method, rule, ok) in WALK.items():
        url, form = requests[endpoint]
        response = client.open(url, method=method, data=form if method == "POST" else None)
        if role == "anonymous":
            expected = 302
            assert "/auth/login" in response.location, endpoint
        else:
            expected = ok if role in ALLOWED[rule] else 403
        assert response.status_code == expected, (endpoint, role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_moderation_api_calls_answer_each_role(app, client, role):
    setup_cast(app)
    post_id = _post(app)
    comment_id = new_comment(app, _post(app), "author")
    headers = {} if role == "anonymous" else {"Authorization": f"Bearer {token_for(app, role)}"}
    for path in (f"/api/v1/posts/{post_id}/flags", f"/api/v1/comments/{comment_id}/flags"):
        response = client.post(path, json={"reason": "spam"}, headers=headers)
        expected = {"anonymous": 401, "suspended": 403}.get(role, 201)
        assert response.status_code == expected, (path, role)
        assert response.is_json


def test_a_route_without_a_declared_rule_is_closed_even_to_admins(app, client):
    setup_cast(app, "admin")
    app.add_url_rule(
        "/moderation/forgotten", endpoint="moderation.forgotten", view_func=lambda: "x"
    )
    sign_in(client, "admin")
    assert client.get("/moderation/forgotten").status_code == 403


def test_a_suspended_moderator_can_read_but_not_moderate(app, client):
    setup_cast(app, "moderator", "author")
    with ctx(app):
        user("moderator").suspended_until = _later()
        db.session.commit()
    post_id = _post(app)
    sign_in(client, "moderator")
    assert client.get(f"/posts/{post_id}").status_code == 200
    assert client.get("/moderation/queue").status_code == 403
    assert client.post(f"/moderation/posts/{post_id}/remove", data=REASON).status_code == 403
