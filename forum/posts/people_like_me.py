""" "People like you": how trying a post went for reporters like the viewer.

A member who set the age band of the person they care for (``care_age_band``)
and their conditions (``User.conditions``) sees, on the post page and on
listing cards of posts about those conditions (or conditions below them),
"People like you: 2 of 3 said it worked", counted from the "I tried this"
reports given with the same age band.

The line depends on who is looking, so it is never part of a card's cached
HTML (``forum.caching.fragments``): cards are keyed by their summary alone.
Cost: for such a member, one query for their conditions (once per request)
and one grouped count for the whole page, whatever the number of cards; for
everyone else, none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import g
from flask_login import current_user
from sqlalchemy import case, func, select

from forum.conditions.tree import load_tree
from forum.extensions import db
from forum.models import OutcomeReport, Post
from forum.posts.summary import PostSummary


@dataclass(frozen=True, slots=True)
class LikeYou:
    """Reports with the viewer's age band on one post, and how many said it worked."""

    worked: int
    total: int

    @property
    def words(self) -> str:
        return f"People like you: {self.worked} of {self.total} said it worked"


@dataclass(frozen=True, slots=True)
class Viewer:
    age_band: str
    condition_ids: frozenset[int]  # the member's conditions and every one below them


def viewer() -> Viewer | None:
    """The signed-in member's band and conditions, or None when either is unset
    (or nobody is signed in). Read once per request."""
    if not current_user.is_authenticated or not current_user.care_age_band:
        return None
    if "people_like_me" not in g:
        tree = load_tree()
        ids = {
            sub
            for condition in current_user.conditions
            if (entry := tree.by_slug.get(condition.slug)) is not None
            for sub in tree.subtree_ids(entry)
        }
        g.people_like_me = Viewer(current_user.care_age_band, frozenset(ids)) if ids else None
    return g.people_like_me


def tallies(posts: Iterable[Post | PostSummary]) -> dict[int, LikeYou]:
    """Post id -> :class:`LikeYou` for those of ``posts`` about the viewer's
    conditions that have a report with the viewer's age band; {} for others."""
    me = viewer()
    if me is None:
        return {}
    ids = [
        post.id
        for post in posts
        if post.kind != "question" and any(c.id in me.condition_ids for c in post.conditions)
    ]
    if not ids:
        return {}
    worked = func.sum(case((OutcomeReport.result == "worked", 1), else_=0))
    rows = db.session.execute(
        select(OutcomeReport.post_id, worked, func.count())
        .where(OutcomeReport.post_id.in_(ids), OutcomeReport.age_band == me.age_band)
        .group_by(OutcomeReport.post_id)
    )
    return {post_id: LikeYou(int(n_worked or 0), total) for post_id, n_worked, total in rows}
