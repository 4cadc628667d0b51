"""Comments on posts."""

from __future__ import annotations

from flask import current_app

from forum import signals
from forum.extensions import db
from forum.markup import render_markdown
from forum.models import Comment, CommentRevision, Post, User
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.drafts import forget_draft, target_for
from forum.services.errors import NotAllowed
from forum.services.locks import lock_row
from forum.services.posts import mark_deleted, recount_comments
from forum.services.watching import watch_by_default
from forum.visibility import can_delete, can_edit_comment


def add_comment(author: User, post: Post, body, *, from_draft: bool = False) -> Comment:
    """A comment on a published post; ``from_draft``: the author's draft of it goes."""
    if post.status != "published":
        raise NotAllowed("Comments are closed on this post.", status=409)
    if post.comments_locked:
        raise NotAllowed("A moderator has locked comments on this post.", status=409)
    errors = rules.Errors()
    body = rules.body(body, errors, limit=rules.COMMENT_MAX)
    errors.raise_if_any()
    policy = get_policy()
    policy.check(author, "comment", text=body, post=post)
    comment = Comment(
        post=post,
        author=author,
        body=body,
        body_html=render_markdown(body),
        status=policy.initial_status(author, "comment", text=body),
    )
    db.session.add(comment)
    if from_draft:
        forget_draft(author, target_for("comment", post.id))
    if comment.status == "published":
        # An increment, not a recount: concurrent comments must not overwrite each other.
        post.comment_count = Post.comment_count + 1
    watch_by_default(author, post)  # the conversation you joined
    db.session.commit()
    signals.comment_created.send(current_app._get_current_object(), user=author, comment=comment)
    return comment


def edit_comment(editor: User, comment: Comment, body, *, reason=None) -> Comment:
    """An edit by the author, or by a moderator with a ``reason`` on the record."""
    if not can_edit_comment(comment, editor):
        raise NotAllowed("You can only edit your own comments.")
    errors = rules.Errors()
    by_staff = editor.id != comment.author_id
    if by_staff:
        reason = rules.reason(reason, errors)
    body = rules.body(body, errors, limit=rules.COMMENT_MAX)
    errors.raise_if_any()
    policy = get_policy()
    policy.check(editor, "edit_comment", text=body, post=comment.post)
    if body != comment.body:
        now = utcnow()
        # The words this edit replaces: its author's export carries the history.
        db.session.add(
            CommentRevision(
                comment_id=comment.id, editor_id=editor.id, body=comment.body, edited_at=now
            )
        )
        comment.body, comment.body_html = body, render_markdown(body)
        comment.updated_at = comment.edited_at = now
        if by_staff:
            policy.record(editor, "moderator_edit", comment, reason=reason)
        db.session.commit()
    return comment


def delete_comment(user: User, comment: Comment) -> None:
    """Its author takes a comment back (see ``delete_post`` for who sees it after)."""
    policy = get_policy()
    policy.check(user, "delete", post=comment.post)  # a suspension says so
    lock_row(comment)  # a second click, or a moderator's remove, waits its turn
    if comment.status == "deleted":
        return  # the second click: nothing more to do
    if not can_delete(comment, user):
        raise NotAllowed("Only its author can delete a comment.")
    mark_deleted(comment)
    db.session.flush()
    recount_comments(comment.post)  # a recount, so no race can take it below zero
    policy.author_deleted(comment)
    db.session.commit()
