"""A member's moderation page: their record, and suspend, verify, trust level, role, delete."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from forum.extensions import db
from forum.models import Post, User
from forum.text import clean_line, username_key
from forum.visibility import visible_posts_clause
from moderation import people, trust
from moderation.forms import DeleteMemberForm, ReasonForm, RoleForm, SuspendForm, TrustLevelForm
from moderation.models import Flag, ModerationAction
from moderation.ratelimits import rate_limited
from moderation.views.base import allow, bp, refuse_invalid_form, run_action

USER = "/users/<string(maxlength=30):username>"


def _member(username: str) -> User:
    user = db.session.scalar(
        select(User).where(User.username_key == username_key(clean_line(username)))
    )
    if user is None:
        abort(404)
    return user


# Prefixed, so the three forms on one page have distinct field ids.
def suspend_form(**kwargs) -> SuspendForm:
    form = SuspendForm(prefix="suspend", **kwargs)
    form.days.choices = [
        SelectChoice(d, f"{d} day" if d == 1 else f"{d} days")
        for d in trust.setting("SUSPENSION_DAYS")
    ]
    return form


def trust_form(**kwargs) -> TrustLevelForm:
    form = TrustLevelForm(prefix="trust", **kwargs)
    form.level.choices = [
        SelectChoice(n, f"{n}: {label}") for n, label in people.TRUST_LEVELS.items()
    ]
    return form


@bp.get(USER)
@allow("moderator")
def member(username: str):
    user = _member(username)
    record = trust.record_for(user)
    recent_posts = db.session.scalars(
        select(Post)
        .where(Post.author_id == user.id, visible_posts_clause(current_user))
        .order_by(Post.created_at.desc())
        .limit(10)
    ).all()
    history = db.session.scalars(
        select(ModerationAction)
        .where(ModerationAction.subject_user_id == user.id)
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .limit(20)
    ).all()
    open_flags_raised = db.session.scalar(
        select(db.func.count())
        .select_from(Flag)
        .where(Flag.flagger_id == user.id, Flag.status == "open")
    )
    return render_template(
        "moderation/member.html",
        member=user,
        record=record,
        open_flags_raised=open_flags_raised,
        recent_posts=recent_posts,
        history=history,
        may_manage=people.may_manage(current_user, user),
        trust_levels=people.TRUST_LEVELS,
        suspend_form=suspend_form(formdata=None),
        trust_form=trust_form(formdata=None, level=user.trust_level),
        role_form=RoleForm(prefix="role", formdata=None, role=user.role),
        reason_form=ReasonForm(formdata=None),
        delete_form=DeleteMemberForm(prefix="delete", formdata=None),
    )


def _act(username: str, form, action, success: str):
    user = _member(username)
    back = url_for("moderation.member", username=user.username)
    if not form.validate_on_submit():
        return refuse_invalid_form(form, back)
    return run_action(lambda: action(user, form), success=success.format(user.username), back=back)


@bp.post(f"{USER}/suspend")
@allow("moderator")
@rate_limited("moderate")
def suspend(username: str):
    return _act(
        username,
        suspend_form(),
        lambda user, form: people.suspend(
            current_user, user, days=form.days.data, reason=form.reason.data
        ),
        "{} is suspended.",
    )


@bp.post(f"{USER}/unsuspend")
@allow("moderator")
@rate_limited("moderate")
def unsuspend(username: str):
    return _act(
        username,
        ReasonForm(),
        lambda user, form: people.unsuspend(current_user, user, reason=form.reason.data),
        "{} can write again.",
    )


@bp.post(f"{USER}/verify")
@allow("moderator")
@rate_limited("moderate")
def verify_clinician(username: str):
    return _act(
        username,
        ReasonForm(),
        lambda user, form: people.set_clinician_verified(
            current_user, user, verified=True, reason=form.reason.data
        ),
        "{} is now a verified clinician.",
    )


@bp.post(f"{USER}/unverify")
@allow("moderator")
@rate_limited("moderate")
def unverify_clinician(username: str):
    return _act(
        username,
        ReasonForm(),
        lambda user, form: people.set_clinician_verified(
            current_user, user, verified=False, reason=form.reason.data
        ),
        "{} is no longer shown as a verified clinician.",
    )


@bp.post(f"{USER}/trust-level")
@allow("moderator")
@rate_limited("moderate")
def set_trust_level(username: str):
    return _act(
        username,
        trust_form(),
        lambda user, form: people.set_trust_level(
            current_user, user, level=form.level.data, reason=form.reason.data
        ),
        "{}'s trust level is set.",
    )


@bp.post(f"{USER}/role")
@allow("admin")
@rate_limited("moderate")
def set_role(username: str):
    return _act(
        username,
        RoleForm(prefix="role"),
        lambda user, form: people.set_role(
            current_user, user, role=form.role.data, reason=form.reason.data
        ),
        "{}'s role is set.",
    )


@bp.post(f"{USER}/delete")
@allow("moderator")
@rate_limited("moderate")
def delete_member(username: str):
    """Delete the account; back to the log, where it shows as a pseudonym (the
    member's page is gone with them)."""
    user = _member(username)
    form = DeleteMemberForm(prefix="delete")
    back = url_for("moderation.member", username=user.username)
    if not form.validate_on_submit():
        return refuse_invalid_form(form, back)
    done = {}

    def action():
        done["former"] = people.delete_member(
            current_user, user, mode=form.mode.data, reason=form.reason.data
        )

    response = run_action(action, success="The account is deleted.", back=url_for("moderation.log"))
    if "former" not in done:  # refused: back to their page, not the log
        response.location = back
    return response
