"""One read model for a post (``forum.posts.summary``): listings, the API and the index
read a post through one loader, and a post read any way says the same thing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Post
from forum.posts import summary
from forum.posts.excerpt import SOURCE_CHARS
from forum.posts.summary import PostSummary, summarize
from moderation.reviews import review_post
from search.index import documents
from tests.factories import make_comment, make_outcome, make_post, make_user
from tests.sql import statements


@pytest.fixture
def posts(app_ctx) -> list[int]:
    """Posts that differ in every way a summary can: reviewed or not, hidden,
    several conditions and tags (given out of order), a long body, outcomes."""
    reviewer = make_user("nurse-ro", perspective="clinician", clinician_verified=True)
    dana = make_user("dana", role="moderator", trust_level=3)
    long_body = "We kept a diary of every **flare** and what came before it. " * 30
    made = [
        make_post(
            dana,
            title="Bathroom pass at school",
            conditions=["ulcerative-colitis", "asthma", "crohns-disease"],
            tags=["school", "bathroom-pass", "diet"],
        ),
        make_post(make_user("sam", perspective="patient"), body=long_body, conditions=["epilepsy"]),
        make_post(dana, title="Held back", status="hidden", tags=["zinc"]),
    ]
    review_post(reviewer, made[0], label="care_team", note="Ask your team first.")
    make_comment(made[0])
    make_outcome(made[0], result="worked")
    make_outcome(made[0], result="no_effect")
    make_outcome(made[1], result="stopped")
    return [p.id for p in made]


def _fetch(ids: list[int], text: str) -> list[PostSummary]:
    return summary.fetch(select(Post).where(Post.id.in_(ids)).order_by(Post.id), text=text)


def test_a_post_read_in_bulk_is_the_post_itself_summarized(posts):
    read = _fetch(posts, summary.FULL)
    assert [s.id for s in read] == posts
    for listed in read:
        db.session.expunge_all()
        assert listed == summarize(db.session.get(Post, listed.id))
    first = read[0]
    assert [c.slug for c in first.conditions] == ["asthma", "crohns-disease", "ulcerative-colitis"]
    assert first.tags == ("bathroom-pass", "diet", "school")
    assert first.safety_reviewer.username == "nurse-ro" and first.author.trust_level == 3
    assert read[1].safety_reviewer is None and read[1].tags == ()


def test_a_listing_reads_only_what_its_text_choice_needs(posts):
    full = {s.id: s for s in _fetch(posts, summary.FULL)}
    for card in _fetch(posts, summary.EXCERPT):
        assert card.body == full[card.id].body[:SOURCE_CHARS] and card.body_html is None
    assert len(full[posts[1]].body) > SOURCE_CHARS  # the excerpt really is cut
    for indexed in _fetch(posts, summary.HTML):
        assert indexed.body is None and indexed.body_html == full[indexed.id].body_html
        assert indexed.tags == full[indexed.id].tags


def test_the_loader_runs_three_queries_for_one_post_or_many(app, posts):
    more = [make_post(tags=["school"], conditions=["asthma"]).id for _ in range(20)]
    counts = []
    for ids in (posts[:1], posts + more):
        with statements(app) as seen:
            assert len(_fetch(ids, summary.EXCERPT)) == len(ids)
        counts.append(len([s for s in seen if s.startswith("SELECT")]))
    assert counts == [3, 3]
    with statements(app) as seen:
        assert _fetch([999_999], summary.FULL) == []
    assert len([s for s in seen if s.startswith("SELECT")]) == 1


def test_a_summary_says_its_outcomes_in_words(posts):
    first, second, hidden = _fetch(posts, summary.EXCERPT)
    assert first.outcome_words == "2 reports: worked, no effect"
    assert first.outcomes == {
        "worked": 1,
        "partly": 0,
        "no_effect": 1,
        "worse": 0,
        "stopped": 0,
        "total": 2,
    }
    assert second.outcome_words == "1 report: stopped"
    assert hidden.outcome_words == "No one has reported trying this yet"
    assert first.kind_label == "What worked for us"
    assert first.safety_label_text == "Talk to your care team before trying this"
    assert hidden.safety_label_text == ""


def test_index_documents_are_built_from_the_same_summaries(posts):
    lineage = documents.condition_lineage(db.session)
    docs = documents.load_documents(db.session, Post.id.in_(posts), lineage)
    assert [d["post_id"] for d in docs] == [str(posts[0]), str(posts[1])]  # hidden: not indexed
    assert docs == [documents.document(s, lineage) for s in _fetch(posts[:2], summary.FULL)]
    first = docs[0]
    assert first["tags"] == "bathroom-pass diet school"
    # Each condition with the conditions above it (Crohn's and UC are under IBD).
    assert set(first["conditions"].split(",")) >= {"asthma", "crohns-disease", "ibd"}
    assert first["perspective"] == "caregiver" and first["worked"] == 1
    assert docs[1]["perspective"] == "patient" and docs[1]["tags"] == ""
