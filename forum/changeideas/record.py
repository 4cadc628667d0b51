"""A post's record as its page shows it, read in a fixed number of statements.

:func:`load` returns the measures (each with its data points, oldest first),
the PDSA cycles (by start date) and the co-authors' usernames. The post page
reads it once and hands it to the record's sections and the run charts, so no
template reads a relationship row by row (``Measure.points`` is ``lazy="raise"``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from forum.extensions import db
from forum.models import DataPoint, Measure, PdsaCycle, Post, User, post_coauthors


@dataclass(frozen=True, slots=True)
class MeasureData:
    measure: Measure
    points: tuple[DataPoint, ...]  # oldest first


@dataclass(frozen=True, slots=True)
class Record:
    measures: tuple[MeasureData, ...]  # by position
    cycles: tuple[PdsaCycle, ...]  # by start date
    coauthors: tuple[str, ...]  # usernames, by name

    @property
    def empty(self) -> bool:
        return not (self.measures or self.cycles)


EMPTY = Record((), (), ())


def load(post: Post) -> Record:
    """The record of ``post`` (a question has none)."""
    if post.kind == "question":
        return EMPTY
    rows = db.session.execute(
        select(Measure, DataPoint)
        .outerjoin(DataPoint, DataPoint.measure_id == Measure.id)
        .where(Measure.post_id == post.id)
        .order_by(Measure.position, Measure.id, DataPoint.observed_on)
    ).all()
    measures: dict[int, tuple[Measure, list[DataPoint]]] = {}
    for measure, point in rows:
        _, points = measures.setdefault(measure.id, (measure, []))
        if point is not None:
            points.append(point)
    cycles = db.session.scalars(
        select(PdsaCycle)
        .where(PdsaCycle.post_id == post.id)
        .order_by(PdsaCycle.started_on, PdsaCycle.id)
    ).all()
    coauthors = db.session.scalars(
        select(User.username)
        .join(post_coauthors, post_coauthors.c.user_id == User.id)
        .where(post_coauthors.c.post_id == post.id)
        .order_by(User.username)
    ).all()
    return Record(
        tuple(MeasureData(m, tuple(p)) for m, p in measures.values()),
        tuple(cycles),
        tuple(coauthors),
    )
