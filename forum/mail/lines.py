"""Notifications as lines of an email: what happened, who did it, on which post, a link.

Shared by the batches (each notification) and the digests. :func:`load` reads
any number of members' notifications in one statement (with their posts,
comments and actors joined), so a batch of members costs one query, not one
per member. Only content the member may still see becomes a line: a post or
comment held, hidden, removed or deleted since is left out (a moderation
decision about the member's own content is the exception: it is about that).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from forum.extensions import db
from forum.models import Comment, Notification, Post, User

_ACTOR = aliased(User)


@dataclass(frozen=True)
class Line:
    id: int
    user_id: int
    kind: str
    post_id: int | None
    title: str  # the post's title: in the body only, never in a subject
    who: str | None  # the actor's username
    words: str  # "river-mum commented on"
    url: str
    note: str  # a moderation decision's reason, a follow-up's question
    quiet: bool
    created_at: datetime
    visible: bool
    read: bool


# What happened, before the post's title; {who} is the actor's username.
WORDS = {
    "comment": "{who} commented on",
    "post": "{who} posted",
    "mention": "{who} mentioned you in",
    "outcome": "{who} said they tried",
    "safety_review": "{who} added a safety review to",
    "moderation": "A moderator made a decision about",
    "followup": "Is it still working? You reported trying",
    "sign_in": "New sign-in to your account",
}


def load(where, *, order_by=None) -> list[Line]:
    """Lines for the notifications matching ``where`` (SQL clauses), oldest first."""
    stmt = (
        select(
            Notification.id,
            Notification.user_id,
            Notification.kind,
            Notification.post_id,
            Notification.comment_id,
            Notification.data,
            Notification.quiet,
            Notification.created_at,
            Notification.read_at,
            Post.title,
            Post.status,
            Comment.status,
            _ACTOR.username,
        )
        .outerjoin(Post, Post.id == Notification.post_id)
        .outerjoin(Comment, Comment.id == Notification.comment_id)
        .outerjoin(_ACTOR, _ACTOR.id == Notification.actor_id)
        .where(*where)
        .order_by(*(order_by or (Notification.user_id, Notification.id)))
    )
    urls = PostUrls()
    lines = []
    for (
        nid, user_id, kind, post_id, comment_id, data, quiet, created_at, read_at,
        title, post_status, comment_status, who,
    ) in db.session.execute(stmt):  # fmt: skip
        data = data if isinstance(data, dict) else {}
        visible = kind in ("moderation", "sign_in") or (
            post_status == "published" and (comment_id is None or comment_status == "published")
        )
        words = WORDS.get(kind, "Something new on").format(who=who or "Someone")
        note = ""
        if kind == "moderation" and isinstance(data.get("reason"), str):
            note = data["reason"][:300]
        url = urls.post(post_id, comment_id) if post_id else urls.home
        if kind == "followup" and isinstance(data.get("followup_id"), int):
            note = "Tell others whether it still works: one click on the page this links to."
            url = urls.followup(data["followup_id"])
        if kind == "sign_in":
            device = data.get("device") if isinstance(data.get("device"), str) else "a browser"
            words = f"New sign-in to your account: {device[:80]}"
            note = "If this wasn't you, change your password and end that session"
            url, title = urls.sessions, "Your account"
        lines.append(
            Line(
                id=nid,
                user_id=user_id,
                kind=kind,
                post_id=post_id,
                title=title or "a post",
                who=who,
                words=words,
                url=url,
                note=note,
                quiet=bool(quiet),
                created_at=created_at,
                visible=visible,
                read=read_at is not None,
            )
        )
    return lines


def by_member(lines: Iterable[Line]) -> dict[int, list[Line]]:
    grouped: dict[int, list[Line]] = {}
    for line in lines:
        grouped.setdefault(line.user_id, []).append(line)
    return grouped


def by_post(lines: Iterable[Line]) -> list[tuple[str, str, list[Line]]]:
    """(title, url, lines) per post, in the order each post first appears."""
    groups: dict[object, tuple[str, str, list[Line]]] = {}
    for line in lines:
        key = line.post_id or ("none", line.id)
        if key not in groups:
            groups[key] = (line.title, line.url.split("#")[0], [])
        groups[key][2].append(line)
    return list(groups.values())


class PostUrls:
    """Absolute post links under SITE_URL, built once per run and reused."""

    def __init__(self) -> None:
        from forum.mail.messages import absolute_url

        self.home = absolute_url("posts.home")
        self._pattern = absolute_url("posts.show", post_id=987654321)
        self._followup = absolute_url("followups.show", followup_id=987654321)
        self.sessions = absolute_url("account_hub.index") + "#sessions"

    def post(self, post_id: int, comment_id: int | None = None) -> str:
        url = self._pattern.replace("987654321", str(post_id))
        return f"{url}#comment-{comment_id}" if comment_id else url

    def followup(self, followup_id: int) -> str:
        """The "still working?" page, where the member answers with one click."""
        return self._followup.replace("987654321", str(followup_id))
