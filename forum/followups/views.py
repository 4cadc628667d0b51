""" "Is it still working?": the page where a reporter answers a follow-up.

Only the member asked sees it (anyone else, staff included, gets 404: it is
personal). Each answer is a button in a small form of its own (CSRF, rate
limited, no JavaScript needed); answering again changes that step's answer.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import select

from forum.extensions import db
from forum.followups import service
from forum.followups.durability import months_words
from forum.followups.forms import FollowUpAnswerForm
from forum.models import FOLLOWUP_ANSWERS, OUTCOME_RESULTS, FollowUp
from forum.policy import WriteRefused
from forum.posts.queries import visible_post_or_404
from forum.ratelimit_scopes import rate_limited
from forum.services import NotAllowed, ValidationFailed

bp = Blueprint("followups", __name__)


def own_followup_or_404(followup_id: int) -> FollowUp:
    """The signed-in member's follow-up, asked or due, on a post they can see; else 404."""
    followup = db.session.get(FollowUp, followup_id)
    if followup is None or followup.user_id != current_user.id or not service.is_open(followup):
        abort(404)
    visible_post_or_404(followup.post_id)
    return followup


def _render(followup: FollowUp, form: FollowUpAnswerForm | None = None, status: int = 200):
    post = followup.report.post
    form = form or FollowUpAnswerForm(formdata=None)
    form.adaptation.choices = [("", "None of my posts")] + [
        (str(pid), title) for pid, title in service.adaptation_choices(current_user, post)
    ]
    if followup.answer == "changed" and followup.adaptation_id and form.adaptation.data is None:
        form.adaptation.data = str(followup.adaptation_id)
    history = db.session.scalars(
        select(FollowUp).where(FollowUp.report_id == followup.report_id).order_by(FollowUp.months)
    ).all()
    title = f"Adapted from “{post.title}”"[:150]
    html = render_template(
        "followups/answer.html",
        followup=followup,
        post=post,
        report=followup.report,
        result_words=OUTCOME_RESULTS.get(followup.report.result, followup.report.result),
        history=history,
        form=form,
        answers=FOLLOWUP_ANSWERS,
        months_words=months_words,
        # "Adapt this" links the new post to this one (lineage); a post that can no
        # longer be adapted leaves a plain new post, titled after it.
        new_post_url=url_for("lineage.adapt", post_id=post.id)
        if post.status == "published"
        else url_for("posts.new") + "?" + urlencode({"title": title}),
        now_open=service.is_open,
    )
    return html, status


@bp.get("/followups/<int:followup_id>")
@login_required
def show(followup_id: int) -> ResponseReturnValue:
    return _render(own_followup_or_404(followup_id))


@bp.post("/followups/<int:followup_id>")
@rate_limited("followup")
@login_required
def answer(followup_id: int) -> ResponseReturnValue:
    followup = own_followup_or_404(followup_id)
    form = FollowUpAnswerForm()
    if not form.validate_on_submit():
        return _render(followup, form, status=400)
    try:
        service.answer(
            current_user._get_current_object(),
            followup,
            answer=form.answer.data,
            reason=form.reason(),
            adaptation_id=form.adaptation.data if form.answer.data == "changed" else None,
        )
    except ValidationFailed as failure:
        db.session.rollback()
        for name, message in failure.fields.items():
            field = form.reason_field() if name == "reason" else name
            if field in form and name != "answer":
                form[field].errors = [message]
            else:
                form.form_errors.append(message)
        return _render(db.session.get(FollowUp, followup_id), form, status=400)
    except (NotAllowed, WriteRefused) as refusal:
        db.session.rollback()
        form.form_errors.append(refusal.message)
        return _render(db.session.get(FollowUp, followup_id), form, status=refusal.status)
    flash(
        f"Thank you: your answer after {months_words(followup.months)} is saved. "
        "It helps the next family know which ideas last.",
        "success",
    )
    return redirect(url_for("posts.show", post_id=followup.post_id, _anchor="outcomes"))
