""" "I tried this": reporting how trying a post went, from the post page."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.forms import apply_errors
from forum.policy import WriteRefused
from forum.posts import queries
from forum.posts.forms import OutcomeForm
from forum.posts.page import can_report, render_post_page
from forum.posts.privacy_check import findings_to_confirm
from forum.posts.views import bp
from forum.ratelimit_scopes import rate_limited
from forum.services import NotAllowed, ValidationFailed
from forum.services.outcomes import QUESTION_REFUSAL, report_outcome


@bp.post("/posts/<int:post_id>/outcomes", endpoint="report_outcome")
@rate_limited("outcome")
@login_required
def report_outcome_view(post_id: int) -> ResponseReturnValue:
    post = queries.visible_post_or_404(post_id)
    if post.kind == "question":  # no form on a question's page to show an error beside
        flash(QUESTION_REFUSAL, "error")
        return render_post_page(post, status=409)
    form = OutcomeForm()
    if not form.validate_on_submit():
        return render_post_page(post, outcome_form=form, status=400)
    if findings := findings_to_confirm(form, form.note.data):
        return render_post_page(post, outcome_form=form, outcome_findings=findings)
    user = current_user._get_current_object()
    had_report = queries.own_report(post, user) is not None
    try:
        report_outcome(user, post, result=form.result.data, note=form.note.data, **form.details())
    except ValidationFailed as failure:
        apply_errors(form, failure)
        return render_post_page(post, outcome_form=form, status=400)
    except (NotAllowed, WriteRefused) as refusal:
        # Beside the form the member sent; flashed only when it isn't shown.
        if can_report(post):
            form.form_errors.append(refusal.message)
        else:
            flash(refusal.message, "error")
        return render_post_page(post, outcome_form=form, status=refusal.status)
    if had_report:
        flash("Your report is updated. Thank you for keeping it current.", "success")
    else:
        flash("Thank you for telling others how it went.", "success")
    return redirect(url_for("posts.show", post_id=post.id, _anchor="outcomes"))
