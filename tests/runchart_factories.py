"""Factories for change-ideas' measures, data points and PDSA cycles (run charts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from forum.extensions import db
from forum.models import DataPoint, Measure, PdsaCycle, Post

START = date(2025, 1, 6)


def make_measure(
    post: Post,
    name: str = "Days at school",
    *,
    unit: str = "days",
    kind: str = "outcome",
    values: Sequence[float] = (),
    start: date = START,
    every_days: int = 7,
    position: int = 0,
) -> Measure:
    """A measure on ``post`` with one point per value, ``every_days`` apart from ``start``."""
    measure = Measure(post_id=post.id, name=name, unit=unit, kind=kind, position=position)
    db.session.add(measure)
    db.session.flush()
    for i, value in enumerate(values):
        db.session.add(
            DataPoint(
                measure_id=measure.id,
                observed_on=start + timedelta(days=i * every_days),
                value=value,
                note="",
            )
        )
    db.session.commit()
    return measure


def make_cycle(post: Post, started_on: date, plan: str = "Try a morning huddle.") -> PdsaCycle:
    cycle = PdsaCycle(post_id=post.id, started_on=started_on, plan=plan)
    db.session.add(cycle)
    db.session.commit()
    return cycle
