"""The results page and the JSON API: what a person and a client see."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_post

HOSTILE = [
    '"unbalanced quote',
    "((((",
    "school)) OR (",
    "*",
    "sch*",
    "AND OR NOT",
    "NOT",
    "title:school",
    "conditions:ibd kind:hack",
    "x" * 1000,
    "word " * 400,
    "😀🔥 🩺",
    "שלום עולם",
    "مرحبا بالعالم",
    "\u202eschool\u202c",
    "%00\x00null",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "a~2 b^3 [1 TO 9] {x}",
    "\\",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_never_fail(client, corpus, q):
    page = client.get("/search", query_string={"q": q})
    assert page.status_code == 200
    api = client.get("/api/v1/search", query_string={"q": q})
    assert api.status_code == 200
    assert set(api.json) >= {"total", "results", "facets", "suggestion"}


def test_results_page_has_cards_facets_and_sort_links(client, corpus):
    html = client.get("/search?q=IBD+school").get_data(as_text=True)
    assert "4 posts" in html
    assert html.index("Bathroom pass at school") < html.index("Overnight tube feeds")
    # Facet filters are plain links that keep the query.
    assert 'href="/search?q=IBD+school&amp;condition=crohns-disease"' in html
    assert re.search(r"Inflammatory bowel disease</a>\s*<span class=\"count\">3</span>", html)
    assert 'href="/search?q=IBD+school&amp;kind=question"' in html
    assert 'href="/search?q=IBD+school&amp;sort=newest"' in html
    assert "<mark>school</mark>" in html
    assert "have all your words" in html
    assert "took too long" not in html  # ranking has no time limit to run out of


def test_choosing_a_filter_shows_it_and_a_way_back(client, corpus):
    html = client.get("/search?q=school&kind=question").get_data(as_text=True)
    assert "1 post" in html and "Rest breaks in exams" in html
    assert "Bathroom pass at school" not in html
    assert 'aria-current="true">Question</span>' in html
    assert 'href="/search?q=school"' in html  # remove the filter


def test_did_you_mean_is_a_link(client, corpus):
    # "inhaler" is in one post: a likely respelling, not a sure one, so only offered.
    html = client.get("/search?q=inhailer").get_data(as_text=True)
    assert 'Did you mean <a href="/search?q=inhaler">inhaler</a>?' in html
    assert "0 posts" in html


def test_empty_query_shows_newest_posts_and_pages(client, corpus):
    html = client.get("/search?per_page=2").get_data(as_text=True)
    assert "6 posts" in html
    assert html.index("Inhaler spacer") < html.index("Overnight tube feeds")
    assert "Page 1 of 3" in html and 'rel="next" href="/search?per_page=2&amp;page=2"' in html


def test_no_results_page_offers_a_way_forward(client, corpus):
    html = client.get("/search?q=trampoline&condition=asthma").get_data(as_text=True)
    assert "No posts match “trampoline” yet." in html
    assert 'href="/search?q=trampoline">Search without filters' in html


def test_post_text_in_highlights_is_escaped(client, app_ctx):
    make_post(title="Escaping check", body="walk <b onmouseover=alert(1)>bold</b> walk")
    html = client.get("/search?q=walk").get_data(as_text=True)
    assert "&lt;b onmouseover=alert(1)&gt;" in html
    assert "<b onmouseover" not in html


def test_api_returns_posts_scores_highlights_and_facets(client, corpus):
    body = client.get("/api/v1/search?q=school&sort=relevance").json
    assert body["total"] == 3 and body["suggestion"] is None
    first = body["results"][0]
    assert first["post"]["title"] == "Bathroom pass at school"
    assert first["post"]["conditions"] == ["crohns-disease"]
    assert "email" not in first["post"]["author"]
    assert first["score"] > body["results"][1]["score"]
    assert first["highlight"].startswith("Our son has Crohn&#39;s.")  # escaped text
    assert "<mark>school</mark>" in body["results"][1]["highlight"]
    assert body["facets"]["kinds"] == {"hack": 1, "question": 1, "change_idea": 1}
    assert set(body["facets"]) == {"conditions", "kinds", "perspectives", "evidence"}


@pytest.mark.parametrize(
    "query, field",
    [
        ("condition=not-a-condition", "condition"),
        ("kind=story", "kind"),
        ("perspective=robot", "perspective"),
        ("sort=random", "sort"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=99999", "page"),
        ("per_page=1000", "per_page"),
    ],
)
def test_bad_parameters_get_a_clear_error(client, corpus, query, field):
    api = client.get(f"/api/v1/search?q=school&{query}")
    assert api.status_code == 400
    assert api.json["error"]["code"] == "bad_request"
    assert field in api.json["error"]["fields"]
    page = client.get(f"/search?q=school&{query}")
    assert page.status_code == 400


def test_header_search_form_lands_on_results(client, corpus):
    home = client.get("/").get_data(as_text=True)
    assert 'action="/search"' in home and 'name="q"' in home
    assert client.get("/search?q=crohns").status_code == 200
