"""Writing lineage, inside the transaction of the use case that asks for it.

``create_post`` hands its ``adapted_from``, ``adaptation_note`` and ``copy`` to
:func:`validate` (web and API refuse the same input with the same words), then
:func:`apply` links the new post and copies what the adapter chose. Whatever
makes a post visible or not (publish, approve, hide, remove, delete, restore)
goes through ``forum.services.posts`` (``create_post``, ``set_post_status``,
``mark_deleted``), which calls :func:`recount_adaptations` for the post it adapted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Measure, PdsaCycle, Post, User
from forum.models.timestamps import utcnow
from forum.services.rules import Errors
from forum.text import clean_block
from forum.visibility import can_view_post

NOTE_MAX = 2_000
# What an adapter may copy, in the order the adapt page offers it. "text" and
# "conditions" fill the new-post form (the adapter edits them there); the API
# fills them in where the client sent none. "aim", "measures" and "cycles" are
# copied when the adaptation is published.
COPY_CHOICES = {
    "text": "The title and text",
    "conditions": "The conditions and tags",
    "aim": "The aim and setting",
    "measures": "The measures: names, units and kinds (never their data)",
    "cycles": "The PDSA cycles' plans",
}
# The aim and setting columns copied by "aim" (a date for their own test is
# the adapter's to set, so ``aim_by`` is not copied).
AIM_COLUMNS = ("aim_what", "aim_target", "setting_kind", "setting_size", "setting_people")

NO_ORIGINAL = "There is no post with that id that you can adapt."


@dataclass(frozen=True, slots=True)
class Adaptation:
    original: Post
    note: str
    copy: tuple[str, ...]


def adaptable(post: Post, user) -> bool:
    """Whether ``user`` may start an adaptation of ``post``: a published hack or
    change idea (a question has nothing to try) they may see."""
    return post.status == "published" and post.kind != "question" and can_view_post(post, user)


def parts_of(post: Post) -> tuple[str, ...]:
    """The parts of ``post`` there is something to copy from (two small counts)."""
    has_measures = db.session.scalar(select(Measure.id).where(Measure.post_id == post.id).limit(1))
    has_cycles = db.session.scalar(
        select(PdsaCycle.id).where(PdsaCycle.post_id == post.id).limit(1)
    )
    present = {
        "text": True,
        "conditions": True,
        "aim": any(getattr(post, name) for name in AIM_COLUMNS),
        "measures": has_measures is not None,
        "cycles": has_cycles is not None,
    }
    return tuple(k for k in COPY_CHOICES if present[k])


def post_id(value) -> int | None:
    """A post id from a form field or JSON: a whole number, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 2**31 else None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 9:
        return int(value.strip()) or None
    return None


def original(value, user, errors: Errors) -> Post | None:
    """The post ``value`` (a Post, an id or its text) names, if ``user`` may adapt it."""
    post = value if isinstance(value, Post) else None
    if post is None and (found_id := post_id(value)) is not None:
        post = db.session.get(Post, found_id)
    if post is None or not can_view_post(post, user):
        errors["adapted_from"] = NO_ORIGINAL
        return None
    if post.kind == "question":
        errors["adapted_from"] = "A question can't be adapted: adapt what worked or a change idea."
        return None
    if post.status != "published":
        errors["adapted_from"] = "Only a published post can be adapted."
        return None
    return post


def note(value, errors: Errors) -> str:
    """What the adapter changed: required, plain text, at most NOTE_MAX characters."""
    value = clean_block(value) if isinstance(value, str) else ""
    if not value:
        errors["adaptation_note"] = "Say what you changed from the original."
    elif len(value) > NOTE_MAX:
        errors["adaptation_note"] = (
            f"This can be at most {NOTE_MAX:,} characters (it has {len(value):,})."
        )
    return value


def copy_choices(value, errors: Errors) -> tuple[str, ...]:
    """The parts to copy: a list, or text separated by commas ("measures,cycles")."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        errors["copy"] = "Send the parts to copy as a list of text."
        return ()
    wanted = {v.strip() for v in value if v.strip()}
    if unknown := wanted - COPY_CHOICES.keys():
        errors["copy"] = (
            f"“{sorted(unknown)[0][:30]}” can't be copied; choose from: {', '.join(COPY_CHOICES)}."
        )
        return ()
    return tuple(k for k in COPY_CHOICES if k in wanted)


def validate(user: User, adapted_from, adaptation_note, copy, errors: Errors) -> Adaptation | None:
    """The adaptation asked for, or None when the post adapts nothing. A note or
    a copy list without an original is ignored, as a form's hidden fields would be."""
    if adapted_from is None or adapted_from == "":
        return None
    post = original(adapted_from, user, errors)
    words = note(adaptation_note, errors)
    parts = copy_choices(copy, errors)
    return Adaptation(post, words, parts) if post is not None else None


# The aim and setting as create_post takes them, and the post columns they come
# from; never the aim's date: the adapter sets their own.
RECORD_FIELDS = {
    "aim": {"what": "aim_what", "target": "aim_target"},
    "setting": {"kind": "setting_kind", "size": "setting_size", "people": "setting_people"},
}


def fill_in(adaptation: Adaptation | None, values: dict) -> dict:
    """``values`` (title, body, kind, conditions, tags, aim, setting) with what the adapter chose
    to copy filled in where nothing was given (the API; the web form arrives filled)."""
    if adaptation is None:
        return values
    source, parts = adaptation.original, adaptation.copy
    filled = dict(values)
    if "text" in parts:
        for name in ("title", "body"):
            if not filled.get(name):
                filled[name] = getattr(source, name)
    if "conditions" in parts:
        if not filled.get("conditions"):
            filled["conditions"] = [c.slug for c in source.conditions]
        if not filled.get("tags"):
            filled["tags"] = list(source.tag_names)
    if "aim" in parts:  # the aim and setting the adapter left empty
        for name, columns in RECORD_FIELDS.items():
            given = dict(filled.get(name) or {})
            for key, column in columns.items():
                if not given.get(key):
                    given[key] = getattr(source, column)
            filled[name] = given
    if not filled.get("kind"):
        filled["kind"] = source.kind
    return filled


def apply(post: Post, adaptation: Adaptation) -> None:
    """Link ``post`` (flushed, so it has an id) to its original and copy the
    chosen aim, measures and cycle plans, in the caller's transaction."""
    source = adaptation.original
    post.adapted_from_id = source.id
    post.adaptation_note = adaptation.note
    if "aim" in adaptation.copy:
        for name in AIM_COLUMNS:
            if not getattr(post, name):  # what the adapter wrote themselves wins
                setattr(post, name, getattr(source, name))
    if "measures" in adaptation.copy:
        measures = db.session.scalars(
            select(Measure)
            .where(Measure.post_id == source.id)
            .order_by(Measure.position, Measure.id)
        )
        for m in measures:
            db.session.add(
                Measure(post_id=post.id, position=m.position, name=m.name, unit=m.unit, kind=m.kind)
            )
    if "cycles" in adaptation.copy:
        # The plan is what travels; the adapter's own test starts the day they
        # publish, still running, until they record what they did and learned.
        today = utcnow().date()
        cycles = db.session.scalars(
            select(PdsaCycle)
            .where(PdsaCycle.post_id == source.id)
            .order_by(PdsaCycle.started_on, PdsaCycle.id)
        )
        for c in cycles:
            db.session.add(PdsaCycle(post_id=post.id, started_on=today, plan=c.plan))
    recount_adaptations(source.id)


def recount_adaptations(original_id: int | None) -> None:
    """Recompute the published-adaptation count of post ``original_id`` inside the
    caller's transaction (flushed first: the count is a subquery over the rows
    the caller just changed). Through the ORM, so search's outbox sees it."""
    if original_id is None:
        return
    db.session.flush()
    parent = db.session.get(Post, original_id)
    if parent is None:
        return
    parent.adaptation_count = (
        select(func.count(Post.id))
        .where(Post.adapted_from_id == original_id, Post.status == "published")
        .scalar_subquery()
    )
