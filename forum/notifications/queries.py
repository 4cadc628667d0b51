"""Reading a member's notifications: the unread count (the bell) and the list, grouped.

A line on the list stands for one notification, or for several unread ones of
the same kind on the same post ("3 new comments on *Bathroom pass card*"),
linking to the first of them. Whether its post is shown is decided now, for
the viewer: a notification about a post or comment they can no longer see
says "no longer available", with no title.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, url_for
from flask_login import current_user
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Notification, User
from forum.posts.page import comment_url
from forum.visibility import can_view_comment, can_view_post

# Kinds that carry their own words (a reason, a label) stay one line each.
UNGROUPED = ("safety_review", "moderation", "followup", "sign_in", "export")


def unread_count(user: User) -> int:
    """Loud and quiet unread notifications: the bell's number (one query, once per request)."""
    cached = g.get("_unread_notifications")
    if cached is None or cached[0] != user.id:
        number = db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        cached = g._unread_notifications = (user.id, number or 0)
    return cached[1]


def bell_count() -> int | None:
    """For templates: the signed-in member's unread count, None for anyone else."""
    if not current_user.is_authenticated:
        return None
    return unread_count(current_user)


def listed(user: User) -> Select:
    """``user``'s notifications, newest first."""
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .options(
            joinedload(Notification.post),
            joinedload(Notification.comment),
            joinedload(Notification.actor),
        )
        .order_by(Notification.id.desc())
    )


def visible_to(notification: Notification, user: User) -> bool:
    """Whether ``user`` may still see what ``notification`` is about."""
    post, comment = notification.post, notification.comment
    if post is None:
        # About no post: a follow-up whose post is gone, or the member's own
        # account (their data export, a new sign-in).
        return notification.post_id is None and notification.kind in (
            "followup",
            "export",
            "sign_in",
        )
    if not can_view_post(post, user):
        return False
    return comment is None or can_view_comment(comment, user)


def target_url(notification: Notification) -> str | None:
    """Where following ``notification`` goes (the caller checked it is visible)."""
    if notification.kind == "sign_in":  # where that sign-in can be ended
        return url_for("account_hub.index", _anchor="sessions")
    if notification.post_id is None:
        return None
    if notification.kind == "followup" and isinstance(notification.data.get("followup_id"), int):
        # Straight to the one-click answers.
        return url_for("followups.show", followup_id=notification.data["followup_id"])
    if notification.comment_id is not None:
        return comment_url(notification.post_id, notification.comment_id)
    return url_for("posts.show", post_id=notification.post_id)


@dataclass
class Line:
    """One line of the list: ``items`` newest first; the link goes to the oldest."""

    items: list[Notification] = field(default_factory=list)
    available: bool = True

    @property
    def newest(self) -> Notification:
        return self.items[0]

    @property
    def first(self) -> Notification:
        return self.items[-1]

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def unread(self) -> bool:
        return any(n.read_at is None for n in self.items)

    @property
    def quiet(self) -> bool:
        return all(n.quiet for n in self.items)

    @property
    def actors(self) -> list[User]:
        seen: dict[int, User] = {}
        for n in self.items:
            if n.actor is not None:
                seen.setdefault(n.actor.id, n.actor)
        return list(seen.values())


def lines(notifications: list[Notification], user: User) -> list[Line]:
    """Group a page of notifications (newest first) into lines."""
    out: list[Line] = []
    groups: dict[tuple, Line] = {}
    for n in notifications:
        available = visible_to(n, user)
        key = (n.kind, n.post_id, n.quiet)
        if n.read_at is None and available and n.kind not in UNGROUPED and n.post_id:
            if key in groups:
                groups[key].items.append(n)
                continue
            groups[key] = line = Line([n], available)
        else:
            line = Line([n], available)
        out.append(line)
    return out
