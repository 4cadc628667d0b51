""" "Still working?": follow-ups scheduled on a report, asked once by the worker,
answered by the reporter, and counted on the post as its durability."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.followups import due
from forum.followups.service import add_months
from forum.models import FollowUp, NotifyEvent, OutcomeReport, Post
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_outcome, make_post, make_user
from tests.pages import page_text


def steps(app, post_id: int) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(FollowUp.months, FollowUp.asked_at.is_not(None), FollowUp.answer)
            .where(FollowUp.post_id == post_id)
            .order_by(FollowUp.months)
        )
        return [tuple(row) for row in rows]


def months_on(months: int, days: int = 1) -> datetime:
    return add_months(datetime.now(UTC), months) + timedelta(days=days)


def run_due(app, now: datetime) -> int:
    with app.app_context():
        return due.run(now)


def followup_events(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(
            select(NotifyEvent.recipient_id, NotifyEvent.post_id, NotifyEvent.data)
            .where(NotifyEvent.kind == "followup")
            .order_by(NotifyEvent.id)
        )
        return [(r, p, d["months"]) for r, p, d in rows]


@pytest.fixture
def post_id(app) -> int:
    with app.app_context():
        dana = make_user("dana")
        make_user("eli")
        return make_post(dana, title="Standing bathroom pass at school").id


def report(app, post_id: int, username: str, result: str) -> None:
    with app.app_context():
        from forum.models import User

        user = db.session.scalar(select(User).where(User.username == username))
        make_outcome(db.session.get(Post, post_id), user, result)


def followup_id(app, post_id: int, months: int, username: str = "eli") -> int:
    with app.app_context():
        from forum.models import User

        return db.session.scalar(
            select(FollowUp.id)
            .join(User, User.id == FollowUp.user_id)
            .where(
                FollowUp.post_id == post_id, FollowUp.months == months, User.username == username
            )
        )


# Scheduling ---------------------------------------------------------------


@pytest.mark.parametrize("result", ["worked", "partly"])
def test_a_report_that_it_worked_is_followed_up_at_3_and_6_months(app, post_id, result):
    report(app, post_id, "eli", result)
    assert steps(app, post_id) == [(3, False, None), (6, False, None)]
    with app.app_context():
        made = db.session.scalar(select(OutcomeReport.created_at))
        dues = db.session.scalars(select(FollowUp.due_at).order_by(FollowUp.months)).all()
        assert dues == [add_months(made, 3), add_months(made, 6)]


@pytest.mark.parametrize("result", ["no_effect", "worse", "stopped"])
def test_other_results_are_not_followed_up(app, post_id, result):
    report(app, post_id, "eli", result)
    assert steps(app, post_id) == []


def test_steps_follow_the_configuration(make_app):
    app = make_app(FOLLOWUP_MONTHS=(1, 12))
    with app.app_context():
        post = make_post(make_user())
        make_outcome(post, make_user())
        post_id = post.id
    assert steps(app, post_id) == [(1, False, None), (12, False, None)]


def test_calendar_months_keep_the_day_or_the_months_last():
    assert add_months(datetime(2026, 11, 30, 9, tzinfo=UTC), 3) == datetime(
        2027, 2, 28, 9, tzinfo=UTC
    )
    assert add_months(datetime(2026, 1, 15, tzinfo=UTC), 6) == datetime(2026, 7, 15, tzinfo=UTC)


def test_changing_the_result_cancels_unasked_steps_and_changing_back_restores_them(
    app, client, auth, post_id
):
    report(app, post_id, "eli", "worked")
    assert run_due(app, months_on(3)) == 1  # the 3-month step is asked
    report(app, post_id, "eli", "no_effect")
    assert steps(app, post_id) == [(3, True, None)]  # asked: kept; 6 months: cancelled
    report(app, post_id, "eli", "worked")
    assert steps(app, post_id) == [(3, True, None), (6, False, None)]


def test_deleting_the_post_takes_its_followups(app, post_id):
    report(app, post_id, "eli", "worked")
    with app.app_context():
        db.session.delete(db.session.get(Post, post_id))
        db.session.commit()
        assert db.session.scalar(select(FollowUp.id)) is None


# The due job ----------------------------------------------------------------


def test_the_due_job_asks_each_step_once_when_due(app, post_id):
    report(app, post_id, "eli", "worked")
    assert run_due(app, months_on(3, days=-2)) == 0  # not yet
    assert run_due(app, months_on(3)) == 1
    assert run_due(app, months_on(3)) == 0  # run again: nobody asked twice
    with app.app_context():
        eli = db.session.scalar(select(FollowUp.user_id))
    assert followup_events(app) == [(eli, post_id, 3)]
    # Six months on, the 3-month step was never answered: the 6-month one is still asked.
    assert run_due(app, months_on(6)) == 1
    assert followup_events(app) == [(eli, post_id, 3), (eli, post_id, 6)]


def test_two_claimers_never_ask_the_same_step(app, post_id):
    report(app, post_id, "eli", "worked")
    with app.app_context():
        first = due._claim(months_on(7), 10)
        second = due._claim(months_on(7), 10)  # the same transaction: rows already asked
        db.session.commit()
    assert len(first) == 2 and second == []


@pytest.mark.parametrize("status", ["pending", "hidden", "removed", "deleted"])
def test_a_post_that_is_not_published_is_not_asked_about(app, post_id, status):
    report(app, post_id, "eli", "worked")
    with app.app_context():
        db.session.get(Post, post_id).status = status
        db.session.commit()
    assert run_due(app, months_on(3)) == 0
    assert followup_events(app) == []
    with app.app_context():
        db.session.get(Post, post_id).status = "published"
        db.session.commit()
    assert run_due(app, months_on(3)) == 1  # published again: asked then


# The answer page ----------------------------------------------------------------


def asked(app, post_id: int, username: str = "eli", months: int = 3) -> int:
    report(app, post_id, username, "worked")
    run_due(app, months_on(months))
    return followup_id(app, post_id, 3, username)


def test_only_the_reporter_sees_the_answer_page(app, client, auth, post_id):
    fid = asked(app, post_id)
    assert client.get(f"/followups/{fid}").status_code == 302  # sign in first
    with app.app_context():
        make_user("mo", role="moderator")
    for other in ("dana", "mo"):
        auth.login(other)
        assert client.get(f"/followups/{fid}").status_code == 404
        assert client.post(f"/followups/{fid}", data={"answer": "stopped"}).status_code == 404
        auth.logout()
    assert steps(app, post_id)[0][2] is None
    auth.login("eli")
    page = page_text(client.get(f"/followups/{fid}"))
    assert "Is it still working?" in page
    assert "Standing bathroom pass at school" in page and "3 months" in page
    assert client.get("/followups/999999").status_code == 404


def test_a_step_not_yet_due_cannot_be_answered(app, client, auth, post_id):
    report(app, post_id, "eli", "worked")
    auth.login("eli")
    fid = followup_id(app, post_id, 3)
    assert client.get(f"/followups/{fid}").status_code == 404
    assert client.post(f"/followups/{fid}", data={"answer": "still_using"}).status_code == 404


def test_still_using_it_shows_on_the_post_as_durability(app, client, auth, post_id):
    fid = asked(app, post_id)
    auth.login("eli")
    response = client.post(f"/followups/{fid}", data={"answer": "still_using"})
    assert response.headers["Location"].endswith(f"/posts/{post_id}#outcomes")
    auth.logout()
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "1 of 1 still using it after 3 months" in page
    assert "1/1 still using at 3 mo" in page_text(client.get("/"))


def test_durability_counts_each_reporters_latest_answer(app, client, auth, post_id):
    with app.app_context():
        make_user("fay")
    fid = asked(app, post_id)
    other = asked(app, post_id, "fay")
    auth.login("fay")
    client.post(f"/followups/{other}", data={"answer": "still_using"})
    auth.logout()
    auth.login("eli")
    client.post(f"/followups/{fid}", data={"answer": "still_using"})
    assert "2 of 2 still using it after 3 months" in page_text(client.get(f"/posts/{post_id}"))
    # Answering again changes that step's answer.
    client.post(f"/followups/{fid}", data={"answer": "stopped", "stopped_reason": "Winter <b>"})
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "1 of 2 still using it after 3 months" in page
    assert "Winter" not in page  # the why is private
    answer_page = client.get(f"/followups/{fid}").get_data(as_text=True)
    assert "Winter &lt;b&gt;" in answer_page  # shown to its writer, escaped
    assert steps(app, post_id)[0][2] == "stopped"


def test_nothing_is_shown_before_anyone_answers(app, client, post_id):
    asked(app, post_id)
    assert "still using it after" not in page_text(client.get(f"/posts/{post_id}"))


def test_a_late_answer_still_counts(app, client, auth, post_id):
    report(app, post_id, "eli", "worked")
    run_due(app, months_on(3))
    run_due(app, months_on(6))  # the next step is due too
    auth.login("eli")
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "Is it still working after 3 months?" in page
    assert "Is it still working after 6 months?" in page
    client.post(f"/followups/{followup_id(app, post_id, 3)}", data={"answer": "still_using"})
    client.post(f"/followups/{followup_id(app, post_id, 6)}", data={"answer": "changed"})
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "1 of 1 still using it after 3 months" in page
    assert "0 of 1 still using it after 6 months" in page


def test_changed_it_links_one_of_their_own_posts(app, client, auth, post_id):
    fid = asked(app, post_id)
    with app.app_context():
        from forum.models import User

        eli = db.session.scalar(select(User).where(User.username == "eli"))
        mine = make_post(eli, title="Bathroom pass, with a timer").id
        theirs = make_post(make_user(), title="Somebody else's idea").id
    auth.login("eli")
    page = client.get(f"/followups/{fid}").get_data(as_text=True)
    assert "Bathroom pass, with a timer" in page and "Somebody else" not in page
    assert f"/posts/{post_id}/adapt" in page  # "Adapt this": the new post links back
    response = client.post(f"/followups/{fid}", data={"answer": "changed", "adaptation": theirs})
    assert response.status_code == 400
    assert "Choose one of your own posts" in page_text(response)
    assert steps(app, post_id)[0][2] is None
    client.post(f"/followups/{fid}", data={"answer": "changed", "adaptation": str(mine)})
    with app.app_context():
        assert db.session.get(FollowUp, fid).adaptation_id == mine
    assert "Bathroom pass, with a timer" in page_text(client.get(f"/followups/{fid}"))


@pytest.mark.parametrize(
    "data, message",
    [
        ({"answer": "maybe"}, "Choose: still using it, stopped or changed it."),
        ({}, "Choose: still using it, stopped or changed it."),
        ({"answer": "stopped", "stopped_reason": "x" * 501}, "at most 500 characters"),
        ({"answer": "changed", "adaptation": "nope"}, "Choose one of your own posts"),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(app, client, auth, post_id, data, message):
    fid = asked(app, post_id)
    auth.login("eli")
    response = client.post(f"/followups/{fid}", data=data)
    assert response.status_code == 400
    assert message in page_text(response)
    assert steps(app, post_id)[0][2] is None


def test_the_new_post_form_takes_the_adaptation_title(app, client, auth, post_id):
    auth.login("eli")
    page = client.get("/posts/new?title=Adapted+from+%E2%80%9CPass%E2%80%9D").get_data(as_text=True)
    assert 'value="Adapted from “Pass”"' in page


# The API ----------------------------------------------------------------


def token(app, username: str) -> dict[str, str]:
    with app.app_context():
        from forum.models import User
        from forum.services.accounts import issue_token

        user = db.session.scalar(select(User).where(User.username == username))
        return {"Authorization": f"Bearer {issue_token(user, 'test')}"}


def test_the_api_answers_and_returns_the_history(app, client, post_id):
    from tests.forum.test_openapi import assert_fits

    fid = asked(app, post_id)
    eli, dana = token(app, "eli"), token(app, "dana")
    url = f"/api/v1/followups/{fid}"
    assert client.post(url, json={"answer": "still_using"}).status_code == 401
    assert client.post(url, json={"answer": "still_using"}, headers=dana).status_code == 404
    for bad in (
        {"answer": "maybe"},
        {"answer": ["still_using"]},
        {"answer": "stopped", "reason": "x" * 501},
        {"answer": "stopped", "adaptation_post_id": post_id},
        {"answer": "changed", "adaptation_post_id": "1"},
        {"answer": "changed", "adaptation_post_id": post_id},  # not their own post
    ):
        response = client.post(url, json=bad, headers=eli)
        assert response.status_code == 400, bad
        assert_fits(response.json, "/api/v1/followups/{followup_id}", "post", 400)
    assert steps(app, post_id)[0][2] is None

    response = client.post(url, json={"answer": "stopped", "reason": "Winter colds"}, headers=eli)
    assert response.status_code == 200
    assert_fits(response.json, "/api/v1/followups/{followup_id}", "post", 200)
    assert response.json["followup"]["answer"] == "stopped"

    post = client.get(f"/api/v1/posts/{post_id}").json["post"]
    assert post["durability"] == [{"months": 3, "still_using": 0, "answered": 1}]
    history = client.get(f"/api/v1/posts/{post_id}/outcomes")
    assert_fits(history.json, "/api/v1/posts/{post_id}/outcomes", "get", 200)
    (report,) = history.json["outcomes"]
    assert [(f["months"], f["answer"]) for f in report["followups"]] == [(3, "stopped"), (6, None)]
    assert "reason" not in report["followups"][0]  # the why is the reporter's own
    mine = client.get(f"/api/v1/posts/{post_id}/outcomes", headers=eli).json["outcomes"][0]
    assert mine["followups"][0]["reason"] == "Winter colds"
    assert client.get("/api/v1/posts/999999/outcomes").status_code == 404
    assert client.get(f"/api/v1/posts/{post_id}/outcomes?page=0").status_code == 400


def test_the_due_job_works_through_batches(app, post_id):
    with app.app_context():
        make_user("fay")
    report(app, post_id, "eli", "worked")
    report(app, post_id, "fay", "partly")
    with app.app_context():
        assert due.run(months_on(6), batch=1) == 4
    assert len(followup_events(app)) == 4


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="SQLite has one writer: claims queue up")
def test_two_workers_on_postgresql_take_different_follow_ups(app, post_id):
    with app.app_context():
        make_user("fay")
    report(app, post_id, "eli", "worked")
    report(app, post_id, "fay", "worked")
    with app.app_context():
        first, second = Session(db.engine), Session(db.engine)
        try:
            mine = due._claim(months_on(6), 2, first)  # held, not yet committed
            theirs = due._claim(months_on(6), 10, second)  # skips the rows held above
            first.commit()
            second.commit()
        finally:
            first.close()
            second.close()
    assert len(mine) == 2 and len(theirs) == 2 and not set(mine) & set(theirs)
    assert run_due(app, months_on(6)) == 0
