"""The record page of a post: its measures, PDSA cycles and co-authors, with the
forms that add to them, and a page each for editing or removing one.

Only the post's author and co-authors reach these pages (``can_contribute``);
the services decide again when a form is sent. Every form works without
JavaScript: a refused one comes back with the person's words and the message
beside the field.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.auth.sessions import refused_status
from forum.changeideas import record as change_record
from forum.changeideas import service
from forum.changeideas.access import can_contribute
from forum.changeideas.forms import (
    MEASURE_HINTS,
    CoauthorForm,
    CycleForm,
    MeasureForm,
    RemoveCoauthorForm,
)
from forum.extensions import db
from forum.forms import apply_errors
from forum.models import DECISIONS, MEASURE_KINDS, SETTING_KINDS, Measure, PdsaCycle, Post
from forum.policy import WriteRefused
from forum.posts.forms import ConfirmForm
from forum.posts.queries import visible_post_or_404
from forum.ratelimit_scopes import rate_limited
from forum.ratelimits import done
from forum.services.errors import NotAllowed, ValidationFailed

bp = Blueprint("changeideas", __name__)


def may_add_to_record(post: Post, record: change_record.Record) -> bool:
    """``can_contribute`` for the post page, answered from the record it already
    read (its co-authors' names), so the page costs no statement more."""
    user = current_user
    if not (user.is_authenticated and user.is_active):
        return False
    if post.status in ("removed", "deleted") or post.kind == "question":
        return False
    return post.author_id == user.id or user.username in record.coauthors


# The post page's record section (templates/changeideas/_record.html) reads these.
bp.add_app_template_global(may_add_to_record, "may_add_to_record")
bp.add_app_template_global(MEASURE_KINDS, "measure_kinds")
bp.add_app_template_global(SETTING_KINDS, "setting_kinds")
bp.add_app_template_global(DECISIONS, "decisions")


def _me():
    return current_user._get_current_object()


def _contributable_post(post_id: int) -> Post:
    """404 when the post can't be seen; 403 when it can but its record isn't
    this member's to change (a suspended contributor sees the reason instead)."""
    post = visible_post_or_404(post_id)
    if post.kind == "question":
        abort(404)
    if not can_contribute(post, _me()):
        abort(403, "Only the post's author and the co-authors they named can change its record.")
    return post


def _measure(measure_id: int) -> tuple[Measure, Post]:
    measure = db.get_or_404(Measure, measure_id)
    return measure, _contributable_post(measure.post_id)


def _cycle(cycle_id: int) -> tuple[PdsaCycle, Post]:
    cycle = db.get_or_404(PdsaCycle, cycle_id)
    return cycle, _contributable_post(cycle.post_id)


def _record_page(
    post: Post,
    *,
    measure_form: MeasureForm | None = None,
    cycle_form: CycleForm | None = None,
    coauthor_form: CoauthorForm | None = None,
    message: str | None = None,
    status: int | None = None,
) -> tuple[str, int]:
    html = render_template(
        "changeideas/record.html",
        post=post,
        record=change_record.load(post),
        measure_form=measure_form or MeasureForm(formdata=None),
        cycle_form=cycle_form or CycleForm(formdata=None),
        coauthor_form=coauthor_form or CoauthorForm(formdata=None),
        measure_hints=MEASURE_HINTS,
        is_author=post.author_id == current_user.id,
        confirm_form=ConfirmForm(formdata=None),
        message=message,
    )
    return html, status if status is not None else refused_status()


@bp.get("/posts/<int:post_id>/record")
@login_required
def record(post_id: int) -> ResponseReturnValue:
    return _record_page(_contributable_post(post_id))


def _back_to_record(post: Post, anchor: str) -> ResponseReturnValue:
    return redirect(url_for("changeideas.record", post_id=post.id, _anchor=anchor))


@bp.post("/posts/<int:post_id>/measures")
@rate_limited("writing")
@login_required
def add_measure(post_id: int) -> ResponseReturnValue:
    post = _contributable_post(post_id)
    form = MeasureForm()
    if not form.validate_on_submit():
        return _record_page(post, measure_form=form, status=400)
    try:
        measure = service.add_measure(_me(), post, **form.values())
    except ValidationFailed as failure:
        apply_errors(form, failure)
        return _record_page(post, measure_form=form, status=400)
    except (NotAllowed, WriteRefused) as refusal:
        form.form_errors.append(refusal.message)
        return _record_page(post, measure_form=form, status=refusal.status)
    done()
    flash(f"The measure “{measure.name}” is added.", "success")
    return _back_to_record(post, f"measure-{measure.id}")


@bp.route("/measures/<int:measure_id>/edit", methods=["GET", "POST"])
@rate_limited("writing")
@login_required
def edit_measure(measure_id: int) -> ResponseReturnValue:
    measure, post = _measure(measure_id)
    if not (form := MeasureForm()).is_submitted():
        form = MeasureForm.for_measure(measure)
        return _item_page("changeideas/edit_measure.html", post, form, measure=measure)
    form.submit.label.text = "Save measure"
    if not form.validate_on_submit():
        return _item_page("changeideas/edit_measure.html", post, form, 400, measure=measure)
    try:
        service.edit_measure(_me(), measure, **form.values())
    except ValidationFailed as failure:
        apply_errors(form, failure)
        return _item_page("changeideas/edit_measure.html", post, form, 400, measure=measure)
    except (NotAllowed, WriteRefused) as refusal:
        form.form_errors.append(refusal.message)
        return _item_page(
            "changeideas/edit_measure.html", post, form, refusal.status, measure=measure
        )
    done()
    flash("The measure is saved.", "success")
    return _back_to_record(post, f"measure-{measure.id}")


@bp.route("/measures/<int:measure_id>/remove", methods=["GET", "POST"])
@rate_limited("delete")
@login_required
def remove_measure(measure_id: int) -> ResponseReturnValue:
    """Removing a measure removes its data too: a page says how much, and asks."""
    measure, post = _measure(measure_id)
    form = ConfirmForm()
    if not form.is_submitted():
        return _item_page(
            "changeideas/remove_measure.html",
            post,
            form,
            measure=measure,
            points=service.point_count(measure),
        )
    if not form.validate_on_submit():
        abort(400)
    name = measure.name
    try:
        removed = service.remove_measure(_me(), measure)
    except (NotAllowed, WriteRefused) as refusal:
        abort(refusal.status, refusal.message)
    done()
    data = f" and its {removed} data point{'s' if removed != 1 else ''}" if removed else ""
    flash(f"The measure “{name}”{data} {'were' if removed else 'was'} removed.", "success")
    return _back_to_record(post, "measures")


@bp.post("/posts/<int:post_id>/cycles")
@rate_limited("writing")
@login_required
def add_cycle(post_id: int) -> ResponseReturnValue:
    post = _contributable_post(post_id)
    form = CycleForm()
    if not form.validate_on_submit():
        return _record_page(post, cycle_form=form, status=400)
    try:
        cycle = service.add_cycle(_me(), post, **form.values())
    except ValidationFailed as failure:
        apply_errors(form, failure)
        return _record_page(post, cycle_form=form, status=400)
    except (NotAllowed, WriteRefused) as refusal:
        form.form_errors.append(refusal.message)
        return _record_page(post, cycle_form=form, status=refusal.status)
    done()
    flash("The PDSA cycle is added.", "success")
    return _back_to_record(post, f"cycle-{cycle.id}")


@bp.route("/cycles/<int:cycle_id>/edit", methods=["GET", "POST"])
@rate_limited("writing")
@login_required
def edit_cycle(cycle_id: int) -> ResponseReturnValue:
    cycle, post = _cycle(cycle_id)
    if not (form := CycleForm()).is_submitted():
        form = CycleForm.for_cycle(cycle)
        return _item_page("changeideas/edit_cycle.html", post, form, cycle=cycle)
    form.submit.label.text = "Save cycle"
    if not form.validate_on_submit():
        return _item_page("changeideas/edit_cycle.html", post, form, 400, cycle=cycle)
    try:
        service.edit_cycle(_me(), cycle, **form.values())
    except ValidationFailed as failure:
        apply_errors(form, failure)
        return _item_page("changeideas/edit_cycle.html", post, form, 400, cycle=cycle)
    except (NotAllowed, WriteRefused) as refusal:
        form.form_errors.append(refusal.message)
        return _item_page("changeideas/edit_cycle.html", post, form, refusal.status, cycle=cycle)
    done()
    flash("The PDSA cycle is saved.", "success")
    return _back_to_record(post, f"cycle-{cycle.id}")


@bp.post("/cycles/<int:cycle_id>/remove")
@rate_limited("delete")
@login_required
def remove_cycle(cycle_id: int) -> ResponseReturnValue:
    cycle, post = _cycle(cycle_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        service.remove_cycle(_me(), cycle)
    except (NotAllowed, WriteRefused) as refusal:
        abort(refusal.status, refusal.message)
    done()
    flash("The PDSA cycle was removed.", "success")
    return _back_to_record(post, "cycles")


@bp.post("/posts/<int:post_id>/coauthors")
@rate_limited("writing")
@login_required
def add_coauthor(post_id: int) -> ResponseReturnValue:
    post = _contributable_post(post_id)
    form = CoauthorForm()
    if not form.validate_on_submit():
        return _record_page(post, coauthor_form=form, status=400)
    try:
        user = service.add_coauthor(_me(), post, form.username.data)
    except ValidationFailed as failure:
        apply_errors(form, failure)
        return _record_page(post, coauthor_form=form, status=400)
    except (NotAllowed, WriteRefused) as refusal:
        form.form_errors.append(refusal.message)
        return _record_page(post, coauthor_form=form, status=refusal.status)
    done()
    flash(f"{user.username} can now add measures, data and cycles to this post.", "success")
    return _back_to_record(post, "coauthors")


@bp.post("/posts/<int:post_id>/coauthors/remove")
@rate_limited("writing")
@login_required
def remove_coauthor(post_id: int) -> ResponseReturnValue:
    post = _contributable_post(post_id)
    form = RemoveCoauthorForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        service.remove_coauthor(_me(), post, form.username.data)
    except ValidationFailed as failure:
        abort(400, next(iter(failure.fields.values())))
    except (NotAllowed, WriteRefused) as refusal:
        abort(refusal.status, refusal.message)
    done()
    flash("The co-author was removed.", "success")
    return _back_to_record(post, "coauthors")


def _item_page(
    template: str, post: Post, form, status: int | None = None, **context
) -> tuple[str, int]:
    html = render_template(template, post=post, form=form, measure_hints=MEASURE_HINTS, **context)
    return html, status if status is not None else refused_status()
