"""Demo moderation content for ``flask seed demo``: open flags and a safety review.

Connected to ``forum.signals.demo_seeded``. Idempotent: a flag is added only if
that member has never flagged that post, and the review only if the post has
none, so running the seed again adds nothing.
"""

from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Post, User
from moderation import flags, reviews
from moderation.models import Flag, SafetyReview

# (flagger role, post index from the newest, reason, note): weights stay below
# the hide threshold, so the queue shows live items a moderator can work.
_FLAGS = [
    ("steward", 0, "off_topic", "A general parenting question, not about the condition."),
    ("member", 0, "off_topic", ""),
    ("clinician", 1, "unsafe_advice", "Changing dose timing should be agreed with the care team."),
    ("member", 2, "privacy", "It names the school and the child's class."),
]


def _pick(users: dict[str, User]) -> dict[str, User | None]:
    people = list(users.values())
    first = lambda test: next((u for u in people if test(u)), None)  # noqa: E731
    return {
        "moderator": first(lambda u: u.role == "moderator") or first(lambda u: u.is_moderator),
        "steward": first(lambda u: u.trust_level == 3 and not u.is_moderator),
        "clinician": first(lambda u: u.clinician_verified and not u.is_moderator),
        "member": first(
            lambda u: not u.is_moderator and not u.clinician_verified and u.trust_level < 3
        ),
    }


def seed_moderation(sender, users: dict[str, User], posts: list[Post], **extra) -> None:
    published = sorted(
        (p for p in posts if p.status == "published"), key=lambda p: p.created_at, reverse=True
    )
    people = _pick(users)
    for role, index, reason, note in _FLAGS:
        flagger = people.get(role)
        if flagger is None or index >= len(published):
            continue
        post = published[index]
        if post.author_id == flagger.id or post.status != "published":
            continue
        exists = db.session.scalar(
            select(Flag.id).where(Flag.post_id == post.id, Flag.flagger_id == flagger.id)
        )
        if not exists:
            flags.flag(flagger, post, reason=reason, note=note)
    _review_one(people["clinician"] or people["moderator"], published)


def _review_one(reviewer: User | None, published: list[Post]) -> None:
    if reviewer is None:
        return
    already = db.session.scalar(select(SafetyReview.id).limit(1))
    if already:
        return
    candidates = [p for p in published[3:] if p.author_id != reviewer.id and p.kind == "hack"]
    if not candidates:
        return
    reviews.review_post(
        reviewer,
        candidates[0],
        label="care_team",
        note="Sensible, but check any change to medicines or diet with your care team first.",
    )
