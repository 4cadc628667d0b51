"""A change idea as a record, through the real pages without JavaScript: the aim
and setting on the post form, measures, PDSA cycles and co-authors on the
record page, and who may change them."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import DataPoint, Measure, PdsaCycle, Post, User, post_coauthors
from forum.models.timestamps import utcnow
from tests.factories import make_post, make_user
from tests.forum.test_posts import field_error
from tests.pages import page_text

IDEA = {
    "title": "Pre-visit planning huddle cut missed labs",
    "body": "A ten-minute huddle the day before clinic.",
    "kind": "change_idea",
    "conditions": ["crohns-disease"],
    "tags": "clinic",
    "aim_what": "Fewer missed blood tests before clinic",
    "aim_target": "From 1 in 3 to fewer than 1 in 10",
    "aim_by": "2026-12-31",
    "setting_kind": "clinic",
    "setting_size": "A clinic of about 300 children",
    "setting_people": "2 nurses, 1 consultant, 12 families",
}
BAD_DATE = "Enter a real date as year-month-day, for example 2026-03-31."
BAD_DECISION = "Choose adopt, adapt or abandon, or say it is still running."
MEASURE = {"name": "Missed blood tests", "unit": "% of visits", "kind": "outcome"}
CYCLE = {
    "started_on": "2026-03-02",
    "ended_on": "2026-03-30",
    "plan": "Huddle on Mondays.\nCheck the lab list.",
    "done": "Held 4 huddles.",
    "learned": "Families needed a reminder text.",
    "decision": "adapt",
}


def user_id(name: str) -> int:
    return db.session.scalar(select(User.id).where(User.username == name))


@pytest.fixture
def idea(app):
    """A change idea by "nurse", with "peer" and "stranger" members around."""
    with app.app_context():
        nurse = make_user("nurse", perspective="clinician")
        make_user("peer", perspective="clinician")
        make_user("stranger")
        return make_post(nurse, kind="change_idea", title="Huddle before clinic").id


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def add_coauthor(app, post_id: int, name: str) -> None:
    with app.app_context():
        db.session.execute(post_coauthors.insert().values(post_id=post_id, user_id=user_id(name)))
        db.session.commit()


def add_measure(app, post_id: int, points: int = 0, name: str = "Missed blood tests") -> int:
    with app.app_context():
        measure = Measure(post_id=post_id, name=name, unit="%", kind="outcome")
        db.session.add(measure)
        db.session.flush()
        start = date(2026, 1, 5)
        for n in range(points):
            db.session.add(
                DataPoint(measure_id=measure.id, observed_on=start + timedelta(weeks=n), value=n)
            )
        db.session.commit()
        return measure.id


def add_cycle(app, post_id: int) -> int:
    with app.app_context():
        cycle = PdsaCycle(post_id=post_id, started_on=date(2026, 3, 2), plan="Huddle on Mondays.")
        db.session.add(cycle)
        db.session.commit()
        return cycle.id


# --- the aim and setting on the post form ------------------------------------------------


def test_a_clinician_posts_a_change_idea_with_its_aim_and_setting(app, client, auth):
    with app.app_context():
        make_user("nurse", perspective="clinician")
    auth.login("nurse")
    form = page_text(client.get("/posts/new"))
    assert "<legend>The aim</legend>" in form and "Where it was tried" in form
    assert 'type="date"' in form and 'name="aim_by"' in form
    response = client.post("/posts/new", data=IDEA)
    assert response.status_code == 302
    page = unescape(page_text(client.get(response.headers["Location"])))
    assert "The aim" in page and "Fewer missed blood tests before clinic" in page
    assert "From 1 in 3 to fewer than 1 in 10" in page and "31 December 2026" in page
    assert "Where it was tried" in page and "A clinic of about 300 children" in page
    assert "2 nurses, 1 consultant, 12 families" in page
    assert "Add measures and cycles" in page
    with app.app_context():
        post = db.session.scalar(select(Post))
        assert (post.aim_by, post.setting_kind) == (date(2026, 12, 31), "clinic")


def test_a_change_idea_needs_an_aim_and_nothing_is_saved_without_one(app, client, auth):
    with app.app_context():
        make_user("nurse")
    auth.login("nurse")
    response = client.post("/posts/new", data={**IDEA, "aim_what": "  "})
    assert response.status_code == 400
    assert field_error(response, "aim_what") == "Say what will improve: a change idea needs an aim."
    assert 'href="#aim_what"' in response.get_data(as_text=True)  # the error summary links to it
    assert count(app, Post) == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/12/2026", "Enter a real date as year-month-day, for example 2026-03-31."),
        ("2026-02-30", "Enter a real date as year-month-day, for example 2026-03-31."),
        ("next spring", "Enter a real date as year-month-day, for example 2026-03-31."),
        ("0001-01-01", "Enter a date between the years 1900 and 2100."),
    ],
)
def test_a_bad_date_is_a_clear_error(app, client, auth, typed, message):
    with app.app_context():
        make_user("nurse")
    auth.login("nurse")
    response = client.post("/posts/new", data={**IDEA, "aim_by": typed})
    assert response.status_code == 400
    assert field_error(response, "aim_by") == message
    assert count(app, Post) == 0


def test_a_hack_may_leave_the_aim_out_and_says_it_is_optional(app, client, auth):
    with app.app_context():
        make_user("mum")
    auth.login("mum")
    form = page_text(client.get("/posts/new?kind=hack"))
    assert "<legend>The aim (optional)</legend>" in form
    data = {**IDEA, "kind": "hack", "aim_what": "", "aim_target": "", "aim_by": ""}
    data.update(setting_kind="", setting_size="", setting_people="")
    response = client.post("/posts/new", data=data)
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert "The aim" not in page and "Where it was tried" not in page


def test_a_question_has_no_aim_fields_and_refuses_an_aim(app, client, auth):
    with app.app_context():
        make_user("mum")
    auth.login("mum")
    assert 'name="aim_what"' not in client.get("/posts/new?kind=question").get_data(as_text=True)
    response = client.post("/posts/new", data={**IDEA, "kind": "question"})
    assert response.status_code == 400
    assert "A question has no aim" in field_error(response, "aim_what")
    assert count(app, Post) == 0


def test_long_aim_and_setting_texts_are_refused_with_their_limits(app, client, auth):
    with app.app_context():
        make_user("nurse")
    auth.login("nurse")
    data = {**IDEA, "aim_what": "x" * 301, "setting_people": "y" * 301, "setting_kind": "moon"}
    response = client.post("/posts/new", data=data)
    assert response.status_code == 400
    assert field_error(response, "aim_what") == "This can be at most 300 characters (it has 301)."
    assert field_error(response, "setting_people").startswith("This can be at most 300")
    assert "Choose where it was tried" in field_error(response, "setting_kind")
    # At the limits it is fine.
    data = {**IDEA, "aim_what": "x" * 300, "setting_people": "y" * 300}
    assert client.post("/posts/new", data=data).status_code == 302


def test_the_privacy_guard_reads_the_setting(app, client, auth):
    with app.app_context():
        make_user("nurse")
    auth.login("nurse")
    data = {**IDEA, "setting_people": "Call Jane on 07700 900123"}
    response = client.post("/posts/new", data=data)
    assert response.status_code == 200  # shown again with the warning, not saved
    assert "07700 900123" in unescape(response.get_data(as_text=True))
    assert count(app, Post) == 0


def test_editing_the_post_keeps_and_changes_its_aim(app, client, auth, idea):
    auth.login("nurse")
    form = page_text(client.get(f"/posts/{idea}/edit"))
    assert 'value="Fewer missed blood tests before clinic"' in form
    data = {**IDEA, "aim_what": "No missed blood tests", "aim_by": ""}
    assert client.post(f"/posts/{idea}/edit", data=data).status_code == 302
    with app.app_context():
        post = db.session.get(Post, idea)
        assert (post.aim_what, post.aim_by) == ("No missed blood tests", None)
        assert post.setting_size == "A clinic of about 300 children"
        assert post.edited_at is not None


# --- the record page: measures ------------------------------------------------------------


def test_the_author_adds_edits_and_removes_a_measure(app, client, auth, idea):
    auth.login("nurse")
    page = page_text(client.get(f"/posts/{idea}/record"))
    assert "No measures yet" in page and "Add a measure" in page
    response = client.post(f"/posts/{idea}/measures", data=MEASURE)
    assert response.status_code == 302
    page = unescape(page_text(client.get(f"/posts/{idea}")))
    assert "Missed blood tests" in page and "Outcome measure" in page and "% of visits" in page
    with app.app_context():
        measure_id = db.session.scalar(select(Measure.id))
    assert f'<section class="measure" id="measure-{measure_id}"' in page

    edit = f"/measures/{measure_id}/edit"
    assert 'value="Missed blood tests"' in page_text(client.get(edit))
    data = {"name": "Missed tests", "unit": "per visit", "kind": "process"}
    assert client.post(edit, data=data).status_code == 302
    with app.app_context():
        measure = db.session.get(Measure, measure_id)
        assert (measure.name, measure.unit, measure.kind) == (
            "Missed tests",
            "per visit",
            "process",
        )

    confirm = page_text(client.get(f"/measures/{measure_id}/remove"))
    assert "It has no data yet" in confirm
    assert client.post(f"/measures/{measure_id}/remove").status_code == 302
    assert count(app, Measure) == 0


def test_removing_a_measure_says_how_many_points_go_and_removes_them(app, client, auth, idea):
    measure_id = add_measure(app, idea, points=12)
    auth.login("nurse")
    confirm = page_text(client.get(f"/measures/{measure_id}/remove"))
    assert "Its 12 data points will be removed with it" in confirm
    response = client.post(f"/measures/{measure_id}/remove", follow_redirects=True)
    assert "and its 12 data points were removed" in unescape(page_text(response))
    assert count(app, Measure) == 0 and count(app, DataPoint) == 0


def test_a_measure_name_is_unique_per_post(app, client, auth, idea):
    add_measure(app, idea)
    auth.login("nurse")
    response = client.post(
        f"/posts/{idea}/measures", data={**MEASURE, "name": "missed blood tests"}
    )
    assert response.status_code == 400
    assert field_error(response, "name") == (
        "This post already has a measure called “missed blood tests”."
    )
    assert count(app, Measure) == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Give the measure a name."),
        ({"name": "n" * 101}, "name", "This can be at most 100 characters (it has 101)."),
        ({"unit": "u" * 41}, "unit", "This can be at most 40 characters (it has 41)."),
        (
            {"kind": "vibes"},
            "kind",
            "Choose whether it is an outcome, process or balancing measure.",
        ),
    ],
)
def test_a_bad_measure_is_refused_beside_its_field(app, client, auth, idea, data, field, message):
    auth.login("nurse")
    response = client.post(f"/posts/{idea}/measures", data={**MEASURE, **data})
    assert response.status_code == 400
    assert field_error(response, field) == message
    assert count(app, Measure) == 0


# --- the record page: PDSA cycles ---------------------------------------------------------


def test_the_author_adds_a_cycle_and_the_post_lists_it_by_date(app, client, auth, idea):
    auth.login("nurse")
    assert client.post(f"/posts/{idea}/cycles", data=CYCLE).status_code == 302
    later = {**CYCLE, "started_on": "2026-04-06", "ended_on": "", "decision": "", "plan": "Text"}
    assert client.post(f"/posts/{idea}/cycles", data=later).status_code == 302
    page = unescape(page_text(client.get(f"/posts/{idea}")))
    assert "PDSA cycles" in page
    first, second = page.index("2 March 2026"), page.index("6 April 2026")
    assert first < second
    assert "Huddle on Mondays.\nCheck the lab list." in page  # plain text, lines kept
    assert "Families needed a reminder text." in page and "Adapt" in page
    assert "Still running" in page


def test_a_cycle_is_edited_and_removed(app, client, auth, idea):
    cycle_id = add_cycle(app, idea)
    auth.login("nurse")
    form = page_text(client.get(f"/cycles/{cycle_id}/edit"))
    assert 'value="2026-03-02"' in form and "Huddle on Mondays." in form
    response = client.post(f"/cycles/{cycle_id}/edit", data={**CYCLE, "decision": "adopt"})
    assert response.status_code == 302
    with app.app_context():
        cycle = db.session.get(PdsaCycle, cycle_id)
        assert (cycle.decision, cycle.ended_on) == ("adopt", date(2026, 3, 30))
    assert client.post(f"/cycles/{cycle_id}/remove").status_code == 302
    assert count(app, PdsaCycle) == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"started_on": ""}, "started_on", "Say when the cycle started."),
        ({"started_on": "02/03/2026"}, "started_on", BAD_DATE),
        ({"ended_on": "2026-03-01"}, "ended_on", "The cycle can't end before it started."),
        ({"plan": " "}, "plan", "Say what the plan was."),
        (
            {"learned": "l" * 5001},
            "learned",
            "This can be at most 5,000 characters (it has 5,001).",
        ),
        ({"decision": "maybe"}, "decision", BAD_DECISION),
    ],
)
def test_a_bad_cycle_is_refused_beside_its_field(app, client, auth, idea, data, field, message):
    auth.login("nurse")
    response = client.post(f"/posts/{idea}/cycles", data={**CYCLE, **data})
    assert response.status_code == 400
    assert field_error(response, field) == message
    assert count(app, PdsaCycle) == 0


def test_long_cycle_texts_and_many_cycles_fit_the_page(app, client, auth, idea):
    auth.login("nurse")
    words = " ".join(["observation"] * 450)[:5000]
    for n in range(12):
        data = {**CYCLE, "started_on": f"2026-01-{n + 1:02d}", "ended_on": "", "learned": words}
        assert client.post(f"/posts/{idea}/cycles", data=data).status_code == 302
    page = page_text(client.get(f"/posts/{idea}"))
    assert page.count('class="cycle"') == 12
    assert client.get(f"/posts/{idea}/record").status_code == 200


# --- co-authors and who may change the record ---------------------------------------------


def test_the_author_names_a_co_author_who_may_then_add_to_the_record(app, client, auth, idea):
    auth.login("nurse")
    response = client.post(f"/posts/{idea}/coauthors", data={"username": "Peer"})
    assert response.status_code == 302
    assert "peer" in page_text(client.get(f"/posts/{idea}"))
    client.post("/auth/logout")
    auth.login("peer")
    page = page_text(client.get(f"/posts/{idea}"))
    assert "Add measures and cycles" in page
    assert f"/posts/{idea}/edit" not in page  # the post's words stay the author's
    assert client.get(f"/posts/{idea}/edit").status_code == 403
    assert client.post(f"/posts/{idea}/measures", data=MEASURE).status_code == 302
    assert client.post(f"/posts/{idea}/cycles", data=CYCLE).status_code == 302
    # A co-author can't name co-authors.
    response = client.post(f"/posts/{idea}/coauthors", data={"username": "stranger"})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(post_coauthors)) == 1


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("nobody-here", "There is no member called “nobody-here”."),
        ("nurse", "You are the author already: name someone else."),
        ("", "Enter the username of the member to add."),
        ("banned", "banned can't be added just now."),
    ],
)
def test_a_co_author_must_be_another_member_in_good_standing(
    app, client, auth, idea, username, message
):
    with app.app_context():
        make_user("banned", suspended_until=utcnow() + timedelta(days=3))
    auth.login("nurse")
    response = client.post(f"/posts/{idea}/coauthors", data={"username": username})
    assert response.status_code == 400
    assert field_error(response, "username") == message


def test_at_most_ten_co_authors_and_one_can_be_removed(app, client, auth, idea):
    with app.app_context():
        for n in range(11):
            make_user(f"member{n}")
    auth.login("nurse")
    for n in range(10):
        data = {"username": f"member{n}"}
        assert client.post(f"/posts/{idea}/coauthors", data=data).status_code == 302
    response = client.post(f"/posts/{idea}/coauthors", data={"username": "member10"})
    assert response.status_code == 400
    assert field_error(response, "username") == "A post can have at most 10 co-authors."
    remove = client.post(f"/posts/{idea}/coauthors/remove", data={"username": "member3"})
    assert remove.status_code == 302
    page = page_text(client.get(f"/posts/{idea}/record"))
    assert "member3" not in page and "member4" in page


@pytest.mark.parametrize("who", ["stranger", "anonymous"])
def test_others_cannot_reach_or_change_the_record(app, client, auth, idea, who):
    measure_id, cycle_id = add_measure(app, idea), add_cycle(app, idea)
    if who != "anonymous":
        auth.login(who)
    expected = 403 if who == "stranger" else 302
    for method, path, data in [
        ("get", f"/posts/{idea}/record", None),
        ("post", f"/posts/{idea}/measures", MEASURE),
        ("post", f"/measures/{measure_id}/edit", MEASURE),
        ("post", f"/measures/{measure_id}/remove", None),
        ("post", f"/posts/{idea}/cycles", CYCLE),
        ("post", f"/cycles/{cycle_id}/edit", CYCLE),
        ("post", f"/cycles/{cycle_id}/remove", None),
        ("post", f"/posts/{idea}/coauthors", {"username": "peer"}),
    ]:
        assert getattr(client, method)(path, data=data).status_code == expected, path
    assert "Add measures and cycles" not in page_text(client.get(f"/posts/{idea}"))
    assert (count(app, Measure), count(app, PdsaCycle)) == (1, 1)


def test_a_suspended_author_reads_why_and_nothing_changes(app, client, auth, idea):
    auth.login("nurse")
    with app.app_context():
        db.session.get(User, user_id("nurse")).suspended_until = utcnow() + timedelta(days=2)
        db.session.commit()
    page = client.get(f"/posts/{idea}/record")
    assert page.status_code == 403
    assert 'name="name"' not in page.get_data(as_text=True)  # the reason in place of the forms
    response = client.post(f"/posts/{idea}/measures", data=MEASURE)
    assert response.status_code == 403
    assert count(app, Measure) == 0


def test_a_question_has_no_record(app, client, auth):
    with app.app_context():
        post_id = make_post(make_user("asker"), kind="question").id
    auth.login("asker")
    assert client.get(f"/posts/{post_id}/record").status_code == 404
    assert "Add measures and cycles" not in page_text(client.get(f"/posts/{post_id}"))


def test_ids_that_do_not_exist_are_404(app, client, auth, idea):
    auth.login("nurse")
    for path in ("/measures/999999/edit", "/cycles/999999/edit", "/measures/999999/remove"):
        assert client.get(path).status_code == 404
    assert client.post("/posts/999999/measures", data=MEASURE).status_code == 404
