"""What goes in a member's export: everything they wrote and everything the
forum keeps about them, as JSON-able parts of ``data.json``.

Only this member's own rows, read by their id; never another member's private
data (another member appears only by public username, as a muted member), and
never a secret: no password hash, token hash, authenticator secret, recovery
code hash or passkey public key. Posts are read in batches, so a member with
thousands of posts is exported in bounded memory (:func:`posts`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import (
    ApiToken,
    Bookmark,
    Comment,
    CommentRevision,
    DataPoint,
    Draft,
    FollowUp,
    LoginSession,
    Measure,
    MutedMember,
    OutcomeReport,
    Passkey,
    PdsaCycle,
    Post,
    PostRevision,
    RecoveryCode,
    Thanks,
    User,
    Watch,
)

BATCH = 200  # posts per query


def when(value: datetime | date | None) -> str | None:
    """A date or time as ISO 8601 (times in UTC), or None."""
    return value.isoformat() if value is not None else None


def post_count(user: User) -> int:
    """How many posts and comments ``user`` wrote: what decides inline or queued."""
    posts = db.session.scalar(select(func.count()).where(Post.author_id == user.id))
    comments = db.session.scalar(select(func.count()).where(Comment.author_id == user.id))
    return (posts or 0) + (comments or 0)


def profile(user: User) -> dict:
    return {
        "username": user.username,
        "perspective": user.perspective,
        "bio": user.bio,
        "age_band": user.care_age_band,
        "conditions": [c.name for c in user.conditions],
        "trust_level": user.trust_level,
        "role": user.role,
        "clinician_verified": user.clinician_verified,
        "created_at": when(user.created_at),
        "email": user.email,
        "email_confirmed": user.email_confirmed_at is not None,
        "email_confirmed_at": when(user.email_confirmed_at),
        "email_pending": user.email_pending,
        "suspended_until": when(user.suspended_until),
    }


def settings(user: User) -> dict:
    """How they hear from the forum."""
    return {"email_mode": user.email_mode, "hide_muted": user.hide_muted}


def posts(user: User) -> Iterator[tuple[Post, dict]]:
    """Each of ``user``'s posts (oldest first) with its JSON, edit history and record included."""
    last_id = 0
    while True:
        batch = db.session.scalars(
            select(Post)
            .where(Post.author_id == user.id, Post.id > last_id)
            .order_by(Post.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        ids = [p.id for p in batch]
        history = _post_revisions(ids, user)
        records = _records(ids)
        for post in batch:
            yield post, _post_json(post, history.get(post.id, []), records.get(post.id))
        last_id = ids[-1]
        for post in batch:
            db.session.expunge(post)  # keep memory flat over thousands of posts


def _post_json(post: Post, history: list[dict], record: dict | None) -> dict:
    return {
        "id": post.id,
        "kind": post.kind,
        "title": post.title,
        "body": post.body,
        "status": post.status,
        "created_at": when(post.created_at),
        "updated_at": when(post.updated_at),
        "edited_at": when(post.edited_at),
        "edited_by_moderator": post.edited_by_moderator,
        "deleted_at": when(post.deleted_at),
        "conditions": [c.name for c in post.conditions],
        "tags": post.tag_names,
        "adapted_from_id": post.adapted_from_id,
        "adaptation_note": post.adaptation_note,
        "aim": {"what": post.aim_what, "target": post.aim_target, "by": when(post.aim_by)},
        "setting": {
            "kind": post.setting_kind,
            "size": post.setting_size,
            "people": post.setting_people,
        },
        "revisions": history,
        "record": record or {"measures": [], "cycles": []},
    }


def _post_revisions(post_ids: list[int], user: User) -> dict[int, list[dict]]:
    rows = db.session.scalars(
        select(PostRevision)
        .where(PostRevision.post_id.in_(post_ids))
        .order_by(PostRevision.edited_at, PostRevision.id)
    )
    out: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        out[r.post_id].append(
            {
                "title": r.title,
                "body": r.body,
                "tags": r.tags.split(),
                "replaced_at": when(r.edited_at),
                # Another editor is a moderator: said, never named.
                "edited_by": "you" if r.editor_id == user.id else "a moderator",
            }
        )
    return out


def _records(post_ids: list[int]) -> dict[int, dict]:
    """A change idea's measures (with their data points) and cycles, per post."""
    out: dict[int, dict] = defaultdict(lambda: {"measures": [], "cycles": []})
    measures = db.session.scalars(
        select(Measure).where(Measure.post_id.in_(post_ids)).order_by(Measure.position)
    ).all()
    points: dict[int, list[dict]] = defaultdict(list)
    if measures:
        for p in db.session.scalars(
            select(DataPoint)
            .where(DataPoint.measure_id.in_([m.id for m in measures]))
            .order_by(DataPoint.observed_on, DataPoint.id)
        ):
            points[p.measure_id].append(
                {"observed_on": when(p.observed_on), "value": p.value, "note": p.note}
            )
    for m in measures:
        out[m.post_id]["measures"].append(
            {"name": m.name, "unit": m.unit, "kind": m.kind, "data_points": points[m.id]}
        )
    for c in db.session.scalars(
        select(PdsaCycle).where(PdsaCycle.post_id.in_(post_ids)).order_by(PdsaCycle.started_on)
    ):
        out[c.post_id]["cycles"].append(
            {
                "started_on": when(c.started_on),
                "ended_on": when(c.ended_on),
                "plan": c.plan,
                "done": c.done,
                "learned": c.learned,
                "decision": c.decision,
            }
        )
    return out


def comments(user: User) -> list[dict]:
    rows = db.session.execute(
        select(
            Comment.id,
            Comment.post_id,
            Comment.body,
            Comment.status,
            Comment.created_at,
            Comment.edited_at,
            Comment.deleted_at,
        )
        .where(Comment.author_id == user.id)
        .order_by(Comment.id)
    ).all()
    history: dict[int, list[dict]] = defaultdict(list)
    revisions = db.session.scalars(
        select(CommentRevision)
        .join(Comment, Comment.id == CommentRevision.comment_id)
        .where(Comment.author_id == user.id)
        .order_by(CommentRevision.edited_at, CommentRevision.id)
    )
    for r in revisions:
        history[r.comment_id].append(
            {
                "body": r.body,
                "replaced_at": when(r.edited_at),
                "edited_by": "you" if r.editor_id == user.id else "a moderator",
            }
        )
    return [
        {
            "id": c.id,
            "post_id": c.post_id,
            "body": c.body,
            "status": c.status,
            "created_at": when(c.created_at),
            "edited_at": when(c.edited_at),
            "deleted_at": when(c.deleted_at),
            "revisions": history.get(c.id, []),
        }
        for c in rows
    ]


def outcome_reports(user: User) -> list[dict]:
    """Their "I tried this" reports, each with its "is it still working?" answers."""
    followups: dict[int, list[dict]] = defaultdict(list)
    for f in db.session.scalars(
        select(FollowUp).where(FollowUp.user_id == user.id).order_by(FollowUp.months)
    ):
        followups[f.report_id].append(
            {
                "months": f.months,
                "due_at": when(f.due_at),
                "asked_at": when(f.asked_at),
                "answered_at": when(f.answered_at),
                "answer": f.answer,
                "reason": f.reason,
            }
        )
    reports = db.session.scalars(
        select(OutcomeReport).where(OutcomeReport.user_id == user.id).order_by(OutcomeReport.id)
    )
    return [
        {
            "post_id": r.post_id,
            "result": r.result,
            "note": r.note,
            "duration": r.duration,
            "age_band": r.age_band,
            "care_team_knew": r.care_team_knew,
            "created_at": when(r.created_at),
            "updated_at": when(r.updated_at),
            "follow_ups": followups.get(r.id, []),
        }
        for r in reports
    ]


def watches(user: User) -> dict:
    """What they watch, track or muted, and the members they muted (public names only)."""
    levels = db.session.scalars(select(Watch).where(Watch.user_id == user.id).order_by(Watch.id))
    muted = db.session.execute(
        select(User.username, MutedMember.created_at)
        .join(User, User.id == MutedMember.muted_id)
        .where(MutedMember.user_id == user.id)
        .order_by(User.username)
    )
    return {
        "levels": [
            {
                "target": w.target_kind,
                "key": w.target_key,
                "level": w.level,
                "since": when(w.created_at),
            }
            for w in levels
        ],
        "muted_members": [{"username": name, "since": when(at)} for name, at in muted],
    }


def saved_and_thanks(user: User) -> dict:
    def rows(model) -> list[dict]:
        found = db.session.scalars(select(model).where(model.user_id == user.id).order_by(model.id))
        return [
            {"post_id": r.post_id, "comment_id": r.comment_id, "at": when(r.created_at)}
            for r in found
        ]

    return {"saved": rows(Bookmark), "thanked": rows(Thanks)}


def drafts(user: User) -> list[dict]:
    found = db.session.scalars(select(Draft).where(Draft.user_id == user.id).order_by(Draft.id))
    return [
        {
            "target": d.target,
            "post_id": d.post_id,
            "fields": d.fields,
            "updated_at": when(d.updated_at),
        }
        for d in found
    ]


def sign_ins(user: User) -> dict:
    """Sign-ins, API tokens and second factors: labels and dates, never a secret."""
    sessions = db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id).order_by(LoginSession.id)
    )
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    )
    passkeys = db.session.scalars(
        select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)
    )
    codes_left = db.session.scalar(
        select(func.count()).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    return {
        "sessions": [
            {
                "signed_in_at": when(s.created_at),
                "remember_me": s.remember,
                "ended_at": when(s.revoked_at),
            }
            for s in sessions
        ],
        "api_tokens": [
            {"label": t.label, "created_at": when(t.created_at), "revoked_at": when(t.revoked_at)}
            for t in tokens
        ],
        "authenticator_app_since": when(user.totp_enabled_at),
        "recovery_codes_unused": codes_left or 0,
        "passkeys": [
            {"name": p.name, "created_at": when(p.created_at), "last_used_at": when(p.last_used_at)}
            for p in passkeys
        ],
    }


def plugin_parts(user: User) -> dict:
    """What each plugin keeps about ``user`` (forum.plugins: ``register_export_part``)."""
    registry = current_app.extensions["forum"]
    return {key: spec.load(user) for key, spec in registry.export_parts.items()}
