"""Writing to the audit log. Every moderation use case calls :func:`record` once."""

from __future__ import annotations

import json

from forum.extensions import db
from forum.models import Comment, Post, User
from moderation.models import ConditionProposal, ModerationAction

# What each action is called on the log page.
ACTION_LABELS = {
    "auto_hide": "Hidden at the flag threshold",
    "approve": "Approved",
    "restore": "Restored",
    "dismiss": "Flags dismissed",
    "uphold": "Flags upheld",
    "remove": "Removed",
    "lock_comments": "Comments locked",
    "unlock_comments": "Comments unlocked",
    "moderator_edit": "Edited by a moderator",
    "author_deleted": "Deleted by its author while flagged",
    "retag": "Conditions and tags fixed",
    "safety_review": "Safety review",
    "suspend": "Suspended",
    "unsuspend": "Suspension lifted",
    "verify_clinician": "Clinician verified",
    "decline_verification": "Clinician verification declined",
    "add_condition": "Condition added to the catalogue",
    "decline_condition": "Proposed condition declined",
    "unverify_clinician": "Clinician verification removed",
    "set_trust_level": "Trust level set",
    "set_role": "Role set",
    "remove_citation": "Citation removed",
    "delete_account": "Account deleted",
    "totp_enrolled": "Authenticator app set up for them",
    "totp_removed": "Authenticator app removed",
}

Target = Post | Comment | User | ConditionProposal


def target_fields(target: Target) -> dict:
    if isinstance(target, Post):
        return {"target_type": "post", "target_id": target.id, "post_id": target.id,
                "subject_user_id": target.author_id}  # fmt: skip
    if isinstance(target, Comment):
        return {"target_type": "comment", "target_id": target.id, "post_id": target.post_id,
                "subject_user_id": target.author_id}  # fmt: skip
    if isinstance(target, ConditionProposal):
        return {"target_type": "proposal", "target_id": target.id, "post_id": None,
                "subject_user_id": target.proposer_id}  # fmt: skip
    return {"target_type": "user", "target_id": target.id, "post_id": None,
            "subject_user_id": target.id}  # fmt: skip


def record(
    actor: User | None,
    action: str,
    target: Target,
    *,
    reason: str = "",
    details: dict | None = None,
) -> ModerationAction:
    """Add one log row to the session; the caller's use case commits it with its change."""
    if action not in ACTION_LABELS:
        raise ValueError(f"unknown moderation action {action!r}")
    row = ModerationAction(
        actor_id=actor.id if actor is not None else None,
        action=action,
        reason=reason[:500],
        details_json=json.dumps(details or {}, sort_keys=True, default=str),
        **target_fields(target),
    )
    db.session.add(row)
    return row
