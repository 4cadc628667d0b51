"""Drafts: what a member typed into the post or comment forms, kept until they publish.

A draft is private to its owner: every function here takes the member and
only ever reads or writes their own row. Which form a draft is for is its
*target* (see ``forum.models.draft``); whether the member may use that form
is the caller's question (``forum.posts.drafts``). A draft is bounded as the
largest thing the forum publishes is: the forms save one as people type, and
keeping what someone typed must never become a way to store anything.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import Draft, User
from forum.models.timestamps import utcnow
from forum.services import rules
from forum.services.errors import ValidationFailed
from forum.text import clean_block, clean_line

NEW_POST = "post"
KINDS = ("post", "edit", "comment")  # a new post, an edit of post N, a comment on post N
TAGS_MAX = rules.MAX_TAGS * (rules.TAG_MAX + 2)  # five tags and their commas, as typed
CONDITIONS_MAX, SLUG_MAX = 20, 100
_TOO_LONG = "This is too long to keep as a draft."


def target_for(kind: str, post_id: int | None = None) -> str:
    """``post``, ``edit-12`` or ``comment-12``."""
    return kind if post_id is None else f"{kind}-{post_id}"


def parse_target(value: object) -> tuple[str, int | None] | None:
    """(kind, post id) for a target a form sent, or None when it isn't one."""
    if not isinstance(value, str) or len(value) > 30:
        return None
    if value == NEW_POST:
        return NEW_POST, None
    kind, _, number = value.partition("-")
    if kind in ("edit", "comment") and number.isascii() and number.isdigit():
        post_id = int(number)
        if 0 < post_id < 2**31:
            return kind, post_id
    return None


def clean_fields(values: dict) -> dict:
    """The fields of a draft as typed, each bounded; ValidationFailed names one too long.

    Only the forms' own fields are kept; a field of the wrong type is left out.
    """
    fields: dict = {}
    errors = rules.Errors()
    for name, limit, clean in (
        ("title", rules.TITLE_MAX, clean_line),
        ("body", rules.BODY_MAX, clean_block),
        ("tags", TAGS_MAX, clean_line),
        ("kind", 20, clean_line),
    ):
        value = values.get(name)
        if isinstance(value, str) and (value := clean(value)):
            if len(value) > limit:
                errors[name] = _TOO_LONG
            fields[name] = value
    conditions = values.get("conditions")
    if isinstance(conditions, list | tuple) and conditions:
        slugs = [s for s in conditions if isinstance(s, str) and s]
        if len(slugs) > CONDITIONS_MAX or any(len(s) > SLUG_MAX for s in slugs):
            errors["conditions"] = _TOO_LONG
        fields["conditions"] = slugs
    errors.raise_if_any()
    return fields


def load_draft(user: User, target: str) -> Draft | None:
    return db.session.scalar(select(Draft).where(Draft.user_id == user.id, Draft.target == target))


def save_draft(user: User, target: str, values: dict) -> Draft | None:
    """Keep what ``user`` typed into the form ``target``; an empty form discards the draft.

    Raises ValidationFailed for a field longer than the forum would publish.
    """
    fields = clean_fields(values)
    if not any(fields.get(name) for name in ("title", "body", "tags")):
        discard_draft(user, target)
        return None
    _, post_id = parse_target(target) or (target, None)
    for attempt in range(2):
        draft = load_draft(user, target)
        if draft is None:
            draft = Draft(user_id=user.id, target=target, post_id=post_id)
            db.session.add(draft)
        draft.fields, draft.updated_at = fields, utcnow()
        try:
            db.session.commit()
            return draft
        except IntegrityError:
            # The same form saved at the same moment from another tab: save over it.
            db.session.rollback()
            if attempt:
                raise
    return None  # not reached


def discard_draft(user: User, target: str) -> bool:
    """Forget ``user``'s draft of the form ``target``; whether there was one."""
    gone = forget_draft(user, target)
    db.session.commit()
    return gone


def forget_draft(user: User, target: str) -> bool:
    """Delete the draft inside the caller's transaction (publishing deletes its draft)."""
    result = db.session.execute(
        delete(Draft).where(Draft.user_id == user.id, Draft.target == target)
    )
    return bool(result.rowcount)


def forget_drafts_of(post_id: int) -> None:
    """Delete everyone's drafts of edits and comments for a post, inside the caller's
    transaction: its author deleted it, and its words must not outlive it in a draft."""
    db.session.execute(delete(Draft).where(Draft.post_id == post_id))


__all__ = [
    "KINDS",
    "NEW_POST",
    "ValidationFailed",
    "clean_fields",
    "discard_draft",
    "forget_draft",
    "forget_drafts_of",
    "load_draft",
    "parse_target",
    "save_draft",
    "target_for",
]
