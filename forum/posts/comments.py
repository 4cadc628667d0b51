"""Comments on a post: add, edit (authors, or moderators with a reason) and delete."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.auth.sessions import refused_status
from forum.forms import apply_errors
from forum.models import Comment
from forum.policy import WriteRefused
from forum.posts import drafting, queries
from forum.posts.forms import CommentForm, ConfirmForm
from forum.posts.page import can_comment, comment_url, render_post_page
from forum.posts.privacy_check import findings_to_confirm
from forum.posts.views import bp
from forum.privacy import Finding
from forum.ratelimit_scopes import rate_limited
from forum.ratelimits import done
from forum.services import NotAllowed, ValidationFailed
from forum.services.comments import add_comment, delete_comment, edit_comment
from forum.services.drafts import target_for
from forum.visibility import can_edit_comment


@bp.get("/posts/<int:post_id>/comments", endpoint="comments")
def comments_view(post_id: int) -> ResponseReturnValue:
    """The address a failed comment's page has: reloading it lands on the comment
    form, where the comment typed is restored from its draft."""
    post = queries.visible_post_or_404(post_id)
    return redirect(url_for("posts.show", post_id=post.id, _anchor="comment-form"))


def _failed(post, form: CommentForm, **page) -> tuple[str, int]:
    """The post page with the comment form as typed; the words are kept as a
    draft too, so reloading the page (a GET of this address) brings them back."""
    drafting.keep(form, target_for("comment", post.id))
    return render_post_page(post, comment_form=form, **page)


def _refused_comment(message: str, post_id: int) -> ResponseReturnValue | None:
    """A comment a rate limit refused: the post page with it as typed, saying when to retry."""
    if not current_user.is_authenticated:
        return None
    post = queries.visible_post_or_404(post_id)
    form = CommentForm()
    form.form_errors.append(message)
    return _failed(post, form)


@bp.post("/posts/<int:post_id>/comments", endpoint="add_comment")
@rate_limited("writing", "comment", refused=_refused_comment)
@login_required
def add_comment_view(post_id: int) -> ResponseReturnValue:
    post = queries.visible_post_or_404(post_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _failed(post, form, status=400)
    if findings := findings_to_confirm(form, form.body.data):
        return _failed(post, form, privacy_findings=findings)
    try:
        comment = add_comment(
            current_user._get_current_object(), post, form.body.data, from_draft=True
        )
    except ValidationFailed as failure:
        apply_errors(form, failure)
        return _failed(post, form, status=400)
    except (NotAllowed, WriteRefused) as refusal:
        # Beside the form the member sent (a suspension replaces the form with
        # its notice); flashed only when the form isn't shown (locked, held post).
        if can_comment(post):
            form.form_errors.append(refusal.message)
        else:
            flash(refusal.message, "error")
        return render_post_page(post, comment_form=form, status=refusal.status)
    done()  # a comment was made: it counts against the commenting limits
    if comment.status == "pending":
        # The comment's own banner says it is waiting for review: once is enough.
        flash("Thank you for your comment.", "success")
    else:
        flash("Your comment was added.", "success")
    return redirect(comment_url(post.id, comment.id))


def _refused_comment_edit(message: str, comment_id: int) -> ResponseReturnValue | None:
    """A comment edit a rate limit refused: the form as typed, saying when to retry."""
    if not current_user.is_authenticated:
        return None
    comment = _editable_comment_or_abort(comment_id)
    form = CommentForm()
    form.form_errors.append(message)
    return _render_comment_form(form, comment)


def _editable_comment_or_abort(comment_id: int) -> Comment:
    comment = queries.visible_comment_or_404(comment_id)
    if not can_edit_comment(comment) and refused_status() != 403:  # as posts' edit
        abort(403, "You can only edit your own comments.")
    return comment


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"], endpoint="edit_comment")
@rate_limited("writing", "edit", refused=_refused_comment_edit)
@login_required
def edit_comment_view(comment_id: int) -> ResponseReturnValue:
    comment = _editable_comment_or_abort(comment_id)
    if request.method == "GET":
        form = CommentForm(formdata=None, data={"body": comment.body})
        return _render_comment_form(form, comment, status=refused_status())
    form = CommentForm()
    if not form.validate_on_submit():
        return _render_comment_form(form, comment, status=400)
    if findings := findings_to_confirm(form, form.body.data):
        return _render_comment_form(form, comment, findings=findings)
    try:
        edit_comment(
            current_user._get_current_object(), comment, form.body.data, reason=form.reason.data
        )
    except ValidationFailed as failure:
        apply_errors(form, failure)
        return _render_comment_form(form, comment, status=400)
    except (NotAllowed, WriteRefused) as refusal:
        form.form_errors.append(refusal.message)
        return _render_comment_form(form, comment, status=refusal.status)
    done()  # an edit was saved: it counts against the editing limits
    flash("Your comment is saved.", "success")
    return redirect(comment_url(comment.post_id, comment.id))


@bp.post("/comments/<int:comment_id>/delete", endpoint="delete_comment")
@rate_limited("delete")
@login_required
def delete_comment_view(comment_id: int) -> ResponseReturnValue:
    comment = queries.visible_comment_or_404(comment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        delete_comment(current_user._get_current_object(), comment)
    except (NotAllowed, WriteRefused) as refusal:
        abort(refusal.status, refusal.message)
    flash("The comment was deleted.", "success")
    return redirect(url_for("posts.show", post_id=comment.post_id, _anchor="comments"))


def _render_comment_form(
    form: CommentForm,
    comment: Comment,
    *,
    findings: list[Finding] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    form.submit.label.text = "Save comment"
    html = render_template(
        "posts/edit_comment.html", form=form, comment=comment, privacy_findings=findings or []
    )
    return html, status
