"""Keeps ``posts.evidence_level`` current, in the transaction of the change.

Why a session event rather than a call in each service: outcome reports,
measures, data points, PDSA cycles, citations, co-authors and a post's kind
are written by several services (and the demo seed), some of them built side
by side. ``before_flush`` sees every ORM change among them and notes the post
ids they touch (and a clinician's verification changing touches the posts
whose citations they confirmed); ``do_orm_execute`` notes the posts of bulk statements on the
same tables (``post_coauthors`` is a plain table, written with
``insert``/``delete``). Just before the commit, with everything flushed, the
noted posts are judged again (``forum.evidence.levels.refresh``) and the new
level is flushed by the same commit, so it commits or rolls back with the
change it rests on.
"""

from __future__ import annotations

import logging

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from forum.models import Citation, DataPoint, Measure, OutcomeReport, PdsaCycle, Post, User

log = logging.getLogger(__name__)

_PENDING = "evidence.pending"  # post ids whose level may have changed
_RUNNING = "evidence.running"
_DIRECT = (OutcomeReport, Measure, PdsaCycle, Citation)  # each has post_id
_TABLES = {"post_coauthors", "outcome_reports", "citations", "measures", "pdsa_cycles"}
# A post's kind, and its co-authors if a relationship names them (``post_coauthors``).
_POST_ATTRS = ("kind", "coauthors")
_USER_ATTRS = ("clinician_verified",)
_installed = False


def _note(session: Session, post_id) -> None:
    if post_id is not None:
        session.info.setdefault(_PENDING, set()).add(post_id)


def _post_id_of(session: Session, obj) -> int | None:
    """The post ``obj`` belongs to (None: not known before the flush)."""
    state = inspect(obj)
    if isinstance(obj, DataPoint):
        measure = obj.measure if "measure" not in state.unloaded else None
        if measure is not None:
            return measure.post_id
        if obj.measure_id is None:
            return None
        with session.no_autoflush:
            return session.scalar(select(Measure.post_id).where(Measure.id == obj.measure_id))
    if obj.post_id is not None:
        return obj.post_id
    post = obj.post if "post" not in state.unloaded else None
    return post.id if post is not None else None


def _changed(obj, names) -> bool:
    attrs = inspect(obj).attrs
    return any(name in attrs and attrs[name].history.has_changes() for name in names)


def _before_flush(session: Session, flush_context, instances) -> None:
    if session.info.get(_RUNNING):
        return
    for obj in [*session.new, *session.dirty, *session.deleted]:
        if isinstance(obj, (*_DIRECT, DataPoint)):
            pid = _post_id_of(session, obj)
            if pid is None and obj in session.new:
                session.info.setdefault(_PENDING + ".objs", []).append(obj)
            _note(session, pid)
        elif isinstance(obj, Post) and obj in session.dirty and _changed(obj, _POST_ATTRS):
            _note(session, obj.id)
        elif isinstance(obj, User) and obj in session.dirty and _changed(obj, _USER_ATTRS):
            # A clinician's verification withdrawn (or given): the posts whose
            # citations they confirmed.
            with session.no_autoflush:
                for post_id in session.scalars(
                    select(Citation.post_id).where(Citation.confirmed_by_id == obj.id)
                ):
                    _note(session, post_id)


def _after_flush(session: Session, flush_context) -> None:
    # Objects whose post had no id before the flush (a post created with them).
    for obj in session.info.pop(_PENDING + ".objs", []):
        try:
            _note(session, _post_id_of(session, obj))
        except Exception:  # pragma: no cover - a detached object: the CLI catches it up
            log.warning("evidence: could not tell the post of %r", obj, exc_info=True)


def _params_post_ids(orm_state) -> set[int]:
    ids: set[int] = set()
    params = orm_state.parameters
    rows = params if isinstance(params, list) else [params] if params else []
    for row in rows:
        if isinstance(row, dict) and row.get("post_id") is not None:
            ids.add(row["post_id"])
    if ids:
        return ids  # an executemany or a statement given its post ids as parameters
    try:
        compiled = orm_state.statement.compile()
        for key, value in compiled.params.items():
            if key.startswith("post_id") and isinstance(value, int):
                ids.add(value)
    except Exception:  # pragma: no cover - a statement that does not compile alone
        # Never format the statement here: that compiles it again, and fails again.
        table = getattr(getattr(orm_state.statement, "table", None), "name", "?")
        log.warning("evidence: could not read the posts of a statement on %s", table)
    return ids


def _do_orm_execute(orm_state) -> None:
    if not (orm_state.is_insert or orm_state.is_update or orm_state.is_delete):
        return
    table = getattr(orm_state.statement, "table", None)
    if getattr(table, "name", None) not in _TABLES:
        return
    for post_id in _params_post_ids(orm_state):
        _note(orm_state.session, post_id)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction() or session.info.get(_RUNNING):
        return
    session.flush()
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    from forum.evidence.levels import refresh

    session.info[_RUNNING] = True
    try:
        with session.no_autoflush:
            refresh(pending, session)
        session.flush()
    finally:
        session.info.pop(_RUNNING, None)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_PENDING + ".objs", None)


def install() -> None:
    """Listen on every SQLAlchemy session (once per process)."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _do_orm_execute)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_rollback", _after_rollback)
    _installed = True
