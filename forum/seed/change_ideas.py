"""The demo's change-idea records, put in place.

``ensure_record`` writes a post's record (``forum.seed.records``) once, dated
backwards from today the way the loader dates posts. Lineage counts and
evidence levels follow from what it writes: the loader recounts each original
(``forum.lineage.service``) and judges every post once the demo is dated
(``forum.evidence.levels.refresh_all``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import (
    Citation,
    DataPoint,
    Measure,
    PdsaCycle,
    Post,
    User,
    post_coauthors,
)
from forum.seed.spec import DemoRecord

_REPEATED = 3  # members who reported it worked
_SETTLED = timedelta(days=7)  # how old their account was when they reported


def observation_dates(spec: DemoRecord, today: date) -> list[date]:
    n = len(spec.measures[0].values)
    return [today - timedelta(days=spec.last_days_ago + (n - 1 - i) * spec.every) for i in range(n)]


def cycle_dates(spec: DemoRecord, today: date) -> list[tuple[date, date]]:
    """(started_on, ended_on) of each cycle: just before its first observation,
    to the day before the next cycle (the last lasts ``lasted`` days, not past today)."""
    observed = observation_dates(spec, today)
    starts = [observed[c.at] - timedelta(days=min(3, spec.every - 1)) for c in spec.cycles]
    ends = [nxt - timedelta(days=1) for nxt in starts[1:]]
    ends.append(min(starts[-1] + timedelta(days=spec.cycles[-1].lasted), today))
    return list(zip(starts, ends, strict=True))


def ensure_record(post: Post, spec: DemoRecord, users: dict[str, User], now: datetime) -> int:
    """Write ``spec`` onto ``post`` unless it already has measures; returns the
    data points added. Rows are dated as if entered when observed (never before
    the post, never in the last few minutes)."""
    if db.session.scalar(select(func.count(Measure.id)).where(Measure.post_id == post.id)):
        return 0
    today = now.date()
    latest = now - timedelta(minutes=20)

    def entered(day: date) -> datetime:
        return min(max(datetime.combine(day, time(17), tzinfo=UTC), post.created_at), latest)

    post.aim_what, post.aim_target = spec.aim_what, spec.aim_target
    post.aim_by = today + timedelta(days=spec.aim_by_days)
    post.setting_kind, post.setting_size = spec.setting_kind, spec.setting_size
    post.setting_people = spec.setting_people
    observed = observation_dates(spec, today)
    added = 0
    for position, measure in enumerate(spec.measures):
        row = Measure(
            post_id=post.id,
            position=position,
            name=measure.name,
            unit=measure.unit,
            kind=measure.kind,
            created_at=post.created_at,
        )
        db.session.add(row)
        db.session.flush()
        enterer = users[measure.entered_by or post.author.username].id
        db.session.add_all(
            DataPoint(
                measure_id=row.id,
                observed_on=day,
                value=value,
                entered_by_id=enterer,
                created_at=entered(day),
            )
            for day, value in zip(observed, measure.values, strict=True)
        )
        added += len(measure.values)
    for cycle, (started, ended) in zip(spec.cycles, cycle_dates(spec, today), strict=True):
        db.session.add(
            PdsaCycle(
                post_id=post.id,
                started_on=started,
                ended_on=ended,
                plan=cycle.plan,
                done=cycle.done,
                learned=cycle.learned,
                decision=cycle.decision,
                created_at=entered(started),
                updated_at=entered(ended),
            )
        )
    for username in spec.coauthors:
        db.session.execute(
            post_coauthors.insert().values(
                post_id=post.id, user_id=users[username].id, added_at=post.created_at
            )
        )
    if spec.citation:
        kind, identifier, confirmer = spec.citation
        db.session.add(
            Citation(
                post_id=post.id,
                kind=kind,
                identifier=identifier,
                added_by_id=post.author_id,
                added_at=post.created_at,
                confirmed_by_id=users[confirmer].id,
                confirmed_at=entered(today - timedelta(days=spec.last_days_ago + 30)),
            )
        )
    return added
