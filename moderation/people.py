"""Moderator tools for accounts: suspend, verify clinicians, set trust levels and
roles, delete an account.

Moderators act on members; only admins act on moderators and admins, and
only admins grant roles. Nobody acts on their own account. Each change and
its log row commit together.
"""

from __future__ import annotations

from datetime import timedelta

from forum.extensions import db
from forum.models import DELETION_MODES, ROLES, TRUST_LEVELS, FormerMember, User
from forum.models.timestamps import utcnow
from forum.plugins import check_staff_may_delete, delete_account
from forum.policy import get_policy
from forum.services import rules
from forum.services.errors import NotAllowed
from moderation import audit, trust
from moderation.models import ModerationAction


def may_manage(actor: User, user: User) -> bool:
    """Moderators manage members; admins manage everyone else but themselves."""
    if not actor.is_authenticated or not actor.is_moderator or actor.id == user.id:
        return False
    return actor.is_admin or not user.holds_staff_role  # their factor aside, still staff


def _start(actor: User, user: User, reason, errors: rules.Errors | None = None) -> str:
    errors = errors if errors is not None else rules.Errors()
    reason = rules.reason(reason, errors)
    errors.raise_if_any()
    get_policy().check(actor, "review")
    if actor.id == user.id:
        raise NotAllowed("You can't do this to your own account.")
    if not may_manage(actor, user):
        raise NotAllowed("Only an admin can do this to a moderator or admin.")
    return reason


def suspend(actor: User, user: User, *, days, reason) -> ModerationAction:
    errors = rules.Errors()
    allowed = trust.setting("SUSPENSION_DAYS")
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if days not in allowed:
        errors["days"] = "Choose how long the suspension lasts."
    reason = _start(actor, user, reason, errors)
    user.suspended_until = utcnow() + timedelta(days=days)
    user.suspension_reason = reason
    row = audit.record(
        actor, "suspend", user, reason=reason,
        details={"days": days, "until": user.suspended_until.isoformat()},
    )  # fmt: skip
    db.session.commit()
    return row


def unsuspend(actor: User, user: User, *, reason) -> ModerationAction:
    reason = _start(actor, user, reason)
    if not user.is_suspended():
        raise NotAllowed(f"{user.username} isn't suspended.", status=409)
    user.suspended_until = None
    user.suspension_reason = None
    row = audit.record(actor, "unsuspend", user, reason=reason)
    db.session.commit()
    return row


def set_clinician_verified(actor: User, user: User, *, verified: bool, reason) -> ModerationAction:
    reason = _start(actor, user, reason)
    if user.clinician_verified == verified:
        state = "already verified" if verified else "not verified"
        raise NotAllowed(f"{user.username} is {state}.", status=409)
    if verified and user.perspective != "clinician":
        raise NotAllowed(
            "Only members who describe themselves as clinicians can be verified. "
            "Ask them to change their perspective first.",
            status=409,
        )
    user.clinician_verified = verified
    action = "verify_clinician" if verified else "unverify_clinician"
    row = audit.record(actor, action, user, reason=reason)
    db.session.commit()
    return row


def set_trust_level(actor: User, user: User, *, level, reason) -> ModerationAction:
    errors = rules.Errors()
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = -1
    if level not in TRUST_LEVELS:
        errors["level"] = "Choose a trust level from 0 to 4."
    reason = _start(actor, user, reason, errors)
    already = f"{user.username} is already at trust level {level}."
    return _set(actor, user, "trust_level", level, reason, already)


def set_role(actor: User, user: User, *, role, reason) -> ModerationAction:
    errors = rules.Errors()
    if role not in ROLES:
        errors["role"] = f"Choose a role: {', '.join(ROLES)}."
    if not actor.is_admin:
        raise NotAllowed("Only admins grant roles.")
    reason = _start(actor, user, reason, errors)
    return _set(actor, user, "role", role, reason, f"{user.username} is already a {role}.")


def delete_member(actor: User, user: User, *, mode, reason) -> FormerMember:
    """Delete ``user``'s account as staff: keep what they wrote under "former
    member" or remove it. On the record as ``delete_account`` with their
    pseudonym (the plugin's ``member_leaving``), never their name."""
    errors = rules.Errors()
    if mode not in DELETION_MODES:
        errors["mode"] = "Choose whether to keep or remove what they wrote."
    reason = rules.reason(reason, errors)
    errors.raise_if_any()
    get_policy().check(actor, "review")
    check_staff_may_delete(actor, user)
    return delete_account(user, mode=mode, by=actor, reason=reason)


def _set(actor: User, user: User, field: str, value, reason: str, already: str):
    """Change one of ``user``'s settings, logged as ``set_<field>`` with from and to."""
    old = getattr(user, field)
    if old == value:
        raise NotAllowed(already, status=409)
    setattr(user, field, value)
    details = {"from": old, "to": value}
    row = audit.record(actor, f"set_{field}", user, reason=reason, details=details)
    db.session.commit()
    return row
