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
from forum.models import Bookmark, Comment, Post
from forum.pagination import paginate
from forum.policy import WriteRefused
from forum.posts import queries as post_queries
from forum.posts.page import comment_url, render_post_page
from forum.ratelimit_scopes import rate_limited
from forum.services import NotAllowed
from forum.services.bookmarks import set_saved
from forum.services.marks import has
from forum.services.thanks import set_thanked
from forum.social.forms import BACK_TO_SAVED, MarkForm
from forum.social.queries import NEWEST_SAVED, reader_marks, saved_items, saved_list
from forum.visibility import can_view_comment, can_view_post

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
    return _mark(_post_to_mark(post_id), set_saved, _SAVED_WORDS)


@bp.post("/comments/<int:comment_id>/save")
@rate_limited("save")
@login_required
def save_comment(comment_id: int) -> ResponseReturnValue:
    return _mark(_comment_to_mark(comment_id), set_saved, _SAVED_WORDS)


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


def _post_to_mark(post_id: int) -> Post:
    """A post the member may see, or one they saved before it went out of
    sight (so a dead entry can still be taken off their list); otherwise 404."""
    post = db.session.get(Post, post_id)
    if post is None or not (can_view_post(post) or has(Bookmark, current_user, post)):
        abort(404)
    return post


def _comment_to_mark(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    visible = comment is not None and can_view_comment(comment) and can_view_post(comment.post)
    if not (visible or (comment is not None and has(Bookmark, current_user, comment))):
        abort(404)
    return comment


def _mark(target: Post | Comment, service: Callable, words: dict[bool, str]) -> ResponseReturnValue:
    form = MarkForm()
    if not form.validate_on_submit():
        abort(400)  # only the CSRF token can fail here
    wanted = form.wanted()
    if wanted is None:
        abort(400, "That button sent something unexpected. Reload the page and try again.")
    visible = _visible(target)
    if wanted and not visible:
        abort(404)  # saving again what went out of sight: as if it never existed
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


def _post_of(target: Post | Comment) -> Post:
    return target if isinstance(target, Post) else target.post


def _visible(target: Post | Comment) -> bool:
    post = _post_of(target)
    return can_view_post(post) and (isinstance(target, Post) or can_view_comment(target))


def _render_saved(status: int = 200) -> tuple[str, int]:
    user = current_user._get_current_object()
    page = paginate(saved_list(user), keyset=NEWEST_SAVED, per_page=SAVED_PER_PAGE)
    html = render_template("social/saved.html", page=page, items=saved_items(page.items, user))
    return html, status
