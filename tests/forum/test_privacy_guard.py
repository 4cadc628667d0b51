"""The privacy guard on the forms, and the live preview endpoint.

A post, comment or "I tried this" note that looks like it exposes someone's health information is
not saved: the form comes back with the words kept, a warning listing each
match and why, and a box to tick. The API never asks.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Comment, OutcomeReport, Post, User
from tests.factories import PASSWORD, make_comment, make_post, make_user

PHONE_BODY = "Ring our nurse Sue on 07700 900123 if the school won't listen."
POST = {
    "title": "A bathroom pass that worked at school",
    "body": PHONE_BODY,
    "kind": "hack",
    "conditions": ["crohns-disease"],
    "tags": "school",
}


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def seen_value(response) -> str:
    match = re.search(r'name="privacy_seen" type="hidden" value="([^"]*)"', text(response))
    assert match, "the warning carries what the author was shown"
    return match.group(1)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


@pytest.fixture
def member(app, auth):
    with app.app_context():
        make_user("dana")
    auth.login("dana")
    return "dana"


@pytest.fixture
def post_id(app):
    with app.app_context():
        return make_post(make_user("author"), title="Night feeds that worked").id


def test_a_post_with_a_phone_number_is_held_back_with_a_warning(app, client, member):
    response = client.post("/posts/new", data=POST)
    assert response.status_code == 200
    page = text(response)
    assert "Check before you share" in page
    assert "<mark>07700 900123</mark>" in page
    assert "This looks like a phone number." in page
    assert "I've checked: this is fine to share" in page
    # Nothing saved, and every word the author typed is still there.
    assert count(app, Post) == 0
    assert PHONE_BODY in page and POST["title"] in page


def test_ticking_the_box_publishes_what_was_shown(app, client, member):
    seen = seen_value(client.post("/posts/new", data=POST))
    response = client.post(
        "/posts/new", data={**POST, "privacy_seen": seen, "privacy_confirmed": "y"}
    )
    assert response.status_code == 302
    assert count(app, Post) == 1


def test_the_tick_does_not_cover_something_added_afterwards(app, client, member):
    seen = seen_value(client.post("/posts/new", data=POST))
    added = {**POST, "body": PHONE_BODY + " Or email sue.nurse@example.org."}
    response = client.post(
        "/posts/new", data={**added, "privacy_seen": seen, "privacy_confirmed": "y"}
    )
    assert response.status_code == 200
    page = text(response)
    assert "sue.nurse@example.org</mark>" in page
    assert 'id="privacy_confirmed" name="privacy_confirmed" type="checkbox" value="y">' in page
    assert count(app, Post) == 0


def test_editing_the_words_out_publishes_without_asking(app, client, member):
    client.post("/posts/new", data=POST)
    response = client.post("/posts/new", data={**POST, "body": "Ring the school nurse."})
    assert response.status_code == 302
    assert count(app, Post) == 1


def test_a_title_is_checked_too(app, client, member):
    data = {**POST, "title": "Born on 3 March 2015 at 30 weeks", "body": "Kangaroo care."}
    response = client.post("/posts/new", data=data)
    assert "<mark>Born on 3 March 2015</mark>" in text(response)
    assert count(app, Post) == 0


def test_editing_a_post_is_checked(app, client, member):
    with app.app_context():
        dana = db.session.scalar(select(User).where(User.username == "dana"))
        own = make_post(dana, title="Our school plan", body="A plan.").id
    response = client.post(f"/posts/{own}/edit", data={**POST, "body": "DOB 12/03/2015"})
    assert "<mark>DOB 12/03/2015</mark>" in text(response)
    with app.app_context():
        assert db.session.get(Post, own).body == "A plan."


def test_preview_shows_the_warning_and_saves_nothing(app, client, member):
    response = client.post("/posts/new", data={**POST, "preview": "Preview"})
    page = text(response)
    assert "This is how your post will look" in page
    assert "<mark>07700 900123</mark>" in page
    assert count(app, Post) == 0


def test_ordinary_health_talk_publishes_straight_away(app, client, member):
    body = "5 mg twice a day from week 12; the 2024-03-12 flare settled (ICD K50)."
    response = client.post("/posts/new", data={**POST, "body": body})
    assert response.status_code == 302


def test_a_comment_with_an_email_is_held_back_then_confirmed(app, client, member, post_id):
    body = "Write to me at dana.family@example.org and I'll send our letter."
    response = client.post(f"/posts/{post_id}/comments", data={"body": body})
    assert response.status_code == 200
    page = text(response)
    assert "<mark>dana.family@example.org</mark>" in page
    assert "This looks like an email address." in page
    assert body in page  # kept in the comment box
    assert count(app, Comment) == 0

    confirmed = {"body": body, "privacy_seen": seen_value(response), "privacy_confirmed": "y"}
    response = client.post(f"/posts/{post_id}/comments", data=confirmed)
    assert response.status_code == 302
    assert count(app, Comment) == 1


def test_editing_a_comment_is_checked(app, client, member, post_id):
    with app.app_context():
        dana = db.session.scalar(select(User).where(User.username == "dana"))
        comment_id = make_comment(db.session.get(Post, post_id), dana, "Thanks!").id
    body = "my son James Miller has Crohn's too"
    response = client.post(f"/comments/{comment_id}/edit", data={"body": body})
    page = text(response)
    assert "<mark>James Miller</mark>" in page
    assert "full name next to a health condition" in page
    with app.app_context():
        assert db.session.get(Comment, comment_id).body == "Thanks!"


def test_tags_are_checked_as_typed_and_as_words(app, client, member):
    response = client.post("/posts/new", data={**POST, "body": "Kangaroo care.", "tags": ""})
    assert response.status_code == 302  # nothing to point out
    data = {**POST, "body": "Kangaroo care.", "tags": "jack-peters, crohns, 07700900123"}
    page = text(client.post("/posts/new", data=data))
    assert "<mark>jack peters</mark>" in page
    assert "<mark>07700900123</mark>" in page
    assert page.count("<mark>") == 2  # the number is shown once, though read twice
    assert count(app, Post) == 1


def test_tags_the_rules_refuse_get_the_rules_message_first(app, client, member):
    data = {**POST, "body": "Kangaroo care.", "tags": "a@b.example"}
    response = client.post("/posts/new", data=data)
    assert response.status_code == 400
    page = text(response)
    assert "Tags are 1–30 lowercase letters" in page
    assert "<mark>" not in page


def test_the_same_words_in_title_and_body_are_shown_once(app, client, member):
    data = {**POST, "title": "Ring 07700 900123 for help", "body": PHONE_BODY}
    page = text(client.post("/posts/new", data=data))
    assert page.count("<mark>07700 900123</mark>") == 1


def test_text_too_long_to_publish_is_refused_not_scanned(app, client, member):
    body = "Call 07700 900123. " + "We tried it for weeks. " * 1000
    response = client.post("/posts/new", data={**POST, "body": body})
    assert response.status_code == 400
    page = text(response)
    assert "at most 20,000 characters" in page
    assert "<mark>07700 900123</mark>" not in page
    assert count(app, Post) == 0


# --- "I tried this" notes -----------------------------------------------------------------

PRIVATE_NOTE = (
    "Worked for our Amelia Hughes, she has Crohn's. DOB 03/11/2012, "
    "NHS number 943 476 5919, ring me on 07700 900461."
)


def test_an_outcome_note_is_held_back_with_the_warning_beside_its_form(
    app, client, member, post_id
):
    response = client.post(
        f"/posts/{post_id}/outcomes", data={"result": "worked", "note": PRIVATE_NOTE}
    )
    assert response.status_code == 200
    page = text(response)
    form = page.split('id="outcome-form"')[1].split("</form>")[0]
    assert "Check before you share" in form
    for shown in ("Amelia Hughes", "DOB 03/11/2012", "NHS number 943 476 5919", "07700 900461"):
        assert f"<mark>{shown}</mark>" in form
    assert PRIVATE_NOTE + "</textarea>" in form  # the author's words stay in the form
    assert re.search(r'checked id="result-\d" name="result" type="radio" value="worked"', form)
    comments = page.split('id="comment-form"')[1].split("</form>")[0]
    assert "Check before you share" not in comments  # the warning sits with its own form
    assert count(app, OutcomeReport) == 0

    confirmed = {
        "result": "worked",
        "note": PRIVATE_NOTE,
        "privacy_seen": seen_value(response),
        "privacy_confirmed": "y",
    }
    response = client.post(f"/posts/{post_id}/outcomes", data=confirmed)
    assert response.status_code == 302
    assert count(app, OutcomeReport) == 1


def test_an_outcome_note_tick_does_not_cover_new_words(app, client, member, post_id):
    note = "Worked. Ring me on 07700 900461."
    response = client.post(f"/posts/{post_id}/outcomes", data={"result": "worked", "note": note})
    changed = {
        "result": "worked",
        "note": note + " Or email dana.family@example.org.",
        "privacy_seen": seen_value(response),
        "privacy_confirmed": "y",
    }
    page = text(client.post(f"/posts/{post_id}/outcomes", data=changed))
    assert "<mark>dana.family@example.org</mark>" in page
    assert count(app, OutcomeReport) == 0


def test_an_ordinary_outcome_note_is_saved_straight_away(app, client, member, post_id):
    note = "5 mg twice a day from week 12; my son's Crohn's settled by March."
    response = client.post(f"/posts/{post_id}/outcomes", data={"result": "worked", "note": note})
    assert response.status_code == 302
    assert count(app, OutcomeReport) == 1


def test_the_api_asks_its_client_as_the_form_asks_a_person(app, client):
    """Nothing is saved until the client confirms, field by field, what was found."""
    with app.app_context():
        make_user("api-user")
        other_post = make_post(make_user("another")).id
    token = client.post("/api/v1/tokens", json={"username": "api-user", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    sends = [
        ("/api/v1/posts", {**POST, "tags": ["jack-peters", "crohns"]}, ("body", "tags")),
        (f"/api/v1/posts/{other_post}/comments", {"body": "Ring 07700 900123"}, ("body",)),
        (
            f"/api/v1/posts/{other_post}/outcomes",
            {"result": "worked", "note": "Jack Peters, NHS number 943 476 5919, loved it"},
            ("note",),
        ),
    ]
    for path, body, fields in sends:
        response = client.post(path, json=body, headers=headers)
        assert response.status_code == 409, path
        error = response.get_json()["error"]
        assert error["code"] == "privacy_check" and '"privacy_confirmed": true' in error["message"]
        assert set(error["fields"]) == set(fields), path
        assert client.post(path, json={**body, "privacy_confirmed": True}, headers=headers
                           ).status_code == 201, path  # fmt: skip
    response = client.post(
        "/api/v1/posts", json={**POST, "privacy_confirmed": "yes"}, headers=headers
    )
    assert response.status_code == 400  # true or false, nothing else
    quiet = {**POST, "body": "Two puffs before PE helped.", "tags": ["school"]}
    assert client.post("/api/v1/posts", json=quiet, headers=headers).status_code == 201


# --- the live preview ---------------------------------------------------------------------


def test_live_preview_returns_sanitized_html_and_privacy_notes(client, member):
    body = "**Bold** <script>alert(1)</script> [x](javascript:alert(1)) call 07700 900123"
    response = client.post("/posts/preview", data={"body": body})
    assert response.status_code == 200
    data = response.get_json()
    assert "<strong>Bold</strong>" in data["html"]
    assert "<script" not in data["html"] and "javascript:" not in data["html"]
    assert data["privacy"] == [
        {
            "label": "Phone number",
            "text": "07700 900123",
            "explanation": data["privacy"][0]["explanation"],
        }
    ]


def test_live_preview_of_nothing_or_too_much_says_why(client, member):
    assert client.post("/posts/preview", data={"body": "  "}).get_json()["html"] == ""
    too_long = client.post("/posts/preview", data={"body": "x" * 20_001}).get_json()
    assert too_long["html"] == "" and "at most 20,000" in too_long["message"]


def test_live_preview_needs_an_account(client):
    response = client.post("/posts/preview", data={"body": "hello"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_live_preview_needs_the_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        make_user("dana")
    client = app.test_client()

    def token(path: str) -> str:
        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    login = {"username": "dana", "password": PASSWORD, "csrf_token": token("/auth/login")}
    assert client.post("/auth/login", data=login).status_code == 302
    assert client.post("/posts/preview", data={"body": "hi"}).status_code == 400
    ok = client.post("/posts/preview", data={"body": "hi", "csrf_token": token("/posts/new")})
    assert ok.status_code == 200 and ok.get_json()["html"] == '<p dir="auto">hi</p>'


def test_live_preview_is_rate_limited_per_member(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        make_user("dana")
    client = app.test_client()
    client.post("/auth/login", data={"username": "dana", "password": PASSWORD})
    statuses = [client.post("/posts/preview", data={"body": "hi"}).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
