""" "Still working?" through the API: a post's outcome reports with their
follow-up history, and answering one's own follow-up (the answer page's
door: the same service and rate-limit scope)."""

from __future__ import annotations

from collections import defaultdict

from flask import current_app, jsonify
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from forum.api.auth import api_viewer, current_api_user, token_required, visible_post_or_404
from forum.api.inputs import TEXT, json_object, query_int, read_json
from forum.api.serializers import iso, outcome_json
from forum.api.views import MAX_PAGE, MAX_PER_PAGE, POST_ID, bp
from forum.extensions import db
from forum.followups import service
from forum.models import FollowUp, OutcomeReport
from forum.pagination import count
from forum.posts.summary import summarize
from forum.ratelimit_scopes import rate_limited
from forum.services import ValidationFailed
from forum.visibility import can_view_post


def followup_json(followup: FollowUp, viewer) -> dict:
    """One step; why they stopped or what they changed only for the reporter."""
    own = getattr(viewer, "id", None) == followup.user_id
    data = {
        "id": followup.id,
        "months": followup.months,
        "due_at": iso(followup.due_at),
        "asked_at": iso(followup.asked_at),
        "answered_at": iso(followup.answered_at),
        "answer": followup.answer,
        "adaptation_post_id": followup.adaptation_id,
    }
    if own:
        data["reason"] = followup.reason
    return data


@bp.get(f"/posts/{POST_ID}/outcomes")
def list_outcomes(post_id: int):
    """The post's "I tried this" reports, newest first, each with its follow-ups."""
    post = visible_post_or_404(post_id)
    errors: dict[str, str] = {}
    page = query_int("page", 1, 1, MAX_PAGE, errors)
    default_per_page = min(current_app.config["POSTS_PER_PAGE"], MAX_PER_PAGE)
    per_page = query_int("per_page", default_per_page, 1, MAX_PER_PAGE, errors)
    if errors:
        raise ValidationFailed(errors)
    query = (
        select(OutcomeReport)
        .where(OutcomeReport.post_id == post.id)
        .order_by(OutcomeReport.updated_at.desc(), OutcomeReport.id.desc())
    )
    reports = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    steps = defaultdict(list)
    if reports:
        for followup in db.session.scalars(
            select(FollowUp)
            .where(FollowUp.report_id.in_([r.id for r in reports]))
            .order_by(FollowUp.months)
        ):
            steps[followup.report_id].append(followup)
    viewer = api_viewer()
    return jsonify(
        outcomes=[
            {**outcome_json(r), "followups": [followup_json(f, viewer) for f in steps[r.id]]}
            for r in reports
        ],
        durability=[step.as_json() for step in summarize(post).durability_steps],
        page=page,
        per_page=per_page,
        total=count(query),
    )


@bp.post("/followups/<int:followup_id>")
@rate_limited("followup")
@token_required
def answer_followup(followup_id: int):
    """Answer one's own follow-up (again: the new answer counts). 404 for anyone else's."""
    user = current_api_user()
    followup = db.session.get(FollowUp, followup_id)
    if (
        followup is None
        or followup.user_id != user.id
        or not service.is_open(followup)
        or not can_view_post(followup.report.post, user)
    ):
        raise NotFound("There is no follow-up of yours with that id.")
    data = read_json({"answer": TEXT, "reason": TEXT})
    adaptation = json_object().get("adaptation_post_id")
    if adaptation is not None and (isinstance(adaptation, bool) or not isinstance(adaptation, int)):
        raise ValidationFailed({"adaptation_post_id": "Send a post id (a number) or null."})
    if adaptation is not None and data["answer"] != "changed":
        raise ValidationFailed({"adaptation_post_id": "Only a “changed” answer links a post."})
    service.answer(
        user, followup, answer=data["answer"], reason=data["reason"], adaptation_id=adaptation
    )
    return jsonify(followup=followup_json(followup, user))
