"""Questions: the asker marks answers "this helped", and the unanswered ones are listed."""

from __future__ import annotations

from flask import abort, flash, redirect
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.policy import WriteRefused
from forum.posts import queries
from forum.posts.forms import HelpedForm
from forum.posts.page import comment_url
from forum.posts.unanswered import render_unanswered
from forum.posts.views import bp
from forum.ratelimit_scopes import rate_limited
from forum.services import NotAllowed
from forum.services.answers import mark_helped


@bp.post("/comments/<int:answer_id>/helped", endpoint="mark_helped")
@rate_limited("helped")
@login_required
def mark_helped_view(answer_id: int) -> ResponseReturnValue:
    """ "This helped" on an answer (a comment on a question), by its asker."""
    comment = queries.visible_comment_or_404(answer_id)
    form = HelpedForm()
    if not form.validate_on_submit() or form.helped.data not in ("yes", "no"):
        abort(400)
    helped = form.helped.data == "yes"
    try:
        mark_helped(current_user._get_current_object(), comment, helped)
    except (NotAllowed, WriteRefused) as refusal:
        abort(refusal.status, refusal.message)
    if helped:
        flash("Marked as helping you: it is listed first for others who ask.", "success")
    else:
        flash("No longer marked as helping you.", "success")
    return redirect(comment_url(comment.post_id, comment.id))


@bp.get("/questions/unanswered")
def unanswered() -> ResponseReturnValue:
    """Every condition's unanswered questions (the home page links here)."""
    return render_unanswered()
