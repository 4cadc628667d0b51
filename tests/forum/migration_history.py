"""A small forum as a database at migration 0003 held it, and what 0004 should make of it.

Rows for every table of that schema, written through SQL against the tables as
reflected at 0003 (not the models), so later model changes can't change what
an old database held. The posts and comments marked "removed" carry the
histories that 0004 has to tell apart: taken down by a moderator, or taken back
by their author (then, "removed" was the only word for both).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

ALICE, BOB, CAROL, DAVE = 1, 2, 3, 4  # an author, a moderator, a flagger, a reader

# What 0004 should leave each post and comment as (they are all "removed" or
# "published" at 0003: see STATUS_AT_0003).
POST_STATUS_AFTER_0004 = {
    1: "published",
    2: "removed",  # removed by a moderator
    3: "deleted",  # deleted by its author; comment 3, same id, was removed by a moderator
    4: "deleted",  # removed by a moderator, restored, then deleted by its author
    5: "deleted",  # edited by a moderator, then taken down with the old delete button
    6: "removed",  # flags upheld (removed), then its comments locked
    7: "removed",  # removed, restored, removed again
}
COMMENT_STATUS_AFTER_0004 = {
    1: "published",
    2: "deleted",  # deleted by its author while flagged
    3: "removed",  # removed by a moderator
    4: "deleted",  # removed by a moderator, restored, then deleted by its author
}
FLAG_STATUS_AFTER_0004 = {
    1: "open",  # on a published post
    2: "closed",  # on post 3, which its author deleted
    3: "closed",  # on comment 2, which its author deleted
    4: "upheld",  # decided before: stays as decided
}
STATUS_AT_0003 = {
    "posts": {i: "published" if s == "published" else "removed" for i, s in
              POST_STATUS_AFTER_0004.items()},
    "comments": {i: "published" if s == "published" else "removed" for i, s in
                 COMMENT_STATUS_AFTER_0004.items()},
    "flags": {1: "open", 2: "open", 3: "open", 4: "upheld"},
}  # fmt: skip

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def _user(id_: int, name: str, *, role: str = "member", perspective: str = "caregiver") -> dict:
    return {
        "id": id_,
        "username": name,
        "username_key": name.lower(),
        "email": f"{name.lower()}@example.org",
        "password_hash": f"scrypt:32768:8:1$salt{id_}$hash{id_}",
        "perspective": perspective,
        "clinician_verified": perspective == "clinician",
        "trust_level": 2 if role == "moderator" else 1,
        "role": role,
        "suspended_until": None,
        "suspension_reason": None,
        "session_version": id_,
        "created_at": _at(-500 + id_),
        "updated_at": _at(-400 + id_),
    }


def _post(id_: int, title: str, *, hours: float, comments: int = 0) -> dict:
    return {
        "id": id_,
        "author_id": ALICE,
        "kind": "hack",
        "title": title,
        "body": f"{title}. What we did, and what happened.",
        "body_html": f"<p>{title}. What we did, and what happened.</p>",
        "status": STATUS_AT_0003["posts"][id_],
        "created_at": _at(hours),
        "updated_at": _at(hours + 30),  # when it was last changed: 0004's deleted_at
        "edited_at": None,
        "edited_by_moderator": id_ == 5,
        "comments_locked": id_ == 6,
        "comment_count": comments,
        "outcome_worked": 1 if id_ == 1 else 0,
        "outcome_partly": 1 if id_ == 1 else 0,
        "outcome_no_effect": 0,
        "outcome_stopped": 0,
        "safety_label": "low_risk" if id_ == 1 else None,
        "safety_reviewer_id": BOB if id_ == 1 else None,
        "safety_reviewed_at": _at(hours + 2) if id_ == 1 else None,
        "safety_stale": False,
    }


def _comment(id_: int, author_id: int, *, hours: float) -> dict:
    text = f"Comment {id_}: that helped us too."
    return {
        "id": id_,
        "post_id": 1,
        "author_id": author_id,
        "body": text,
        "body_html": f"<p>{text}</p>",
        "status": STATUS_AT_0003["comments"][id_],
        "created_at": _at(hours),
        "updated_at": _at(hours + 5),
        "edited_at": None,
    }


def _flag(id_: int, post_id: int, comment_id: int | None, author_id: int, *, by: int) -> dict:
    upheld = STATUS_AT_0003["flags"][id_] == "upheld"
    return {
        "id": id_,
        "post_id": post_id,
        "comment_id": comment_id,
        "flagger_id": by,
        "target_author_id": author_id,
        "reason": "spam",
        "note": "",
        "weight": 1.0,
        "status": STATUS_AT_0003["flags"][id_],
        "created_at": _at(10 + id_),
        "resolved_at": _at(60) if upheld else None,
        "resolved_by_id": BOB if upheld else None,
    }


def _action(id_: int, action: str, target: tuple[str, int], post_id: int | None, **details):
    """A moderation log row as moderation/audit.py writes it (json with sort_keys)."""
    target_type, target_id = target
    return {
        "id": id_,
        "created_at": _at(40 + id_),
        "actor_id": BOB,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "post_id": post_id,
        "subject_user_id": CAROL if target_type == "user" else ALICE,
        "reason": f"Reason {id_}",
        "details_json": json.dumps(details, sort_keys=True),
    }


def _moved(action_id: int, action: str, target: tuple[str, int], post_id: int, old, new):
    return _action(action_id, action, target, post_id, flags=0, **{"from": old, "to": new})


def rows(condition_ids: list[int]) -> dict[str, list[dict]]:
    """Every table's rows, in an order that satisfies the foreign keys."""
    first, second = condition_ids[:2]
    post, comment = "post", "comment"
    return {
        "users": [
            _user(ALICE, "Alice"),
            _user(BOB, "Bob", role="moderator", perspective="clinician"),
            _user(CAROL, "Carol", perspective="patient"),
            _user(DAVE, "Dave"),
        ],
        "login_sessions": [
            {"id": i, "user_id": user, "sid": f"sid-{i:02d}-" + "x" * 30,
             "created_at": _at(100 + i), "revoked_at": _at(120) if i == 3 else None}
            for i, user in enumerate((ALICE, ALICE, BOB, CAROL, DAVE), start=1)
        ],
        "api_tokens": [
            {"id": i, "user_id": user, "token_hash": f"{i:064x}", "label": f"Script {i}",
             "created_at": _at(90 + i), "revoked_at": None}
            for i, user in enumerate((ALICE, DAVE), start=1)
        ],
        "posts": [
            _post(1, "Weighted blanket at bedtime", hours=0, comments=1),
            _post(2, "Buy my supplement", hours=1),
            _post(3, "Too much about our family", hours=2),
            _post(4, "Second thoughts", hours=3),
            _post(5, "An old mistake", hours=4),
            _post(6, "Stop the medicine", hours=5),
            _post(7, "Back and forth", hours=6),
        ],
        "comments": [
            _comment(1, CAROL, hours=1),
            _comment(2, CAROL, hours=2),
            _comment(3, DAVE, hours=3),
            _comment(4, CAROL, hours=4),
        ],
        "post_conditions": [
            {"post_id": 1, "condition_id": first},
            {"post_id": 1, "condition_id": second},
            {"post_id": 3, "condition_id": first},
            {"post_id": 4, "condition_id": second},
        ],
        "post_tags": [
            {"post_id": 1, "name": "sleep"},
            {"post_id": 1, "name": "bedtime"},
            {"post_id": 3, "name": "diet"},
        ],
        "outcome_reports": [
            {"id": 1, "post_id": 1, "user_id": CAROL, "result": "worked",
             "note": "Slept through by the third night.", "created_at": _at(20),
             "updated_at": _at(21)},
            {"id": 2, "post_id": 1, "user_id": DAVE, "result": "partly", "note": "",
             "created_at": _at(22), "updated_at": _at(22)},
        ],
        "safety_reviews": [
            {"id": 1, "post_id": 1, "reviewer_id": BOB, "label": "low_risk",
             "note": "Common advice.", "created_at": _at(2)},
        ],
        "flags": [
            _flag(1, 1, None, ALICE, by=CAROL),
            _flag(2, 3, None, ALICE, by=CAROL),
            _flag(3, 1, 2, CAROL, by=ALICE),
            _flag(4, 6, None, ALICE, by=CAROL),
        ],
        "moderation_actions": [
            _moved(1, "remove", (post, 2), 2, "published", "removed"),
            _moved(2, "remove", (comment, 3), 1, "published", "removed"),
            _moved(3, "remove", (post, 4), 4, "published", "removed"),
            _moved(4, "restore", (post, 4), 4, "removed", "published"),
            _action(5, "moderator_edit", (post, 5), 5),
            _action(6, "uphold", (post, 6), 6, flags=1, reasons=["spam"],
                    **{"from": "published", "to": "removed"}),
            _action(7, "lock_comments", (post, 6), 6),
            _moved(8, "remove", (post, 7), 7, "published", "removed"),
            _moved(9, "restore", (post, 7), 7, "removed", "published"),
            _moved(10, "remove", (post, 7), 7, "published", "removed"),
            _moved(11, "remove", (comment, 4), 1, "published", "removed"),
            _moved(12, "restore", (comment, 4), 1, "removed", "published"),
            _action(13, "safety_review", (post, 1), 1, label="low_risk", previous=None,
                    **{"from": "published", "to": "published"}),
            _action(14, "set_trust_level", ("user", CAROL), None, via="command line",
                    **{"from": 1, "to": 2}),
        ],
        "search_outbox": [
            {"id": 1, "post_id": 1, "created_at": _at(0)},
            {"id": 2, "post_id": 3, "created_at": _at(32)},
        ],
        "search_replicas": [{"name": "web-1:/srv/index", "applied_upto": 2, "seen_at": _at(33)}],
    }  # fmt: skip


def insert(engine: sa.Engine) -> None:
    """Write the rows into a database at 0003 (conditions are there from 0002)."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.begin() as conn:
        ids = conn.scalars(sa.select(metadata.tables["conditions"].c.id).order_by("id")).all()
        for name, table_rows in rows(ids).items():
            conn.execute(metadata.tables[name].insert(), table_rows)
