"""Recreating the index from the database.

The new documents replace the old in one commit (``mergetype=CLEAR``), so
searches keep using the old index until the new one is complete. The cursor
is taken before the posts are read: changes committed while the rebuild runs
are applied by the sync that follows it.

The posts are split by id into one contiguous range per process. Each process
reads its range and builds one segment from it (:mod:`search.index.bulk`); this
process builds the first range itself, holds the index lock throughout and
commits every segment at once. The helpers are forked, so they share the app
and its configuration; each reports its progress per batch through a queue.

That bulk writing reaches into Whoosh's internals, so it runs only on the
pinned Whoosh (``search.whoosh_internals.fast_path``). On any other version
the rebuild goes through Whoosh's own writer,
``ix.writer(procs=…, multisegment=True)``: this process reads the posts and
Whoosh's processes index them, into the same documents.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import time
import traceback
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from whoosh.writing import CLEAR

from forum.extensions import db
from forum.models import Post
from search import store, whoosh_internals
from search.index import documents, sync
from search.index.bulk import SegmentBuilder
from search.store import SearchUnavailable

BATCH = 1000
# Below this many posts, starting another process costs more than it saves.
PARALLEL_FROM = 2000

# Documents Whoosh's writer hands its processes at a time (its default).
WHOOSH_BATCH = 100

Progress = Callable[[int], None]


def rebuild(procs: int = 2, progress: Progress | None = None) -> int:
    """Index every searchable post afresh; returns how many were indexed."""
    if not whoosh_internals.fast_path():
        return rebuild_with_whoosh(procs, progress)
    ix = store.open_index()
    writer = store.try_writer(ix, wait=60.0)
    if writer is None:
        raise SearchUnavailable("Another process held the index for 60 s; try again")
    try:
        with Session(db.engine) as session:
            state = sync.snapshot(session)
            lineage = documents.condition_lineage(session)
            ranges = _ranges(session, procs)
        segments, indexed = _build(ix, ranges, lineage, progress or (lambda n: None))
        state.synced_at = time.time()
        whoosh_internals.commit_segments(writer, segments, then=lambda: store.write_state(state))
    except BaseException:
        _abandon(writer)
        raise
    sync.apply_pending(wait=5.0)  # what changed while we were reading
    return indexed


def rebuild_with_whoosh(procs: int = 2, progress: Progress | None = None) -> int:
    """:func:`rebuild` through Whoosh's public writer: ``procs`` indexing processes,
    each committing a segment of its own (``multisegment=True``).
    """
    progress = progress or (lambda n: None)
    ix = store.open_index()
    with Session(db.engine) as session:
        count = session.scalar(select(func.count()).select_from(Post)) or 0
    parallel = procs >= 2 and count >= PARALLEL_FROM
    options = {"procs": procs, "multisegment": True, "batchsize": WHOOSH_BATCH} if parallel else {}
    writer = store.try_writer(ix, wait=60.0, **options)
    if writer is None:
        raise SearchUnavailable("Another process held the index for 60 s; try again")
    indexed = 0
    try:
        with Session(db.engine) as session:
            state = sync.snapshot(session)
            lineage = documents.condition_lineage(session)
            newest = session.scalar(select(func.max(Post.id))) or 0
        for start in range(0, newest, BATCH):
            window = (Post.id > start) & (Post.id <= start + BATCH)
            with Session(db.engine) as session:
                docs = documents.load_documents(session, window, lineage)
            for doc in docs:
                writer.add_document(**doc)
            indexed += len(docs)
            progress(len(docs))
        state.synced_at = time.time()
        # The old segments go with the same commit, so readers switch at once.
        whoosh_internals.commit_then(
            writer, lambda: store.write_state(state, keep_newer=True), mergetype=CLEAR
        )
    except BaseException:
        _abandon(writer)
        raise
    sync.apply_pending(wait=5.0)  # what changed while we were reading
    return indexed


def _abandon(writer) -> None:
    """Cancel a rebuild's writer and stop its helper processes; the old index stays."""
    if not writer.is_closed:
        writer.cancel()
    for task in getattr(writer, "tasks", ()):  # cancel() leaves them waiting for work
        task.terminate()


def _ranges(session: Session, procs: int) -> list[tuple[int, int]]:
    """(after id, up to id) per process: about as many posts in each."""
    newest = session.scalar(select(func.max(Post.id))) or 0
    count = session.scalar(select(func.count()).select_from(Post)) or 0
    if procs < 2 or count < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return [(0, newest)]
    ids = select(Post.id).order_by(Post.id).limit(1)
    edges = [session.scalar(ids.offset(count * k // procs)) for k in range(1, procs)]
    # None: posts deleted since the count (PostgreSQL reads each statement afresh).
    return list(itertools.pairwise([0, *(e for e in edges if e is not None), newest]))


def _build(ix, ranges, lineage, progress: Progress):
    """Segments for the ranges, in order (the empty ones left out), and the posts indexed."""
    helpers = _Helpers(ix, ranges[1:], lineage)
    try:

        def report(count: int) -> None:
            progress(count)
            helpers.poll(progress)

        results = [_build_range(ix, ranges[0], lineage, report), *helpers.wait(progress)]
    except BaseException:
        helpers.stop()
        raise
    segments = [segment for segment, _ in results if segment is not None]
    return segments, sum(count for _, count in results)


def _build_range(ix, bounds: tuple[int, int], lineage, report: Progress):
    """One segment of the searchable posts with ids in ``(after, upto]``, and their count."""
    after, upto = bounds
    builder = SegmentBuilder(ix)
    try:
        for start in range(after, upto, BATCH):
            # Windows of ids walk the primary key; a short transaction per batch, so
            # on SQLite writers wait for one batch at most.
            window = (Post.id > start) & (Post.id <= min(start + BATCH, upto))
            with Session(db.engine) as session:
                docs = documents.load_documents(session, window, lineage)
            for doc in docs:
                builder.add(doc)
            report(len(docs))
        return builder.finish(), builder.doc_count
    except BaseException:
        builder.cancel()
        raise


class _Helpers:
    """Forked processes building the other ranges; their progress and segments come by queue."""

    def __init__(self, ix, ranges, lineage):
        self.results: dict[int, tuple] = {}
        self.processes = []
        if not ranges:
            return
        context = multiprocessing.get_context("fork")
        self.messages = context.Queue()
        for number, bounds in enumerate(ranges):
            process = context.Process(
                target=_helper,
                args=(ix, number, bounds, lineage, self.messages, os.getpid()),
                daemon=True,
            )
            process.start()
            self.processes.append(process)

    def poll(self, progress: Progress, timeout: float | None = None) -> None:
        """Handle the messages waiting (or the first one within ``timeout`` s)."""
        if not self.processes:
            return
        try:
            message = self.messages.get(timeout=timeout) if timeout else self.messages.get_nowait()
            while True:
                self._handle(message, progress)
                message = self.messages.get_nowait()
        except queue.Empty:
            pass

    def _handle(self, message, progress: Progress) -> None:
        kind, number, payload = message
        if kind == "progress":
            progress(payload)
        elif kind == "done":
            self.results[number] = payload
        else:
            raise RuntimeError(f"An indexing process failed:\n{payload}")

    def wait(self, progress: Progress) -> list[tuple]:
        """Each helper's (segment, count), in range order, once all have finished."""
        while len(self.results) < len(self.processes):
            self.poll(progress, timeout=0.5)
            exited = [
                number
                for number, process in enumerate(self.processes)
                if number not in self.results and process.exitcode is not None
            ]
            if exited:
                # What a helper sends is in the pipe before it exits: read it, then judge.
                self.poll(progress)
                for number in exited:
                    if number not in self.results:
                        code = self.processes[number].exitcode
                        raise RuntimeError(f"An indexing process died (exit code {code})")
        for process in self.processes:
            process.join()
        return [self.results[number] for number in range(len(self.processes))]

    def stop(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join()


def _helper(ix, number: int, bounds, lineage, messages, parent: int) -> None:
    # The parent's pooled connections belong to the parent: never use or close them here.
    db.engine.dispose(close=False)

    def report(count: int) -> None:
        # The rebuild was killed: its work is no use. Stop before another batch,
        # and let go of the index lock this process shares with it since the fork.
        if os.getppid() != parent:
            raise SystemExit(1)
        messages.put(("progress", number, count))

    try:
        messages.put(("done", number, _build_range(ix, bounds, lineage, report)))
    except BaseException:
        messages.put(("error", number, traceback.format_exc()))
        raise SystemExit(1) from None
