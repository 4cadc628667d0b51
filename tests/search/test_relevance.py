"""What people find: stemming, synonyms, the condition tree, ranking, filters, facets."""

from __future__ import annotations

from forum.extensions import db
from forum.services.posts import set_post_status
from search.query.params import SearchParams
from search.query.service import search
from tests.search.conftest import run


def test_stemming_finds_other_forms_of_a_word(corpus):
    assert run("walking") == ["Evening routine for stiff knees"]  # the post says "walk"
    assert run("planned huddles") == ["Pre-visit planning huddle cut missed labs"]


def test_synonym_finds_posts_tagged_with_the_condition(corpus):
    # Neither post says "UC" or "colitis"; both are tagged.
    assert run("UC") == ["Rest breaks in exams during a flare"]
    assert run("colitis") == ["Rest breaks in exams during a flare"]
    assert set(run("crohns")) == {
        "Bathroom pass at school",
        "Overnight tube feeds without the beeping",
    }
    assert set(run("Crohn's disease")) == set(run("crohns"))


def test_parent_condition_finds_its_descendants(corpus):
    expected = {
        "Bathroom pass at school",
        "Rest breaks in exams during a flare",
        "Overnight tube feeds without the beeping",
    }
    assert set(run("IBD")) == expected
    assert set(run("inflammatory bowel disease")) == expected
    assert set(run(condition="ibd")) == expected


def test_title_match_ranks_above_body_match(corpus):
    titles = run("school")
    assert titles[0] == "Bathroom pass at school"  # in the title (and a tag)
    assert set(titles[1:]) == {
        "Rest breaks in exams during a flare",
        "Pre-visit planning huddle cut missed labs",
    }


def test_posts_with_every_word_come_first(corpus):
    result = search(SearchParams(q="IBD school"))
    titles = [hit.post.title for hit in result.hits]
    assert result.matched_all == 2
    assert set(titles[:2]) == {"Bathroom pass at school", "Rest breaks in exams during a flare"}
    # Then posts with only one of the two: school without IBD, IBD without school.
    assert set(titles[2:]) == {
        "Pre-visit planning huddle cut missed labs",
        "Overnight tube feeds without the beeping",
    }


def test_filters_by_kind_perspective_and_condition(corpus):
    assert run("school", kind="question") == ["Rest breaks in exams during a flare"]
    assert run("school", perspective="clinician") == ["Pre-visit planning huddle cut missed labs"]
    assert run("school", condition="crohns-disease") == ["Bathroom pass at school"]
    assert run("school", condition="asthma") == []


def test_facets_count_the_whole_result_set(corpus):
    result = search(SearchParams(q="school", per_page=1))
    assert result.total == 3 and len(result.hits) == 1
    assert result.facets["conditions"] == {  # ancestors count too, up to the groups
        "digestive-conditions": 2,
        "hormone-conditions": 1,
        "ibd": 2,
        "crohns-disease": 1,
        "ulcerative-colitis": 1,
        "type-1-diabetes": 1,
    }
    assert result.facets["kinds"] == {"hack": 1, "question": 1, "change_idea": 1}
    assert result.facets["perspectives"] == {"caregiver": 2, "clinician": 1}


def test_did_you_mean_fixes_misspelt_words(corpus):
    # Sure of it (condition words, no post uses the typos): its results are shown instead.
    result = search(SearchParams(q="chrons dieseas"))
    assert (result.query, result.corrected_from, result.suggestion) == (
        "crohns disease", "chrons dieseas", None,
    )  # fmt: skip
    literal = search(SearchParams(q="chrons dieseas", nofix=True))
    assert (literal.total, literal.suggestion) == (0, "crohns disease")
    assert search(SearchParams(q="inhailer")).suggestion == "inhaler"
    assert search(SearchParams(q="school")).suggestion is None
    assert search(SearchParams(q="crohns disease")).suggestion is None


def test_sort_by_newest_and_by_most_reported_to_work(corpus):
    assert run("IBD", sort="newest") == [
        "Overnight tube feeds without the beeping",
        "Rest breaks in exams during a flare",
        "Bathroom pass at school",
    ]
    assert run(sort="worked")[:2] == [
        "Overnight tube feeds without the beeping",  # 3 said it worked
        "Evening routine for stiff knees",  # 1 did
    ]


def test_empty_query_lists_newest_posts_with_filters(corpus):
    result = search(SearchParams())
    assert result.total == 6
    assert result.hits[0].post.title == "Inhaler spacer in the sports bag"
    assert run(kind="change_idea") == ["Pre-visit planning huddle cut missed labs"]


def test_paging_walks_the_whole_result_set_once(corpus):
    seen = []
    for page in (1, 2, 3):
        seen += run("IBD school", per_page=2, page=page)
    assert len(seen) == 4 and len(set(seen)) == 4
    assert run("IBD school", per_page=2, page=9) == []


def test_only_published_posts_are_returned(corpus):
    set_post_status(corpus["bathroom"], "hidden")
    db.session.commit()
    assert "Bathroom pass at school" not in run("school")
    assert search(SearchParams(q="school")).facets["kinds"] == {"question": 1, "change_idea": 1}


def test_highlights_mark_the_words_and_escape_the_post(app_ctx):
    from tests.factories import make_post

    make_post(
        title="Script tags",
        body='We walk. <img src=x onerror="alert(1)"> and **walking** helps & heals.',
    )
    (hit,) = search(SearchParams(q="walking")).hits
    html = str(hit.highlight)
    assert "<mark>walk</mark>" in html and "<mark>walking</mark>" in html
    assert "<img" not in html and "<strong>" not in html
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
