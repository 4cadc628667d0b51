"""A post's record through the API: measures, PDSA cycles and co-authors,
written through the same services (and so the same rules and words) as the
record page, in the same rate-limit scopes."""

from __future__ import annotations

from flask import jsonify
from werkzeug.exceptions import NotFound

from forum import ratelimits
from forum.api.auth import current_api_user, token_required, visible_post_or_404
from forum.api.inputs import TEXT, TEXT_LIST, json_object, read_json
from forum.api.serializers import cycle_json, measure_json
from forum.api.views import POST_ID, bp
from forum.changeideas import service
from forum.extensions import db
from forum.models import Measure, PdsaCycle
from forum.ratelimit_scopes import rate_limited
from forum.services.errors import ValidationFailed

MEASURE_FIELDS = {"name": TEXT, "unit": TEXT, "kind": TEXT}
CYCLE_FIELDS = dict.fromkeys(service.CYCLE_FIELDS, TEXT)


def _visible(model, item_id: int):
    """A measure or cycle whose post the caller may see; 404 otherwise."""
    item = db.session.get(model, item_id) if item_id <= 2**31 - 1 else None
    if item is None:
        raise NotFound()
    visible_post_or_404(item.post_id)
    return item


def _sent(spec: dict[str, str]) -> dict:
    """The fields of ``spec`` the client sent (null included), for a PATCH."""
    data = read_json(spec)
    return {name: data[name] for name in spec if name in json_object()}


@bp.post(f"/posts/{POST_ID}/measures")
@rate_limited("writing")
@token_required
def add_measure(post_id: int):
    post = visible_post_or_404(post_id)
    data = read_json(MEASURE_FIELDS)
    measure = service.add_measure(current_api_user(), post, **data)
    ratelimits.done()
    return jsonify(measure=measure_json(measure)), 201


@bp.patch("/measures/<int:measure_id>")
@rate_limited("writing")
@token_required
def edit_measure(measure_id: int):
    measure = _visible(Measure, measure_id)
    measure = service.edit_measure(current_api_user(), measure, **_sent(MEASURE_FIELDS))
    ratelimits.done()
    return jsonify(measure=measure_json(measure))


@bp.delete("/measures/<int:measure_id>")
@rate_limited("delete")
@token_required
def remove_measure(measure_id: int):
    """Removes the measure and its data points; says how many points went."""
    measure = _visible(Measure, measure_id)
    removed = service.remove_measure(current_api_user(), measure)
    ratelimits.done()
    return jsonify(removed=True, data_points_removed=removed)


@bp.post(f"/posts/{POST_ID}/cycles")
@rate_limited("writing")
@token_required
def add_cycle(post_id: int):
    post = visible_post_or_404(post_id)
    cycle = service.add_cycle(current_api_user(), post, **read_json(CYCLE_FIELDS))
    ratelimits.done()
    return jsonify(cycle=cycle_json(cycle)), 201


@bp.patch("/cycles/<int:cycle_id>")
@rate_limited("writing")
@token_required
def edit_cycle(cycle_id: int):
    cycle = _visible(PdsaCycle, cycle_id)
    cycle = service.edit_cycle(current_api_user(), cycle, **_sent(CYCLE_FIELDS))
    ratelimits.done()
    return jsonify(cycle=cycle_json(cycle))


@bp.delete("/cycles/<int:cycle_id>")
@rate_limited("delete")
@token_required
def remove_cycle(cycle_id: int):
    cycle = _visible(PdsaCycle, cycle_id)
    service.remove_cycle(current_api_user(), cycle)
    ratelimits.done()
    return jsonify(removed=True)


@bp.put(f"/posts/{POST_ID}/coauthors")
@rate_limited("writing")
@token_required
def set_coauthors(post_id: int):
    """The author names the post's co-authors: the list sent replaces the old one."""
    post = visible_post_or_404(post_id)
    data = read_json({"coauthors": TEXT_LIST})
    if data["coauthors"] is None:
        raise ValidationFailed({"coauthors": "Send the co-authors' usernames as a list."})
    names = service.set_coauthors(current_api_user(), post, data["coauthors"])
    ratelimits.done()
    return jsonify(coauthors=names)
