"""``/search/feed.atom``: new posts matching a search, for a feed reader.

The same words and filters as ``/search`` (``q``, ``condition``, ``kind``,
``perspective``, ``nofix``), checked the same way (a bad one is a 400 that
names it), always newest first: a feed follows what is new, so ``sort`` and
paging don't apply. A search with neither words nor a filter is a 400 (the
forum's ``/feeds/latest.atom`` follows everything). Its entries are the
forum's own (``forum.plugins.atom_response``, ``post_entries``), so a post
reads the same in every feed.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Response, abort, current_app, request, url_for
from flask.typing import ResponseReturnValue

from forum.models import KINDS, PERSPECTIVES
from forum.plugins import FEED_ENTRIES, atom_response, post_entries
from search.conditions import vocabulary
from search.query import service
from search.query.params import InvalidSearch, SearchParams, parse_params
from search.store import SearchUnavailable
from search.views import UNAVAILABLE, bp

SITE = "Middle Ground"
# What a feed keeps of the query string: the search itself, not how it is shown.
FEED_ARGS = ("q", "condition", "kind", "perspective", "nofix")


def feed_args(params: SearchParams) -> dict[str, str]:
    """The query arguments of the feed (or the page) for ``params``, empty ones left out."""
    values = {
        "q": params.q,
        "condition": params.condition,
        "kind": params.kind,
        "perspective": params.perspective,
        "nofix": "1" if params.nofix else None,
    }
    return {name: value for name, value in values.items() if value}


def describe(params: SearchParams) -> str:
    """ "“bathroom pass” in Crohn's disease, questions, from clinicians" and the like."""
    parts = [f"“{params.q}”" if params.q else "Posts"]
    if params.condition:
        parts.append(f"in {vocabulary().names.get(params.condition, params.condition)}")
    if params.kind:
        parts.append(f"({KINDS[params.kind]})")
    if params.perspective:
        parts.append(f"by {PERSPECTIVES[params.perspective].lower()}s")
    return " ".join(parts)


@bp.get("/search/feed.atom")
def feed() -> ResponseReturnValue:
    args = {name: request.args[name] for name in FEED_ARGS if name in request.args}
    try:
        params = parse_params(args, vocabulary().names)
    except InvalidSearch as exc:
        abort(400, description=" ".join(exc.fields.values()))
    if not feed_args(replace(params, nofix=False)):
        abort(400, description="Say what to search for: some words, a condition or a kind of post.")
    params = replace(params, sort="newest", page=1, per_page=FEED_ENTRIES)
    try:
        result = service.search(params)
    except SearchUnavailable:
        current_app.logger.warning("search index unavailable", exc_info=True)
        # Said plainly: the error page would blame the database.
        return Response(UNAVAILABLE, 503, {"Retry-After": "60"}, mimetype="text/plain")
    wanted = feed_args(params)
    return atom_response(
        title=f"Search: {describe(params)} · {SITE}",
        subtitle=f"New posts on {SITE} matching this search, newest first.",
        self_url=url_for("search.feed", **wanted, _external=True),
        page_url=url_for("search.results", **wanted, sort="newest", _external=True),
        entries=post_entries(hit.post for hit in result.hits),
    )
