"""Erasing the words of what authors deleted, once the retention period is over.

An author's delete hides their post or comment at once from everyone but
moderators (``forum.visibility``), who may read it for ``DELETED_RETENTION_DAYS``
in case it was abuse that must be acted on. After that nobody may read it, and
this erases its title, text and tags for good, its edit history (the earlier
versions), and the notes of flags raised on it. The row itself stays (empty),
so what hangs off it (reports, flags, the moderation log) keeps its shape.
Run daily by ``flask --app wsgi content purge``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from forum.extensions import db
from forum.models import Comment, CommentRevision, Post, PostRevision
from forum.policy import get_policy
from forum.visibility import deleted_since

BATCH = 500


@dataclass(frozen=True)
class Purged:
    posts: int
    comments: int


def _erase_post(post: Post) -> None:
    post.title = post.body = post.body_html = ""
    post.adaptation_note = ""  # what the author said they changed: their words too
    post.tags = []
    db.session.execute(delete(PostRevision).where(PostRevision.post_id == post.id))


def _erase_comment(comment: Comment) -> None:
    comment.body = comment.body_html = ""
    db.session.execute(delete(CommentRevision).where(CommentRevision.comment_id == comment.id))


def erase_now(item: Post | Comment) -> None:
    """Erase ``item``'s words at once, and what others wrote about them, inside
    the caller's transaction (a member who leaves and removes what they wrote:
    forum.deletion)."""
    _erase_post(item) if isinstance(item, Post) else _erase_comment(item)
    get_policy().purged(item)


def _purge(model: type[Post] | type[Comment], erase, cutoff: datetime) -> int:
    """Erase ``model`` rows deleted before ``cutoff``, a batch per transaction."""
    done = 0
    while True:
        rows = db.session.scalars(
            select(model)
            .where(model.status == "deleted", model.deleted_at <= cutoff, model.body != "")
            .order_by(model.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return done
        policy = get_policy()
        for row in rows:
            erase(row)
            policy.purged(row)  # what others wrote about it (flag notes) goes too
        db.session.commit()
        done += len(rows)


def purge_deleted(cutoff: datetime | None = None) -> Purged:
    """Erase what authors deleted before ``cutoff`` (default: the retention period ago)."""
    cutoff = cutoff or deleted_since()
    return Purged(
        posts=_purge(Post, _erase_post, cutoff),
        comments=_purge(Comment, _erase_comment, cutoff),
    )
