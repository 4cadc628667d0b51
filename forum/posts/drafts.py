"""Drafts of the writing forms: saved as people type, discarded with a button.

``POST /drafts`` is what static/js/preview.js sends a moment after typing
stops (CSRF token in the ``X-CSRFToken`` header): the form's fields and which
form they are from. It answers JSON. ``POST /drafts/discard`` is the "Discard
draft" button beside a restored draft. Keeping, restoring and publishing
drafts from the forms themselves is in ``forum.posts.drafting``.

A member only ever saves, reads or discards their own drafts, and only for a
form they may use: a draft of an edit needs a post they may edit, a comment's
draft a post open for comments.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from werkzeug.exceptions import HTTPException

from forum.errors import json_error
from forum.policy import WriteRefused, get_policy
from forum.posts import queries
from forum.posts.forms import DiscardDraftForm, DraftForm
from forum.posts.page import can_comment
from forum.posts.views import bp, editable_post_or_abort
from forum.ratelimit_scopes import rate_limited
from forum.services import ValidationFailed
from forum.services.drafts import discard_draft, parse_target, save_draft


def _refused_as_json(message: str) -> ResponseReturnValue:
    """The script that saves drafts reads JSON, a full bucket included."""
    return json_error(429, message)


@bp.post("/drafts", endpoint="save_draft")
@rate_limited("draft", refused=_refused_as_json)
def save_draft_view() -> ResponseReturnValue:
    if not current_user.is_authenticated:
        return json_error(401, "Sign in to keep a draft.")
    form = DraftForm()
    if not form.validate_on_submit():  # only the CSRF token can fail here
        return json_error(400, "Reload the page.")
    parsed = parse_target(form.target.data)
    if parsed is None:
        return json_error(400, "That is not a form a draft can be kept for.")
    user = current_user._get_current_object()
    try:
        may_write(*parsed)
        get_policy().check(user, "draft")  # a suspended member: say so while they type
    except HTTPException as refusal:
        return json_error(refusal.code or 400, refusal.description or "")
    except WriteRefused as refusal:
        return json_error(refusal.status, refusal.message)
    values = {name: form[name].data for name in ("title", "kind", "body", "conditions", "tags")}
    try:
        draft = save_draft(user, form.target.data, values)
    except ValidationFailed as failure:
        return json_error(400, "This is too long to keep as a draft.", fields=failure.fields)
    if draft is None:
        return jsonify(saved=False, message="")
    return jsonify(saved=True, saved_at=draft.updated_at.isoformat(), message="Draft saved.")


@bp.post("/drafts/discard", endpoint="discard_draft")
@rate_limited("draft")
@login_required
def discard_draft_view() -> ResponseReturnValue:
    form = DiscardDraftForm()
    if not form.validate_on_submit():
        abort(400)
    parsed = parse_target(form.target.data) or abort(400)
    if discard_draft(current_user._get_current_object(), form.target.data):
        flash("Your draft was discarded.")
    return redirect(form_url(*parsed))


def may_write(kind: str, post_id: int | None) -> None:
    """Abort unless the signed-in member may use the form a draft is for."""
    if kind == "edit":
        editable_post_or_abort(post_id)
    elif kind == "comment":
        post = queries.visible_post_or_404(post_id)
        if not can_comment(post):
            abort(409, "Comments are closed on this post.")


def form_url(kind: str, post_id: int | None) -> str:
    """Where the form a draft is for is."""
    if kind == "edit":
        return url_for("posts.edit", post_id=post_id)
    if kind == "comment":
        return url_for("posts.show", post_id=post_id, _anchor="comment-form")
    return url_for("posts.new")
