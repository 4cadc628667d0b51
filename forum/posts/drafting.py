"""Keeping and restoring the writing forms' drafts (the routes: ``forum.posts.drafts``).

The post form keeps a draft when its Preview button is used (the way to keep
one without JavaScript) and whenever it comes back unpublished; the comment
form whenever a comment fails, so reloading the page brings the words back.
With JavaScript, static/js/preview.js saves as people type. Opening a form
restores its draft, with a note saying from when and a button to discard it.
"""

from __future__ import annotations

from contextlib import suppress

from flask_login import current_user

from forum.conditions.tree import ConditionTree
from forum.models import Draft
from forum.posts.forms import CommentForm, PostForm
from forum.services.drafts import load_draft, save_draft
from forum.services.errors import ValidationFailed


def typed(form: PostForm | CommentForm) -> dict:
    """What the person typed into ``form``, as a draft keeps it."""
    if isinstance(form, PostForm):
        return {
            "title": form.title.data,
            "kind": form.kind.data,
            "body": form.body.data,
            "conditions": form.conditions.data or [],
            "tags": form.tags.data,
        }
    return {"body": form.body.data}


def keep(form: PostForm | CommentForm, target: str) -> None:
    """Save the form as the signed-in member's draft of ``target``, if it can be kept.

    A form too long to keep is not an error here: it comes back with its words
    and the form's own message about their length.
    """
    if not current_user.is_authenticated:
        return
    with suppress(ValidationFailed):
        save_draft(current_user._get_current_object(), target, typed(form))


def restored_post_form(tree: ConditionTree, target: str) -> tuple[PostForm | None, Draft | None]:
    """The post form filled from the member's draft of ``target``, and the draft;
    (None, None) when there is none."""
    draft = load_draft(current_user._get_current_object(), target)
    if draft is None:
        return None, None
    return PostForm(tree, formdata=None, data=draft.fields), draft


def restored_comment_form(target: str) -> tuple[CommentForm | None, Draft | None]:
    """The comment form filled from the member's draft, and the draft; or (None, None)."""
    draft = load_draft(current_user._get_current_object(), target)
    if draft is None:
        return None, None
    return CommentForm(formdata=None, data={"body": draft.fields.get("body", "")}), draft
