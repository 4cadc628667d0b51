""" "This helped": the asker of a question marks the answers (comments) that helped them."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Comment, User
from forum.policy import get_policy
from forum.services.errors import NotAllowed
from forum.services.locks import lock_row
from forum.services.posts import recount_comments


def mark_helped(user: User, comment: Comment, helped: bool) -> Comment:
    """Mark (``helped``) or unmark ``comment`` as having helped the question's
    asker. Saying what is already so changes nothing, so a second click, or a
    form sent twice, can't flip it back."""
    post = comment.post
    get_policy().check(user, "helped", post=post)  # a suspension says so
    if post.author_id != user.id:
        raise NotAllowed("Only the person who asked can say an answer helped them.")
    if post.kind != "question":
        raise NotAllowed("Only answers to a question can be marked as helping.", status=409)
    if comment.author_id == user.id:
        raise NotAllowed("Your own comments can't be marked as helping you.", status=409)
    lock_row(comment)  # a moderator hiding it at the same moment waits its turn
    if post.status != "published" or comment.status != "published":
        raise NotAllowed("This answer can't be marked just now.", status=409)
    if comment.helped != helped:
        comment.helped = helped
        db.session.flush()
        recount_comments(post)  # recounts the helped answers too
    db.session.commit()
    return comment
