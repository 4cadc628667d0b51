"""Deciding queue items, and the moderator's content tools (remove, restore, lock).

One use case, one transaction: the status change (through the forum's own
``set_post_status`` / ``recount_comments``, so search sees it), the flags'
resolution (which is what feeds flaggers' accuracy), any demotion of the
author, and exactly one audit-log row, committed together.
"""

from __future__ import annotations

from forum.extensions import db
from forum.models import Comment, Post, User
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.errors import NotAllowed
from forum.services.locks import lock_row
from forum.services.notifications import record as notify
from moderation import audit, trust
from moderation.flags import flagged_by, set_status
from moderation.models import Flag, ModerationAction
from moderation.queue import can_decide, open_flags_on

DECISIONS = ("approve", "dismiss", "keep_hidden", "remove")
_UNSAFE = "A clinician marked this post unsafe; it needs a new safety review to come back."


def choices_for(target: Post | Comment, has_flags: bool) -> list[tuple[str, str]]:
    """The decisions that make sense for an item, with their button words."""
    status = target.status
    if status == "deleted":
        return []  # its author took it back: nobody may publish it again
    if status == "removed":
        return [("approve", "Restore it")]
    if not has_flags:
        first = "Approve and publish" if status == "pending" else "Restore it"
        out = [] if status == "published" else [("approve", first)]
        return [*out, ("remove", "Remove it")]
    out = []
    if status == "pending":
        out.append(("approve", "Approve and publish"))
    else:
        restore = " and restore it" if status == "hidden" else ", keep it up"
        out.append(("dismiss", f"Dismiss the flags{restore}"))
    keep = "keep it hidden" if status == "hidden" else "hide it"
    return [*out, ("keep_hidden", f"Uphold: {keep}"), ("remove", "Uphold: remove it")]


def _fits(decision: str, status: str, has_flags: bool) -> bool:
    """Whether a decision makes sense for an item in this state (the page may be stale)."""
    if status == "deleted":
        return False
    if decision == "approve":
        return status in ("pending", "hidden", "removed")
    if decision in ("dismiss", "keep_hidden"):
        return has_flags and status != "removed"
    return status != "removed"


def _is_unsafe(target: Post | Comment) -> bool:
    return isinstance(target, Post) and target.safety_label == "unsafe"


def _resolve_flags(flags: list[Flag], status: str, actor: User) -> None:
    now = utcnow()
    for f in flags:
        f.status, f.resolved_at, f.resolved_by_id = status, now, actor.id


def _decision_reason(decision, reason, errors: rules.Errors) -> str:
    """Approving asks for no reason: a harmless post needs no case made for it.
    Any reason given is still checked and logged; every other decision needs one."""
    if decision == "approve" and not (isinstance(reason, str) and reason.strip()):
        return ""
    return rules.reason(reason, errors)


def judging_own(actor: User, target: Post | Comment) -> str | None:
    """Why ``actor`` may not judge ``target`` (they wrote it or flagged it), or None."""
    what = "comment" if isinstance(target, Comment) else "post"
    if target.author_id == actor.id:
        return f"This is your own {what}, so another reviewer will decide on it."
    if flagged_by(actor, target):
        return f"You flagged this {what}, so another reviewer will decide on it."
    return None


def decide(actor: User, target: Post | Comment, *, decision, reason) -> ModerationAction:
    """Apply a reviewer's decision on a queue item (or a moderator's remove/restore).

    The caller fetched ``target`` through the actor's own visibility rules.
    Nobody decides on what they wrote or flagged, moderators included.

    Raises ValidationFailed (no reason for anything but an approval, unknown
    decision), NotAllowed (outside the reviewer's scope, their own content or
    flag, or a decision that doesn't fit the item) and WriteRefused (a
    suspended reviewer).
    """
    errors = rules.Errors()
    reason = _decision_reason(decision, reason, errors)
    if decision not in DECISIONS:
        errors["decision"] = "Choose what to do with it."
    errors.raise_if_any()
    get_policy().check(actor, "review")
    lock_row(target)
    if refusal := judging_own(actor, target):
        raise NotAllowed(refusal)
    flags = open_flags_on(target)
    if not can_decide(actor, target, flags):
        raise NotAllowed("This item is for other reviewers.")
    if not _fits(decision, target.status, bool(flags)):
        raise NotAllowed(
            "That decision doesn't fit this item any more; it may have changed.", status=409
        )

    before = target.status
    details: dict = {"from": before, "flags": len(flags)}
    if flags:
        details["reasons"] = sorted({f.reason for f in flags})
    if decision == "approve":
        if _is_unsafe(target):
            raise NotAllowed(_UNSAFE, status=409)
        _resolve_flags(flags, "dismissed", actor)
        set_status(target, "published")
        action = "approve" if before == "pending" else "restore"
    elif decision == "dismiss":
        _resolve_flags(flags, "dismissed", actor)
        if before == "hidden" and not _is_unsafe(target):
            set_status(target, "published")
        action = "dismiss"
    else:
        outcome = "hidden" if decision == "keep_hidden" else "removed"
        _resolve_flags(flags, "upheld", actor)
        if before != outcome:
            set_status(target, outcome)
        action = "uphold" if flags else "remove"
    details["to"] = target.status
    if action == "uphold":
        # Content upheld as flagged again and again costs the author their
        # trust level; noted on this action's row (one action, one row).
        new_level = trust.demotion_for(target.author, counting_this_uphold=True)
        if new_level is not None:
            details["author_trust_level"] = [target.author.trust_level, new_level]
            target.author.trust_level = new_level
    row = audit.record(actor, action, target, reason=reason, details=details)
    if action != "dismiss" or before != target.status:  # a dismissal that changed nothing
        _tell_author(target, action, reason)
    db.session.commit()
    return row


def _tell_author(target: Post | Comment, decision: str, reason: str) -> None:
    """The author hears of a decision on their content, with the reason, in this transaction.

    Told as "Moderators", not by name: a decision is the team's, and a member
    who muted one moderator must still hear it.
    """
    comment = target if isinstance(target, Comment) else None
    post = target.post if comment is not None else target
    notify("moderation", post=post, comment=comment, recipient=target.author,
           decision=decision, reason=reason)  # fmt: skip


def set_comments_locked(actor: User, post: Post, *, locked: bool, reason) -> ModerationAction:
    """Lock or unlock a post's comments (moderators)."""
    errors = rules.Errors()
    reason = rules.reason(reason, errors)
    errors.raise_if_any()
    get_policy().check(actor, "review")
    if not actor.is_moderator:
        raise NotAllowed("Only moderators can lock comments.")
    if post.comments_locked == locked:
        raise NotAllowed("Comments are already " + ("locked." if locked else "open."), status=409)
    post.comments_locked = locked
    post.updated_at = utcnow()
    action = "lock_comments" if locked else "unlock_comments"
    row = audit.record(actor, action, post, reason=reason)
    if post.author_id != actor.id:  # a decision on their post: they hear why
        _tell_author(post, action, reason)
    db.session.commit()
    return row
