"""The rules for what people write, shared by the web forms and the API."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from forum.extensions import db
from forum.models import (
    AGE_BANDS,
    CARE_TEAM_KNEW,
    DURATIONS,
    KINDS,
    OUTCOME_RESULTS,
    SETTING_KINDS,
    Condition,
)
from forum.services.errors import ValidationFailed
from forum.text import clean_block, clean_line

TITLE_MIN, TITLE_MAX = 5, 150
BODY_MAX = 20_000
COMMENT_MAX = 5_000
NOTE_MAX = 1_000
MAX_CONDITIONS = 5
MAX_TAGS = 5
TAG_MAX = 30
REASON_MIN, REASON_MAX = 3, 500
_TAG = re.compile(rf"^[a-z0-9-]{{1,{TAG_MAX}}}$")
_TAG_JOIN = re.compile(r"[\s_-]+")  # spaces, underscores and runs of hyphens between words


class Errors(dict):
    """Collects field messages; ``raise_if_any`` ends validation with all of them."""

    def raise_if_any(self) -> None:
        if self:
            raise ValidationFailed(dict(self))


def title(value, errors: Errors) -> str:
    if not isinstance(value, str):
        errors["title"] = "Give your post a title."
        return ""
    value = clean_line(value)
    if len(value) < TITLE_MIN:
        errors["title"] = f"The title needs at least {TITLE_MIN} characters."
    elif len(value) > TITLE_MAX:
        errors["title"] = f"The title can be at most {TITLE_MAX} characters."
    return value


def body(value, errors: Errors, *, field: str = "body", limit: int = BODY_MAX) -> str:
    if not isinstance(value, str) or not clean_block(value):
        errors[field] = "This can't be empty."
        return ""
    value = clean_block(value)
    if len(value) > limit:
        errors[field] = f"This can be at most {limit:,} characters (it has {len(value):,})."
    return value


def reason(
    value,
    errors: Errors,
    *,
    field: str = "reason",
    missing: str = "Give a short reason: it goes in the moderation log.",
) -> str:
    """Why staff did something to someone else's content or account (one line, 3–500)."""
    value = clean_line(value) if isinstance(value, str) else ""
    if len(value) < REASON_MIN:
        errors[field] = missing
    elif len(value) > REASON_MAX:
        errors[field] = f"Keep the reason to {REASON_MAX} characters."
    return value


def kind(value, errors: Errors) -> str:
    if not isinstance(value, str) or value not in KINDS:
        errors["kind"] = "Choose what kind of post this is."
        return ""
    return value


def result(value, errors: Errors) -> str:
    if not isinstance(value, str) or value not in OUTCOME_RESULTS:
        errors["result"] = "Choose how it went."
        return ""
    return value


def optional_choice(value, choices: dict, errors: Errors, *, field: str, message: str):
    """A key of ``choices``, or None when left out (None or ""): "not said"."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in choices:
        errors[field] = message
        return None
    return value


def duration(value, errors: Errors) -> str | None:
    return optional_choice(
        value, DURATIONS, errors, field="duration", message="Choose how long you tried it."
    )


def age_band(value, errors: Errors) -> str | None:
    return optional_choice(
        value, AGE_BANDS, errors, field="age_band", message="Choose an age band from the list."
    )


def care_team_knew(value, errors: Errors) -> str | None:
    return optional_choice(
        value,
        CARE_TEAM_KNEW,
        errors,
        field="care_team_knew",
        message="Say whether the care team knew, or leave it unsaid.",
    )


def note(value, errors: Errors) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors["note"] = "The note must be text."
        return ""
    value = clean_block(value)
    if len(value) > NOTE_MAX:
        errors["note"] = f"The note can be at most {NOTE_MAX:,} characters."
    return value


def conditions(
    slugs, errors: Errors, *, at_least: int = 1, at_most: int = MAX_CONDITIONS
) -> list[Condition]:
    """The conditions named by ``slugs``: a post's 1–5, or a member's own (none or more)."""
    if at_least:
        how_many = f"Choose between {at_least} and {at_most} conditions."
    else:
        how_many = f"Choose at most {at_most} conditions."
    if slugs is None and not at_least:
        return []
    if isinstance(slugs, str):
        slugs = [slugs]
    if not isinstance(slugs, list | tuple) or not all(isinstance(s, str) for s in slugs):
        errors["conditions"] = how_many
        return []
    wanted = list(dict.fromkeys(s.strip() for s in slugs if s.strip()))
    if not at_least <= len(wanted) <= at_most:
        errors["conditions"] = how_many
        return []
    if not wanted:
        return []
    # PostgreSQL refuses a NUL in a query parameter, and no slug has one.
    if any("\x00" in s for s in wanted):
        errors["conditions"] = "One of the chosen conditions does not exist."
        return []
    found = db.session.scalars(select(Condition).where(Condition.slug.in_(wanted))).all()
    if len(found) != len(wanted):
        errors["conditions"] = "One of the chosen conditions does not exist."
        return []
    # The catalogue's top level is groups ("Heart conditions"): headings to choose under,
    # not conditions a post is about (the same test as ConditionTree.is_group).
    if top := [c.id for c in found if c.parent_id is None]:
        has_children = select(Condition.parent_id).where(Condition.parent_id.in_(top))
        groups = set(db.session.scalars(has_children))
        if group := next((c for c in found if c.id in groups), None):
            errors["conditions"] = f"“{group.name}” is a group: choose conditions in it instead."
            return []
    by_slug = {c.slug: c for c in found}
    return [by_slug[s] for s in wanted]


def tag(value: str) -> str:
    """A tag as it is kept: lower case, words joined by hyphens ("Night Feeds",
    "night_feeds" and "night--feeds" are all "night-feeds")."""
    return _TAG_JOIN.sub("-", value.strip().lower()).strip("-")


def tags(value, errors: Errors) -> list[str]:
    """Accepts "a, b" or ["a", "b"]; normalises each (:func:`tag`) and deduplicates."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, Iterable) or not all(isinstance(t, str) for t in value):
        errors["tags"] = "Tags must be text."
        return []
    # A refused tag is quoted as the author wrote it (its first spelling), lower case.
    as_typed = {tag(t): t.strip().lower() for t in reversed(list(value))}
    cleaned = list(dict.fromkeys(tag(t) for t in value if tag(t)))
    bad = [as_typed[t] for t in cleaned if not _TAG.match(t)]
    if bad:
        errors["tags"] = (
            f"Tags are 1–{TAG_MAX} lowercase letters, digits or hyphens; "
            f"this one isn't: {bad[0][:40]}"
        )
    elif len(cleaned) > MAX_TAGS:
        errors["tags"] = f"Use at most {MAX_TAGS} tags."
    return cleaned


# A change idea's record (forum.changeideas): its aim and setting on the post,
# its measures and PDSA cycles beside it.
AIM_WHAT_MAX, AIM_TARGET_MAX = 300, 200
SETTING_SIZE_MAX, SETTING_PEOPLE_MAX = 200, 300
MEASURE_NAME_MAX, MEASURE_UNIT_MAX = 100, 40
CYCLE_TEXT_MAX = 5_000
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def line(value, errors: Errors, *, field: str, limit: int, missing: str | None = None) -> str:
    """One line of plain text up to ``limit`` characters; ``missing`` makes it required."""
    return _text(value, clean_line, errors, field=field, limit=limit, missing=missing)


def plain_text(value, errors: Errors, *, field: str, limit: int, missing: str | None = None):
    """Plain text that may run over several lines (a PDSA cycle's plan, what was done)."""
    return _text(value, clean_block, errors, field=field, limit=limit, missing=missing)


def _text(value, clean, errors: Errors, *, field: str, limit: int, missing: str | None) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = "Send this as text."
        return ""
    value = clean(value)
    if not value and missing:
        errors[field] = missing
    elif len(value) > limit:
        errors[field] = f"This can be at most {limit:,} characters (it has {len(value):,})."
    return value


def day(value, errors: Errors, *, field: str, missing: str | None = None) -> date | None:
    """A date typed or picked as YYYY-MM-DD (what ``<input type=date>`` sends); None
    when left empty, unless ``missing`` says it is required."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if missing:
            errors[field] = missing
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            parsed = date.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None and EARLIEST <= parsed <= LATEST:
            return parsed
        if parsed is not None:
            errors[field] = "Enter a date between the years 1900 and 2100."
            return None
    errors[field] = "Enter a real date as year-month-day, for example 2026-03-31."
    return None


def aim(values, kind: str, errors: Errors) -> dict:
    """A post's aim: ``{"what", "target", "by"}`` (each may be left out). A change
    idea needs ``what``; a question has no aim."""
    values = values if isinstance(values, dict) else {}
    what = line(values.get("what"), errors, field="aim_what", limit=AIM_WHAT_MAX)
    target = line(values.get("target"), errors, field="aim_target", limit=AIM_TARGET_MAX)
    by = day(values.get("by"), errors, field="aim_by")
    if kind == "change_idea" and not what and "aim_what" not in errors:
        errors["aim_what"] = "Say what will improve: a change idea needs an aim."
    if kind == "question" and (what or target or by):
        errors["aim_what"] = "A question has no aim: leave these empty, or choose another kind."
    return {"what": what, "target": target, "by": by}


def setting(values, kind: str, errors: Errors) -> dict:
    """Where it was tried: ``{"kind", "size", "people"}`` (all optional; not for a question)."""
    values = values if isinstance(values, dict) else {}
    where = optional_choice(
        values.get("kind"),
        SETTING_KINDS,
        errors,
        field="setting_kind",
        message="Choose where it was tried from the list, or leave it unsaid.",
    )
    size = line(values.get("size"), errors, field="setting_size", limit=SETTING_SIZE_MAX)
    people = line(values.get("people"), errors, field="setting_people", limit=SETTING_PEOPLE_MAX)
    if kind == "question" and (where or size or people):
        errors["setting_kind"] = (
            "A question has no setting: leave these empty, or choose another kind."
        )
    return {"kind": where, "size": size, "people": people}
