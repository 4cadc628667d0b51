"""Spelling: a sure respelling shows its results and says so; words people mean are left alone."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_post, make_user


@pytest.fixture
def forum(corpus):
    """The search corpus, plus words a letter away from everyday body words."""
    author = make_user("swimmer", perspective="caregiver")
    make_post(
        author, title="Swimming pool sessions at school",
        body="The pool lets her swim with a stoma bag under the costume.",
        conditions=["crohns-disease"],
    )  # fmt: skip
    make_post(
        author, title="Seizure plan for the school trip",
        body="A week away: we wrote down what to do, who to call and the rescue medicine.",
        conditions=["epilepsy"],
    )  # fmt: skip
    make_post(
        author, title="Peel-off labels for the fix kit and a spare sock",
        body="Each box says what it is for.", conditions=["asthma"],
    )  # fmt: skip
    return corpus


def page(client, q: str, **args) -> str:
    response = client.get("/search", query_string={"q": q, **args})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def api(client, q: str, **args) -> dict:
    response = client.get("/api/v1/search", query_string={"q": q, **args})
    assert response.status_code == 200
    return response.json


def titles(body: dict) -> set[str]:
    return {r["post"]["title"] for r in body["results"]}


CROHNS_POSTS = {
    "Bathroom pass at school",
    "Overnight tube feeds without the beeping",
    "Swimming pool sessions at school",
}


def test_chrons_shows_crohns_results_and_a_way_back_to_the_words_typed(client, forum):
    html = page(client, "chrons")
    assert "Showing results for <strong>crohns</strong>; search instead for " in html
    assert '<a href="/search?q=chrons&amp;nofix=1">chrons</a>' in html
    assert "Results for “crohns”" in html
    for title in CROHNS_POSTS:
        assert title in html
    assert "Did you mean" not in html
    body = api(client, "chrons")
    assert body["query"] == "crohns" and body["corrected_from"] == "chrons"
    assert body["suggestion"] is None
    assert titles(body) == CROHNS_POSTS

    # "Search instead for chrons": the words as typed, with "did you mean" still offered.
    literal = page(client, "chrons", nofix="1")
    assert "Showing results for" not in literal
    assert "Results for “chrons”" in literal and "0 posts" in literal
    assert 'Did you mean <a href="/search?q=crohns">crohns</a>?' in literal
    body = api(client, "chrons", nofix="1")
    assert body["total"] == 0 and body["corrected_from"] is None
    assert body["query"] == "chrons" and body["suggestion"] == "crohns"


@pytest.mark.parametrize("q", ["crohn's", "Crohns", "crohns", "Crohn’s"])
def test_the_right_spellings_of_crohns_are_searched_as_typed(client, forum, q):
    body = api(client, q)
    assert body["corrected_from"] is None and body["suggestion"] is None
    assert body["query"] == q
    assert titles(body) == CROHNS_POSTS
    assert "Showing results for" not in page(client, q)


@pytest.mark.parametrize(
    "q, fixed, title",
    [
        ("diabeties", "diabetes", "Pre-visit planning huddle cut missed labs"),
        ("epilepsey", "epilepsy", "Seizure plan for the school trip"),
        ("chrons school", "crohns school", "Bathroom pass at school"),
    ],
)
def test_misspelt_condition_names_are_corrected(client, forum, q, fixed, title):
    body = api(client, q)
    assert (body["query"], body["corrected_from"]) == (fixed, q)
    assert body["results"][0]["post"]["title"] == title
    assert f"Showing results for <strong>{fixed}</strong>" in page(client, q)


@pytest.mark.parametrize(
    "q",
    ["poop school", "pee accidents", "wee", "sick", "fits", "poo", "nephrosis"],
)
def test_words_people_mean_are_never_respelt(client, forum, q):
    """Body and health words stay as typed, even a letter from a commoner word
    ("poop"/"pool", "pee"/"peel", "wee"/"week", "sick"/"sock", "fits"/"fix") or
    from another medical term ("nephrosis"/lupus "nephritis")."""
    body = api(client, q)
    assert body["suggestion"] is None and body["corrected_from"] is None
    assert body["query"] == q
    html = page(client, q)
    assert "Did you mean" not in html and "Showing results for" not in html


def test_an_everyday_body_word_is_never_offered_for_another_word(client, app_ctx):
    make_post(title="Poop chart with stickers", body="A star for every try.")
    # "pool" is in no post, "poop" is: still not the same thing.
    body = api(client, "pool")
    assert body["suggestion"] is None and body["corrected_from"] is None
    # A misspelt medical word is still helped: only everyday words are never offered.
    make_post(title="Diarrhea on holiday", body="Pack the rehydration salts.")
    assert api(client, "diarhea")["suggestion"] == "diarrhea"


def test_poop_school_finds_the_school_posts_and_says_plainly_none_has_both(client, forum):
    html = page(client, "poop school")
    assert "No post has all your words; these have some of them." in html
    assert "0 posts have" not in html and "0 post" not in html.replace("0 posts have", "")
    assert "Swimming pool sessions at school" in html


def test_when_some_posts_have_every_word_they_are_counted(client, forum):
    html = page(client, "pool school")
    assert "1 post has all your words and comes first; the rest have some of them." in html


def test_a_query_that_matches_nothing_offers_a_way_forward_and_nothing_to_narrow(client, forum):
    html = page(client, "zzzxq")
    assert "No posts match “zzzxq” yet." in html
    assert "Narrow your results" not in html and 'class="facets"' not in html
    assert "Narrow by condition" not in html
    assert "all your words" not in html
    assert "Did you mean" not in html and "Showing results for" not in html
    assert re.search(
        r'Didn’t find it\? <a href="/posts/new\?kind=question">Ask a question</a>', html
    )
    body = api(client, "zzzxq")
    assert body["total"] == 0 and body["suggestion"] is None and body["corrected_from"] is None


def test_weak_results_offer_to_ask_with_the_condition_searched(client, forum):
    html = page(client, "spacer", condition="asthma")
    assert "1 post about Asthma" in html
    assert 'href="/posts/new?kind=question&amp;condition=asthma">Ask a question</a>' in html
    # Plenty found: no prompt.
    assert "Ask a question" not in page(client, "school")


def test_the_results_page_has_one_search_box_holding_the_words_and_filters(client, forum):
    html = page(client, "chrons", kind="hack", sort="newest")
    assert html.count('type="search"') == 1
    assert html.count('role="search"') == 1
    box = html[html.index('<form class="header-search"') :]
    box = box[: box.index("</form>")]
    assert 'value="crohns"' in box  # the words searched, after the respelling
    assert '<input type="hidden" name="kind" value="hack">' in box
    assert '<input type="hidden" name="sort" value="newest">' in box
    assert 'name="nofix"' not in box  # new words get respelt again


def test_nofix_must_be_0_or_1(client, forum):
    response = client.get("/api/v1/search?q=chrons&nofix=yes")
    assert response.status_code == 400
    assert "nofix" in response.json["error"]["fields"]
    assert client.get("/search?q=chrons&nofix=yes").status_code == 400
    assert api(client, "chrons", nofix="0")["corrected_from"] == "chrons"
