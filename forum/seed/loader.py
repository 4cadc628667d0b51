"""Loads the demo content through the forum's services, idempotently.

Users are keyed on their username, posts on their title, comments on their
author and text, outcome reports on their author and post: whatever already
exists is left alone, so running it again (or after an interrupted run) adds
only what is missing. Posts, comments and reports go through the services so
sanitizing and counts are real; afterwards their dates are moved back over
the past months so the forum looks the way it would after a year of use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from forum import signals
from forum.conditions.catalog import sync_conditions
from forum.evidence.levels import refresh_all as refresh_evidence
from forum.extensions import db
from forum.lineage.service import recount_adaptations
from forum.models import Comment, OutcomeReport, Post, User
from forum.models.timestamps import utcnow
from forum.policy import WriteRefused
from forum.seed.change_ideas import ensure_record
from forum.seed.people import DEMO_PASSWORD, DEMO_USERS
from forum.seed.posts import DEMO_POSTS
from forum.seed.records import RECORDS
from forum.seed.spec import DemoPost, DemoUser
from forum.services.comments import add_comment
from forum.services.errors import NotAllowed, ValidationFailed
from forum.services.outcomes import report_outcome
from forum.services.posts import create_post
from forum.text import clean_block

# Nothing in the demo is dated in the last few minutes, so "just now" stays real.
_LATEST = timedelta(minutes=20)
_REPLIES_WITHIN = timedelta(days=12)
_REPORTS_WITHIN = timedelta(days=60)


class SeedError(Exception):
    """The demo content could not be loaded; the message says why."""


@dataclass
class DemoSummary:
    users: list[User] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    conditions_changed: int = 0
    added: dict[str, int] = field(
        default_factory=lambda: {
            "users": 0,
            "posts": 0,
            "comments": 0,
            "outcome reports": 0,
            "data points": 0,
        }
    )

    def describe(self) -> str:
        if not any(self.added.values()):
            return "Demo content is already in place: nothing added."
        counts = ", ".join(f"{n} {what}" for what, n in self.added.items())
        return f"Demo content added: {counts}."


def seed_demo(now: datetime | None = None) -> DemoSummary:
    """Add whatever part of the demo content is missing and return what was done.

    Raises SeedError when a demo username belongs to a real account or a
    service refuses a piece of the content.
    """
    app = current_app._get_current_object()
    now = now or utcnow()
    summary = DemoSummary(conditions_changed=sync_conditions())
    users = _ensure_users(now, summary)
    with app.extensions["forum"].bulk_load():  # plugins' once-at-the-end work (forum.plugins)
        for spec in sorted(DEMO_POSTS, key=lambda p: -p.days_ago):  # oldest first, as written
            try:
                summary.posts.append(_ensure_post(spec, users, now, summary))
            except (ValidationFailed, NotAllowed, WriteRefused) as exc:
                db.session.rollback()
                raise SeedError(f"Demo post {spec.title!r} was refused: {exc}") from exc
        if summary.added["outcome reports"]:  # the first load: close the loop once
            from forum.seed.loop import close_the_loop

            close_the_loop(now)
        db.session.commit()
        # Back-dating moved reports and accounts in time: judge every post again,
        # as `flask content evidence` does after an upgrade.
        refresh_evidence()
    signals.demo_seeded.send(app, users=users, posts=summary.posts)
    return summary


def _ensure_users(now: datetime, summary: DemoSummary) -> dict[str, User]:
    existing = {
        u.username_key: u
        for u in db.session.scalars(
            select(User).where(User.username_key.in_([d.username for d in DEMO_USERS]))
        )
    }
    for demo in DEMO_USERS:
        user = existing.get(demo.username)
        if user is not None and user.email != demo.email:
            raise SeedError(
                f"The demo username {demo.username!r} belongs to a real account; "
                "the demo content is meant for an empty or demo database."
            )
    password_hash = None  # scrypt costs ~85 ms: hash once, share it
    users: dict[str, User] = {}
    for demo in DEMO_USERS:
        user = existing.get(demo.username)
        if user is None:
            password_hash = password_hash or generate_password_hash(DEMO_PASSWORD)
            user = _new_user(demo, password_hash, now)
            db.session.add(user)
            summary.added["users"] += 1
        elif demo.totp_secret and user.totp_enabled_at is None:
            # Demo staff seeded before staff needed a second factor get theirs now.
            user.totp_secret, user.totp_enabled_at = demo.totp_secret, now
        users[demo.username] = user
    db.session.commit()
    summary.users = list(users.values())
    return users


def _new_user(demo: DemoUser, password_hash: str, now: datetime) -> User:
    joined = now - timedelta(days=demo.joined_days_ago)
    return User(
        username=demo.username,
        username_key=demo.username,
        email=demo.email,
        password_hash=password_hash,
        perspective=demo.perspective,
        trust_level=demo.trust_level,
        role=demo.role,
        clinician_verified=demo.clinician_verified,
        totp_secret=demo.totp_secret,
        totp_enabled_at=joined if demo.totp_secret else None,
        email_confirmed_at=joined,  # demo addresses sign in like confirmed ones
        created_at=joined,
        updated_at=joined,
    )


def _ensure_post(
    spec: DemoPost, users: dict[str, User], now: datetime, summary: DemoSummary
) -> Post:
    author = users[spec.author]
    post = db.session.scalar(
        select(Post).where(Post.author_id == author.id, Post.title == spec.title)
    )
    # Seeded from the title, so dates come out the same on every run.
    rng = random.Random(spec.title)
    posted_at = now - timedelta(days=spec.days_ago, hours=rng.uniform(0, 10))
    if post is None:
        post = create_post(
            author,
            title=spec.title,
            body=spec.body,
            kind=spec.kind,
            conditions=list(spec.conditions),
            tags=list(spec.tags),
            # A change idea needs an aim; a demo post that doesn't say one aims at its title.
            aim={"what": spec.aim or spec.title} if spec.kind == "change_idea" else None,
        )
        _backdate(post, posted_at)
        summary.added["posts"] += 1
    if spec.adapted_from and post.adapted_from_id is None:
        post.adapted_from_id = db.session.scalar(
            select(Post.id).where(Post.title == spec.adapted_from).order_by(Post.id).limit(1)
        )
        post.adaptation_note = spec.adaptation_note
        recount_adaptations(post.adapted_from_id)  # as publishing an adaptation does
    if spec.title in RECORDS:
        summary.added["data points"] += ensure_record(post, RECORDS[spec.title], users, now)
    span = now - _LATEST - posted_at
    # Replies come within days; "I tried this" reports over the following weeks.
    replies = _moments(rng, posted_at, min(span, _REPLIES_WITHIN), len(spec.comments))
    reports = _moments(rng, posted_at, min(span, _REPORTS_WITHIN), len(spec.outcomes))
    _ensure_comments(post, spec, users, replies, summary)
    _ensure_outcomes(post, spec, users, reports, summary)
    db.session.commit()
    return post


def _ensure_comments(
    post: Post,
    spec: DemoPost,
    users: dict[str, User],
    moments: list[datetime],
    summary: DemoSummary,
) -> None:
    present = {
        (c.author_id, c.body)
        for c in db.session.scalars(select(Comment).where(Comment.post_id == post.id))
    }
    for (username, body), at in zip(spec.comments, moments, strict=True):
        author = users[username]
        if (author.id, clean_block(body)) in present:
            continue
        _backdate(add_comment(author, post, body), at)
        summary.added["comments"] += 1


def _ensure_outcomes(
    post: Post,
    spec: DemoPost,
    users: dict[str, User],
    moments: list[datetime],
    summary: DemoSummary,
) -> None:
    present = set(
        db.session.scalars(select(OutcomeReport.user_id).where(OutcomeReport.post_id == post.id))
    )
    for (username, result, note), at in zip(spec.outcomes, moments, strict=True):
        user = users[username]
        if user.id in present:
            continue
        _backdate(report_outcome(user, post, result=result, note=note), at)
        summary.added["outcome reports"] += 1


def _moments(rng: random.Random, start: datetime, window: timedelta, n: int) -> list[datetime]:
    """``n`` increasing times within ``window`` after ``start``."""
    return [start + window * f for f in sorted(rng.uniform(0.02, 1.0) for _ in range(n))]


def _backdate(row: Post | Comment | OutcomeReport, at: datetime) -> None:
    row.created_at = row.updated_at = at
