"""Hostile values in every field of every web form (issue 2, item 9).

Each value goes into one field at a time, the rest of the form being good, with
a fresh world for each request. Whatever happens, the answer is never a 5xx;
a refusal changes nothing anywhere in the database; an acceptance stores no
control or bidirectional-override characters; and the pages that show the
result still render, with any markup escaped. The API has its own list
(test_api_hostile.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest

from forum.extensions import db
from forum.models import User
from tests.factories import PASSWORD, login_id
from tests.forum.walk_helpers import (
    World,
    forbidden_text,
    make_world,
    new_rows,
    snapshot,
)

GOOD_PASSWORD = "lantern meadow copper fig"

HOSTILE: dict[str, str | bytes] = {
    "empty": "",
    "whitespace": " \t\r\n\u00a0\u2003\u3000 ",
    "100k characters": "x" * 100_000,
    "NUL": "a\x00b\x00c",
    "control characters": "bell\x07 escape\x1b[2J delete\x7f next-line\x85 csi\x9b end",
    "RTL override": "\u202egpj.exe\u202c and \u2067isolated\u2069 text",
    "zero-width joiners": "zero\u200bwidth\u200c\u200djoiner\ufeff here",
    "emoji": "👩‍👩‍👧 🏳️‍🌈 🇬🇧 💊 tried this",
    # Not representable as UTF-8 text, so sent as the bytes a broken client would send.
    "lone surrogate": b"\xed\xa0\x80 half a character",
    "invalid UTF-8": b"\xff\xfe\xc3( broken",
    "combining characters": "Z\u0351\u036b\u0343a\u0352l\u0357g\u0310o" + "e\u0301" * 60,
    "script tag": '<script>alert("x")</script><img src=x onerror="alert(1)">',
    "SQL fragment": "'; DROP TABLE users; -- \" OR 1=1 /*",
    "very long word": "pneumonoultramicroscopicsilicovolcanoconiosis" * 100,
    "number": "12345",
    "huge number": "-1.5e308",
    "not a number": "NaN",
}

_seq = itertools.count(1)


@dataclass(frozen=True)
class WebForm:
    url: Callable[[World], str]
    role: str  # who fills it in
    good: Callable[[World], dict]  # a form that would be accepted
    success: int  # the status of an accepted form
    shows: Callable[[World], list[str]] = lambda world: []  # pages showing the result


def _joiner(world: World) -> dict:
    name = f"joiner{next(_seq)}"
    return {
        "username": name,
        "email": f"{name}@example.org",
        "password": GOOD_PASSWORD,
        "perspective": "patient",
    }


def _post(world: World) -> dict:
    return {
        "title": "A diary on the fridge",
        "body": "We wrote every dose down; the clinic could see the pattern.",
        "kind": "hack",
        "conditions": ["asthma"],
        "tags": "diary, school",
        # An adaptation of the world's post ("Adapt this"); an edit ignores these.
        "adapted_from": str(world.post_id),
        "copy": "measures,cycles",
        "adaptation_note": "We kept the diary on the fridge, not in a notebook.",
        "aim_what": "Fewer missed doses",
        "aim_target": "From 3 a week to none",
        "aim_by": "2026-12-31",
        "setting_kind": "home",
        "setting_size": "One family",
        "setting_people": "A parent and a nine-year-old",
    }


def _measure(world: World) -> dict:
    return {"name": "Nights woken", "unit": "a week", "kind": "outcome"}


def _cycle(world: World) -> dict:
    return {
        "started_on": "2026-04-06",
        "ended_on": "2026-05-04",
        "plan": "Move the timer to the kitchen.",
        "done": "Four weeks of it.",
        "learned": "Mornings went better.",
        "decision": "adopt",
    }


def _record_pages(world: World) -> list[str]:
    return [f"/posts/{world.post_id}", f"/posts/{world.post_id}/record"]


def _post_pages(world: World) -> list[str]:
    return ["/", f"/posts/{world.post_id}", f"/users/{world.author}"]


FORMS: dict[str, WebForm] = {
    "register": WebForm(lambda w: "/auth/register", "anonymous", _joiner, 302),
    "login": WebForm(
        lambda w: "/auth/login",
        "anonymous",
        lambda w: {"username": w.author, "password": PASSWORD, "remember": "y"},
        302,
    ),
    "new post": WebForm(
        lambda w: "/posts/new", "author", _post, 302, lambda w: ["/", f"/users/{w.author}"]
    ),
    "edit post": WebForm(lambda w: f"/posts/{w.post_id}/edit", "author", _post, 302, _post_pages),
    "add comment": WebForm(
        lambda w: f"/posts/{w.post_id}/comments",
        "other",
        lambda w: {"body": "Thank you, we are trying this."},
        302,
        _post_pages,
    ),
    "edit comment": WebForm(
        lambda w: f"/comments/{w.comment_id}/edit",
        "author",
        lambda w: {"body": "Edited: it worked for us too."},
        302,
        _post_pages,
    ),
    "outcome report": WebForm(
        lambda w: f"/posts/{w.post_id}/outcomes",
        "other",
        lambda w: {
            "result": "worked",
            "note": "Fewer missed doses.",
            "duration": "weeks",
            "age_band": "6-11",
            "care_team_knew": "yes",
        },  # fmt: skip
        302,
        lambda w: [f"/posts/{w.post_id}", f"/users/{w.other}", "/"],
    ),
    "save": WebForm(
        lambda w: f"/comments/{w.comment_id}/save",
        "other",
        lambda w: {"want": "yes", "back": "saved"},
        302,
        lambda w: ["/saved", f"/posts/{w.post_id}"],
    ),
    "citation": WebForm(
        lambda w: f"/posts/{w.post_id}/citations",
        "author",
        lambda w: {"identifier": "https://doi.org/10.1000/182"},
        302,
        _post_pages,
    ),
    "citation removal": WebForm(
        lambda w: f"/citations/{w.citation_id}/remove",
        "moderator",
        lambda w: {"reason": "Not the study the post describes"},
        302,
        _post_pages,
    ),
    "thanks": WebForm(
        lambda w: f"/posts/{w.post_id}/thanks",
        "other",
        lambda w: {"want": "yes", "back": ""},
        302,
        lambda w: [f"/posts/{w.post_id}", "/"],
    ),
    "follow-up answer": WebForm(
        lambda w: f"/followups/{w.followup_id}",
        "author",
        lambda w: {
            "answer": "changed",
            "changed_reason": "A timer instead of the chart.",
            "stopped_reason": "",
            "adaptation": "",
        },
        302,
        lambda w: [f"/followups/{w.followup_id}", "/"],
    ),
    "watch": WebForm(
        lambda w: f"/watching/posts/{w.post_id}",
        "other",
        lambda w: {"level": "tracking", "next": f"/posts/{w.post_id}"},
        302,
        lambda w: [f"/posts/{w.post_id}", "/watching"],
    ),
    "mute": WebForm(
        lambda w: f"/users/{w.author}/mute",
        "other",
        lambda w: {"want": "yes", "next": f"/users/{w.author}"},
        302,
        lambda w: [f"/users/{w.author}", "/watching"],
    ),
    "pick conditions": WebForm(
        lambda w: "/welcome/conditions",
        "other",
        lambda w: {"conditions": ["asthma"], "next": "/conditions"},
        302,
        lambda w: ["/watching", "/welcome/conditions"],
    ),
    "password change": WebForm(
        lambda w: "/auth/password",
        "author",
        lambda w: {"current_password": PASSWORD, "new_password": GOOD_PASSWORD},
        302,
    ),
    "profile edit": WebForm(
        lambda w: f"/users/{w.author}/edit",
        "author",
        lambda w: {
            "bio": "Mum of a *nine-year-old* with asthma.",
            "perspective": "caregiver",
            "care_age_band": "6-11",
            "conditions": ["asthma"],
        },
        302,
        lambda w: [f"/users/{w.author}", "/"],
    ),
    "token create": WebForm(
        lambda w: f"/users/{w.author}/tokens",
        "author",
        lambda w: {"label": "reminder script"},
        200,
        lambda w: [f"/users/{w.author}"],
    ),
    "email address": WebForm(
        lambda w: "/account/email",
        "author",
        lambda w: {"email": f"moved-{w.post_id}@example.org", "current_password": PASSWORD},
        302,
        lambda w: ["/account/email"],
    ),
    "account deletion": WebForm(
        lambda w: "/account/delete",
        "author",
        lambda w: {"password": PASSWORD, "mode": "keep", "code": ""},
        303,  # and the account is gone: nothing of it to show
    ),
    "email choice": WebForm(
        lambda w: "/account/email/mode", "author", lambda w: {"email_mode": "weekly"}, 302
    ),
    "data point": WebForm(
        lambda w: f"/posts/{w.post_id}/measures/{w.measure_id}/data",
        "author",
        lambda w: {"observed_on": "2025-03-03", "value": "4.5", "note": "A quiet week."},
        302,
        lambda w: [f"/posts/{w.post_id}", f"/posts/{w.post_id}/measures/{w.measure_id}/data"],
    ),
    "data paste": WebForm(
        lambda w: f"/posts/{w.post_id}/measures/{w.measure_id}/data/csv",
        "author",
        lambda w: {"csv": "date,value,note\n2025-03-03,4,fine\n2025-03-10,5"},
        302,
        lambda w: [f"/posts/{w.post_id}", f"/posts/{w.post_id}/measures/{w.measure_id}/data"],
    ),
    # A post's record (forum.changeideas): its author keeps it.
    "add measure": WebForm(
        lambda w: f"/posts/{w.post_id}/measures", "author", _measure, 302, _record_pages
    ),
    "edit measure": WebForm(
        lambda w: f"/measures/{w.measure_id}/edit", "author", _measure, 302, _record_pages
    ),
    "add cycle": WebForm(
        lambda w: f"/posts/{w.post_id}/cycles", "author", _cycle, 302, _record_pages
    ),
    "edit cycle": WebForm(
        lambda w: f"/cycles/{w.cycle_id}/edit", "author", _cycle, 302, _record_pages
    ),
    "add co-author": WebForm(
        lambda w: f"/posts/{w.post_id}/coauthors",
        "author",
        lambda w: {"username": w.other},
        302,
        _record_pages,
    ),
    # The same page whether or not the name has an account: 200 either way.
    "forgot password": WebForm(
        lambda w: "/auth/forgot", "anonymous", lambda w: {"login": w.author}, 200
    ),
}


def _encode(data: dict) -> str:
    """A urlencoded body; bytes values go as they are, lists as repeated fields."""
    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    return urlencode(pairs)


def _fill(good: dict, field: str, value: str | bytes) -> dict:
    return {**good, field: [value] if isinstance(good[field], list) else value}


# Stands in for a real world where only the names of the fields are wanted.
_NOWHERE = World("author", "other", "moderator", {}, {}, post_id=1, comment_id=1, token_id=1)


def fields_of(form: WebForm) -> list[str]:
    return sorted(form.good(_NOWHERE))


def test_every_field_of_every_web_form_is_tried(app):
    """The list above against the forms themselves: a new field must be added to be tried."""
    from forum.account.forms import EmailAddressForm, EmailModeForm, ForgotPasswordForm
    from forum.auth.forms import LoginForm, PasswordForm, RegisterForm
    from forum.changeideas.forms import CoauthorForm, CycleForm, MeasureForm
    from forum.deletion.forms import DeleteAccountForm
    from forum.evidence.forms import CitationForm, ConfirmCitationForm, RemoveCitationForm
    from forum.followups.forms import FollowUpAnswerForm
    from forum.posts.forms import CommentForm, OutcomeForm, PostForm
    from forum.runcharts.forms import CsvForm, PointForm
    from forum.social.forms import MarkForm
    from forum.users.forms import ProfileForm, TokenForm
    from forum.watching.forms import MuteForm, PickConditionsForm, WatchForm

    with app.test_request_context():
        typed = {  # what a person types or picks; buttons and the CSRF token aside
            form_class: sorted(name for name, field in form_class.__dict__.items()
                               if getattr(field, "field_class", None) and name not in
                               ("submit", "preview"))
            for form_class in (RegisterForm, LoginForm, PasswordForm, PostForm,
                               CommentForm, OutcomeForm, TokenForm, MarkForm, ProfileForm,
                               EmailAddressForm, EmailModeForm, ForgotPasswordForm,
                               FollowUpAnswerForm, CitationForm, ConfirmCitationForm,
                               RemoveCitationForm,
                               WatchForm, MuteForm, PickConditionsForm, PointForm, CsvForm,
                               MeasureForm, CycleForm, CoauthorForm, DeleteAccountForm)
        }  # fmt: skip
    assert fields_of(FORMS["register"]) == typed[RegisterForm]
    assert fields_of(FORMS["login"]) == typed[LoginForm]
    assert fields_of(FORMS["password change"]) == typed[PasswordForm]
    assert fields_of(FORMS["new post"]) == fields_of(FORMS["edit post"]) == typed[PostForm]
    assert fields_of(FORMS["add comment"]) == fields_of(FORMS["edit comment"])
    assert fields_of(FORMS["add comment"]) == typed[CommentForm]
    assert fields_of(FORMS["outcome report"]) == typed[OutcomeForm]
    assert fields_of(FORMS["token create"]) == typed[TokenForm]
    assert fields_of(FORMS["save"]) == fields_of(FORMS["thanks"]) == typed[MarkForm]
    assert fields_of(FORMS["profile edit"]) == typed[ProfileForm]
    assert fields_of(FORMS["email address"]) == typed[EmailAddressForm]
    assert fields_of(FORMS["email choice"]) == typed[EmailModeForm]
    assert fields_of(FORMS["forgot password"]) == typed[ForgotPasswordForm]
    assert fields_of(FORMS["account deletion"]) == typed[DeleteAccountForm]
    # The reset form (a signed link) is tried in tests/forum/test_email_account.py.

    assert fields_of(FORMS["follow-up answer"]) == typed[FollowUpAnswerForm]
    assert fields_of(FORMS["watch"]) == typed[WatchForm]
    assert fields_of(FORMS["mute"]) == typed[MuteForm]
    assert fields_of(FORMS["pick conditions"]) == typed[PickConditionsForm]
    assert fields_of(FORMS["data point"]) == typed[PointForm]
    assert fields_of(FORMS["data paste"]) == typed[CsvForm]
    assert fields_of(FORMS["add measure"]) == fields_of(FORMS["edit measure"])
    assert fields_of(FORMS["add measure"]) == typed[MeasureForm]
    assert fields_of(FORMS["add cycle"]) == fields_of(FORMS["edit cycle"]) == typed[CycleForm]
    assert fields_of(FORMS["add co-author"]) == typed[CoauthorForm]
    assert fields_of(FORMS["citation"]) == typed[CitationForm]
    assert fields_of(FORMS["citation removal"]) == typed[RemoveCitationForm]
    assert typed[ConfirmCitationForm] == []  # a button: nothing typed


@pytest.fixture
def app(make_app):
    # The search index plays no part here; keeping it out of every commit halves the time.
    return make_app(SEARCH_SYNC_ON_COMMIT=False)


def _client(app, login: str | None):
    """A new client (no cookies), signed in with ``login`` as the sign-in form would."""
    client = app.test_client()
    if login is not None:
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = login, True
    return client


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_value_in_every_field_of_every_form(app, value):
    before = None
    for name, form in FORMS.items():
        for field in fields_of(form):
            # A fresh world for each request. Building one (people, a post, comments,
            # a follow-up) was most of this test's time, and most hostile values are
            # refused: so a world is used again after a refusal, when the snapshot
            # shows the database row for row as the new world left it (sign-ins
            # included), each request on a new client; after a change, a new world.
            if before is None:
                world = make_world(app, tokens=False)
                roles = {f.role for f in FORMS.values()}
                with app.app_context():
                    logins = {
                        role: login_id(db.session.get(User, world.user_id(role)))
                        if world.user_id(role) is not None
                        else None
                        for role in roles
                    }
                before = snapshot(app)
            client = _client(app, logins[form.role])
            response = client.post(
                form.url(world),
                data=_encode(_fill(form.good(world), field, value)),
                content_type="application/x-www-form-urlencoded",
            )
            where = (name, field, response.status_code)
            assert response.status_code < 500, where
            if snapshot(app) == before:  # refused, with a page saying why
                assert response.status_code in (200, 400, 403, 409), where
                assert response.status_code != 302, where
                continue
            assert response.status_code == form.success, where
            assert forbidden_text(new_rows(app, before)) == [], where
            for url in form.shows(world):
                page = client.get(url)
                assert page.status_code == 200, (*where, url)
                assert "<script>alert" not in page.text, (*where, url)
            before = None  # changed: the next request gets a new world
