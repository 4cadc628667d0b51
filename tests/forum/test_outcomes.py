""" "I tried this": reporting how trying a post went, and the summary everyone sees."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import OutcomeReport, Post, User
from tests.factories import make_outcome, make_post, make_user
from tests.pages import page_text


def reports(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        stmt = (
            select(User.username, OutcomeReport.result, OutcomeReport.note)
            .join(OutcomeReport.user)
            .order_by(OutcomeReport.id)
        )
        return [tuple(row) for row in db.session.execute(stmt)]


@pytest.fixture
def post_id(app) -> int:
    with app.app_context():
        dana = make_user("dana", perspective="caregiver")
        make_user("eli", perspective="patient")
        return make_post(dana, title="Standing bathroom pass at school").id


def test_reporting_an_outcome_adds_it_to_the_summary_and_the_notes(app, client, auth, post_id):
    auth.login("eli")
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "No one has reported trying this yet" in page
    for label in ("It worked", "It partly worked", "No effect", "We stopped"):
        assert f">{label}</label>" in page

    note = "Took two weeks to agree with the school, then no more accidents."
    response = client.post(f"/posts/{post_id}/outcomes", data={"result": "worked", "note": note})
    assert response.headers["Location"].endswith(f"/posts/{post_id}#outcomes")
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "1 report: worked" in page
    notes = page.split('class="outcome-notes"')[1].split("</ul>")[0]
    assert 'class="inset outcome-note"' in notes
    assert note in notes
    assert "eli" in notes and "Patient" in notes  # the reporter's badge
    assert reports(app) == [("eli", "worked", note)]


def test_a_second_report_updates_the_first(app, client, auth, post_id):
    auth.login("eli")
    client.post(f"/posts/{post_id}/outcomes", data={"result": "worked", "note": "Great start"})
    response = client.post(
        f"/posts/{post_id}/outcomes",
        data={"result": "stopped", "note": "Stopped after the holidays"},
        follow_redirects=True,
    )
    page = page_text(response)
    assert "Your report is updated" in page
    assert "1 report: stopped" in page
    assert "Great start" not in page
    assert reports(app) == [("eli", "stopped", "Stopped after the holidays")]
    # The form shows the current report, ready to update.
    assert re.search(r'checked id="result-\d" name="result" type="radio" value="stopped"', page)
    assert "Stopped after the holidays</textarea>" in page
    assert "Update your report</button>" in page
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert (post.outcome_worked, post.outcome_stopped) == (0, 1)


def test_the_author_cannot_report_on_their_own_post(app, client, auth, post_id):
    auth.login("dana")
    page = page_text(client.get(f"/posts/{post_id}"))
    assert 'name="result"' not in page
    assert "This is your post" in page
    response = client.post(f"/posts/{post_id}/outcomes", data={"result": "worked"})
    assert response.status_code == 403
    assert "You can't report an outcome on your own post." in page_text(response)
    assert reports(app) == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"note": "It was fine"}, "result", "Choose how it went."),
        ({"result": "cured"}, "result", "Choose how it went."),
        ({"result": "worked", "note": "n" * 1_001}, "note", "at most 1,000 characters"),
    ],
)
def test_a_bad_report_gets_a_message_and_nothing_is_written(
    app, client, auth, post_id, data, field, message
):
    auth.login("eli")
    response = client.post(f"/posts/{post_id}/outcomes", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    beside = re.search(rf'id="{field}-error">(.*?)</p>', html, re.S)
    assert beside and message in unescape(beside.group(1))
    assert "There is a problem" in html
    assert reports(app) == []


def test_signed_out_visitors_are_asked_to_sign_in(app, client, post_id):
    assert "to tell others whether you tried this" in page_text(client.get(f"/posts/{post_id}"))
    response = client.post(f"/posts/{post_id}/outcomes", data={"result": "worked"})
    assert "/auth/login" in response.headers["Location"]
    assert reports(app) == []


def test_no_reports_on_a_post_others_cannot_see(app, client, auth, post_id):
    with app.app_context():
        db.session.get(Post, post_id).status = "hidden"
        db.session.commit()
    auth.login("eli")
    assert client.post(f"/posts/{post_id}/outcomes", data={"result": "worked"}).status_code == 404
    assert reports(app) == []


def test_the_summary_reads_exactly_and_is_the_same_for_everyone(app, client, auth, post_id):
    with app.app_context():
        post = db.session.get(Post, post_id)
        perspectives = ["patient", "caregiver", "clinician", "researcher", "other"]
        results = ["worked"] * 9 + ["partly"] * 2 + ["stopped"]
        for i, result in enumerate(results):
            reporter = make_user(f"reporter{i}", perspective=perspectives[i % 5])
            make_outcome(post, reporter, result=result)
    expected = "12 tried it · 9 worked · 2 partly · 1 stopped"

    seen = []
    for who in (None, "dana", "eli", "reporter0"):
        if who:
            auth.login(who)
        seen.append(page_text(client.get(f"/posts/{post_id}")))
        seen.append(page_text(client.get("/")))
        if who:
            auth.logout()
    for page in seen:
        assert f'<p class="outcome-text">{expected}</p>' in page


def test_no_effect_is_worded_for_people(app, client, post_id):
    with app.app_context():
        make_outcome(db.session.get(Post, post_id), result="no_effect")
    assert "1 report: no effect" in page_text(client.get(f"/posts/{post_id}"))
