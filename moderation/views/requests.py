"""Members' requests: ask for clinician verification, propose a missing condition,
see where one's requests stand; and the moderators' decisions on them in the queue."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from forum.extensions import db
from forum.plugins import condition_choices, load_tree
from forum.policy import WriteRefused
from forum.services.errors import NotAllowed, ValidationFailed
from moderation import requests
from moderation.forms import ConditionProposalForm, RequestDecisionForm, VerificationRequestForm
from moderation.models import ConditionProposal, VerificationRequest
from moderation.ratelimits import rate_limited
from moderation.views.base import allow, bp, refuse_invalid_form, run_action

ID = "<int:{}>"  # ids are bounded by the app's int converter


@bp.get("/requests")
@allow("member")
def my_requests():
    """The member's own requests and what became of them (a decline says why)."""
    verifications, proposals = requests.my_requests(current_user)
    return render_template(
        "moderation/my_requests.html", verifications=verifications, proposals=proposals
    )


def _submit(form, template: str, send, success: str):
    """Validate ``form``, call the service; on bad input show the form again with
    every field's message (nothing saved); on a refusal say why on the requests page."""
    if not form.validate_on_submit():
        return render_template(template, form=form), 400
    try:
        send()
    except ValidationFailed as exc:
        db.session.rollback()
        for name, message in exc.fields.items():
            if name in form:
                form[name].errors = [*form[name].errors, message]
            else:
                form.form_errors.append(message)
        return render_template(template, form=form), 400
    except (NotAllowed, WriteRefused) as exc:
        db.session.rollback()
        if exc.status == 403:
            abort(403, description=exc.message)
        flash(exc.message, "error")
    else:
        flash(success, "success")
    return redirect(url_for("moderation.my_requests"), code=303)


@bp.get("/requests/verification")
@allow("member")
def verification_form():
    return render_template("moderation/verification_form.html", form=VerificationRequestForm())


@bp.post("/requests/verification")
@allow("member")
@rate_limited("request")
def request_verification():
    form = VerificationRequestForm()
    return _submit(
        form,
        "moderation/verification_form.html",
        lambda: requests.request_verification(
            current_user._get_current_object(),  # the row itself: the service locks it
            profession=form.profession.data,
            registration_body=form.registration_body.data,
            registration_number=form.registration_number.data,
            register_url=form.register_url.data,
        ),
        "Thank you. A moderator will check the register and decide; you'll see it here.",
    )


def _proposal_form() -> ConditionProposalForm:
    form = ConditionProposalForm()
    form.parent.choices = [
        SelectChoice("", "Nowhere in particular (a condition of its own)"),
        *condition_choices(load_tree()),
    ]
    return form


@bp.get("/requests/condition")
@allow("member")
def condition_form():
    return render_template("moderation/condition_form.html", form=_proposal_form())


@bp.post("/requests/condition")
@allow("member")
@rate_limited("request")
def propose_condition():
    form = _proposal_form()
    return _submit(
        form,
        "moderation/condition_form.html",
        lambda: requests.propose_condition(
            current_user,
            name=form.name.data,
            parent=form.parent.data,
            synonyms=form.synonyms.data,
            why=form.why.data,
        ),
        "Thank you. A moderator will look at it; once approved it appears under Conditions.",
    )


def _decide(row, decide):
    form = RequestDecisionForm()
    back = url_for("moderation.queue")
    if not form.validate_on_submit():
        return refuse_invalid_form(form, back)
    return run_action(
        lambda: decide(current_user, row, decision=form.decision.data, reason=form.reason.data),
        success="Done. The decision is in the log.",
        back=back,
    )


@bp.post(f"/queue/verifications/{ID.format('request_id')}")
@allow("moderator")
@rate_limited("moderate")
def decide_verification(request_id: int):
    row = db.session.get(VerificationRequest, request_id) or abort(404)
    return _decide(row, requests.decide_verification)


@bp.post(f"/queue/conditions/{ID.format('proposal_id')}")
@allow("moderator")
@rate_limited("moderate")
def decide_condition(proposal_id: int):
    row = db.session.get(ConditionProposal, proposal_id) or abort(404)
    return _decide(row, requests.decide_condition)
