"""A measure's data points through the API: read them with what the run-chart
rules find (``GET``), add them as a JSON list or a pasted CSV text (``POST``,
the data page's rules and words) and delete one (``DELETE /points/<id>``),
through the same service and rate-limit scope as the data page."""

from __future__ import annotations

import json

from flask import jsonify, request
from werkzeug.exceptions import BadRequest, NotFound

from forum.api.auth import api_viewer, current_api_user, token_required, visible_post_or_404
from forum.api.inputs import json_object
from forum.api.views import bp
from forum.extensions import db
from forum.models import DataPoint, Measure
from forum.ratelimit_scopes import rate_limited
from forum.ratelimits import done
from forum.runcharts import data
from forum.runcharts.rules import RULES, Analysis, analyse
from forum.services import ValidationFailed


def _measure_or_404(measure_id: int) -> Measure:
    measure = db.session.get(Measure, measure_id)
    if measure is None:
        raise NotFound("There is no measure with that id.")
    try:
        visible_post_or_404(measure.post_id)
    except NotFound:
        raise NotFound("There is no measure with that id.") from None
    return measure


def analysis_json(points: list[DataPoint], analysis: Analysis) -> dict:
    limits = analysis.runs_limits
    return {
        "median": analysis.median,
        "points": analysis.points,
        "useful_observations": analysis.useful,
        "runs": analysis.runs,
        "runs_limits": {"fewest": limits[0], "most": limits[1]} if limits else None,
        "enough_points": analysis.enough,
        "signals": [
            {
                "rule": s.rule,
                "label": RULES[s.rule],
                "start_date": points[s.start].observed_on.isoformat(),
                "end_date": points[s.end].observed_on.isoformat(),
                "words": s.words,
            }
            for s in analysis.signals
        ],
        "words": analysis.words,
    }


def points_json(measure: Measure) -> dict:
    points = data.points_of(measure)
    return {
        "measure": {
            "id": measure.id,
            "post_id": measure.post_id,
            "name": measure.name,
            "unit": measure.unit,
            "kind": measure.kind,
        },
        "points": [
            {"id": p.id, "date": p.observed_on.isoformat(), "value": p.value, "note": p.note}
            for p in points
        ],
        "analysis": analysis_json(points, analyse(data.values(points))),
    }


def _rows() -> list[data.Row]:
    """The points sent: a JSON list, ``{"points": [...]}`` or ``{"csv": "..."}``."""
    if request.is_json:
        try:
            body = json.loads(request.get_data(cache=True))
        except (ValueError, RecursionError):
            raise BadRequest("The request body is not valid JSON.") from None
        if isinstance(body, list):
            return data.parse_items(body)
    body = json_object()
    if "csv" in body:
        return data.parse_csv(body["csv"])
    if "points" in body:
        return data.parse_items(body["points"])
    raise ValidationFailed(
        {
            "points": 'Send {"points": [{"date": "2026-03-14", "value": 4, "note": ""}]} '
            'or {"csv": "date,value,note lines"}.'
        }
    )


@bp.get("/measures/<int:measure_id>/points")
def measure_points(measure_id: int):
    """The measure's points, oldest first, and what the run-chart rules find."""
    api_viewer()  # a bad token is a 401 even where none is needed
    return jsonify(points_json(_measure_or_404(measure_id)))


@bp.post("/measures/<int:measure_id>/points")
@rate_limited("data-points")
@token_required
def add_measure_points(measure_id: int):
    measure = _measure_or_404(measure_id)
    saved = data.save_points(current_api_user(), measure, _rows())
    done()
    return jsonify(added=saved.added, replaced=saved.replaced, **points_json(measure)), 201


@bp.delete("/points/<int:point_id>")
@rate_limited("data-points")
@token_required
def delete_data_point(point_id: int):
    point = db.session.get(DataPoint, point_id)
    if point is None:
        raise NotFound("There is no data point with that id.")
    measure = _measure_or_404(point.measure_id)
    data.delete_point(current_api_user(), point)
    done()
    return jsonify(deleted=True, **points_json(measure))
