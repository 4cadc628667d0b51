"""A post's record as its page shows it, read in one statement.

:func:`load` returns the measures (each with its data points, oldest first),
the PDSA cycles (by start date), the co-authors' usernames and, for a signed-in
reader, their own watch level on the post (the side column's control). The
post page reads it once and hands it to the record's sections and the run
charts, so no template reads a relationship row by row (``Measure.points`` is
``lazy="raise"``).

Why one statement: the post page is the site's dearest page and has a fixed
budget of statements (``tests/forum/test_query_budget.py``). Measures with
their points, cycles, co-authors, citations (with their confirmer's name) and
the watch level are five small reads of different shapes; they travel as one
``UNION ALL`` whose first column says which part a row belongs to and whose
other columns are each part's own (typed NULL elsewhere). A measure with no
points comes back once, with NULL point columns (the outer join). The objects
built from the rows are detached copies for reading: a service that changes a
measure or point loads it itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, String, func, literal, null, select, union_all
from sqlalchemy.orm import make_transient_to_detached

from forum.extensions import db
from forum.models import Citation, DataPoint, Measure, PdsaCycle, Post, User, post_coauthors
from forum.models.watch import Watch


@dataclass(frozen=True, slots=True)
class MeasureData:
    measure: Measure
    points: tuple[DataPoint, ...]  # oldest first


@dataclass(frozen=True, slots=True)
class Record:
    measures: tuple[MeasureData, ...]  # by position
    cycles: tuple[PdsaCycle, ...]  # by start date
    coauthors: tuple[str, ...]  # usernames, by name
    watch_level: str | None = None  # the reader's own level on the post; None: not read
    # DOIs and PubMed IDs (forum.evidence), oldest first, each with its confirmer's
    # name; None: not read (a question's, or a record built without them).
    citations: tuple[Citation, ...] | None = None

    @property
    def empty(self) -> bool:
        return not (self.measures or self.cycles)


EMPTY = Record((), (), ())

MEASURE, CYCLE, COAUTHOR, WATCH, CITATION = 0, 1, 2, 3, 4

# Each part's columns, in the union's order: (label, the column whose type it has).
_MEASURE_COLS = (
    ("m_id", Measure.id),
    ("m_position", Measure.position),
    ("m_name", Measure.name),
    ("m_unit", Measure.unit),
    ("m_kind", Measure.kind),
    ("m_created", Measure.created_at),
)
_POINT_COLS = (
    ("p_id", DataPoint.id),
    ("p_on", DataPoint.observed_on),
    ("p_value", DataPoint.value),
    ("p_note", DataPoint.note),
    ("p_by", DataPoint.entered_by_id),
    ("p_created", DataPoint.created_at),
)
_CYCLE_COLS = (
    ("c_id", PdsaCycle.id),
    ("c_started", PdsaCycle.started_on),
    ("c_ended", PdsaCycle.ended_on),
    ("c_plan", PdsaCycle.plan),
    ("c_done", PdsaCycle.done),
    ("c_learned", PdsaCycle.learned),
    ("c_decision", PdsaCycle.decision),
    ("c_created", PdsaCycle.created_at),
    ("c_updated", PdsaCycle.updated_at),
)
_CITATION_COLS = (
    ("cit_id", Citation.id),
    ("cit_kind", Citation.kind),
    ("cit_identifier", Citation.identifier),
    ("cit_added_by", Citation.added_by_id),
    ("cit_added_at", Citation.added_at),
    ("cit_confirmed_by", Citation.confirmed_by_id),
    ("cit_confirmed_at", Citation.confirmed_at),
)
# A co-author's name, the reader's watch level, or a citation's confirmer's name.
_TEXT_COLS = (("text", User.username),)
_ALL = (*_MEASURE_COLS, *_POINT_COLS, *_CYCLE_COLS, *_CITATION_COLS, *_TEXT_COLS)


def _branch(part: int, given: dict):
    """One SELECT of the union: ``given`` columns by label, typed NULL for the rest."""
    columns = [literal(part, Integer).label("part")]
    for label, column in _ALL:
        value = given.get(label)
        columns.append((value if value is not None else null().cast(column.type)).label(label))
    return columns


def _statement(post: Post, reader_id: int | None):
    measures = (
        select(*_branch(MEASURE, dict(_MEASURE_COLS + _POINT_COLS)))
        .select_from(Measure)
        .outerjoin(DataPoint, DataPoint.measure_id == Measure.id)
        .where(Measure.post_id == post.id)
    )
    cycles = select(*_branch(CYCLE, dict(_CYCLE_COLS))).where(PdsaCycle.post_id == post.id)
    coauthors = (
        select(*_branch(COAUTHOR, {"text": User.username}))
        .select_from(post_coauthors)
        .join(User, User.id == post_coauthors.c.user_id)
        .where(post_coauthors.c.post_id == post.id)
    )
    confirmer = User.__table__.alias("confirmer")
    cited = (
        select(*_branch(CITATION, {**dict(_CITATION_COLS), "text": confirmer.c.username}))
        .select_from(Citation)
        .outerjoin(confirmer, confirmer.c.id == Citation.confirmed_by_id)
        .where(Citation.post_id == post.id)
    )
    parts = [measures, cycles, coauthors, cited] if post.kind != "question" else []
    if reader_id is not None:
        level = (
            select(Watch.level)
            .where(
                Watch.user_id == reader_id,
                Watch.target_kind == "post",
                Watch.target_key == str(post.id),
            )
            .scalar_subquery()
        )
        parts.append(select(*_branch(WATCH, {"text": func.coalesce(level, "normal").cast(String)})))
    if not parts:
        return None
    union = union_all(*parts).subquery()
    c = union.c
    return select(union).order_by(
        c.part, c.m_position, c.m_id, c.p_on, c.c_started, c.c_id, c.cit_added_at, c.cit_id, c.text
    )


def _detached(model, **values):
    """A read-only copy of a row as ``model``, with its identity (so nothing
    loads it again and nothing takes it for a new row)."""
    obj = model(**values)
    make_transient_to_detached(obj)
    return obj


def load(post: Post, reader=None) -> Record:
    """The record of ``post`` (a question has none) and, when ``reader`` is a
    signed-in member, their watch level on it: one statement, or none for a
    question read by someone signed out."""
    reader_id = reader.id if getattr(reader, "is_authenticated", False) else None
    stmt = _statement(post, reader_id)
    if stmt is None:
        return EMPTY
    measures: dict[int, tuple[Measure, list[DataPoint]]] = {}
    cycles: list[PdsaCycle] = []
    coauthors: list[str] = []
    cited: list[Citation] = []
    level = None
    for row in db.session.execute(stmt):
        if row.part == MEASURE:
            if row.m_id not in measures:
                measure = _detached(
                    Measure,
                    id=row.m_id,
                    post_id=post.id,
                    position=row.m_position,
                    name=row.m_name,
                    unit=row.m_unit,
                    kind=row.m_kind,
                    created_at=row.m_created,
                )
                measures[row.m_id] = (measure, [])
            if row.p_id is not None:
                measures[row.m_id][1].append(
                    _detached(
                        DataPoint,
                        id=row.p_id,
                        measure_id=row.m_id,
                        observed_on=row.p_on,
                        value=row.p_value,
                        note=row.p_note,
                        entered_by_id=row.p_by,
                        created_at=row.p_created,
                    )
                )
        elif row.part == CYCLE:
            cycles.append(
                _detached(
                    PdsaCycle,
                    id=row.c_id,
                    post_id=post.id,
                    started_on=row.c_started,
                    ended_on=row.c_ended,
                    plan=row.c_plan,
                    done=row.c_done,
                    learned=row.c_learned,
                    decision=row.c_decision,
                    created_at=row.c_created,
                    updated_at=row.c_updated,
                )
            )
        elif row.part == COAUTHOR:
            coauthors.append(row.text)
        elif row.part == CITATION:
            citation = _detached(
                Citation,
                id=row.cit_id,
                post_id=post.id,
                kind=row.cit_kind,
                identifier=row.cit_identifier,
                added_by_id=row.cit_added_by,
                added_at=row.cit_added_at,
                confirmed_by_id=row.cit_confirmed_by,
                confirmed_at=row.cit_confirmed_at,
            )
            # The confirmer as the page names them (their name only, read with the row).
            citation.confirmed_by = (
                _detached(User, id=row.cit_confirmed_by, username=row.text)
                if row.cit_confirmed_by is not None
                else None
            )
            cited.append(citation)
        else:
            level = row.text
    return Record(
        tuple(MeasureData(m, tuple(p)) for m, p in measures.values()),
        tuple(cycles),
        tuple(coauthors),
        level,
        tuple(cited) if post.kind != "question" else None,
    )
