"""Search filters by evidence level and counts each level like its other facets,
and a level that changes (a confirmed citation) reaches the index."""

from __future__ import annotations

import re
from datetime import timedelta

from forum.evidence import citations
from forum.models.timestamps import utcnow
from tests.factories import make_outcome, make_post, make_user


def _corpus():
    author = make_user("author")
    repeated = make_post(author, title="Bathroom pass at school, repeated")
    for _ in range(3):
        make_outcome(repeated, make_user(created_at=utcnow() - timedelta(days=30)))
    make_post(author, title="Rest breaks at school, one story")
    cited = make_post(author, title="Quiet room at school, published")
    citation = citations.add(author, cited, "21228075")
    return repeated, cited, citation


def test_the_api_counts_levels_and_filters_by_one(client, app_ctx):
    _corpus()
    body = client.get("/api/v1/search?q=school").json
    assert body["facets"]["evidence"] == {"one_story": 2, "repeated": 1}
    only = client.get("/api/v1/search?q=school&evidence=repeated").json
    assert [r["post"]["title"] for r in only["results"]] == ["Bathroom pass at school, repeated"]
    assert only["results"][0]["post"]["evidence"]["label"] == "Repeated"


def test_a_confirmed_citation_moves_the_post_to_published_in_the_index(client, app_ctx):
    _, _, citation = _corpus()
    clinician = make_user("drlee", perspective="clinician", clinician_verified=True)
    citations.confirm(clinician, citation)
    body = client.get("/api/v1/search?q=school&evidence=published").json
    assert [r["post"]["title"] for r in body["results"]] == ["Quiet room at school, published"]
    assert body["results"][0]["post"]["citations"][0]["confirmed_by"] == "drlee"


def test_the_results_page_offers_levels_as_filter_links(client, app_ctx):
    _corpus()
    html = client.get("/search?q=school").text
    assert re.search(r'href="/search\?q=school&amp;evidence=repeated">Repeated</a>\s*'
                     r'<span class="count">1</span>', html)  # fmt: skip
    assert "Evidence: Repeated" in html  # the card's badge
    filtered = client.get("/search?q=school&evidence=repeated").text
    assert "1 post" in filtered and "evidence: Repeated" in filtered
    assert "Rest breaks at school" not in filtered


def test_an_unknown_level_is_a_clear_error(client, app_ctx):
    response = client.get("/api/v1/search?evidence=anecdote")
    assert response.status_code == 400
    assert "evidence" in response.json["error"]["fields"]
