"""Shared by the cross-cutting walks (test_security, test_hostile_forms): the
people a request is made as, signing a client in, and what the database holds.

"Changes nothing" is checked against a snapshot of every row of every table
(forum, moderation and search alike), so a refused request that half-wrote
anything, anywhere, is caught without the test knowing where to look.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule

from forum.evidence import citations
from forum.extensions import db
from forum.models import (
    ApiToken,
    DataPoint,
    FollowUp,
    LoginSession,
    Measure,
    Notification,
    PdsaCycle,
    User,
)
from forum.models.timestamps import utcnow
from forum.services.accounts import issue_token, open_login_session
from tests.factories import login_id, make_comment, make_outcome, make_post, make_user

# "suspended" is the author under a suspension, with the session and token they had.
ROLES = ("anonymous", "other", "author", "moderator", "suspended")

# What stored text must never hold: C0 and C1 controls other than tab and
# newline, carriage returns (line ends are stored as \n) and the bidirectional
# overrides and isolates that make text read differently than it is.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# The methods that change things; a route answering one of them must be walked.
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# Noted as a side effect of using a token or a browser every few minutes
# (forum/devices), not a change anyone asked for: a snapshot leaves them out.
BOOKKEEPING = {("api_tokens", "last_used_at"), ("login_sessions", "last_seen_at")}


def _kept_columns(table):
    return [c for c in table.columns if (table.name, c.name) not in BOOKKEEPING]


def snapshot(app: Flask) -> Counter:
    """Every row of every table, as a multiset of (table, row) reprs (bookkeeping left out)."""
    with app.app_context():
        rows = Counter()
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(*_kept_columns(table))):
                rows[(table.name, repr(tuple(row)))] += 1
        db.session.rollback()
    return rows


def new_rows(app: Flask, before: Counter) -> list[tuple[str, tuple]]:
    """Rows that are new or changed since ``before``, as (table, values)."""
    with app.app_context():
        found = []
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(select(*_kept_columns(table))):
                if before[(table.name, repr(tuple(row)))] == 0:
                    found.append((table.name, tuple(row)))
        db.session.rollback()
    return found


def changed_tables(app: Flask, before: Counter) -> set[str]:
    """The tables whose rows differ from ``before`` (added, changed or deleted)."""
    after = snapshot(app)
    return {table for table, _ in (after - before) + (before - after)}


def forbidden_text(rows: list[tuple[str, tuple]]) -> list[tuple[str, str]]:
    """(table, value) for every stored string that holds a character it must not."""
    return [
        (table, value[:80])
        for table, values in rows
        for value in values
        if isinstance(value, str) and FORBIDDEN.search(value)
    ]


def sign_in(app: Flask, client: FlaskClient, user_id: int | None) -> FlaskClient:
    """Sign ``client`` in as the user (None: signed out) as the sign-in form would."""
    with client.session_transaction() as session:
        session.clear()
        if user_id is not None:
            with app.app_context():
                session["_user_id"] = login_id(db.session.get(User, user_id))
            session["_fresh"] = True
    return client


@dataclass(frozen=True)
class World:
    """Fresh people and things for one request, so each request stands alone."""

    author: str
    other: str
    moderator: str
    ids: dict[str, int]  # user name -> id
    tokens: dict[str, str]  # user name -> API token
    post_id: int
    comment_id: int
    token_id: int | None
    answer_id: int | None = None  # another member's comment on the author's question
    followup_id: int | None = None  # the author's asked "still working?" on the other's post
    notification_id: int | None = None  # the author's, of that comment
    measure_id: int | None = None  # on the author's post's record, with one data point
    point_id: int | None = None
    cycle_id: int | None = None  # a PDSA cycle on the author's post's record
    citation_id: int | None = None  # the author's unconfirmed citation on their post
    session_id: int | None = None  # the author's sign-in on another browser

    @property
    def suspended(self) -> str:
        return self.author

    def user_id(self, role: str) -> int | None:
        return None if role == "anonymous" else self.ids[getattr(self, role)]

    def url_values(self, rule: Rule, default: object = KeyError) -> dict:
        """Real values for the rule's arguments: the author's things.

        An argument this world has nothing for is a KeyError, so a route with a
        new kind of argument is noticed, unless a ``default`` is given."""
        known = {
            "post_id": self.post_id,
            "comment_id": self.comment_id,
            "answer_id": self.answer_id,
            "followup_id": self.followup_id,
            "token_id": self.token_id,
            "notification_id": self.notification_id,
            "measure_id": self.measure_id,
            "point_id": self.point_id,
            "cycle_id": self.cycle_id,
            "citation_id": self.citation_id,
            "session_id": self.session_id,
            "username": self.author,
            "slug": "asthma",
            "tag": "school",  # the author's post carries it
            # Moderation's queue decisions on members' requests (POST only, for
            # moderators; tests/moderation/test_guard.py walks them with real
            # requests). Here only the CSRF walk builds them, refused before any view.
            "request_id": 1,
            "proposal_id": 1,
            # A passkey (forum/passkeys): the world has none, so renaming or
            # removing one is 404 for everyone; tests/forum/test_passkeys.py has real ones.
            "passkey_id": 1,
            # A signed link from an email (confirm, reset, unsubscribe): this one
            # names nothing; tests/forum/test_email_account.py follows real ones.
            "token": "not-a-signed-token",
            # A data export: this world has none, so its link and id name nothing
            # (tests/forum/test_export*.py follow real ones).
            "job_id": 1,
        }
        if default is KeyError:
            return {name: known[name] for name in rule.arguments}
        return {name: known.get(name, default) for name in rule.arguments}


def make_world(app: Flask, *, author_role: str = "member", tokens: bool = True) -> World:
    """An author with a published post and their comment on it, another member
    and a moderator; with ``tokens``, each of them has an API token."""
    with app.app_context():
        author, other = make_user(role=author_role), make_user()
        moderator = make_user(role="moderator")
        post = make_post(author, tags=["school"])
        comment = make_comment(post, author, "We did this too and wrote it down.")
        question = make_post(author, kind="question", title="Which diary kept you going?")
        answer = make_comment(question, other, "A paper one on the fridge, with stickers.")
        # The author tried the other member's idea and is asked whether it still works.
        tried = make_post(other, title="A timer on the fridge door")
        make_outcome(tried, author, "worked")
        followup = db.session.scalar(select(FollowUp).where(FollowUp.user_id == author.id))
        followup.asked_at = followup.due_at = utcnow()
        # The author's post keeps a record: a measure with a data point, and a PDSA cycle.
        measure = Measure(post_id=post.id, name="Missed doses", unit="a week", kind="outcome")
        cycle = PdsaCycle(post_id=post.id, started_on=date(2026, 3, 2), plan="A timer.")
        db.session.add_all([measure, cycle])
        db.session.flush()
        point = DataPoint(measure_id=measure.id, observed_on=date(2026, 3, 9), value=2)
        db.session.add(point)
        db.session.commit()
        point_id = point.id
        citation = citations.add(author, post, "21228075")
        people = (author, other, moderator)
        tokens = {u.username: issue_token(u, "walk") for u in people} if tokens else {}
        token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == author.id))
        notification_id = db.session.scalar(
            select(Notification.id).where(Notification.user_id == author.id)
        )
        elsewhere = open_login_session(author, user_agent="Firefox on another computer")
        session_id = db.session.scalar(select(LoginSession.id).where(LoginSession.sid == elsewhere))
        return World(
            author=author.username,
            other=other.username,
            moderator=moderator.username,
            ids={u.username: u.id for u in people},
            tokens=tokens,
            post_id=post.id,
            comment_id=comment.id,
            token_id=token_id,
            answer_id=answer.id,
            followup_id=followup.id,
            notification_id=notification_id,
            measure_id=measure.id,
            point_id=point_id,
            cycle_id=cycle.id,
            citation_id=citation.id,
            session_id=session_id,
        )


def suspend(app: Flask, username: str) -> None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        user.suspended_until = utcnow() + timedelta(days=7)
        user.suspension_reason = "Cooling off"
        db.session.commit()


def rules_by_endpoint(app: Flask) -> dict[str, Rule]:
    return {rule.endpoint: rule for rule in app.url_map.iter_rules()}
