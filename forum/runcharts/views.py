"""A measure's data page: add one point, paste CSV, delete a point, see the chart.

``/posts/<id>/measures/<measure_id>/data`` is for the post's author and
co-authors (``forum.changeideas.access.can_contribute``); anyone else gets a
404 for a post they can't see and a 403 for one they can. Every form is a
plain POST (CSRF token, the ``data-points`` rate-limit scope) that comes back
to the page: on success with a flash ("3 added, 2 replaced."), on bad input
with the message beside the field and what was typed kept. No JavaScript.

The post page's charts (``templates/runcharts/_charts.html``) read the
record the page already loaded; :func:`run_chart` and :func:`can_enter_data`
are template globals so they cost no statement.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import select

from forum.changeideas.access import can_contribute
from forum.extensions import db
from forum.forms import apply_errors
from forum.models import MEASURE_KINDS, DataPoint, Measure, PdsaCycle, Post
from forum.policy import WriteRefused
from forum.posts.queries import visible_post_or_404
from forum.ratelimit_scopes import rate_limited
from forum.ratelimits import done
from forum.runcharts import chart as charts
from forum.runcharts import data
from forum.runcharts.forms import CsvForm, DeletePointForm, PointForm
from forum.services import NotAllowed, ValidationFailed

bp = Blueprint("runcharts", __name__)
bp.add_app_template_global(MEASURE_KINDS, "MEASURE_KINDS")
bp.add_app_template_global(charts.description, "run_chart_description")
bp.add_app_template_global(charts.MARKS, "RUN_CHART_MARKS")
bp.add_app_template_global(charts.number, "chart_number")
bp.add_app_template_global(charts.long_date, "long_date")


@bp.app_template_global("run_chart")
def run_chart(points, cycles=()) -> charts.Chart:
    """The chart of a measure's points with its post's cycles marked (pure)."""
    return charts.build(points, [c.started_on for c in cycles])


@bp.app_template_global("can_enter_data")
def can_enter_data(post: Post, coauthors=()) -> bool:
    """Whether to offer the data page's link: the author or a named co-author
    (``coauthors``: usernames, from the record already read), on a post that
    can still take data. The page itself asks ``can_contribute``."""
    if not current_user.is_authenticated or post.kind == "question":
        return False
    if post.status in ("removed", "deleted"):
        return False
    return post.author_id == current_user.id or current_user.username in coauthors


def _measure_or_404(post_id: int, measure_id: int) -> tuple[Post, Measure]:
    post = visible_post_or_404(post_id)
    measure = data.measure_of(post, measure_id)
    if measure is None:
        abort(404)
    if not can_contribute(post, current_user):
        abort(403, "Only the post's author and its co-authors can enter data.")
    return post, measure


def _page(
    post: Post,
    measure: Measure,
    *,
    point_form: PointForm | None = None,
    csv_form: CsvForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    points = data.points_of(measure)
    cycles = post_cycles(post)
    return (
        render_template(
            "runcharts/data.html",
            post=post,
            measure=measure,
            points=points,
            cycles=cycles,
            chart=charts.build(points, [c.started_on for c in cycles]),
            point_form=point_form or PointForm(formdata=None),
            csv_form=csv_form or CsvForm(formdata=None),
            delete_form=DeletePointForm(formdata=None),
            date_hint=data.DATE_HINT,
            max_lines=data.MAX_LINES,
        ),
        status,
    )


def post_cycles(post: Post) -> list[PdsaCycle]:
    """The post's PDSA cycles by start date (their starts are marked on the chart)."""
    return list(
        db.session.scalars(
            select(PdsaCycle)
            .where(PdsaCycle.post_id == post.id)
            .order_by(PdsaCycle.started_on, PdsaCycle.id)
        )
    )


def _refused_point(message: str, post_id: int, measure_id: int) -> ResponseReturnValue:
    post, measure = _measure_or_404(post_id, measure_id)
    form = PointForm()
    form.form_errors.append(message)
    return _page(post, measure, point_form=form)


def _refused_csv(message: str, post_id: int, measure_id: int) -> ResponseReturnValue:
    post, measure = _measure_or_404(post_id, measure_id)
    form = CsvForm()
    form.form_errors.append(message)
    return _page(post, measure, csv_form=form)


def _back(post: Post, measure: Measure) -> ResponseReturnValue:
    return redirect(url_for("runcharts.data_page", post_id=post.id, measure_id=measure.id))


def _save(post: Post, measure: Measure, form, read) -> ResponseReturnValue:
    """Save what ``read()`` gets from the valid ``form``; the page again with
    the messages (400) or the refusal (403) if not."""
    try:
        saved = data.save_points(current_user._get_current_object(), measure, read())
    except ValidationFailed as failure:
        db.session.rollback()
        apply_errors(form, failure)
        kwargs = {"csv_form": form} if isinstance(form, CsvForm) else {"point_form": form}
        return _page(post, measure, status=400, **kwargs)
    except (NotAllowed, WriteRefused) as refusal:
        db.session.rollback()
        abort(refusal.status, refusal.message)
    done()
    flash(saved.words, "success")
    return _back(post, measure)


@bp.get("/posts/<int:post_id>/measures/<int:measure_id>/data")
@login_required
def data_page(post_id: int, measure_id: int) -> ResponseReturnValue:
    post, measure = _measure_or_404(post_id, measure_id)
    return _page(post, measure)


@bp.post("/posts/<int:post_id>/measures/<int:measure_id>/data")
@rate_limited("data-points", refused=_refused_point)
@login_required
def add_point(post_id: int, measure_id: int) -> ResponseReturnValue:
    post, measure = _measure_or_404(post_id, measure_id)
    form = PointForm()
    if not form.validate_on_submit():
        return _page(post, measure, point_form=form, status=400)
    return _save(
        post,
        measure,
        form,
        lambda: [data.one_point(form.observed_on.data, form.value.data, form.note.data)],
    )


@bp.post("/posts/<int:post_id>/measures/<int:measure_id>/data/csv")
@rate_limited("data-points", refused=_refused_csv)
@login_required
def paste_csv(post_id: int, measure_id: int) -> ResponseReturnValue:
    post, measure = _measure_or_404(post_id, measure_id)
    form = CsvForm()
    if not form.validate_on_submit():
        return _page(post, measure, csv_form=form, status=400)
    return _save(post, measure, form, lambda: data.parse_csv(form.csv.data))


@bp.post("/posts/<int:post_id>/measures/<int:measure_id>/data/<int:point_id>/delete")
@rate_limited("data-points")
@login_required
def delete_point(post_id: int, measure_id: int, point_id: int) -> ResponseReturnValue:
    post, measure = _measure_or_404(post_id, measure_id)
    point = db.session.get(DataPoint, point_id)
    if point is None or point.measure_id != measure.id:
        abort(404)
    if not DeletePointForm().validate_on_submit():
        abort(400, "Your form expired. Go back, reload the page and try again.")
    on = point.observed_on
    try:
        data.delete_point(current_user._get_current_object(), point)
    except (NotAllowed, WriteRefused) as refusal:
        db.session.rollback()
        abort(refusal.status, refusal.message)
    done()
    flash(f"The point of {charts.long_date(on)} is deleted.", "success")
    return _back(post, measure)
