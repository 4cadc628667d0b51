"""Clinical safety reviews: a verified clinician or a moderator labels a post.

The latest review is copied onto the post (label, reviewer, date) so cards and
search show it without a query; an edit afterwards marks it "changed since
review" (forum's edit_post does that) until someone reviews it again. "Unsafe"
hides the post; a later, kinder review brings it back unless flags still hold it.
"""

from __future__ import annotations

from forum.extensions import db
from forum.markup import render_markdown
from forum.models import SAFETY_LABELS, Post, User
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.errors import NotAllowed
from forum.services.locks import lock_row
from forum.services.notifications import record as notify
from moderation import audit, trust
from moderation.flags import flagged_by, open_score, set_status
from moderation.models import SafetyReview

# Review states a listing can be filtered by.
REVIEW_STATES = {
    "unreviewed": "Not reviewed yet",
    "low_risk": "Reviewed: low risk",
    "care_team": "Talk to your care team first",
    "unsafe": "Unsafe",
    "changed": "Changed since review",
}


def can_safety_review(user: User) -> bool:
    if not user.is_authenticated or user.is_suspended():
        return False
    return user.is_moderator or user.clinician_verified


def review_post(reviewer: User, post: Post, *, label, note) -> SafetyReview:
    """Label ``post``; raises ValidationFailed, NotAllowed or WriteRefused."""
    errors = rules.Errors()
    if label not in SAFETY_LABELS:
        errors["label"] = "Choose a safety label."
    note = rules.reason(note, errors, field="note", missing="Write a short note for readers.")
    errors.raise_if_any()
    get_policy().check(reviewer, "review", text=note, post=post)
    if not can_safety_review(reviewer):
        raise NotAllowed("Safety reviews are for verified clinicians and moderators.")
    if post.author_id == reviewer.id:
        raise NotAllowed("You can't review your own post; another reviewer will.")
    if flagged_by(reviewer, post):
        # An "unsafe" label hides the post: a flagger would be judging their own flag.
        raise NotAllowed("You flagged this post, so another reviewer will review it.")
    lock_row(post)
    if post.status in ("removed", "deleted"):
        raise NotAllowed("This post was taken down.", status=409)

    previous, before = post.safety_label, post.status
    review = SafetyReview(post=post, reviewer=reviewer, label=label, note=note)
    db.session.add(review)
    post.safety_label = label
    post.safety_reviewer_id = reviewer.id
    post.safety_reviewed_at = utcnow()
    post.safety_stale = False
    # Shown to readers with the label (the form promises it), so through the one sanitizer.
    post.safety_note_html = render_markdown(note)
    if label == "unsafe" and before in ("published", "pending"):
        set_status(post, "hidden")
    elif (
        previous == "unsafe"
        and before == "hidden"
        # flags at the threshold still keep it hidden
        and open_score(post) < trust.setting("HIDE_THRESHOLD")
    ):
        set_status(post, "published")
    audit.record(
        reviewer,
        "safety_review",
        post,
        reason=note,
        details={"label": label, "previous": previous, "from": before, "to": post.status},
    )
    notify("safety_review", post=post, actor=reviewer, recipient=post.author, label=label)
    db.session.commit()
    return review


def review_state_clause(state: str):
    """Filter posts by review state (see REVIEW_STATES)."""
    if state == "unreviewed":
        return Post.safety_label.is_(None)
    if state == "changed":
        return Post.safety_label.is_not(None) & Post.safety_stale.is_(True)
    return Post.safety_label == state
