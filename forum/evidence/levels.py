"""A post's evidence level, and why, from what the forum knows about it.

The four levels (``EVIDENCE_LEVELS``), weakest first; the highest that holds wins:

* **published**: a DOI or PubMed ID on the post, confirmed by a verified
  clinician who is neither the author nor a co-author;
* **tested**: a change idea with a measure whose run chart shows a shift or a
  trend that starts on or after the first PDSA cycle's start date
  (``forum.runcharts.rules``);
* **repeated**: at least :data:`REPEATS` other members (not the author, not a
  co-author) reported it worked, each from an account at least
  :data:`MIN_ACCOUNT_AGE` old when they reported;
* **one_story** otherwise.

:func:`judge` is pure (facts in, level and reason out); :func:`read_facts`
gathers one post's facts in a fixed number of statements, and
:func:`refresh` stores the result on the post (``forum.evidence.keeping``
calls it in the transaction of every change a level rests on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import (
    EVIDENCE_LEVELS,
    Citation,
    DataPoint,
    Measure,
    OutcomeReport,
    PdsaCycle,
    Post,
    User,
    post_coauthors,
)
from forum.runcharts.rules import analyse, signals_after

REPEATS = 3
MIN_ACCOUNT_AGE = timedelta(days=7)
ONE_STORY_REASON = "One story: the author's own experience"

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class WorkedReport:
    user_id: int
    reported_at: datetime
    account_created_at: datetime


@dataclass(frozen=True, slots=True)
class CitationFact:
    kind: str  # a key of CITATION_KINDS
    identifier: str
    confirmed_by_id: int | None = None
    confirmed_by_name: str = ""
    confirmer_verified: bool = False


@dataclass(frozen=True, slots=True)
class MeasureFact:
    name: str
    dates: tuple[date, ...]  # oldest first
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Facts:
    kind: str
    author_id: int | None
    coauthor_ids: frozenset[int] = frozenset()
    worked: tuple[WorkedReport, ...] = ()
    citations: tuple[CitationFact, ...] = ()
    measures: tuple[MeasureFact, ...] = ()
    first_cycle_on: date | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    level: str  # a key of EVIDENCE_LEVELS
    reason: str

    @property
    def label(self) -> str:
        return EVIDENCE_LEVELS[self.level]


def _day(value: date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _insiders(facts: Facts) -> frozenset[int]:
    return facts.coauthor_ids | ({facts.author_id} if facts.author_id is not None else set())


def _published(facts: Facts) -> Evidence | None:
    insiders = _insiders(facts)
    for c in facts.citations:
        if c.confirmed_by_id is None or not c.confirmer_verified or c.confirmed_by_id in insiders:
            continue
        prefix = "doi:" if c.kind == "doi" else "PMID "
        return Evidence(
            "published", f"Published: {prefix}{c.identifier} confirmed by {c.confirmed_by_name}"
        )
    return None


def _tested(facts: Facts) -> Evidence | None:
    if facts.kind != "change_idea" or facts.first_cycle_on is None:
        return None
    for m in facts.measures:
        after = signals_after(m.dates, analyse(m.values), facts.first_cycle_on)
        if after:
            first = after[0]
            what = "shift" if first.rule == "shift" else "trend"
            return Evidence(
                "tested",
                f"Tested: the run chart of ‘{m.name}’ shows a {what} after the change "
                f"(from {_day(m.dates[first.start])})",
            )
    return None


def _repeated(facts: Facts) -> Evidence | None:
    insiders = _insiders(facts)
    counted = {
        r.user_id
        for r in facts.worked
        if r.user_id not in insiders and r.reported_at - r.account_created_at >= MIN_ACCOUNT_AGE
    }
    if len(counted) >= REPEATS:
        return Evidence("repeated", f"Repeated: {len(counted)} members reported it worked")
    return None


def judge(facts: Facts) -> Evidence:
    """The highest level ``facts`` support, with its reason in words."""
    if facts.kind == "question":
        return Evidence("one_story", ONE_STORY_REASON)
    for rule in (_published, _tested, _repeated):
        found = rule(facts)
        if found is not None:
            return found
    return Evidence("one_story", ONE_STORY_REASON)


def read_facts(post_id: int, session=None) -> Facts | None:
    """What :func:`judge` needs about one post, in six statements (None: no such post)."""
    session = session or db.session
    row = session.execute(select(Post.kind, Post.author_id).where(Post.id == post_id)).first()
    if row is None:
        return None
    coauthors = frozenset(
        session.scalars(select(post_coauthors.c.user_id).where(post_coauthors.c.post_id == post_id))
    )
    worked = tuple(
        WorkedReport(uid, reported, created)
        for uid, reported, created in session.execute(
            select(OutcomeReport.user_id, OutcomeReport.created_at, User.created_at)
            .join(User, User.id == OutcomeReport.user_id)
            .where(OutcomeReport.post_id == post_id, OutcomeReport.result == "worked")
        )
    )
    citations = tuple(
        CitationFact(kind, ident, by_id, name or "", bool(verified))
        for kind, ident, by_id, name, verified in session.execute(
            select(
                Citation.kind,
                Citation.identifier,
                Citation.confirmed_by_id,
                User.username,
                User.clinician_verified,
            )
            .outerjoin(User, User.id == Citation.confirmed_by_id)
            .where(Citation.post_id == post_id)
            .order_by(Citation.confirmed_at, Citation.id)
        )
    )
    measures: tuple[MeasureFact, ...] = ()
    first_cycle_on = None
    if row.kind == "change_idea":
        first_cycle_on = session.scalar(
            select(func.min(PdsaCycle.started_on)).where(PdsaCycle.post_id == post_id)
        )
        if first_cycle_on is not None:
            measures = _measures(session, post_id)
    return Facts(row.kind, row.author_id, coauthors, worked, citations, measures, first_cycle_on)


def _measures(session, post_id: int) -> tuple[MeasureFact, ...]:
    rows = session.execute(
        select(Measure.id, Measure.name, DataPoint.observed_on, DataPoint.value)
        .join(DataPoint, DataPoint.measure_id == Measure.id)
        .where(Measure.post_id == post_id)
        .order_by(Measure.position, Measure.id, DataPoint.observed_on)
    ).all()
    grouped: dict[int, tuple[str, list[date], list[float]]] = {}
    for mid, name, observed_on, value in rows:
        _, dates, values = grouped.setdefault(mid, (name, [], []))
        dates.append(observed_on)
        values.append(value)
    return tuple(MeasureFact(n, tuple(d), tuple(v)) for n, d, v in grouped.values())


def refresh(post_ids, session=None) -> int:
    """Recompute and store the level of each post in ``post_ids``; returns how
    many changed. Sets the ORM attributes (so search's outbox sees the change);
    the caller commits."""
    session = session or db.session
    changed = 0
    for post_id in sorted(set(post_ids)):
        facts = read_facts(post_id, session)
        if facts is None:
            continue
        found = judge(facts)
        post = session.get(Post, post_id)
        if post is None:
            continue
        if post.evidence_level != found.level or post.evidence_reason != found.reason:
            post.evidence_level = found.level
            post.evidence_reason = found.reason[:300]
            changed += 1
    return changed


@dataclass(frozen=True, slots=True)
class RefreshedAll:
    posts: int
    changed: int


def refresh_all(batch: int = 200) -> RefreshedAll:
    """Every post judged again, a batch per commit (``flask content evidence``)."""
    ids = db.session.scalars(select(Post.id).order_by(Post.id)).all()
    changed = 0
    for start in range(0, len(ids), batch):
        changed += refresh(ids[start : start + batch])
        db.session.commit()
    return RefreshedAll(len(ids), changed)


__all__ = [
    "MIN_ACCOUNT_AGE",
    "REPEATS",
    "Evidence",
    "Facts",
    "judge",
    "read_facts",
    "refresh",
    "refresh_all",
]
