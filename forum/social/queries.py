"""The reads behind bookmarks and thanks, each a fixed number of queries.

- :func:`reader_marks`: what the signed-in reader saved and thanked among a
  post page's post and comments, in one query for the whole page (the
  templates ask through the ``reader_marks`` global; counts are columns on the
  posts and comments, so they cost nothing).
- :func:`saved_items`: a member's own saved list, newest saved first, each
  item with what the reader may still see of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import g, url_for
from flask_login import current_user
from sqlalchemy import Select, literal, or_, select, union_all
from sqlalchemy.orm import joinedload

from forum.extensions import db
from forum.models import Bookmark, Comment, Post, Thanks, User
from forum.posts.page import comment_url
from forum.services.marks import has
from forum.visibility import can_view_comment, can_view_post

# The saved list's order and the key its pages are read by (forum.pagination).
NEWEST_SAVED = (Bookmark.created_at, Bookmark.id)


@dataclass(frozen=True)
class ReaderMarks:
    """Ids the reader saved or thanked, among those asked about."""

    saved_posts: frozenset[int] = field(default_factory=frozenset)
    saved_comments: frozenset[int] = field(default_factory=frozenset)
    thanked_posts: frozenset[int] = field(default_factory=frozenset)
    thanked_comments: frozenset[int] = field(default_factory=frozenset)

    def saved(self, target: Post | Comment) -> bool:
        ids = self.saved_posts if isinstance(target, Post) else self.saved_comments
        return target.id in ids

    def thanked(self, target: Post | Comment) -> bool:
        ids = self.thanked_posts if isinstance(target, Post) else self.thanked_comments
        return target.id in ids


_NONE = ReaderMarks()


def _rows_of(model, kind: str, user: User, post_id: int, comment_ids: list[int]) -> Select:
    about = model.post_id == post_id
    if comment_ids:
        about = or_(about, model.comment_id.in_(comment_ids))
    return select(literal(kind), model.post_id, model.comment_id).where(
        model.user_id == user.id, about
    )


def reader_marks(post: Post, comments: Iterable[Comment] = ()) -> ReaderMarks:
    """What the signed-in reader saved and thanked of ``post`` and ``comments``:
    one query per request, however many comments and buttons ask (remembered on ``g``)."""
    if not current_user.is_authenticated:
        return _NONE
    comment_ids = sorted(c.id for c in comments)
    key = (post.id, tuple(comment_ids))
    found = g.setdefault("reader_marks", {})
    if key not in found:
        user = current_user
        query = union_all(
            _rows_of(Bookmark, "saved", user, post.id, comment_ids),
            _rows_of(Thanks, "thanked", user, post.id, comment_ids),
        )
        sets: dict[str, set[int]] = {
            "saved_posts": set(), "saved_comments": set(),
            "thanked_posts": set(), "thanked_comments": set(),
        }  # fmt: skip
        for kind, post_id, comment_id in db.session.execute(query):
            if post_id is not None:
                sets[f"{kind}_posts"].add(post_id)
            else:
                sets[f"{kind}_comments"].add(comment_id)
        found[key] = ReaderMarks(**{name: frozenset(ids) for name, ids in sets.items()})
    return found[key]


def can_see(target: Post | Comment, viewer) -> bool:
    """``viewer`` may see ``target`` (and, for a comment, its post)."""
    post = target if isinstance(target, Post) else target.post
    return can_view_post(post, viewer) and (
        isinstance(target, Post) or can_view_comment(target, viewer)
    )


def to_save(model: type[Post] | type[Comment], target_id: int, viewer, *, saving: bool):
    """The post or comment ``viewer`` may save (one they may see) or take off
    their list (one they may see, or one they saved before it went out of
    sight, so a dead entry can still go); None otherwise, as if there were
    none: nobody learns that something they can't see exists."""
    target = db.session.get(model, target_id)
    if target is None or can_see(target, viewer):
        return target
    return None if saving or not has(Bookmark, viewer, target) else target


@dataclass(frozen=True)
class SavedItem:
    """One entry of a saved list: the bookmark, and its post or comment when the
    reader may still see it (None: "no longer available", and nothing about it
    is shown, not even its title)."""

    bookmark: Bookmark
    post: Post | None
    comment: Comment | None

    @property
    def kind(self) -> str:
        return "post" if self.bookmark.post_id is not None else "comment"

    @property
    def available(self) -> bool:
        return self.post is not None or self.comment is not None

    @property
    def url(self) -> str | None:
        """Where it is read: the post, or the page of comments holding the comment."""
        if self.post is not None:
            return url_for("posts.show", post_id=self.post.id)
        if self.comment is not None:
            return comment_url(self.comment.post_id, self.comment.id)
        return None


def saved_list(user: User) -> Select:
    """``user``'s bookmarks, newest saved first, their posts and comments joined."""
    return (
        select(Bookmark)
        .where(Bookmark.user_id == user.id)
        .options(
            joinedload(Bookmark.post),
            joinedload(Bookmark.comment).joinedload(Comment.post),
        )
        .order_by(*(column.desc() for column in NEWEST_SAVED))
    )


def saved_items(bookmarks: Iterable[Bookmark], viewer) -> list[SavedItem]:
    """Each bookmark with what ``viewer`` may still see of it (forum.visibility):
    a post or comment hidden, removed or deleted since it was saved is no longer shown."""
    items = []
    for bookmark in bookmarks:
        post, comment = bookmark.post, bookmark.comment
        post = post if post is not None and can_see(post, viewer) else None
        comment = comment if comment is not None and can_see(comment, viewer) else None
        items.append(SavedItem(bookmark, post, comment))
    return items
