"""Who may change what, walked over the app's own url_map (issue 2, item 10).

Every route that answers a write method is found in ``app.url_map`` and must
have an entry in WALK, so a new route fails here until someone decides who may
use it. Each entry is sent as an anonymous visitor, another member, the author
of the thing and a moderator, with a fresh world each time, and the answer and
whether anything in the database changed are both checked. The moderation
blueprint has its own walk (tests/moderation/test_guard.py); its JSON API
(``moderation_api``) is walked here with the rest of the API.

Then CSRF: every browser form, moderation's included, refuses a POST without
its token and changes nothing. Headers, 404, 405 and 413 on every route are in
test_security_responses.py; hostile values in every form field in
test_hostile_forms.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from flask import Flask, url_for

from tests.factories import PASSWORD, current_code
from tests.forum.walk_helpers import (
    ROLES,
    WRITE_METHODS,
    World,
    changed_tables,
    make_world,
    rules_by_endpoint,
    sign_in,
    snapshot,
    suspend,
)

NEW_PASSWORD = "lantern meadow copper fig"


@dataclass(frozen=True)
class Outcome:
    status: int
    changes: bool = False  # whether anything in the database changed
    to: str | None = None  # where a redirect must lead


SIGN_IN = Outcome(302, to="/auth/login")  # sent to sign in, nothing changed
SHOWN = Outcome(200)
FORBIDDEN = Outcome(403)
NO_TOKEN = Outcome(401)
NOT_FOUND = Outcome(404)
SENT_ON = Outcome(302, to="/")  # a member sent on from the join and sign-in pages


def done(status: int) -> Outcome:
    return Outcome(status, changes=True)


def _post_form(world: World) -> dict:
    return {
        "title": "A walk through every door",
        "body": "We kept a **symptom diary** on the fridge; the clinic loved it.",
        "kind": "hack",
        "conditions": "asthma",
        "tags": "school, diary",
        "reason": "Tidied the wording",  # asked only of staff editing someone else's
    }


def _join_form(world: World) -> dict:
    name = f"newcomer-{world.post_id}"
    return {
        "username": name,
        "email": f"{name}@example.org",
        "password": NEW_PASSWORD,
        "perspective": "patient",
    }


# The JSON that finishes each passkey ceremony (forum/passkeys/views.py).
PASSKEY_CEREMONIES = ("add", "sign_in", "second_step", "confirm")
REFUSED = Outcome(403)  # what a suspended member's session or token gets for any write
# Signed in but suspended, the forms that only read or sign out still answer.
SUSPENDED_MAY = {
    ("auth.register", "GET"): SENT_ON,
    ("auth.register", "POST"): SENT_ON,
    ("auth.login", "GET"): SENT_ON,
    ("auth.login", "POST"): SENT_ON,
    ("auth.logout", "POST"): done(302),
    **{("auth.second_factor", m): SENT_ON for m in ("GET", "POST")},
    ("auth.end_sessions", "POST"): done(302),
    ("users.revoke_token", "POST"): done(302),
    # Second factors are theirs to manage: passkeys (the walk's world has none).
    ("passkey_ceremonies.options", "POST"): SHOWN,
    **{(f"passkey_ceremonies.{e}", "POST"): Outcome(400) for e in PASSKEY_CEREMONIES},
    ("passkeys.rename", "GET"): NOT_FOUND,
    ("passkeys.rename", "POST"): NOT_FOUND,
    ("passkeys.remove", "POST"): NOT_FOUND,
    # Where they are signed in: ending a sign-in is theirs whatever their standing.
    ("devices.end_one", "POST"): done(302),
    ("devices.end_others", "POST"): done(302),
    ("auth.password", "GET"): SHOWN,
    ("auth.password", "POST"): Outcome(400),  # the form, saying why
    ("posts.new", "GET"): SHOWN,
    ("posts.discard_draft", "POST"): Outcome(302),  # forgetting one's own words is always fine
    ("api.create_token", "POST"): REFUSED,  # a new token: no (but the old one still reads)
    # Their own address and email choices, and password reset, stay theirs to manage.
    ("account.email", "GET"): SHOWN,
    ("account.email", "POST"): done(302),
    ("account.email_mode", "POST"): done(302),
    ("account.resend_confirmation", "POST"): Outcome(302),
    ("account.forgot_password", "GET"): SHOWN,
    ("account.forgot_password", "POST"): done(200),
    # Leaving for good is a right a suspension doesn't take away.
    ("deletion.delete", "GET"): SHOWN,
    ("deletion.delete", "POST"): Outcome(303, changes=True, to="/account/deleted"),
    ("api.delete_own_account", "DELETE"): done(204),
    **{("account.reset_password", m): Outcome(404) for m in ("GET", "POST")},
    **{("account.unsubscribe", m): Outcome(404) for m in ("GET", "POST")},
    # Reading one's own notifications is reading: marking them read changes nothing anyone sees.
    ("notifications.read_one", "POST"): done(302),
    ("notifications.read_all", "POST"): done(302),
    ("api.read_notifications", "POST"): done(200),
    ("watching.pick_conditions", "GET"): SHOWN,  # the page; choosing is refused
    # Leaving with their data is a right a suspension doesn't stop (GDPR Art. 20).
    ("export.start", "POST"): SHOWN,
    ("api.export_start", "POST"): SHOWN,
    # Second factors stay theirs to manage (the author has none: set-up starts).
    ("twofactor.begin", "POST"): done(303),
    **{("twofactor.setup", m): Outcome(303) for m in ("GET", "POST")},
    ("twofactor.new_codes", "POST"): Outcome(303),
    ("twofactor.turn_off", "POST"): Outcome(303),
}


@dataclass(frozen=True)
class Step:
    anonymous: Outcome
    other: Outcome
    author: Outcome
    moderator: Outcome
    data: Callable[[World], dict] = field(default=lambda world: {})

    def expected(self, role: str, key: tuple[str, str] | None = None) -> Outcome:
        if role == "suspended":
            return SUSPENDED_MAY.get(key, REFUSED)
        return getattr(self, role)


def _every(outcome: Outcome, **overrides) -> dict:
    return {"other": outcome, "author": outcome, "moderator": outcome, **overrides}


MEMBERS_PAGE = _every(SHOWN, anonymous=SIGN_IN)
MEMBERS_WRITE = _every(done(302), anonymous=SIGN_IN)
OWNERS_PAGE = _every(SHOWN, anonymous=SIGN_IN, other=FORBIDDEN)
OWNERS_WRITE = _every(done(302), anonymous=SIGN_IN, other=FORBIDDEN)
ONLY_OWNER = _every(FORBIDDEN, anonymous=SIGN_IN)
ONLY_OWNER_WRITES = _every(FORBIDDEN, anonymous=SIGN_IN, author=done(302))
# "I tried this" and flags: for everyone but the author of the thing.
NOT_ON_OWN = _every(done(201), anonymous=NO_TOKEN, author=FORBIDDEN)
API_WRITE = _every(done(201), anonymous=NO_TOKEN)
API_NOTHING_TO_UNDO = _every(SHOWN, anonymous=NO_TOKEN)
NOT_MY_OWN_WRITE = _every(done(302), anonymous=SIGN_IN, author=FORBIDDEN)
SAVE = {"want": "yes"}  # the Save or Thanks button, pressed

# A post's record: only its author (and co-authors) write it, moderators included.
RECORD_PAGE = _every(FORBIDDEN, anonymous=SIGN_IN, author=SHOWN)
RECORD_WRITE = _every(FORBIDDEN, anonymous=SIGN_IN, author=done(302))


def API_RECORD_WRITE(status: int) -> dict:  # noqa: N802  (read as the constants above)
    return _every(FORBIDDEN, anonymous=NO_TOKEN, author=done(status))


MEASURE = {"name": "Nights woken", "unit": "a week", "kind": "outcome"}
CYCLE = {"started_on": "2026-04-06", "plan": "Move the timer to the kitchen.", "decision": ""}
COMMENT = {"body": "Thank you, we are trying this next week."}
COMMENT_EDIT = {**COMMENT, "reason": "Tidied the wording"}
HELPED = {"helped": "yes"}
WATCH = {"level": "watching"}


def _comment_draft(world: World) -> str:
    return f"comment-{world.post_id}"


WALK: dict[tuple[str, str], Step] = {
    # Joining and signing in are for visitors; members are sent on, nothing made.
    ("auth.register", "GET"): Step(anonymous=SHOWN, **_every(SENT_ON)),
    ("auth.register", "POST"): Step(anonymous=done(302), **_every(SENT_ON), data=_join_form),
    ("auth.login", "GET"): Step(anonymous=SHOWN, **_every(SENT_ON)),
    ("auth.login", "POST"): Step(
        anonymous=done(302),  # a sign-in is recorded
        **_every(SENT_ON),
        data=lambda w: {"username": w.author, "password": PASSWORD},
    ),
    ("auth.logout", "POST"): Step(anonymous=Outcome(302, to="/"), **_every(done(302))),
    # The second step of signing in: with nobody half-way through it, back to sign in.
    ("auth.second_factor", "GET"): Step(anonymous=SIGN_IN, **_every(SENT_ON)),
    ("auth.second_factor", "POST"): Step(
        anonymous=SIGN_IN, **_every(SENT_ON), data=lambda w: {"code": "123456"}
    ),
    ("auth.password", "GET"): Step(**MEMBERS_PAGE),
    ("auth.password", "POST"): Step(
        **MEMBERS_WRITE,
        data=lambda w: {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    ),
    ("auth.end_sessions", "POST"): Step(**MEMBERS_WRITE),
    # Passkeys (forum/passkeys). The ceremonies answer JSON: options wait in the
    # session (no row changes); with no challenge waiting, every answer is a 400
    # that changes nothing. The world has no passkey to rename or remove.
    ("passkey_ceremonies.options", "POST"): Step(
        **_every(SHOWN, anonymous=Outcome(401)), data=lambda w: {"for": "add"}
    ),
    ("passkey_ceremonies.add", "POST"): Step(**_every(Outcome(400), anonymous=Outcome(401))),
    ("passkey_ceremonies.sign_in", "POST"): Step(**_every(Outcome(400), anonymous=Outcome(400))),
    ("passkey_ceremonies.second_step", "POST"): Step(
        **_every(Outcome(400), anonymous=Outcome(400))
    ),
    ("passkey_ceremonies.confirm", "POST"): Step(**_every(Outcome(400), anonymous=Outcome(401))),
    ("passkeys.rename", "GET"): Step(**_every(NOT_FOUND, anonymous=SIGN_IN)),
    ("passkeys.rename", "POST"): Step(
        **_every(NOT_FOUND, anonymous=SIGN_IN), data=lambda w: {"name": "Work laptop"}
    ),
    ("passkeys.remove", "POST"): Step(**_every(NOT_FOUND, anonymous=SIGN_IN)),
    # Each member's own data export: a small one is the ZIP at once, nothing written.
    ("export.start", "POST"): Step(**_every(SHOWN, anonymous=SIGN_IN)),
    # Two-factor sign-in: each member's own. The walk's members have no app (set-up
    # starts; the other forms send them back to the settings, changing nothing); its
    # moderator has one (tests.factories), so can't start again or turn off the last.
    ("twofactor.begin", "POST"): Step(
        **_every(done(303), anonymous=SIGN_IN, moderator=Outcome(303))
    ),
    **{
        ("twofactor.setup", m): Step(
            **_every(Outcome(303), anonymous=SIGN_IN), data=lambda w: {"code": "123456"}
        )
        for m in ("GET", "POST")
    },
    ("twofactor.new_codes", "POST"): Step(
        **_every(Outcome(303), anonymous=SIGN_IN, moderator=done(200)),
        data=lambda w: {"renew-code": current_code()},
    ),
    ("twofactor.turn_off", "POST"): Step(
        **_every(Outcome(303), anonymous=SIGN_IN, moderator=Outcome(400)),
        data=lambda w: {"off-code": current_code()},
    ),
    # Email settings: each member's own (forum/account). Resending with nothing
    # waiting for confirmation sends nothing.
    ("account.email", "GET"): Step(**MEMBERS_PAGE),
    ("account.email", "POST"): Step(
        **MEMBERS_WRITE,
        data=lambda w: {"email": f"moved-{w.post_id}@example.org", "current_password": PASSWORD},
    ),
    ("account.email_mode", "POST"): Step(**MEMBERS_WRITE, data=lambda w: {"email_mode": "daily"}),
    # Deleting one's own account (forum/deletion): with the password, for every member.
    ("deletion.delete", "GET"): Step(**MEMBERS_PAGE),
    ("deletion.delete", "POST"): Step(
        **_every(Outcome(303, changes=True, to="/account/deleted"), anonymous=SIGN_IN),
        # Staff have an authenticator app (tests.factories): its code is asked for too.
        data=lambda w: {"password": PASSWORD, "mode": "keep", "code": current_code()},
    ),
    ("api.delete_own_account", "DELETE"): Step(
        **_every(done(204), anonymous=NO_TOKEN),
        data=lambda w: {"password": PASSWORD, "code": current_code()},
    ),
    ("account.resend_confirmation", "POST"): Step(**_every(Outcome(302), anonymous=SIGN_IN)),
    # "Forgot your password?" is for anyone (it queues the author's reset email);
    # links from emails that name nothing are 404 for everyone.
    ("account.forgot_password", "GET"): Step(anonymous=SHOWN, **_every(SHOWN)),
    ("account.forgot_password", "POST"): Step(
        anonymous=done(200), **_every(done(200)), data=lambda w: {"login": w.author}
    ),
    **{
        ("account.reset_password", m): Step(
            anonymous=Outcome(404), **_every(Outcome(404)), data=lambda w: {"new_password": "x"}
        )
        for m in ("GET", "POST")
    },
    **{
        ("account.unsubscribe", m): Step(anonymous=Outcome(404), **_every(Outcome(404)))
        for m in ("GET", "POST")
    },
    ("posts.new", "GET"): Step(**MEMBERS_PAGE),
    ("posts.new", "POST"): Step(**MEMBERS_WRITE, data=_post_form),
    ("posts.live_preview", "POST"): Step(
        anonymous=NO_TOKEN, **_every(SHOWN), data=lambda w: {"body": "Is this **bold**?"}
    ),
    # Drafts: each member's own, for a form they may use (here: a comment on the post).
    ("posts.save_draft", "POST"): Step(
        anonymous=NO_TOKEN,
        **_every(done(200)),
        data=lambda w: {**COMMENT, "target": _comment_draft(w)},
    ),
    ("posts.discard_draft", "POST"): Step(
        **_every(Outcome(302), anonymous=SIGN_IN), data=lambda w: {"target": _comment_draft(w)}
    ),
    ("posts.edit", "GET"): Step(**OWNERS_PAGE),
    ("posts.edit", "POST"): Step(**OWNERS_WRITE, data=_post_form),
    # Only authors delete; moderators take things down with Remove (moderation).
    ("posts.delete", "POST"): Step(**{**OWNERS_WRITE, "moderator": FORBIDDEN}),
    ("posts.add_comment", "POST"): Step(**MEMBERS_WRITE, data=lambda w: COMMENT),
    ("posts.edit_comment", "GET"): Step(**OWNERS_PAGE),
    ("posts.edit_comment", "POST"): Step(**OWNERS_WRITE, data=lambda w: COMMENT_EDIT),
    ("posts.delete_comment", "POST"): Step(**{**OWNERS_WRITE, "moderator": FORBIDDEN}),
    ("posts.report_outcome", "POST"): Step(
        **_every(done(302), anonymous=SIGN_IN, author=FORBIDDEN),
        data=lambda w: {"result": "worked", "note": "Two weeks in, fewer missed doses."},
    ),
    # Save: anyone signed in, their own things too; Thanks: never for your own.
    ("social.save_post", "POST"): Step(**MEMBERS_WRITE, data=lambda w: SAVE),
    ("social.save_comment", "POST"): Step(**MEMBERS_WRITE, data=lambda w: SAVE),
    ("social.thank_post", "POST"): Step(**NOT_MY_OWN_WRITE, data=lambda w: SAVE),
    ("social.thank_comment", "POST"): Step(**NOT_MY_OWN_WRITE, data=lambda w: SAVE),
    # "Still working?" is personal: only the member asked answers it; nobody else
    # (staff included) learns it exists.
    ("followups.answer", "POST"): Step(
        anonymous=SIGN_IN,
        other=NOT_FOUND,
        author=done(302),
        moderator=NOT_FOUND,
        data=lambda w: {"answer": "stopped", "stopped_reason": "Winter colds"},
    ),
    ("api.answer_followup", "POST"): Step(
        anonymous=NO_TOKEN,
        other=NOT_FOUND,
        author=done(200),
        moderator=NOT_FOUND,
        data=lambda w: {"answer": "still_using"},
    ),
    # Notifications are their owner's: another member's id is not found; "all" is one's own.
    ("notifications.read_one", "POST"): Step(
        anonymous=SIGN_IN, other=Outcome(404), moderator=Outcome(404), author=done(302)
    ),
    ("notifications.read_all", "POST"): Step(
        # "other" has one too: the author's "I tried this" on other's post.
        **_every(Outcome(302), anonymous=SIGN_IN, author=done(302), other=done(302))
    ),  # fmt: skip
    ("api.read_notifications", "POST"): Step(
        **_every(SHOWN, anonymous=NO_TOKEN, author=done(200), other=done(200)),
        data=lambda w: {"all": True},
    ),
    # Only a question's asker marks its answers "this helped".
    ("posts.mark_helped", "POST"): Step(**ONLY_OWNER_WRITES, data=lambda w: HELPED),
    # Tokens act as their owner: nobody else may make or revoke one, moderators included.
    ("users.create_token", "POST"): Step(
        **{**ONLY_OWNER, "author": done(200)}, data=lambda w: {"label": "my script"}
    ),
    ("users.revoke_token", "POST"): Step(**{**ONLY_OWNER, "author": done(302)}),
    # A sign-in is its owner's alone to end: anyone else's is a 404, moderators' too.
    ("devices.end_one", "POST"): Step(**_every(NOT_FOUND, anonymous=SIGN_IN, author=done(302))),
    # Only the author is signed in elsewhere too; for the others there is nothing to end.
    ("devices.end_others", "POST"): Step(
        **_every(Outcome(302), anonymous=SIGN_IN, author=done(302))
    ),
    # A profile is its owner's to edit; moderators have their own tools (moderation).
    ("users.edit_profile", "GET"): Step(**{**ONLY_OWNER, "author": SHOWN}),
    ("users.edit_profile", "POST"): Step(
        **{**ONLY_OWNER, "author": done(302)},
        data=lambda w: {
            "bio": "We've lived with *asthma* for six years.",
            "perspective": "caregiver",
            "care_age_band": "6-11",
            "conditions": "asthma",
        },
    ),
    # The JSON API: a bearer token or nothing; no cookies.
    ("api.create_token", "POST"): Step(
        anonymous=done(201),
        **_every(done(201)),
        data=lambda w: {"username": w.author, "password": PASSWORD},
    ),
    ("api.create_post", "POST"): Step(
        **API_WRITE,
        data=lambda w: {
            "title": "Sent through the API",
            "body": "A *short* note.",
            "kind": "question",
            "conditions": ["asthma"],
            "tags": ["api"],
        },
    ),
    ("api.add_comment", "POST"): Step(**API_WRITE, data=lambda w: COMMENT),
    ("api.export_start", "POST"): Step(**_every(SHOWN, anonymous=NO_TOKEN)),
    ("api.report_outcome", "POST"): Step(
        **NOT_ON_OWN, data=lambda w: {"result": "partly", "note": "Some days."}
    ),
    # Saves and thanks: POST adds, DELETE takes away; nothing to take away changes nothing.
    ("api.save_post", "POST"): Step(**API_WRITE),
    ("api.unsave_post", "DELETE"): Step(**API_NOTHING_TO_UNDO),
    ("api.save_comment", "POST"): Step(**API_WRITE),
    ("api.unsave_comment", "DELETE"): Step(**API_NOTHING_TO_UNDO),
    ("api.thank_post", "POST"): Step(**NOT_ON_OWN),
    ("api.unthank_post", "DELETE"): Step(**{**API_NOTHING_TO_UNDO, "author": FORBIDDEN}),
    ("api.thank_comment", "POST"): Step(**NOT_ON_OWN),
    ("api.unthank_comment", "DELETE"): Step(**{**API_NOTHING_TO_UNDO, "author": FORBIDDEN}),
    ("api.mark_helped", "POST"): Step(
        **_every(FORBIDDEN, anonymous=NO_TOKEN, author=done(200)), data=lambda w: {"helped": True}
    ),
    # Watching: each member's own levels; muting anyone but yourself.
    ("watching.watch_post", "POST"): Step(**MEMBERS_WRITE, data=lambda w: {"level": "tracking"}),
    ("watching.watch_condition", "POST"): Step(**MEMBERS_WRITE, data=lambda w: WATCH),
    ("watching.watch_tag", "POST"): Step(**MEMBERS_WRITE, data=lambda w: WATCH),
    ("watching.mute_member", "POST"): Step(**NOT_MY_OWN_WRITE, data=lambda w: SAVE),
    ("watching.hide_muted", "POST"): Step(**MEMBERS_WRITE, data=lambda w: {"hide_muted": "y"}),
    ("watching.pick_conditions", "GET"): Step(**MEMBERS_PAGE),
    ("watching.pick_conditions", "POST"): Step(
        **MEMBERS_WRITE, data=lambda w: {"conditions": "asthma"}
    ),
    ("api.set_watch", "PUT"): Step(
        **_every(done(200), anonymous=NO_TOKEN),
        data=lambda w: {"target": "condition", "name": "asthma", "level": "watching"},
    ),
    # A change idea's data: its author and co-authors only (moderators too are refused).
    ("runcharts.add_point", "POST"): Step(
        **ONLY_OWNER_WRITES, data=lambda w: {"observed_on": "2025-03-01", "value": "4.5"}
    ),
    ("runcharts.paste_csv", "POST"): Step(
        **ONLY_OWNER_WRITES, data=lambda w: {"csv": "date,value\n2025-03-01,4\n2025-03-08,5"}
    ),
    ("runcharts.delete_point", "POST"): Step(**ONLY_OWNER_WRITES),
    ("api.add_measure_points", "POST"): Step(
        **_every(FORBIDDEN, anonymous=NO_TOKEN, author=done(201)),
        data=lambda w: {"points": [{"date": "2025-03-01", "value": 4}]},
    ),
    ("api.delete_data_point", "DELETE"): Step(
        **_every(FORBIDDEN, anonymous=NO_TOKEN, author=done(200))
    ),
    # A post's record: its author and the co-authors they name (none here); moderators
    # take records down with the post, they don't write other people's data.
    ("changeideas.add_measure", "POST"): Step(**RECORD_WRITE, data=lambda w: MEASURE),
    ("changeideas.edit_measure", "GET"): Step(**RECORD_PAGE),
    ("changeideas.edit_measure", "POST"): Step(**RECORD_WRITE, data=lambda w: MEASURE),
    ("changeideas.remove_measure", "GET"): Step(**RECORD_PAGE),
    ("changeideas.remove_measure", "POST"): Step(**RECORD_WRITE),
    ("changeideas.add_cycle", "POST"): Step(**RECORD_WRITE, data=lambda w: CYCLE),
    ("changeideas.edit_cycle", "GET"): Step(**RECORD_PAGE),
    ("changeideas.edit_cycle", "POST"): Step(**RECORD_WRITE, data=lambda w: CYCLE),
    ("changeideas.remove_cycle", "POST"): Step(**RECORD_WRITE),
    ("changeideas.add_coauthor", "POST"): Step(
        **RECORD_WRITE, data=lambda w: {"username": w.other}
    ),
    ("changeideas.remove_coauthor", "POST"): Step(
        # Nobody to remove: the author is answered, and nothing changes.
        **{**RECORD_WRITE, "author": Outcome(302)},
        data=lambda w: {"username": w.other},
    ),
    ("api.edit_post", "PATCH"): Step(
        **_every(FORBIDDEN, anonymous=NO_TOKEN, author=done(200), moderator=done(200)),
        data=lambda w: {"aim": {"what": "Fewer missed doses"}, "reason": "Tidied the aim"},
    ),
    ("api.add_measure", "POST"): Step(**API_RECORD_WRITE(201), data=lambda w: MEASURE),
    ("api.edit_measure", "PATCH"): Step(**API_RECORD_WRITE(200), data=lambda w: MEASURE),
    ("api.remove_measure", "DELETE"): Step(**API_RECORD_WRITE(200)),
    ("api.add_cycle", "POST"): Step(**API_RECORD_WRITE(201), data=lambda w: CYCLE),
    ("api.edit_cycle", "PATCH"): Step(**API_RECORD_WRITE(200), data=lambda w: CYCLE),
    ("api.remove_cycle", "DELETE"): Step(**API_RECORD_WRITE(200)),
    ("api.set_coauthors", "PUT"): Step(
        **API_RECORD_WRITE(200), data=lambda w: {"coauthors": [w.other]}
    ),
    # Citations: the author (and co-authors) add and remove unconfirmed ones; only a
    # verified clinician from outside the post confirms (nobody in this world is
    # one: tests/forum/test_citations.py); a moderator removes any, with a reason.
    ("evidence.add", "POST"): Step(
        **{**OWNERS_WRITE, "moderator": FORBIDDEN}, data=lambda w: {"identifier": "10.1000/182"}
    ),
    ("evidence.confirm", "POST"): Step(**_every(FORBIDDEN, anonymous=SIGN_IN)),
    ("evidence.remove", "POST"): Step(**OWNERS_WRITE, data=lambda w: {"reason": "Not a study"}),
    ("api.add_citation", "POST"): Step(
        **_every(FORBIDDEN, anonymous=NO_TOKEN, author=done(201)),
        data=lambda w: {"identifier": "10.1000/182"},
    ),
    ("api.confirm_citation", "POST"): Step(**_every(FORBIDDEN, anonymous=NO_TOKEN)),
    ("api.remove_citation", "DELETE"): Step(
        **_every(done(204), anonymous=NO_TOKEN, other=FORBIDDEN),
        data=lambda w: {"reason": "Not a study"},
    ),
    ("moderation_api.flag_post", "POST"): Step(**NOT_ON_OWN, data=lambda w: {"reason": "spam"}),
    ("moderation_api.flag_comment", "POST"): Step(
        **NOT_ON_OWN, data=lambda w: {"reason": "off_topic"}
    ),
}


def routes_that_write(app: Flask) -> set[tuple[str, str]]:
    """(endpoint, method) for every method of every route that answers a write method."""
    found = set()
    for rule in app.url_map.iter_rules():
        methods = rule.methods - {"HEAD", "OPTIONS"}
        if methods & WRITE_METHODS and not rule.endpoint.startswith("moderation."):
            found |= {(rule.endpoint, method) for method in methods}
    return found


def walk_for(app: Flask) -> dict[tuple[str, str], Step]:
    """WALK's steps for the routes this app has (a plugin's only when it is loaded)."""
    return {key: step for key, step in WALK.items() if key[0] in app.view_functions}


def build_url(app: Flask, endpoint: str, world: World) -> str:
    rule = rules_by_endpoint(app)[endpoint]
    with app.test_request_context():
        return url_for(endpoint, **world.url_values(rule))


def send(client, world: World, role: str, url: str, method: str, data: dict):
    """The request as ``role`` would send it: a browser form, or JSON with the role's token."""
    if not url.startswith("/api/"):
        return client.open(url, method=method, data=data if method != "GET" else None)
    headers = {}
    if role != "anonymous":
        headers["Authorization"] = f"Bearer {world.tokens[getattr(world, role)]}"
    return client.open(url, method=method, json=data, headers=headers)


def test_the_walk_covers_every_route_that_changes_something(app):
    assert routes_that_write(app) == set(walk_for(app))


# The expected answers include moderation's policy (suspensions, new-member limits).
@pytest.mark.needs_plugin("moderation")
@pytest.mark.parametrize("role", ROLES)
def test_every_write_route_answers_each_person_as_allowed(app, role):
    for (endpoint, method), step in WALK.items():
        world = make_world(app)
        client = sign_in(app, app.test_client(), world.user_id(role))
        if role == "suspended":  # after signing in and making tokens, as it happens
            suspend(app, world.author)
        url = build_url(app, endpoint, world)
        before = snapshot(app)
        response = send(client, world, role, url, method, step.data(world))
        expected = step.expected(role, (endpoint, method))
        where = (endpoint, method, role)
        assert response.status_code == expected.status, (*where, response.status_code)
        if expected.to:
            assert urlsplit(response.location).path == expected.to, where
        changed = changed_tables(app, before)
        assert bool(changed) is expected.changes, (*where, changed)


def test_a_signed_in_browser_never_reaches_the_api(app):
    """The API reads only its bearer token, so a page elsewhere can't write through a cookie."""
    world = make_world(app)
    client = sign_in(app, app.test_client(), world.user_id("author"))
    before = snapshot(app)
    for (endpoint, method), step in walk_for(app).items():
        url = build_url(app, endpoint, world)
        if url.startswith("/api/") and endpoint != "api.create_token":
            response = client.open(url, method=method, json=step.data(world))
            assert response.status_code == 401, endpoint
    assert snapshot(app) == before


# ---------- CSRF: every browser form, with and without its token ----------


def _csrf_token(client) -> str:
    page = client.get("/auth/login").text
    if 'name="csrf_token"' not in page:  # signed in: the sign-in page sends us on
        page = client.get("/auth/password").text
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _acting_role(step: Step | None) -> str:
    """Someone for whom the request would succeed, so a refusal is the token's doing."""
    if step is None:  # a moderation route: moderators may use them all
        return "moderator"
    candidates = ("author", "other", "moderator", "anonymous")
    writers = [role for role in candidates if step.expected(role).changes]
    answered = [role for role in candidates if step.expected(role).status < 400]
    return (writers or answered or ["author"])[0]  # a link that names nothing: 404 for all


# One-click unsubscribe (RFC 8058): the mail client POSTs with no session, so
# the signed token in the address is the proof (tests/forum/test_email_account.py).
CSRF_EXEMPT = {"account.unsubscribe"}


def test_every_form_refuses_a_post_without_its_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    checked = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule.startswith(("/api/", "/static/")):
            continue
        if rule.endpoint in CSRF_EXEMPT:
            continue
        step = WALK.get((rule.endpoint, "POST"))
        world = make_world(app)
        role = _acting_role(step)
        data = step.data(world) if step else {"reason": "Checked", "decision": "remove"}
        client = sign_in(app, app.test_client(), world.user_id(role))
        url = build_url(app, rule.endpoint, world)
        before = snapshot(app)
        response = client.post(url, data=data)
        assert response.status_code == 400, rule.endpoint
        assert not changed_tables(app, before), rule.endpoint
        if step is not None:
            # The same request with the page's token goes through.
            response = client.post(url, data={**data, "csrf_token": _csrf_token(client)})
            expected = step.expected(role)
            assert response.status_code == expected.status, rule.endpoint
            assert bool(changed_tables(app, before)) is expected.changes, rule.endpoint
        checked += 1
    moderating = "moderation" in app.extensions["forum"].plugins  # FORUM_TEST_PLUGINS
    assert checked >= (25 if moderating else 15)  # the forum's forms and moderation's


def test_a_refused_form_says_why_in_words(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/auth/login", data={"username": "a", "password": "b"})
    assert response.status_code == 400
    assert "Your form expired or was sent from elsewhere" in response.text
