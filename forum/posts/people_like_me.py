""" "People like you": how trying a post went for reporters like the viewer.

A member who set the age band of the person they care for (``care_age_band``)
and their conditions (``User.conditions``) sees, on the post page and on
listing cards of posts about those conditions (or conditions below them),
"People like you: 2 of 3 said it worked", counted from the "I tried this"
reports given with the same age band.

The line depends on who is looking, so it is never part of a card's cached
HTML (``forum.caching.fragments``): cards are keyed by their summary alone.
Cost: one statement for the whole page, whatever the number of cards (the
member's conditions and those below them are found inside it), and none for
anyone without an age band.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import case, func, select

from forum.extensions import db
from forum.models import Condition, OutcomeReport, Post, post_conditions, user_conditions
from forum.posts.summary import PostSummary


@dataclass(frozen=True, slots=True)
class LikeYou:
    """Reports with the viewer's age band on one post, and how many said it worked."""

    worked: int
    total: int

    @property
    def words(self) -> str:
        return f"People like you: {self.worked} of {self.total} said it worked"


def _followed(user_id: int):
    """The member's conditions and every condition below them (a recursive CTE;
    UNION, not UNION ALL, so a loop in bad catalogue data ends)."""
    followed = (
        select(user_conditions.c.condition_id.label("id"))
        .where(user_conditions.c.user_id == user_id)
        .cte("followed", recursive=True)
    )
    child = Condition.__table__.alias("child")
    return followed.union(select(child.c.id).where(child.c.parent_id == followed.c.id))


def tallies(posts: Iterable[Post | PostSummary]) -> dict[int, LikeYou]:
    """Post id -> :class:`LikeYou` for those of ``posts`` about the viewer's
    conditions that have a report with the viewer's age band; {} for a viewer
    without an age band (or not signed in). Questions take no reports."""
    if not current_user.is_authenticated or not current_user.care_age_band:
        return {}
    ids = [post.id for post in posts if post.kind != "question"]
    if not ids:
        return {}
    followed = _followed(current_user.id)
    about_followed = (
        select(post_conditions.c.post_id)
        .where(
            post_conditions.c.post_id == OutcomeReport.post_id,
            post_conditions.c.condition_id.in_(select(followed.c.id)),
        )
        .exists()
    )
    worked = func.sum(case((OutcomeReport.result == "worked", 1), else_=0))
    rows = db.session.execute(
        select(OutcomeReport.post_id, worked, func.count())
        .where(
            OutcomeReport.post_id.in_(ids),
            OutcomeReport.age_band == current_user.care_age_band,
            about_followed,
        )
        .group_by(OutcomeReport.post_id)
    )
    return {post_id: LikeYou(int(n_worked or 0), total) for post_id, n_worked, total in rows}
