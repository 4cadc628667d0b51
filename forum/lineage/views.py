""" "Adapt this": the page that says what may be copied, and how the new-post
form is filled in from it (``forum.posts.views.new`` calls :func:`prefill`)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.lineage import service
from forum.lineage.forms import AdaptForm
from forum.models import Post
from forum.posts import queries
from forum.services.rules import Errors

bp = Blueprint("lineage", __name__)


@bp.get("/posts/<int:post_id>/adapt")
@login_required
def adapt(post_id: int) -> ResponseReturnValue:
    """The parts of a published hack or change idea a member may copy into their
    own post. 404 for what they can't see; 403 for a question or a held post."""
    post = queries.visible_post_or_404(post_id)
    if not service.adaptable(post, current_user):
        abort(403, "Only a published post about what worked, or a change idea, can be adapted.")
    parts = service.parts_of(post)
    form = AdaptForm(formdata=None, copy=list(parts))
    form.copy.choices = [c for c in form.copy.choices if c.value in parts]
    return render_template("lineage/adapt.html", post=post, form=form)


def original_for(form_value, user) -> Post | None:
    """The post a new-post form adapts (its hidden ``adapted_from``), if it may be."""
    if not form_value:
        return None
    return service.original(form_value, user, Errors())


def prefill(form, post: Post, parts: tuple[str, ...]) -> None:
    """Fill ``form`` (a new-post form) from ``post`` with the chosen ``parts``;
    the hidden fields carry the choice through previews and failed sends."""
    form.adapted_from.data = str(post.id)
    form.copy.data = ",".join(parts)
    form.kind.data = post.kind
    if "text" in parts:
        form.title.data, form.body.data = post.title, post.body
    if "conditions" in parts:
        form.conditions.data = [c.slug for c in post.conditions]
        form.tags.data = ", ".join(post.tag_names)
    if "aim" in parts:
        for name in service.AIM_COLUMNS:  # the form's aim and setting fields, where it has them
            if (field := getattr(form, name, None)) is not None:
                field.data = getattr(post, name)


def adapt_args() -> tuple[Post, tuple[str, ...]] | None:
    """The original and parts a GET of the new-post form asks to adapt
    (``?adapt=<id>&copy=…``); a 404 for an id the member may not adapt."""
    if "adapt" not in request.args:
        return None
    errors = Errors()
    post = service.original(request.args.get("adapt"), current_user, errors)
    if post is None:
        abort(404)
    parts = service.copy_choices(request.args.getlist("copy"), errors)
    return post, parts  # unknown parts are left out (the checkboxes send only known ones)
