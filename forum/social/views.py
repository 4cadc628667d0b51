"""Save and Thanks on posts and comments, and the Saved page.

Each button is a small form (CSRF token, rate limited) that says which state
it asks for and sends the member back to where they pressed it: the post or
comment on its page (by its fragment anchor), or the Saved page. No
JavaScript is needed.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.extensions import db
from forum.models import Comment, Post
from forum.pagination import paginate
from forum.policy import WriteRefused
from forum.posts import queries as post_queries
from forum.posts.page import comment_url, render_post_page
from forum.ratelimit_scopes import rate_limited
from forum.services import NotAllowed
from forum.services.bookmarks import set_saved
from forum.services.thanks import set_thanked
from forum.social.forms import BACK_TO_SAVED, MarkForm
from forum.social.queries import (
    NEWEST_SAVED,
    can_see,
    reader_marks,
    saved_items,
    saved_list,
    to_save,
)

bp = Blueprint("social", __name__)
bp.add_app_template_global(reader_marks, "reader_marks")

SAVED_PER_PAGE = 20
_SAVED_WORDS = {
    True: "Saved. You'll find it on your Saved page.",
    False: "Removed from your saved list.",
}
_THANKS_WORDS = {True: "Thank you for saying thanks.", False: "Your thanks is taken back."}


@bp.get("/saved")
@login_required
def saved() -> ResponseReturnValue:
    """The signed-in member's own saved list: there is no address for anyone else's."""
    return _render_saved()


@bp.post("/posts/<int:post_id>/save")
@rate_limited("save")
@login_required
def save_post(post_id: int) -> ResponseReturnValue:
    return _mark(_to_save(Post, post_id), set_saved, _SAVED_WORDS)


@bp.post("/comments/<int:comment_id>/save")
@rate_limited("save")
@login_required
def save_comment(comment_id: int) -> ResponseReturnValue:
    return _mark(_to_save(Comment, comment_id), set_saved, _SAVED_WORDS)


@bp.post("/posts/<int:post_id>/thanks")
@rate_limited("thanks")
@login_required
def thank_post(post_id: int) -> ResponseReturnValue:
    return _mark(post_queries.visible_post_or_404(post_id), set_thanked, _THANKS_WORDS)


@bp.post("/comments/<int:comment_id>/thanks")
@rate_limited("thanks")
@login_required
def thank_comment(comment_id: int) -> ResponseReturnValue:
    return _mark(post_queries.visible_comment_or_404(comment_id), set_thanked, _THANKS_WORDS)


def _mark(target: Post | Comment, service: Callable, words: dict[bool, str]) -> ResponseReturnValue:
    form = MarkForm()
    if not form.validate_on_submit():
        abort(400)  # only the CSRF token can fail here
    wanted = form.wanted()
    if wanted is None:
        abort(400, "That button sent something unexpected. Reload the page and try again.")
    visible = can_see(target, current_user)
    try:
        service(current_user._get_current_object(), target, wanted)
    except (NotAllowed, WriteRefused) as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        if form.back.data == BACK_TO_SAVED or not visible:
            return _render_saved(status=refusal.status)
        return render_post_page(_post_of(target), status=refusal.status)
    flash(words[wanted], "success")
    if form.back.data == BACK_TO_SAVED or not visible:
        return redirect(url_for("social.saved"))
    if isinstance(target, Post):
        return redirect(url_for("posts.show", post_id=target.id, _anchor="post-marks"))
    return redirect(comment_url(target.post_id, target.id))


def _to_save(model: type[Post] | type[Comment], target_id: int) -> Post | Comment:
    """What the Save button may act on (forum.social.queries.to_save), or 404."""
    saving = MarkForm().wanted() is not False  # a bad value is the form's 400, later
    return to_save(model, target_id, current_user, saving=saving) or abort(404)


def _post_of(target: Post | Comment) -> Post:
    return target if isinstance(target, Post) else target.post


def _render_saved(status: int = 200) -> tuple[str, int]:
    user = current_user._get_current_object()
    page = paginate(saved_list(user), keyset=NEWEST_SAVED, per_page=SAVED_PER_PAGE)
    html = render_template("social/saved.html", page=page, items=saved_items(page.items, user))
    return html, status
