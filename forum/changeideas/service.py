"""Writing a post's record: its measures, PDSA cycles and co-authors.

The post's author and its co-authors add, edit and remove measures and cycles
(``forum.changeideas.access.can_contribute``); only the author names
co-authors. Each function is one use case with one commit; the web forms
(``forum.changeideas.views``) and the API (``forum.api.record``) call the same
ones, so both refuse the same input with the same words (ValidationFailed
with per-field messages). Each takes the post's row lock first, so two people
adding a measure of the same name, or an eleventh co-author, at the same
moment can't both succeed.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, insert, select

from forum.changeideas.access import can_contribute
from forum.extensions import db
from forum.models import (
    DECISIONS,
    MEASURE_KINDS,
    DataPoint,
    Measure,
    PdsaCycle,
    Post,
    User,
    post_coauthors,
)
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.accounts import find_member
from forum.services.errors import NotAllowed
from forum.services.locks import lock_row

MAX_MEASURES = 20
MAX_CYCLES = 100
MAX_COAUTHORS = 10
STILL_RUNNING = ""  # the decision of a cycle that is still running, as forms send it


def _may_contribute(user: User, post: Post) -> None:
    """The policy's word first (a suspension says why), then whose record it is."""
    get_policy().check(user, "record", post=post)
    lock_row(post)
    if not can_contribute(post, user):
        raise NotAllowed(
            "Only the post's author and the co-authors they named can change its record."
        )


# Measures


def _measure_values(post: Post, name, unit, kind, *, measure: Measure | None = None) -> tuple:
    errors = rules.Errors()
    name = rules.line(
        name, errors, field="name", limit=rules.MEASURE_NAME_MAX, missing="Give the measure a name."
    )
    unit = rules.line(unit, errors, field="unit", limit=rules.MEASURE_UNIT_MAX)
    if kind is None or kind == "":
        kind = "outcome" if measure is None else measure.kind
    if not isinstance(kind, str) or kind not in MEASURE_KINDS:
        errors["kind"] = "Choose whether it is an outcome, process or balancing measure."
    if name and "name" not in errors:
        same = select(Measure.id).where(
            Measure.post_id == post.id, func.lower(Measure.name) == name.lower()
        )
        if measure is not None:
            same = same.where(Measure.id != measure.id)
        if db.session.scalar(same.limit(1)) is not None:
            errors["name"] = f"This post already has a measure called “{name}”."
    errors.raise_if_any()
    return name, unit, kind


def add_measure(user: User, post: Post, *, name, unit=None, kind=None) -> Measure:
    _may_contribute(user, post)
    name, unit, kind = _measure_values(post, name, unit, kind)
    count, last = db.session.execute(
        select(func.count(Measure.id), func.max(Measure.position)).where(Measure.post_id == post.id)
    ).one()
    if count >= MAX_MEASURES:
        raise rules.ValidationFailed(
            {"name": f"A post can have at most {MAX_MEASURES} measures; remove one first."}
        )
    measure = Measure(post_id=post.id, name=name, unit=unit, kind=kind, position=(last or 0) + 1)
    db.session.add(measure)
    db.session.commit()
    return measure


def edit_measure(user: User, measure: Measure, *, name=None, unit=None, kind=None) -> Measure:
    """Change a measure; a field left as None stays as it is."""
    post = db.session.get(Post, measure.post_id)
    _may_contribute(user, post)
    name, unit, kind = _measure_values(
        post,
        measure.name if name is None else name,
        measure.unit if unit is None else unit,
        kind,
        measure=measure,
    )
    measure.name, measure.unit, measure.kind = name, unit, kind
    db.session.commit()
    return measure


def point_count(measure: Measure) -> int:
    """How many data points removing ``measure`` removes with it."""
    return db.session.scalar(
        select(func.count(DataPoint.id)).where(DataPoint.measure_id == measure.id)
    )


def remove_measure(user: User, measure: Measure) -> int:
    """Remove a measure and its data; returns how many data points went with it."""
    post = db.session.get(Post, measure.post_id)
    _may_contribute(user, post)
    removed = point_count(measure)
    db.session.execute(delete(DataPoint).where(DataPoint.measure_id == measure.id))
    db.session.execute(delete(Measure).where(Measure.id == measure.id))
    db.session.commit()
    return removed


# PDSA cycles

CYCLE_FIELDS = ("started_on", "ended_on", "plan", "done", "learned", "decision")


def _cycle_values(values: dict) -> dict:
    errors = rules.Errors()
    started = rules.day(
        values.get("started_on"), errors, field="started_on", missing="Say when the cycle started."
    )
    ended = rules.day(values.get("ended_on"), errors, field="ended_on")
    if started and ended and ended < started:
        errors["ended_on"] = "The cycle can't end before it started."
    texts = {
        "plan": rules.plain_text(
            values.get("plan"),
            errors,
            field="plan",
            limit=rules.CYCLE_TEXT_MAX,
            missing="Say what the plan was.",
        ),
        "done": rules.plain_text(
            values.get("done"), errors, field="done", limit=rules.CYCLE_TEXT_MAX
        ),
        "learned": rules.plain_text(
            values.get("learned"), errors, field="learned", limit=rules.CYCLE_TEXT_MAX
        ),
    }
    decision = values.get("decision")
    if decision in (None, STILL_RUNNING):
        decision = None
    elif not isinstance(decision, str) or decision not in DECISIONS:
        errors["decision"] = "Choose adopt, adapt or abandon, or say it is still running."
        decision = None
    errors.raise_if_any()
    return {"started_on": started, "ended_on": ended, **texts, "decision": decision}


def add_cycle(user: User, post: Post, **values) -> PdsaCycle:
    """Add a PDSA cycle: ``started_on`` and ``plan`` are required."""
    _may_contribute(user, post)
    fields = _cycle_values(values)
    count = db.session.scalar(select(func.count(PdsaCycle.id)).where(PdsaCycle.post_id == post.id))
    if count >= MAX_CYCLES:
        raise rules.ValidationFailed(
            {"plan": f"A post can have at most {MAX_CYCLES} cycles; remove one first."}
        )
    cycle = PdsaCycle(post_id=post.id, **fields)
    db.session.add(cycle)
    db.session.commit()
    return cycle


def edit_cycle(user: User, cycle: PdsaCycle, **values) -> PdsaCycle:
    """Change a cycle; a field not given stays as it is (None clears an optional one
    only when given explicitly, as the API's PATCH sends it)."""
    post = db.session.get(Post, cycle.post_id)
    _may_contribute(user, post)
    current = {name: getattr(cycle, name) for name in CYCLE_FIELDS}
    current["decision"] = current["decision"] or STILL_RUNNING
    fields = _cycle_values({**current, **values})
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.updated_at = utcnow()
    db.session.commit()
    return cycle


def remove_cycle(user: User, cycle: PdsaCycle) -> None:
    post = db.session.get(Post, cycle.post_id)
    _may_contribute(user, post)
    db.session.execute(delete(PdsaCycle).where(PdsaCycle.id == cycle.id))
    db.session.commit()


# Co-authors


def _may_name_coauthors(author: User, post: Post) -> None:
    get_policy().check(author, "record", post=post)
    lock_row(post)
    if post.author_id != author.id:
        raise NotAllowed("Only the post's author can name its co-authors.")
    if post.status in ("removed", "deleted") or post.kind == "question":
        raise NotAllowed("This post can't have co-authors.")


def _member(post: Post, username, errors: rules.Errors) -> User | None:
    """The member ``username`` names, if they may be a co-author of ``post``."""
    if not isinstance(username, str) or not username.strip():
        errors["username"] = "Enter the username of the member to add."
        return None
    name = username.strip().lstrip("@")
    user = find_member(name)
    if user is None:
        errors["username"] = f"There is no member called “{name[:40]}”."
        return None
    if user.id == post.author_id:
        errors["username"] = "You are the author already: name someone else."
        return None
    if user.is_suspended():
        errors["username"] = f"{user.username} can't be added just now."
        return None
    return user


def coauthor_ids(post: Post) -> list[int]:
    return list(
        db.session.scalars(
            select(post_coauthors.c.user_id).where(post_coauthors.c.post_id == post.id)
        )
    )


def add_coauthor(author: User, post: Post, username) -> User:
    _may_name_coauthors(author, post)
    errors = rules.Errors()
    user = _member(post, username, errors)
    errors.raise_if_any()
    present = coauthor_ids(post)
    if user.id in present:
        return user  # already a co-author: sending the form twice changes nothing
    if len(present) >= MAX_COAUTHORS:
        raise rules.ValidationFailed(
            {"username": f"A post can have at most {MAX_COAUTHORS} co-authors."}
        )
    db.session.execute(insert(post_coauthors).values(post_id=post.id, user_id=user.id))
    db.session.commit()
    return user


def remove_coauthor(author: User, post: Post, username) -> None:
    """Take a co-author off the post (nothing changes if they weren't one)."""
    _may_name_coauthors(author, post)
    if not isinstance(username, str):
        raise rules.ValidationFailed({"username": "Enter the username of the member to remove."})
    user = find_member(username.strip().lstrip("@"))
    if user is not None:
        db.session.execute(
            delete(post_coauthors).where(
                post_coauthors.c.post_id == post.id, post_coauthors.c.user_id == user.id
            )
        )
    db.session.commit()


def set_coauthors(author: User, post: Post, usernames: Iterable) -> list[str]:
    """Make ``usernames`` the post's co-authors (the API's PUT); returns them by name."""
    _may_name_coauthors(author, post)
    errors = rules.Errors()
    users: dict[int, User] = {}
    for username in usernames:
        user = _member(post, username, errors)
        if errors:
            break
        users[user.id] = user
    if not errors and len(users) > MAX_COAUTHORS:
        errors["username"] = f"A post can have at most {MAX_COAUTHORS} co-authors."
    if errors:
        raise rules.ValidationFailed({"coauthors": errors["username"]})
    db.session.execute(delete(post_coauthors).where(post_coauthors.c.post_id == post.id))
    if users:
        db.session.execute(
            insert(post_coauthors), [{"post_id": post.id, "user_id": i} for i in users]
        )
    db.session.commit()
    return sorted(u.username for u in users.values())
