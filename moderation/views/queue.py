"""The review queue and its decisions, the safety-review listing, and the audit log."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Comment, Post, User
from forum.plugins import (
    Page,
    paginate,
    requested_page,
    visible_comment_or_404,
    visible_post_or_404,
)
from forum.text import clean_line, username_key
from moderation import decisions
from moderation.audit import ACTION_LABELS
from moderation.forms import DecisionForm
from moderation.models import FLAG_REASONS, ModerationAction
from moderation.queue import queue_page, scope_for
from moderation.ratelimits import rate_limited
from moderation.reviews import REVIEW_STATES, review_state_clause
from moderation.views.base import allow, bp, refuse_invalid_form, run_action

ID = "<int:{}>"  # ids are bounded by the app's int converter


@bp.get("/")
@allow("reviewer")
def index():
    return redirect(url_for("moderation.queue"))


@bp.get("/queue")
@allow("reviewer")
def queue():
    """Items the reviewer may work, highest flag score first."""
    scope = scope_for(current_user)
    reason = request.args.get("reason")
    if reason not in FLAG_REASONS or (not scope.everything and reason not in scope.reasons):
        reason = None
    per_page = current_app.config["MODERATION_QUEUE_PER_PAGE"]
    page_number = requested_page()
    items, total = queue_page(current_user, page=page_number, per_page=per_page, reason=reason)
    if page_number > 1 and not items:
        abort(404)
    reasons = [(k, v) for k, v in FLAG_REASONS.items() if scope.everything or k in scope.reasons]
    return render_template(
        "moderation/queue.html",
        page=Page(items=items, page=page_number, per_page=per_page, total=total),
        scope=scope,
        reason=reason,
        reasons=reasons,
        choices_for=decisions.choices_for,
        form=DecisionForm(formdata=None),
    )


def _decide(target: Post | Comment):
    form = DecisionForm()
    back = url_for("moderation.queue")
    if not form.validate_on_submit():
        return refuse_invalid_form(form, back)
    return run_action(
        lambda: decisions.decide(
            current_user, target, decision=form.decision.data, reason=form.reason.data
        ),
        success="Done. The decision is in the log.",
        back=back,
    )


# Decisions fetch the item through the reviewer's own visibility rules, as every view does.
@bp.post(f"/queue/posts/{ID.format('post_id')}")
@allow("reviewer")
@rate_limited("moderate")
def decide_post(post_id: int):
    return _decide(visible_post_or_404(post_id))


@bp.post(f"/queue/comments/{ID.format('comment_id')}")
@allow("reviewer")
@rate_limited("moderate")
def decide_comment(comment_id: int):
    return _decide(visible_comment_or_404(comment_id))


@bp.get("/reviews")
@allow("safety")
def reviews():
    """Posts by safety-review state, so clinicians can find what needs them."""
    state = request.args.get("state", "unreviewed")
    if state not in REVIEW_STATES:
        state = "unreviewed"
    query = (
        select(Post)
        .where(Post.status.in_(("published", "pending", "hidden")), review_state_clause(state))
        .order_by(Post.created_at.desc(), Post.id.desc())
    )
    page = paginate(query, per_page=current_app.config["MODERATION_QUEUE_PER_PAGE"])
    return render_template("moderation/reviews.html", page=page, state=state, states=REVIEW_STATES)


@bp.get("/log")
@allow("moderator")
def log():
    """The audit log, newest first; filter by action or by the member concerned."""
    query = (
        select(ModerationAction)
        .options(selectinload(ModerationAction.post))
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
    )
    action = request.args.get("action")
    if action in ACTION_LABELS:
        query = query.where(ModerationAction.action == action)
    else:
        action = None
    username = username_key(clean_line(request.args.get("user") or ""))[:64]
    member = None
    if username:
        member = db.session.scalar(select(User).where(User.username_key == username))
        subject = member.id if member else -1
        query = query.where(
            (ModerationAction.subject_user_id == subject) | (ModerationAction.actor_id == subject)
        )
    page = paginate(query, per_page=current_app.config["MODERATION_LOG_PER_PAGE"])
    return render_template(
        "moderation/log.html",
        page=page,
        action=action,
        username=username,
        member=member,
        labels=ACTION_LABELS,
    )
