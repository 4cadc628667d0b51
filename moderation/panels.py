"""What the post page's moderation panels need, loaded once per post per request.

The comment panel is imported once per page and called once per comment;
everything it asks for comes from one :class:`PostPanel` built with a fixed
number of queries (the viewer's own open flags, the open flag totals for
reviewers, the reasons behind the viewer's hidden content, and the condition
catalogue for those who may fix conditions and tags), never a query per comment.

The post page's own status banners (``templates/posts``) ask :func:`held_reason`
(registered with the forum), so the author reads one message that says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, url_for
from flask_login import current_user
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Comment, Post, User
from forum.plugins import load_tree
from moderation.audit import ACTION_LABELS
from moderation.forms import RetagForm
from moderation.models import FLAG_REASONS, Flag, ModerationAction, VerificationRequest
from moderation.queue import queue_count as count_queue
from moderation.queue import scope_for
from moderation.retag import can_retag
from moderation.reviews import can_safety_review

# Actions that can leave content hidden (removed content isn't shown to its author).
_WHY_ACTIONS = ("auto_hide", "uphold", "safety_review")
# Stands for a comment's id in a form the comment panel renders once per page
# (a NUL can't be in the page's path, a URL or a CSRF token).
ID_MARK = "\x00"
_PROBE_ID = 2_147_000_001  # a comment id for url_for, swapped for ID_MARK
_PENDING = (
    "New members' first posts with links are checked before they appear; "
    "this usually doesn't take long."
)


@dataclass
class FlagSummary:
    count: int = 0
    score: float = 0.0


@dataclass
class PostPanel:
    post: Post
    signed_in: bool = False
    user_id: int | None = None  # the viewer's, read once rather than per comment
    is_reviewer: bool = False
    is_moderator: bool = False
    can_safety_review: bool = False
    my_flags: dict[int | None, str] = field(default_factory=dict)  # comment id (None: post)
    open_flags: dict[int | None, FlagSummary] = field(default_factory=dict)
    why: dict[int | None, str] = field(default_factory=dict)
    retag_form: RetagForm | None = None
    ID_MARK = ID_MARK

    @staticmethod
    def comment_action(endpoint: str) -> str:
        """The address of ``endpoint`` for a comment, with ID_MARK where its id goes."""
        head, probe, tail = url_for(endpoint, comment_id=_PROBE_ID).partition(str(_PROBE_ID))
        if not probe:
            raise ValueError(f"{endpoint} has no comment id in its address")
        return f"{head}{ID_MARK}{tail}"

    def can_flag(self, target: Post | Comment) -> bool:
        return (
            self.signed_in
            and target.author_id != self.user_id
            and target.status == "published"
            and self.post.status == "published"
        )

    def my_flag(self, target: Post | Comment) -> str | None:
        reason = self.my_flags.get(_key(target), "")
        return FLAG_REASONS.get(reason) if reason else None

    def flags_on(self, target: Post | Comment) -> FlagSummary | None:
        return self.open_flags.get(_key(target))

    def held_reason(self, target: Post | Comment) -> str | None:
        """Why the viewer's own post or comment isn't public, for them to read
        after "Your post is hidden." (None: it's public, not theirs, or no record says)."""
        if target.status not in ("pending", "hidden"):
            return None
        return self.why.get(_key(target))


def _key(target: Post | Comment) -> int | None:
    return target.id if isinstance(target, Comment) else None


def _who(actor: User | None) -> str:
    """Who decided, as the author would put it: never "a moderator" for a clinician."""
    if actor is None:
        return "A reviewer"
    if actor.is_moderator:
        return "A moderator"
    if actor.clinician_verified:
        return "A clinician"
    return "A community reviewer"


def _why(row: ModerationAction) -> str:
    """The reason, in plain words for the author, that their content is hidden."""
    reasons = ", ".join(FLAG_REASONS.get(r, r).lower() for r in row.details.get("reasons", []))
    if row.action == "auto_hide":
        return (
            f"Members flagged it ({reasons}), so it stays hidden until a reviewer looks at it. "
            "You can still edit it."
        )
    if row.action == "safety_review":
        return f"{_who(row.actor)} reviewed its safety and marked it unsafe: “{row.reason}”"
    return f"{_who(row.actor)} agreed with members' flags ({reasons}): “{row.reason}”"


def _retag_form(post: Post) -> RetagForm:
    form = RetagForm(
        prefix="retag",
        formdata=None,
        data={"conditions": [c.slug for c in post.conditions], "tags": ", ".join(post.tag_names)},
    )
    form.conditions.use_tree(load_tree())
    if current_user.is_moderator:  # staff say why (moderation.retag)
        form.reason.label.text = "Why are you changing them? (for the moderation log)"
    return form


def load_panel(post: Post) -> PostPanel:
    cache = g.setdefault("moderation_panels", {})
    if post.id in cache:
        return cache[post.id]
    panel = PostPanel(post=post, signed_in=current_user.is_authenticated)
    cache[post.id] = panel
    if not panel.signed_in:
        return panel
    user = current_user
    panel.user_id = user.id
    panel.is_reviewer = bool(scope_for(user))
    panel.is_moderator = user.is_moderator
    panel.can_safety_review = can_safety_review(user)
    mine = select(Flag.comment_id, Flag.reason).where(
        Flag.post_id == post.id, Flag.flagger_id == user.id, Flag.status == "open"
    )
    panel.my_flags = {comment_id: reason for comment_id, reason in db.session.execute(mine)}
    if panel.is_reviewer:
        totals = (
            select(Flag.comment_id, func.count(), func.sum(Flag.weight))
            .where(Flag.post_id == post.id, Flag.status == "open")
            .group_by(Flag.comment_id)
        )
        panel.open_flags = {
            cid: FlagSummary(n, round(float(s or 0), 1)) for cid, n, s in db.session.execute(totals)
        }
    if post.status == "published" and post.author_id != user.id and can_retag(user):
        panel.retag_form = _retag_form(post)
    _load_reasons(panel, user.id)
    return panel


def _load_reasons(panel: PostPanel, user_id: int) -> None:
    """Why the viewer's own post or comments on it are hidden (one query)."""
    rows = db.session.scalars(
        select(ModerationAction)
        .where(
            ModerationAction.post_id == panel.post.id,
            ModerationAction.subject_user_id == user_id,
            ModerationAction.action.in_(_WHY_ACTIONS),
        )
        .order_by(ModerationAction.created_at, ModerationAction.id)
    )
    latest: dict[int | None, ModerationAction] = {}
    for row in rows:
        if row.action == "safety_review" and row.details.get("label") != "unsafe":
            continue
        latest[row.target_id if row.target_type == "comment" else None] = row
    post = panel.post
    if post.author_id == user_id and post.status == "pending":
        panel.why[None] = _PENDING
    for key, row in latest.items():
        if key is not None or post.status == "hidden":
            panel.why[key] = _why(row)


def held_reason(post: Post, target: Post | Comment) -> str | None:
    """Why the viewer's own ``target`` on ``post``'s page is held (forum/plugins.py)."""
    return load_panel(post).held_reason(target)


def queue_count() -> int | None:
    """Items waiting for the signed-in reviewer, or None for everyone else."""
    if not current_user.is_authenticated or not scope_for(current_user):
        return None
    if "moderation_queue_count" not in g:
        g.moderation_queue_count = count_queue(current_user)
    return g.moderation_queue_count


def latest_verification(user: User) -> VerificationRequest | None:
    """The member's latest clinician verification request (their own profile only)."""
    return db.session.scalar(
        select(VerificationRequest)
        .where(VerificationRequest.user_id == user.id)
        .order_by(VerificationRequest.created_at.desc(), VerificationRequest.id.desc())
        .limit(1)
    )


TEMPLATE_GLOBALS = {
    "moderation_panel": load_panel,
    "moderation_queue_count": queue_count,
    "moderation_latest_verification": latest_verification,
    "FLAG_REASONS": FLAG_REASONS,
    "MODERATION_ACTIONS": ACTION_LABELS,
}
