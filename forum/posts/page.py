"""The post page, shared by the page itself and by the forms posted from it.

A comment or report that fails validation re-renders the whole post page with
the person's words kept in the form and the message beside the field.
"""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from forum.models import Post
from forum.posts import queries
from forum.posts.forms import CommentForm, ConfirmForm, OutcomeForm
from forum.privacy import Finding
from forum.visibility import can_delete, can_edit_comment, can_edit_post, retention


def can_report(post: Post) -> bool:
    """Signed-in people other than the author may say how trying a published post went."""
    return (
        current_user.is_authenticated
        and post.author_id != current_user.id
        and post.status == "published"
    )


def can_comment(post: Post) -> bool:
    return current_user.is_authenticated and post.status == "published" and not post.comments_locked


def render_post_page(
    post: Post,
    *,
    comment_form: CommentForm | None = None,
    outcome_form: OutcomeForm | None = None,
    privacy_findings: list[Finding] | None = None,
    outcome_findings: list[Finding] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """The post page; ``privacy_findings`` are shown with the comment form and
    ``outcome_findings`` with the "I tried this" form, whichever was sent."""
    # Forms only for those who can send them: building one puts a CSRF token in
    # the session, and a reader who isn't signed in should get no cookie at all.
    reporting, commenting = can_report(post), can_comment(post)
    my_report = queries.own_report(post) if reporting else None
    if outcome_form is None and reporting:
        outcome_form = OutcomeForm(formdata=None, obj=my_report)
    if my_report is not None:
        outcome_form.submit.label.text = "Update your report"
    if comment_form is None and commenting:
        comment_form = CommentForm(formdata=None)
    html = render_template(
        "posts/show.html",
        post=post,
        comments=queries.visible_comments(post),
        notes=queries.outcome_notes(post),
        my_report=my_report,
        can_report=reporting,
        can_comment=commenting,
        can_edit=can_edit_post(post),
        can_delete=can_delete(post),
        can_edit_comment=can_edit_comment,
        can_delete_comment=can_delete,
        purge_on=post.deleted_at + retention() if post.deleted_at else None,
        comment_form=comment_form,
        privacy_findings=privacy_findings or [],
        outcome_form=outcome_form,
        outcome_findings=outcome_findings or [],
        confirm_form=ConfirmForm(formdata=None) if current_user.is_authenticated else None,
    )
    return html, status
