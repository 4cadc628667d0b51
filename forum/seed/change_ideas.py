"""The demo's change-idea records, lineage counts and evidence levels, put in place.

``ensure_record`` writes a post's record (``forum.seed.records``) once, dated
backwards from today the way the loader dates posts; the rest run after every
load and are idempotent: ``count_adaptations`` keeps ``posts.adaptation_count``
equal to the published adaptations, and ``evidence_until_refresh`` writes the
level that ``forum.evidence``'s rules give, until that module exists.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased

from forum.changeideas import record as records
from forum.extensions import db
from forum.models import (
    Citation,
    DataPoint,
    Measure,
    OutcomeReport,
    PdsaCycle,
    Post,
    User,
    post_coauthors,
)
from forum.runcharts.rules import RULES, analyse, signals_after
from forum.seed.spec import DemoRecord
from forum.templating import human_date

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


def count_adaptations() -> None:
    """``posts.adaptation_count``: how many published posts adapted each one.
    (Until the lineage service keeps it in each adaptation's transaction.)"""
    child = aliased(Post)
    published = (
        select(func.count(child.id))
        .where(child.adapted_from_id == Post.id, child.status == "published")
        .scalar_subquery()
    )
    db.session.execute(
        update(Post).values(adaptation_count=published).execution_options(synchronize_session=False)
    )


def evidence_until_refresh() -> None:
    """Each post's evidence level and reason as ``forum.evidence``'s rules give
    them (highest that holds: published, tested, repeated, one story). Temporary:
    the loader calls ``forum.evidence``'s refresh here once that module exists."""
    coauthors: dict[int, set[int]] = defaultdict(set)
    pairs = db.session.execute(select(post_coauthors.c.post_id, post_coauthors.c.user_id))
    for post_id, user_id in pairs:
        coauthors[post_id].add(user_id)
    for post in db.session.scalars(select(Post)):
        writers = {post.author_id, *coauthors[post.id]}
        level, reason = (
            _published(post, writers)
            or _tested(post)
            or _repeated(post, writers)
            or ("one_story", "One story: the author's own experience")
        )
        post.evidence_level, post.evidence_reason = level, reason


def _published(post: Post, writers: set[int]) -> tuple[str, str] | None:
    confirmer = aliased(User)
    row = db.session.execute(
        select(Citation.kind, Citation.identifier, confirmer.username)
        .join(confirmer, confirmer.id == Citation.confirmed_by_id)
        .where(
            Citation.post_id == post.id,
            confirmer.clinician_verified.is_(True),
            confirmer.id.not_in(writers),
        )
        .order_by(Citation.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    kind, identifier, username = row
    return "published", f"Published: {kind}:{identifier} confirmed by {username}"


def _tested(post: Post) -> tuple[str, str] | None:
    if post.kind != "change_idea":
        return None
    record = records.load(post)
    if not record.cycles:
        return None
    changed_on = record.cycles[0].started_on
    for data in record.measures:
        dates = [p.observed_on for p in data.points]
        found = signals_after(dates, analyse([p.value for p in data.points]), changed_on)
        if found:
            rule = RULES[found[0].rule].lower()
            return "tested", (
                f"Tested: the run chart of ‘{data.measure.name}’ shows a {rule} after the "
                f"change (from {human_date(changed_on)})"
            )
    return None


def _repeated(post: Post, writers: set[int]) -> tuple[str, str] | None:
    rows = db.session.execute(
        select(OutcomeReport.user_id, User.created_at, OutcomeReport.created_at)
        .join(User, User.id == OutcomeReport.user_id)
        .where(OutcomeReport.post_id == post.id, OutcomeReport.result == "worked")
    )
    members = len(
        {user for user, joined, said in rows if user not in writers and said - joined >= _SETTLED}
    )
    if members < _REPEATED:
        return None
    return "repeated", f"Repeated: {members} members reported it worked"
