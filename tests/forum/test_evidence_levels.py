"""Evidence levels: each level, its boundaries, and that the stored level
follows every change it rests on, in the change's own transaction."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, insert

from forum.evidence import citations
from forum.evidence.levels import (
    CitationFact,
    Facts,
    MeasureFact,
    WorkedReport,
    judge,
)
from forum.extensions import db
from forum.models import DataPoint, Measure, PdsaCycle, Post, post_coauthors
from forum.models.timestamps import utcnow
from forum.services import NotAllowed
from tests.factories import make_outcome, make_post, make_user

NOW = utcnow()
OLD = NOW - timedelta(days=30)


def reports(*ages_in_days, start=100):
    return tuple(
        WorkedReport(start + i, NOW, NOW - timedelta(days=age))
        for i, age in enumerate(ages_in_days)
    )


def test_a_post_with_nothing_else_is_one_story():
    found = judge(Facts("hack", 1))
    assert found.level == "one_story"
    assert found.reason == "One story: the author's own experience"
    assert found.label == "One story"


def test_three_members_who_say_it_worked_make_it_repeated_and_two_do_not():
    assert judge(Facts("hack", 1, worked=reports(30, 30))).level == "one_story"
    found = judge(Facts("hack", 1, worked=reports(30, 30, 30, 30)))
    assert found.level == "repeated"
    assert found.reason == "Repeated: 4 members reported it worked"


def test_an_account_six_days_old_does_not_count_but_seven_days_does():
    assert judge(Facts("hack", 1, worked=reports(30, 30, 6))).level == "one_story"
    assert judge(Facts("hack", 1, worked=reports(30, 30, 7))).level == "repeated"


def test_the_authors_and_coauthors_reports_do_not_count():
    worked = reports(30, 30, 30)
    assert judge(Facts("hack", 100, worked=worked)).level == "one_story"
    assert judge(Facts("hack", 1, frozenset({101}), worked=worked)).level == "one_story"


def _points(values, first=date(2026, 1, 1)):
    return tuple(first + timedelta(days=7 * i) for i in range(len(values))), tuple(values)


BEFORE_AFTER = [5, 6, 5, 6, 5, 6, 5, 6, 2, 1, 2, 1, 2, 1, 1, 2]  # drops from point 9


def test_a_shift_after_the_first_cycle_makes_a_change_idea_tested():
    dates, values = _points(BEFORE_AFTER)
    facts = Facts(
        "change_idea", 1, measures=(MeasureFact("Missed doses", dates, values),),
        first_cycle_on=dates[8],
    )  # fmt: skip
    found = judge(facts)
    assert found.level == "tested"
    assert found.reason.startswith("Tested: the run chart of ‘Missed doses’ shows a shift")
    assert "after the change (from 26 February 2026)" in found.reason


def test_a_shift_that_began_before_the_change_does_not_count():
    dates, values = _points(BEFORE_AFTER)
    facts = Facts(
        "change_idea", 1, measures=(MeasureFact("Missed doses", dates, values),),
        first_cycle_on=dates[10],
    )  # fmt: skip
    assert judge(facts).level == "one_story"


def test_a_hack_with_a_shift_is_not_tested():
    dates, values = _points(BEFORE_AFTER)
    facts = Facts("hack", 1, measures=(MeasureFact("m", dates, values),), first_cycle_on=dates[0])
    assert judge(facts).level == "one_story"


def test_a_citation_confirmed_by_an_outside_verified_clinician_makes_it_published():
    cited = CitationFact("doi", "10.1136/bmjqs.2010.046193", 50, "drlee", True)
    found = judge(Facts("hack", 1, worked=reports(30, 30, 30), citations=(cited,)))
    assert found.level == "published"
    assert found.reason == "Published: doi:10.1136/bmjqs.2010.046193 confirmed by drlee"


@pytest.mark.parametrize(
    "citation",
    [
        CitationFact("pmid", "21228075"),  # not confirmed
        CitationFact("pmid", "21228075", 50, "someone", False),  # confirmer not verified
        CitationFact("pmid", "21228075", 1, "author", True),  # the author
        CitationFact("pmid", "21228075", 101, "coauthor", True),  # a co-author
    ],
)
def test_a_citation_without_an_outside_verified_confirmation_is_not_published(citation):
    facts = Facts("hack", 1, frozenset({101}), citations=(citation,))
    assert judge(facts).level == "one_story"


# Kept current on the post, in the change's transaction.


def _old_member(**fields):
    return make_user(created_at=OLD, **fields)


def test_the_stored_level_follows_outcome_reports(app_ctx):
    post = make_post()
    for _ in range(2):
        make_outcome(post, _old_member())
    assert post.evidence_level == "one_story"
    third = _old_member()
    make_outcome(post, third)
    db.session.refresh(post)
    assert (post.evidence_level, post.evidence_reason) == (
        "repeated",
        "Repeated: 3 members reported it worked",
    )
    make_outcome(post, third, result="no_effect")  # changed their mind
    db.session.refresh(post)
    assert post.evidence_level == "one_story"


def test_a_new_account_and_a_coauthor_do_not_count(app_ctx):
    post = make_post()
    new = make_user(created_at=NOW - timedelta(days=6))
    first = _old_member()
    for reporter in (first, _old_member(), new):
        make_outcome(post, reporter)
    db.session.refresh(post)
    assert post.evidence_level == "one_story"
    make_outcome(post, _old_member())
    db.session.refresh(post)
    assert post.evidence_level == "repeated"
    # Naming one of the reporters a co-author (a plain table insert) takes them out.
    coauthor = first.id
    db.session.execute(insert(post_coauthors).values(post_id=post.id, user_id=coauthor))
    db.session.commit()
    db.session.refresh(post)
    assert post.evidence_level == "one_story"
    db.session.execute(
        delete(post_coauthors).where(
            post_coauthors.c.post_id == post.id, post_coauthors.c.user_id == coauthor
        )
    )
    db.session.commit()
    db.session.refresh(post)
    assert post.evidence_level == "repeated"


def _change_idea(first_cycle_index: int) -> Post:
    post = make_post(kind="change_idea", title="Pre-visit huddle for missed doses")
    measure = Measure(post_id=post.id, name="Missed doses", unit="doses", kind="outcome")
    dates, values = _points(BEFORE_AFTER)
    measure.points = [DataPoint(observed_on=d, value=v) for d, v in zip(dates, values, strict=True)]
    db.session.add(measure)
    db.session.add(PdsaCycle(post_id=post.id, started_on=dates[first_cycle_index], plan="Huddle"))
    db.session.commit()
    db.session.refresh(post)
    return post


def test_data_and_a_cycle_make_a_change_idea_tested(app_ctx):
    post = _change_idea(8)
    assert post.evidence_level == "tested"
    assert "‘Missed doses’ shows a shift after the change" in post.evidence_reason


def test_a_cycle_moved_after_the_shift_began_takes_tested_away(app_ctx):
    post = _change_idea(8)
    cycle = db.session.scalars(db.select(PdsaCycle).where(PdsaCycle.post_id == post.id)).one()
    cycle.started_on = cycle.started_on + timedelta(days=14)
    db.session.commit()
    db.session.refresh(post)
    assert post.evidence_level == "one_story"


def test_deleting_data_points_takes_tested_away(app_ctx):
    post = _change_idea(8)
    for point in db.session.scalars(db.select(DataPoint)).all()[8:]:
        db.session.delete(point)
    db.session.commit()
    db.session.refresh(post)
    assert post.evidence_level == "one_story"


def test_changing_a_change_idea_into_a_hack_takes_tested_away(app_ctx):
    post = _change_idea(8)
    post.kind = "hack"
    db.session.commit()
    db.session.refresh(post)
    assert post.evidence_level == "one_story"


def test_a_confirmed_citation_publishes_and_its_removal_takes_it_back(app_ctx):
    author = make_user()
    post = make_post(author)
    citation = citations.add(author, post, "https://doi.org/10.1136/BMJQS.2010.046193")
    db.session.refresh(post)
    assert post.evidence_level == "one_story"
    clinician = make_user("drlee", perspective="clinician", clinician_verified=True)
    citations.confirm(clinician, citation)
    db.session.refresh(post)
    assert post.evidence_level == "published"
    assert post.evidence_reason == "Published: doi:10.1136/bmjqs.2010.046193 confirmed by drlee"
    moderator = make_user(role="moderator")
    citations.remove(moderator, citation, reason="Not the study the post describes")
    db.session.refresh(post)
    assert post.evidence_level == "one_story"


def test_a_clinician_who_loses_verification_no_longer_publishes(app_ctx):
    author = make_user()
    post = make_post(author)
    clinician = make_user(perspective="clinician", clinician_verified=True)
    citations.confirm(clinician, citations.add(author, post, "21228075"))
    db.session.refresh(post)
    assert post.evidence_level == "published"
    clinician.clinician_verified = False
    db.session.commit()
    db.session.refresh(post)
    assert post.evidence_level == "one_story"


def test_confirmation_by_a_member_who_is_not_verified_or_by_the_author_is_refused(app_ctx):
    author = make_user(perspective="clinician", clinician_verified=True)
    post = make_post(author)
    citation = citations.add(author, post, "21228075")
    with pytest.raises(NotAllowed, match="Only verified clinicians"):
        citations.confirm(make_user(perspective="clinician"), citation)
    with pytest.raises(NotAllowed, match="didn't write the post"):
        citations.confirm(author, citation)
    db.session.rollback()
    db.session.refresh(post)
    assert citation.confirmed_by_id is None
    assert post.evidence_level == "one_story"


def test_the_content_evidence_command_recomputes_every_post(app_ctx, runner):
    post = make_post()
    for _ in range(3):
        make_outcome(post, _old_member())
    db.session.execute(db.update(Post).where(Post.id == post.id).values(evidence_level="one_story"))
    db.session.commit()
    result = runner.invoke(args=["content", "evidence"])
    assert result.exit_code == 0, result.output
    assert "1 of 1 post(s) changed" in result.output
    db.session.refresh(post)
    assert post.evidence_level == "repeated"
