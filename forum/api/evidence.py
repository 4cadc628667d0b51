"""Citations through the API: add one to a post, confirm one, remove one, by
the same service and rate-limit scope as the post page's forms (so the same
words refuse the same input)."""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.exceptions import NotFound

from forum import ratelimits
from forum.api.auth import current_api_user, token_required, visible_post_or_404
from forum.api.inputs import TEXT, read_json
from forum.api.serializers import citation_json
from forum.api.views import POST_ID, bp
from forum.evidence import citations
from forum.extensions import db
from forum.models import Citation
from forum.ratelimit_scopes import rate_limited

CITATION_ID = "<int:citation_id>"


def _citation_or_404(citation_id: int) -> Citation:
    citation = db.session.get(Citation, citation_id)
    if citation is None:
        raise NotFound("There is no citation with that id.")
    visible_post_or_404(citation.post_id)
    return citation


@bp.post(f"/posts/{POST_ID}/citations")
@rate_limited("citation")
@token_required
def add_citation(post_id: int):
    """The author or a co-author adds a DOI or PubMed ID: 201 with the citation."""
    post = visible_post_or_404(post_id)
    data = read_json({"identifier": TEXT})
    citation = citations.add(current_api_user(), post, data["identifier"])
    ratelimits.done()
    return jsonify(citation=citation_json(citation)), 201


@bp.post(f"/citations/{CITATION_ID}/confirm")
@rate_limited("citation")
@token_required
def confirm_citation(citation_id: int):
    """A verified clinician who did not write the post confirms the citation."""
    citation = citations.confirm(current_api_user(), _citation_or_404(citation_id))
    ratelimits.done()
    return jsonify(citation=citation_json(citation))


@bp.delete(f"/citations/{CITATION_ID}")
@rate_limited("citation")
@token_required
def remove_citation(citation_id: int):
    """The author removes an unconfirmed citation; a moderator any, with ``reason``."""
    citation = _citation_or_404(citation_id)
    # A body is optional (an author sends none); a moderator sends {"reason": "…"}.
    reason = read_json({"reason": TEXT})["reason"] if request.get_data(cache=True) else None
    citations.remove(current_api_user(), citation, reason=reason)
    ratelimits.done()
    return "", 204
