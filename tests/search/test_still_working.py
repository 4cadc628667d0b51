""" "Still working" in search: a filter (someone still uses it months on) and a
sort (most still using it at the longest step answered, then their share)."""

from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.followups import service
from forum.models import FollowUp
from forum.models.timestamps import utcnow
from search.index.documents import still_working_key
from tests.factories import make_outcome, make_post, make_user
from tests.search.conftest import run


def answered(post, *answers: str, months: int = 3) -> None:
    """One reporter per answer, each asked ``months`` on and answering."""
    for answer in answers:
        reporter = make_user()
        make_outcome(post, reporter, "worked")
        followup = db.session.scalar(
            select(FollowUp).where(FollowUp.user_id == reporter.id, FollowUp.months == months)
        )
        followup.asked_at = followup.due_at = utcnow()
        db.session.commit()
        service.answer(reporter, followup, answer=answer)


def test_filter_and_sort_by_still_working(app_ctx):
    author = make_user()
    lasting = make_post(author, title="Visual timetable for the morning")
    fading = make_post(author, title="Sticker chart for the morning")
    mixed = make_post(author, title="Alarm clock for the morning")
    untried = make_post(author, title="Radio in the morning")
    answered(lasting, "still_using", "still_using")
    answered(fading, "stopped")
    answered(mixed, "still_using", "still_using", "stopped")
    # The longest step answered decides: 6 months on, one still uses the mixed idea.
    answered(mixed, "still_using", months=6)

    assert sorted(run("morning", still=True)) == sorted([lasting.title, mixed.title])
    assert run("morning", sort="still_working") == [
        lasting.title,  # 2 of 2 still using it at 3 months
        mixed.title,  # 1 of 1 at 6 months, its longest step
        untried.title,  # nobody still uses the rest: newest first
        fading.title,
    ]
    assert run("radio", still=True) == []


def test_the_key_puts_more_still_using_before_a_better_share():
    assert still_working_key(3, 0.5) > still_working_key(2, 1.0) > still_working_key(2, 0.5)
    assert still_working_key(0, 0.0) == 0


def test_the_results_page_and_the_api_take_the_filter_and_the_sort(app, client):
    with app.app_context():
        post = make_post(make_user(), title="Visual timetable for the morning")
        make_post(make_user(), title="Radio in the morning")
        answered(post, "still_using")
    page = client.get("/search?q=morning").get_data(as_text=True)
    assert "Only ideas people still use months on" in page
    assert "Still working after months" in page
    page = client.get("/search?q=morning&still=1&sort=still_working").get_data(as_text=True)
    assert "Visual timetable for the morning" in page and "still working months on" in page
    assert "Radio in the morning" not in page
    assert "1/1 still using at 3 mo" in page
    assert client.get("/search?q=morning&still=yes").status_code == 400
    body = client.get("/api/v1/search?q=morning&still=1&sort=still_working").get_json()
    assert [r["post"]["durability"] for r in body["results"]] == [
        [{"months": 3, "still_using": 1, "answered": 1}]
    ]
    assert client.get("/api/v1/search?still=2").status_code == 400
