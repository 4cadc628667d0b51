"""Entering a measure's data points: one at a time, pasted as CSV, or deleted.

The web forms and the API call the same functions and so refuse the same
input with the same words (``ValidationFailed`` with per-field messages, in
the style of ``forum.services.rules``). A paste is all or nothing: one bad
line and nothing is saved, and every bad line is named ("Line 4: 'abc' is not
a number."). A value for a date the measure already has replaces it; the
answer says how many were added and how many replaced.

Who may: the post's author and the co-authors they named
(``forum.changeideas.access.can_contribute``); the write policy then says
whether they may write now (a suspension). One commit per use case.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from forum.changeideas.access import can_contribute
from forum.extensions import db
from forum.models import DataPoint, Measure, Post, User
from forum.policy import get_policy
from forum.services.errors import NotAllowed, ValidationFailed
from forum.text import clean_line

NOTE_MAX = 200
MAX_LINES = 500  # in one paste (or one API call)
MAX_POINTS = 1000  # on one measure
MAX_ERRORS_SHOWN = 10  # bad lines named in one message
VALUE_LIMIT = 1e12  # larger than any count, rate or score a measure holds
EARLIEST = date(1900, 1, 1)
DATE_HINT = "Dates as 2026-03-14 (year-month-day) or 14 March 2026."

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASHED = re.compile(r"^\d{1,4}[/.]\d{1,2}[/.]\d{1,4}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_HEADER_WORDS = {"date", "day", "week", "month", "when", "observed_on", "observed on"}


@dataclass(frozen=True, slots=True)
class Row:
    """One valid point to write."""

    observed_on: date
    value: float
    note: str


@dataclass(frozen=True, slots=True)
class Saved:
    added: int
    replaced: int

    @property
    def words(self) -> str:
        if not self.added and not self.replaced:
            return "Nothing to add."
        parts = []
        if self.added:
            parts.append(f"{self.added} added")
        if self.replaced:
            parts.append(f"{self.replaced} replaced")
        return ", ".join(parts).capitalize() + "."


# ---- reading values ---------------------------------------------------------


def _today() -> date:
    return date.today()


def parse_date(raw: object) -> tuple[date | None, str | None]:
    """(the date, None) or (None, why not, as the end of a sentence)."""
    if not isinstance(raw, str) or not raw.strip():
        return None, "the date is missing"
    text = raw.strip()
    shown = _shown(text)
    parsed = None
    if match := _ISO.match(text):
        try:
            parsed = date(*(int(part) for part in match.groups()))
        except ValueError:
            return None, f"'{shown}' is not a real date"
    elif _SLASHED.match(text):
        # 3/4/2026 is 3 April in most of the world and 4 March in the US.
        return (
            None,
            f"'{shown}' could be read two ways: write it as year-month-day, like 2026-04-03",
        )
    else:
        for pattern in ("%d %B %Y", "%d %b %Y"):
            try:
                parsed = datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        if parsed is None:
            return None, f"'{shown}' is not a date ({DATE_HINT[:-1].lower()})"
    if parsed < EARLIEST:
        return None, f"'{shown}' is before {EARLIEST.year}"
    if parsed > _today() + timedelta(days=1):
        return None, f"'{shown}' is in the future"
    return parsed, None


def parse_value(raw: object) -> tuple[float | None, str | None]:
    """(the number, None) or (None, why not)."""
    if isinstance(raw, bool):
        return None, "the value must be a number"
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str) and raw.strip():
        text = raw.strip()
        if not _NUMBER.match(text):
            return None, f"'{_shown(text)}' is not a number"
        value = float(text)
    else:
        return None, "the value is missing"
    if not math.isfinite(value) or abs(value) > VALUE_LIMIT:
        return None, "the value is too large"
    return value, None


def parse_note(raw: object) -> tuple[str, str | None]:
    if raw is None:
        return "", None
    if not isinstance(raw, str):
        return "", "the note must be text"
    note = clean_line(raw) or ""
    if len(note) > NOTE_MAX:
        return "", f"the note can be at most {NOTE_MAX} characters (it has {len(note)})"
    return note, None


def _shown(text: str) -> str:
    return text if len(text) <= 30 else text[:29] + "…"


def _sentence(prefix: str, why: str) -> str:
    return f"{prefix}: {why}."


# ---- one point --------------------------------------------------------------


def one_point(observed_on: object, value: object, note: object) -> Row:
    """The fields of the one-point form (or one API item), checked."""
    errors = {}
    day, why = parse_date(observed_on)
    if why:
        errors["observed_on"] = why[0].upper() + why[1:] + "."
    number, why = parse_value(value)
    if why:
        errors["value"] = why[0].upper() + why[1:] + "."
    text, why = parse_note(note)
    if why:
        errors["note"] = why[0].upper() + why[1:] + "."
    if errors:
        raise ValidationFailed(errors)
    return Row(day, number, text)


# ---- a paste ----------------------------------------------------------------


def _is_header(cells: list[str]) -> bool:
    first = cells[0].strip().lower() if cells else ""
    if first in _HEADER_WORDS:
        return True
    value = cells[1] if len(cells) > 1 else ""
    return parse_date(cells[0] if cells else "")[0] is None and parse_value(value)[0] is None


def parse_csv(text: object, *, field: str = "csv") -> list[Row]:
    """The rows of a pasted ``date,value[,note]`` text, all valid, or
    ValidationFailed naming every bad line (the first ten) under ``field``."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationFailed({field: "Paste at least one line: date,value (a note is optional)."})
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    if numbered and _is_header(next(csv.reader([numbered[0][1]]))):
        numbered = numbered[1:]
    if not numbered:
        raise ValidationFailed({field: "There are no data lines under the header."})
    if len(numbered) > MAX_LINES:
        raise ValidationFailed(
            {field: f"Paste at most {MAX_LINES} lines at a time (this has {len(numbered)})."}
        )
    return _collected(_csv_entries(numbered), field, lambda n: f"on line {n}")


def _csv_entries(numbered: list[tuple[int, str]]):
    """(number, "Line N", the cells or why they can't be read) for each line."""
    for number, line in numbered:
        cells = next(csv.reader([line]))
        if len(cells) < 2:
            yield number, f"Line {number}", "write the date, a comma, then the value"
            continue
        if len(cells) > 3:
            # An unquoted comma in the note: keep it as part of the note.
            cells = [cells[0], cells[1], ",".join(cells[2:])]
        yield number, f"Line {number}", (cells[0], cells[1], cells[2] if len(cells) > 2 else "")


def parse_items(items: object, *, field: str = "points") -> list[Row]:
    """A JSON list of ``{"date", "value", "note"}``, with the paste's rules."""
    if not isinstance(items, list) or not items:
        raise ValidationFailed(
            {field: 'Send a list of points, like [{"date": "2026-03-14", "value": 4}].'}
        )
    if len(items) > MAX_LINES:
        raise ValidationFailed(
            {field: f"Send at most {MAX_LINES} points at a time (this has {len(items)})."}
        )
    entries = (
        (
            number,
            f"Point {number}",
            (item.get("date"), item.get("value"), item.get("note"))
            if isinstance(item, dict)
            else 'send an object like {"date": "2026-03-14", "value": 4}',
        )
        for number, item in enumerate(items, 1)
    )
    return _collected(entries, field, lambda n: f"point {n}")


def _collected(entries, field: str, where) -> list[Row]:
    """Every entry's row, or ValidationFailed naming each bad one under ``field``.
    ``entries`` give (number, how it is named, (date, value, note) or why it can't
    be read); a date given twice names where it first came (``where(number)``)."""
    rows, problems, seen = [], [], {}
    for number, prefix, given in entries:
        if isinstance(given, str):
            problems.append(_sentence(prefix, given))
            continue
        row, why = _row(*given)
        if why:
            problems.append(_sentence(prefix, why))
            continue
        if row.observed_on in seen:
            day = row.observed_on.isoformat()
            problems.append(_sentence(prefix, f"{day} is already {where(seen[row.observed_on])}"))
            continue
        seen[row.observed_on] = number
        rows.append(row)
    if problems:
        raise ValidationFailed({field: _problems(problems)})
    return rows


def _row(raw_date: object, raw_value: object, raw_note: object) -> tuple[Row | None, str | None]:
    day, why = parse_date(raw_date)
    if why:
        return None, why
    number, why = parse_value(raw_value)
    if why:
        return None, why
    note, why = parse_note(raw_note)
    if why:
        return None, why
    return Row(day, number, note), None


def _problems(problems: list[str]) -> str:
    shown = problems[:MAX_ERRORS_SHOWN]
    more = len(problems) - len(shown)
    tail = [f"And {more} more line{'s' if more != 1 else ''} with a problem."] if more else []
    return " ".join(["Nothing was saved. Fix these lines and send them again:", *shown, *tail])


# ---- writes -----------------------------------------------------------------


def _may_write(user: User, post: Post) -> None:
    if not can_contribute(post, user):
        raise NotAllowed("Only the post's author and its co-authors can enter data.")
    get_policy().check(user, "data", post=post)  # a suspension says so


def save_points(user: User, measure: Measure, rows: Sequence[Row]) -> Saved:
    """Write ``rows`` to ``measure`` (a date it has already is replaced) and commit."""
    post = db.session.get(Post, measure.post_id)
    _may_write(user, post)
    existing = (
        {
            point.observed_on: point
            for point in db.session.scalars(
                select(DataPoint).where(
                    DataPoint.measure_id == measure.id,
                    DataPoint.observed_on.in_([row.observed_on for row in rows]),
                )
            )
        }
        if rows
        else {}
    )
    new = sum(1 for row in rows if row.observed_on not in existing)
    have = db.session.scalar(
        select(func.count()).select_from(DataPoint).where(DataPoint.measure_id == measure.id)
    )
    if have + new > MAX_POINTS:
        raise ValidationFailed(
            {
                "csv": f"A measure can hold at most {MAX_POINTS} points; this one has {have}, "
                f"and these would add {new}."
            }
        )
    for row in rows:
        point = existing.get(row.observed_on)
        if point is None:
            db.session.add(
                DataPoint(
                    measure_id=measure.id,
                    observed_on=row.observed_on,
                    value=row.value,
                    note=row.note,
                    entered_by_id=user.id,
                )
            )
        else:
            point.value, point.note, point.entered_by_id = row.value, row.note, user.id
    db.session.commit()
    return Saved(new, len(rows) - new)


def delete_point(user: User, point: DataPoint) -> None:
    post = db.session.get(Post, point.measure.post_id)
    _may_write(user, post)
    db.session.delete(point)
    db.session.commit()


def measure_of(post: Post, measure_id: int) -> Measure | None:
    """``post``'s measure ``measure_id``, or None."""
    measure = db.session.get(Measure, measure_id)
    return measure if measure is not None and measure.post_id == post.id else None


def points_of(measure: Measure) -> list[DataPoint]:
    """The measure's points, oldest first."""
    return list(
        db.session.scalars(
            select(DataPoint)
            .where(DataPoint.measure_id == measure.id)
            .order_by(DataPoint.observed_on)
        )
    )


def values(points: Iterable[DataPoint]) -> list[float]:
    return [p.value for p in points]
