"""Everything that reaches into Whoosh's internals, in one place.

Whoosh is no longer developed, so these are pinned to whoosh-reloaded 2.7.5
and checked by ``tests/search/test_whoosh_internals.py``:

- a fix, applied on import: while writing a segment Whoosh asks the
  filesystem, once per posting, whether a field-length column exists for
  fields that never have one (IDs, spelling fields). That ``stat`` per word was
  a fifth of indexing time; the answer can't change, so we remember it.
- a fix, applied on import: ``Require`` (our filters: "these words, only in
  question posts") crashes on an assertion when block-quality skipping
  leaves its two sides on the same document; realign only when they differ.
- a fix, applied on import: reading a part of a compound segment file made a
  full in-memory copy of it (``BytesIO(memoryview)``: tens of MB per search
  at 100,000 posts). Reading straight from the memory map costs nothing.
  Compound segments matter: a reader maps the whole segment when it opens,
  so a merge that deletes the file afterwards can't pull parts from under it.
- a fix, applied on import: a writer that can't create its temporary files
  (read-only directory, full disk) fails after taking the index's write lock
  and never lets go of it, so every later sync in that process found the
  index "busy" and search answered from the old index for good. Let go.
- :func:`posting_ids`: all document numbers of a term, read block by block
  as arrays instead of one Python call per document (ten times faster on
  common words, which is what counts and facets need).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from contextlib import suppress

from whoosh.codec import whoosh3
from whoosh.filedb.structfile import BufferFile
from whoosh.matching.wrappers import FilterMatcher, RequireMatcher
from whoosh.writing import SegmentWriter

_MISSING = object()


def _cached_reader(self, fieldname, column):
    cache = self._readers
    reader = cache.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        cache[fieldname] = reader
    return reader


class _ViewFile:
    """A read-only file over a memoryview: what BytesIO(view) gives, without the copy."""

    def __init__(self, view):
        self._view = memoryview(view)
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if size is None or size < 0 else start + size
        self._pos = min(end, len(self._view))
        return bytes(self._view[start : self._pos])

    def readline(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else self._pos + size
        chunk = bytes(self._view[self._pos : end])
        cut = chunk.find(b"\n")
        line = chunk if cut < 0 else chunk[: cut + 1]
        self._pos += len(line)
        return line

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._pos, 2: len(self._view)}[whence]
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._view.release()


def _buffer_file_init(self, buf, name=None, onclose=None):
    self._buf = buf
    self._name = name
    self.file = _ViewFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def _require_skip_to_quality(self, minquality):
    skipped = self.a.skip_to_quality(minquality)
    both = self.child
    if both.a.is_active() and both.b.is_active() and both.a.id() != both.b.id():
        both._find_next()
    return skipped


def _id_blocks(matcher) -> Iterator:
    if type(matcher) is not whoosh3.W3LeafMatcher:
        yield list(matcher.all_ids())
        return
    while matcher.is_active():
        matcher._read_ids()
        yield matcher._ids
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


def posting_ids(leaf, field: str, text: str) -> array:
    """Document numbers (within one segment) of every document containing a term.

    Deleted documents are included: the caller removes ``deleted_docs(leaf)``.
    """
    matcher = leaf.postings(field, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # the deletion filter: applied by the caller, in C
    ids = array("i")
    for block in _id_blocks(matcher):
        ids.extend(block)
    return ids


_segment_writer_init = SegmentWriter.__init__


def _segment_writer_init_releasing_lock(self, ix, *args, **kwargs):
    try:
        _segment_writer_init(self, ix, *args, **kwargs)
    except BaseException:
        lock = getattr(self, "writelock", None)
        if lock is not None:
            with suppress(Exception):  # never acquired (LockError): nothing to release
                lock.release()
        raise


def deleted_docs(leaf) -> frozenset[int]:
    return leaf.deleted_docs_set if leaf.has_deletions() else frozenset()


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    RequireMatcher.skip_to_quality = _require_skip_to_quality
    BufferFile.__init__ = _buffer_file_init
    if SegmentWriter.__init__ is _segment_writer_init:
        SegmentWriter.__init__ = _segment_writer_init_releasing_lock


apply()
