"""What's working for a condition: the summary above its latest posts, and the API's copy."""

from __future__ import annotations

import random
import re

import pytest
from sqlalchemy import select

from forum.conditions import working
from forum.conditions.tree import load_tree
from forum.conditions.working import wilson_lower_bound
from forum.extensions import db
from forum.followups import service as followups
from forum.models import FollowUp
from forum.models.timestamps import utcnow
from tests.factories import bulk_outcomes, make_outcome, make_post, make_user
from tests.pages import page_text
from tests.sql import statements


def _section(response) -> str:
    """The "What's working" section's text, tags stripped, spaces folded."""
    html = page_text(response)
    found = re.search(r'<section class="working".*?</section>', html, re.S)
    assert found, "no What's working section"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split())


# ---------- the ranking ----------


def test_wilson_lower_bound_ranks_45_of_50_above_3_of_3():
    assert wilson_lower_bound(3, 3) == pytest.approx(0.4385, abs=1e-4)
    assert wilson_lower_bound(45, 50) == pytest.approx(0.7864, abs=1e-4)
    assert wilson_lower_bound(45, 50) > wilson_lower_bound(3, 3)
    assert wilson_lower_bound(0, 0) == 0.0
    assert wilson_lower_bound(0, 10) == pytest.approx(0.0, abs=1e-12)
    assert wilson_lower_bound(10, 10) < 1.0
    # More of the same evidence is surer.
    assert wilson_lower_bound(80, 100) > wilson_lower_bound(8, 10) > wilson_lower_bound(4, 5)


def test_the_database_ranks_by_the_same_bound_as_the_definition(app):
    """The SQL expression the lists are ordered by agrees with the Python
    definition on many (k, n), so the page's order is the documented one."""
    rng = random.Random(14)
    pairs = {(rng.randint(0, n), n) for n in (rng.randint(1, 400) for _ in range(300))}
    pairs |= {(0, 1), (1, 1), (3, 3), (45, 50), (50, 50)}
    with app.app_context():
        for k, n in sorted(pairs):
            got = db.session.scalar(select(working._wilson_sql(k, n)))
            assert got == pytest.approx(wilson_lower_bound(k, n), abs=1e-9), (k, n)


def test_3_of_3_does_not_beat_45_of_50_on_the_page_or_in_the_api(app, client):
    with app.app_context():
        few = make_post(title="Three families swear by it", conditions=["crohns-disease"])
        many = make_post(title="Fifty families tried it", conditions=["crohns-disease"])
        bulk_outcomes(few, {"worked": 3})
        bulk_outcomes(many, {"worked": 40, "partly": 5, "no_effect": 3, "worse": 2})

    text = _section(client.get("/conditions/crohns-disease"))
    assert text.index("Fifty families tried it") < text.index("Three families swear by it")
    assert "45 of 50 said it worked or partly" in text
    assert "3 of 3 said it worked or partly" in text
    assert "at least 79% find it works" in text and "at least 44% find it works" in text
    assert "3 of 3 is promising but could be luck" in text  # the bound in plain words

    body = client.get("/api/v1/conditions/crohns-disease/summary").json
    ranked = body["most_reported_to_work"]
    assert [p["title"] for p in ranked] == ["Fifty families tried it", "Three families swear by it"]
    assert ranked[0]["worked_or_partly"] == 45 and ranked[0]["outcomes"]["total"] == 50
    assert ranked[0]["lower_bound"] == pytest.approx(0.7864, abs=1e-4)


def test_only_the_top_five_are_listed(app, client):
    with app.app_context():
        author = make_user()
        for i in range(7):
            post = make_post(author, title=f"Idea number {i}", conditions=["asthma"])
            bulk_outcomes(post, {"worked": i + 1})
    ranked = client.get("/api/v1/conditions/asthma/summary").json["most_reported_to_work"]
    assert [p["title"] for p in ranked] == [f"Idea number {i}" for i in (6, 5, 4, 3, 2)]


def test_an_idea_that_worked_for_nobody_is_not_listed_as_working(app, client):
    with app.app_context():
        nothing = make_post(title="Tried by many, worked for none", conditions=["asthma"])
        bulk_outcomes(nothing, {"no_effect": 28, "worse": 2})
    body = client.get("/api/v1/conditions/asthma/summary").json
    assert body["most_reported_to_work"] == [] and body["outcomes"]["total"] == 30
    text = _section(client.get("/conditions/asthma"))
    assert "No effect: 28 (93%)" in text and "Made it worse: 2 (7%)" in text
    assert "Most reported to work" not in text and "Tried by many" not in text


# ---------- what counts ----------


def test_a_parent_condition_sums_its_children_and_counts_each_person_once(app, client):
    with app.app_context():
        crohns = make_post(title="Crohn's: bathroom pass", conditions=["crohns-disease"])
        uc = make_post(title="UC: night routine", conditions=["ulcerative-colitis"])
        both = make_post(title="For both", conditions=["crohns-disease", "ulcerative-colitis"])
        asthma = make_post(title="Asthma spacer", conditions=["asthma"])
        someone = make_user()
        make_outcome(crohns, someone, "worked")
        make_outcome(uc, someone, "partly")  # the same person: one reporter
        bulk_outcomes(both, {"no_effect": 1, "stopped": 1})
        bulk_outcomes(asthma, {"worse": 2})

    ibd = client.get("/api/v1/conditions/ibd/summary").json
    assert ibd["reporters"] == 3
    assert ibd["outcomes"] == {
        "worked": 1, "partly": 1, "no_effect": 1, "worse": 0, "stopped": 1, "total": 4,
    }  # fmt: skip
    # "For both" worked for nobody (no effect, stopped): counted, but not listed as working.
    assert {p["title"] for p in ibd["most_reported_to_work"]} == {
        "Crohn's: bathroom pass", "UC: night routine",
    }  # fmt: skip
    only_uc = client.get("/api/v1/conditions/ulcerative-colitis/summary").json
    assert only_uc["outcomes"]["total"] == 3 and only_uc["reporters"] == 3
    assert "3 people reported how something they tried went (4 reports)" in _section(
        client.get("/conditions/ibd")
    )


@pytest.mark.parametrize("status", ["pending", "hidden", "removed", "deleted"])
def test_posts_not_published_and_their_reports_are_left_out(app, client, status):
    with app.app_context():
        shown = make_post(title="Still published", conditions=["epilepsy"])
        gone = make_post(title="Taken down later", conditions=["epilepsy"])
        bulk_outcomes(shown, {"worked": 2})
        bulk_outcomes(gone, {"worked": 9, "worse": 4})
        gone.status = status
        db.session.commit()

    body = client.get("/api/v1/conditions/epilepsy/summary").json
    assert body["reporters"] == 2
    assert body["outcomes"]["total"] == 2 and body["outcomes"]["worse"] == 0
    assert [p["title"] for p in body["most_reported_to_work"]] == ["Still published"]
    text = _section(client.get("/conditions/epilepsy"))
    assert "Taken down later" not in text
    assert "2 people reported" in text


def test_an_empty_condition_says_so_and_points_to_its_latest_posts(app, client):
    with app.app_context():
        make_post(title="A question nobody tried", kind="question", conditions=["lupus"])
    response = client.get("/conditions/lupus")
    text = _section(response)
    assert "No one has reported outcomes here yet" in text
    assert 'href="#latest"' in page_text(response)
    assert 'id="latest"' in page_text(response)
    assert "Most reported to work" not in text and "How it went" not in text
    body = client.get("/api/v1/conditions/lupus/summary").json
    assert body["reporters"] == 0 and body["most_reported_to_work"] == []


def test_the_bar_chart_says_its_numbers_in_words_and_in_text(app, client):
    with app.app_context():
        post = make_post(title="Stool chart on the fridge", conditions=["celiac-disease"])
        bulk_outcomes(post, {"worked": 6, "partly": 2, "no_effect": 1, "worse": 1})
    html = page_text(client.get("/conditions/celiac-disease"))
    svg = re.search(r"<svg class=\"working-bar\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="working-bar-title working-bar-desc"' in svg
    assert '<title id="working-bar-title">How the 10 reports went</title>' in svg
    assert "10 reports: 6 worked, 2 partly, 1 no effect, 1 made it worse" in svg
    # One segment per result somebody chose, each with its own title; widths add up.
    widths = [
        float(w)
        for w in re.findall(r'<rect class="bar-\w+" x="[\d.]+" y="0" width="([\d.]+)"', svg)
    ]
    assert len(widths) == 4 and sum(widths) == pytest.approx(400, abs=0.05)
    assert "<title>Worked: 6</title>" in svg and "<title>Made it worse: 1</title>" in svg
    # The legend repeats every result, with numbers and shares, as text.
    text = _section(client.get("/conditions/celiac-disease"))
    for words in ("Worked: 6 (60%)", "Partly: 2 (20%)", "No effect: 1 (10%)",
                  "Made it worse: 1 (10%)", "Stopped: 0 (0%)"):  # fmt: skip
        assert words in text


def test_still_working_at_6_months_comes_from_the_follow_ups(app, client):
    with app.app_context():
        post = make_post(title="Pill organiser with alarms", conditions=["heart-failure"])
        reports = [
            make_outcome(post, make_user(), r) for r in ("worked", "worked", "worked", "partly")
        ]
        assert "Still working" not in _section(client.get("/conditions/heart-failure"))
        answers = ["still_using", "still_using", "stopped"]
        for report, answer in zip(reports, answers, strict=False):
            for step in db.session.scalars(select(FollowUp).where(FollowUp.report_id == report.id)):
                step.asked_at = utcnow()
            db.session.commit()
            six = db.session.scalar(
                select(FollowUp).where(FollowUp.report_id == report.id, FollowUp.months == 6)
            )
            three = db.session.scalar(
                select(FollowUp).where(FollowUp.report_id == report.id, FollowUp.months == 3)
            )
            followups.answer(report.user, six, answer=answer)
            followups.answer(report.user, three, answer="still_using")  # not 6 months: not counted

    text = _section(client.get("/conditions/heart-failure"))
    assert "Still working after 6 months" in text
    assert "2 of 3 asked after 6 months are still using what they tried" in text
    body = client.get("/api/v1/conditions/heart-failure/summary").json
    assert body["still_working"] == {"months": 6, "still_using": 2, "answered": 3}


def test_most_adapted_and_tested_change_ideas(app, client):
    with app.app_context():
        author = make_user()
        made = {}
        for title, kind, level, adaptations in [
            ("Huddle before clinic", "change_idea", "tested", 0),
            ("Published transition clinic", "change_idea", "published", 2),
            ("Only one story", "change_idea", "one_story", 5),
            ("A family hack, tested?", "hack", "tested", 1),
            ("Adapted once", "hack", "one_story", 1),
            ("Adapted a lot", "hack", "repeated", 9),
            ("Adapted twice", "hack", "repeated", 2),
        ]:
            post = made[title] = make_post(author, title=title, kind=kind, conditions=["asthma"])
            post.evidence_level, post.adaptation_count = level, adaptations
        made["Hidden tested idea"] = make_post(
            author, title="Hidden tested idea", kind="change_idea", conditions=["asthma"]
        )
        made["Hidden tested idea"].evidence_level = "tested"
        made["Hidden tested idea"].adaptation_count = 99
        made["Hidden tested idea"].status = "hidden"
        db.session.commit()

    body = client.get("/api/v1/conditions/asthma/summary").json
    assert [p["title"] for p in body["most_adapted"]] == [
        "Adapted a lot", "Only one story", "Published transition clinic",
    ]  # fmt: skip
    assert [p["title"] for p in body["tested_change_ideas"]] == [
        "Published transition clinic", "Huddle before clinic",
    ]  # fmt: skip
    text = _section(client.get("/conditions/asthma"))
    assert "Most adapted ideas" in text and "Adapted a lot adapted 9 times" in text
    assert "Change ideas with a tested result" in text
    assert "Huddle before clinic Evidence: Tested" in text
    assert "Hidden tested idea" not in text
    # Nobody reported trying anything, yet there is something to read.
    assert "No one has reported outcomes here yet" not in text


def test_the_summary_is_two_statements_whatever_the_number_of_posts(app):
    def cost(n: int, tag: str) -> int:
        with app.app_context():
            author = make_user()
            for i in range(n):
                post = make_post(author, title=f"Idea {tag} {i}", conditions=["asthma"])
                bulk_outcomes(post, {"worked": 1})
            ids = load_tree().subtree_ids(load_tree().by_slug["asthma"])
        with statements(app) as seen, app.app_context():
            found = working.summarize_condition(ids)
        assert found.reports >= n
        return len([s for s in seen if not s.startswith("BEGIN")])

    assert cost(1, "a") == cost(8, "b") == 2


def test_long_titles_and_unknown_slugs(app, client):
    with app.app_context():
        post = make_post(title="W" * 150, conditions=["asthma"])
        bulk_outcomes(post, {"worked": 1})
    assert "W" * 150 in _section(client.get("/conditions/asthma"))
    missing = client.get("/api/v1/conditions/no-such-thing/summary")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
