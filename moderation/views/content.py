"""Actions on posts and comments from their own pages: flag, safety review,
fix conditions and tags, lock comments, remove and restore."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user

from forum.models import Comment, Post
from forum.plugins import visible_comment_or_404, visible_post_or_404
from moderation import decisions, flags, retag, reviews
from moderation.forms import FlagForm, ReasonForm, RetagForm, SafetyReviewForm
from moderation.ratelimits import rate_limited
from moderation.views.base import allow, bp, refuse_invalid_form, run_action

ID = "<int:{}>"  # ids are bounded by the app's int converter


def _post_url(post_id: int, anchor: str | None = None) -> str:
    return url_for("posts.show", post_id=post_id, _anchor=anchor)


def _comment_url(comment: Comment) -> str:
    """The page of the post that holds ``comment`` (comments come a page at a time)."""
    anchor = f"comment-{comment.id}"
    return url_for("posts.show", post_id=comment.post_id, comment=comment.id, _anchor=anchor)


def _flag(target: Post | Comment, back: str):
    form = FlagForm()
    if not form.validate_on_submit():
        return refuse_invalid_form(form, back)
    return run_action(
        lambda: flags.flag(current_user, target, reason=form.reason.data, note=form.note.data),
        success="Thank you. Your flag is with the reviewers.",
        back=back,
    )


@bp.post(f"/posts/{ID.format('post_id')}/flag")
@allow("member")
@rate_limited("flag")
def flag_post(post_id: int):
    return _flag(visible_post_or_404(post_id), _post_url(post_id))


@bp.post(f"/comments/{ID.format('comment_id')}/flag")
@allow("member")
@rate_limited("flag")
def flag_comment(comment_id: int):
    comment = visible_comment_or_404(comment_id)
    return _flag(comment, _comment_url(comment))


@bp.post(f"/posts/{ID.format('post_id')}/safety-review")
@allow("safety")
@rate_limited("moderate")
def review_post(post_id: int):
    post = visible_post_or_404(post_id)
    form = SafetyReviewForm()
    if not form.validate_on_submit():
        return refuse_invalid_form(form, _post_url(post_id))
    return run_action(
        lambda: reviews.review_post(current_user, post, label=form.label.data, note=form.note.data),
        success="Safety review saved.",
        back=_post_url(post_id),
    )


@bp.post(f"/posts/{ID.format('post_id')}/conditions-and-tags")
@allow("retag")
@rate_limited("retag")
def retag_post(post_id: int):
    post = visible_post_or_404(post_id)
    # Back to the top of the post: the message and the new chips are both there.
    back = _post_url(post_id)
    form = RetagForm(prefix="retag")
    if not form.validate_on_submit():
        return refuse_invalid_form(form, back)
    return run_action(
        lambda: retag.retag_post(
            current_user,
            post,
            conditions=form.conditions.data or [],
            tags=form.tags.data or "",
            reason=form.reason.data,
        ),
        success="Conditions and tags saved. Thank you for helping people find this post.",
        back=back,
    )


def _with_reason(action, success: str, back: str):
    form = ReasonForm()
    if not form.validate_on_submit():
        return refuse_invalid_form(form, back)
    return run_action(lambda: action(form.reason.data), success=success, back=back)


@bp.post(f"/posts/{ID.format('post_id')}/lock")
@allow("moderator")
@rate_limited("moderate")
def lock_comments(post_id: int):
    return _set_locked(post_id, True, "Comments are locked.")


@bp.post(f"/posts/{ID.format('post_id')}/unlock")
@allow("moderator")
@rate_limited("moderate")
def unlock_comments(post_id: int):
    return _set_locked(post_id, False, "Comments are open again.")


def _set_locked(post_id: int, locked: bool, success: str):
    post = visible_post_or_404(post_id)
    return _with_reason(
        lambda reason: decisions.set_comments_locked(
            current_user, post, locked=locked, reason=reason
        ),
        success,
        _post_url(post_id),
    )


def _decide(target: Post | Comment, decision: str, success: str, back: str):
    return _with_reason(
        lambda reason: decisions.decide(current_user, target, decision=decision, reason=reason),
        success,
        back,
    )


@bp.post(f"/posts/{ID.format('post_id')}/remove")
@allow("moderator")
@rate_limited("moderate")
def remove_post(post_id: int):
    post = visible_post_or_404(post_id)
    return _decide(post, "remove", "The post was removed.", _post_url(post_id))


@bp.post(f"/posts/{ID.format('post_id')}/restore")
@allow("moderator")
@rate_limited("moderate")
def restore_post(post_id: int):
    post = visible_post_or_404(post_id)
    return _decide(post, "approve", "The post is published again.", _post_url(post_id))


@bp.post(f"/comments/{ID.format('comment_id')}/remove")
@allow("moderator")
@rate_limited("moderate")
def remove_comment(comment_id: int):
    comment = visible_comment_or_404(comment_id)
    back = _comment_url(comment)
    return _decide(comment, "remove", "The comment was removed.", back)


@bp.post(f"/comments/{ID.format('comment_id')}/restore")
@allow("moderator")
@rate_limited("moderate")
def restore_comment(comment_id: int):
    comment = visible_comment_or_404(comment_id)
    back = _comment_url(comment)
    return _decide(comment, "approve", "The comment is published again.", back)
