"""The post page, shared by the page itself and by the forms posted from it.

A comment or report that fails validation re-renders the whole post page with
the person's words kept in the form and the message beside the field.

Comments (oldest first) and "I tried this" notes (newest first) are shown a
page at a time, read by key (:func:`forum.pagination.keyset_window`), so a
post with thousands of them costs what a post with fifty does:

- ``?after=<id>`` / ``?before=<id>``: the comments after / before that one
  (the "Newer comments" / "Older comments" links);
- ``?comment=<id>``: the page of comments that ends with that one, for links to
  one comment (:func:`comment_url`; after adding or editing one, from the
  moderation queue);
- ``?notes_after=<id>`` / ``?notes_before=<id>``: the same for the notes.

Each link carries the other list's argument, so paging one keeps the other
where it was.
"""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from forum.changeideas import record as change_record
from forum.extensions import db
from forum.followups import service as followup_service
from forum.lineage import service as lineage_service
from forum.lineage import tree as lineage_tree
from forum.models import Comment, OutcomeReport, Post
from forum.pagination import Window, keyset_window, window_cursor
from forum.posts import queries
from forum.posts.drafting import restored_comment_form
from forum.posts.forms import CommentForm, ConfirmForm, OutcomeForm
from forum.posts.related import related_posts
from forum.privacy import Finding
from forum.services.drafts import target_for
from forum.visibility import (
    can_delete,
    can_edit_comment,
    can_edit_post,
    retention,
    visible_comments_clause,
)

COMMENT_ARGS = ("after", "before")
NOTE_ARGS = ("notes_after", "notes_before")
AT_COMMENT = "comment"
PER_PAGE = 50  # comments or notes per page; COMMENTS_PER_PAGE in the config overrides it


def comment_url(post_id: int, comment_id: int, **values) -> str:
    """A link to one comment that lands on the page holding it."""
    return url_for(
        "posts.show", post_id=post_id, comment=comment_id, _anchor=f"comment-{comment_id}", **values
    )


def _kept(names: tuple[str, ...]) -> dict:
    """The query arguments named ``names`` this request came with."""
    return {name: request.args[name] for name in names if name in request.args}


HELPED_FIRST_MAX = 20  # answers listed first; more would bury the conversation


def helped_answers(post: Post) -> list[Comment]:
    """A question's answers its asker marked "this helped", oldest first: listed
    before the other comments, which then leave them out (one place each)."""
    if post.kind != "question" or not post.helped_count:
        return []
    stmt = (
        select(Comment)
        .where(Comment.post_id == post.id, Comment.helped, visible_comments_clause())
        .order_by(Comment.created_at, Comment.id)
        .limit(HELPED_FIRST_MAX)
    )
    return list(db.session.scalars(stmt))


def comment_window(post: Post, leave_out: list[Comment] = ()) -> Window:
    """The page of ``post``'s comments this request asks for, among those the
    reader may see, oldest first (authors joined), but for ``leave_out``."""
    stmt = select(Comment).where(Comment.post_id == post.id, visible_comments_clause())
    if leave_out:
        stmt = stmt.where(Comment.id.not_in([c.id for c in leave_out]))
    return keyset_window(
        stmt,
        (Comment.created_at, Comment.id),
        per_page=current_app.config.get("COMMENTS_PER_PAGE", PER_PAGE),
        cursor=window_cursor(*COMMENT_ARGS, AT_COMMENT),
        names=COMMENT_ARGS,
        keep=_kept(NOTE_ARGS),
    )


def note_window(post: Post) -> Window:
    """The page of "I tried this" reports with a note that this request asks
    for, newest first (reporters joined)."""
    stmt = select(OutcomeReport).where(OutcomeReport.post_id == post.id, OutcomeReport.note != "")
    return keyset_window(
        stmt,
        (OutcomeReport.updated_at, OutcomeReport.id),
        per_page=current_app.config.get("COMMENTS_PER_PAGE", PER_PAGE),
        cursor=window_cursor(*NOTE_ARGS),
        names=NOTE_ARGS,
        descending=True,
        keep=_kept((*COMMENT_ARGS, AT_COMMENT)),
    )


def can_report(post: Post) -> bool:
    """Signed-in people other than the author may say how trying a published
    post went; a question has nothing to try."""
    return (
        current_user.is_authenticated
        and post.author_id != current_user.id
        and post.status == "published"
        and post.kind != "question"
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
        # A first report starts from the member's own age band (their profile).
        outcome_form = OutcomeForm(
            formdata=None, obj=my_report, age_band=current_user.care_age_band
        )
    if my_report is not None:
        outcome_form.submit.label.text = "Update your report"
    draft = None
    if comment_form is None and commenting:
        # The comment this member was writing here, if they left before sending it.
        comment_form, draft = restored_comment_form(target_for("comment", post.id))
        comment_form = comment_form or CommentForm(formdata=None)
    answers_first = helped_answers(post)
    html = render_template(
        "posts/show.html",
        post=post,
        answers_first=answers_first,
        comments=comment_window(post, leave_out=answers_first),
        # The asker's "this helped" buttons (forum.posts.answers).
        can_mark_helped=post.kind == "question"
        and post.status == "published"
        and current_user.is_authenticated
        and current_user.id == post.author_id,
        notes=note_window(post),
        my_report=my_report,
        # "Still working?" questions on the member's own report (forum.followups).
        my_followups=followup_service.open_steps(my_report) if my_report else [],
        can_report=reporting,
        can_comment=commenting,
        can_edit=can_edit_post(post),
        can_delete=can_delete(post),
        can_edit_comment=can_edit_comment,
        can_delete_comment=can_delete,
        purge_on=post.deleted_at + retention() if post.deleted_at else None,
        comment_form=comment_form,
        comment_draft=draft,
        comment_draft_target=target_for("comment", post.id),
        privacy_findings=privacy_findings or [],
        outcome_form=outcome_form,
        outcome_findings=outcome_findings or [],
        confirm_form=ConfirmForm(formdata=None) if current_user.is_authenticated else None,
        related=related_posts(post),
        # Measures with their data, PDSA cycles, co-authors and the reader's
        # watch level for the side column: one statement (forum.changeideas.record).
        record=change_record.load(post, current_user),
        # What it adapted and its adaptations (no statement for a post with neither).
        lineage=lineage_tree.read(post),
        can_adapt=current_user.is_authenticated
        and not current_user.is_suspended()
        and lineage_service.adaptable(post, current_user),
    )
    return html, status
