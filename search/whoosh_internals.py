"""Everything that reaches into Whoosh's internals, in one place.

Whoosh is no longer developed, and this module reads its private attributes
and on-disk formats, so ``pyproject.toml`` pins whoosh-reloaded to exactly
:data:`PINNED` and ``tests/search/test_whoosh_internals.py`` checks each piece
against Whoosh's own slow paths. Whether the installed Whoosh is that version
is checked once, at import (:data:`FAST_PATH`). On any other version search
takes Whoosh's public API instead, slower but with the same results
(``search.query.matching``, ``search.query.ranking``, ``search.index.rebuild``
and :func:`commit_then` ask :func:`fast_path`), and says why once, in the
``search`` log. ``tests/search/test_public_path.py`` runs the same queries
through both paths.

On the pinned version:

- a fix, applied on import: while writing a segment Whoosh asks the
  filesystem, once per posting, whether a field-length column exists for
  fields that never have one (IDs, spelling fields). That ``stat`` per word was
  a fifth of indexing time; the answer can't change, so we remember it.
- :func:`posting_weights`: all document numbers and term frequencies of a
  term, read block by block as arrays instead of one Python call per document
  (ten times faster on common words, which is what counts, facets and ranking
  need).
- :func:`field_length_bytes` and :func:`numeric_column`: a segment's
  field-length column and its numeric columns, read whole.
- :func:`commit_then`: our cursor written under Whoosh's write lock.
- segments written in bulk for the rebuild (``search.index.bulk``).

On any version (it only wraps a constructor, and reads one attribute with a
default): a writer that can't create its temporary files (read-only
directory, full disk) fails after taking the index's write lock and never
lets go of it, so every later sync in that process found the index "busy"
and search answered from the old index for good. Let go.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import sys
import threading
import zlib
from array import array
from collections.abc import Callable, Iterator
from contextlib import suppress
from io import BytesIO
from itertools import accumulate

import whoosh
from whoosh.writing import SegmentWriter

try:
    from whoosh import columns
    from whoosh.codec import whoosh3
    from whoosh.matching.wrappers import FilterMatcher
except ImportError:  # a release laid out otherwise: the public path needs none of them
    _LAID_OUT = False
else:
    _LAID_OUT = True

# The Whoosh release everything here was written against (``whoosh.__version__``).
PINNED = (2, 7, 5)

logger = logging.getLogger("search")


def _as_tuple(version) -> tuple:
    if isinstance(version, str):
        return tuple(int(p) if p.isdigit() else p for p in version.split("."))
    return tuple(version)


# FORUM_SEARCH_WHOOSH_PUBLIC_API=1 takes the public path on the pinned version
# too: to compare the two (bench/rebuild_bench.py --writer both).
_FORCED_PUBLIC = os.environ.get("FORUM_SEARCH_WHOOSH_PUBLIC_API", "") not in ("", "0")
FAST_PATH = False  # set by choose_path() just below
_told = False
_telling = threading.Lock()


def choose_path(version=None) -> bool:
    """Set :data:`FAST_PATH` for ``version`` (the installed one by default); return it.

    Run at import. Tests set ``FAST_PATH`` directly to run either path.
    """
    global FAST_PATH, _told
    installed = whoosh.__version__ if version is None else version
    FAST_PATH = _LAID_OUT and not _FORCED_PUBLIC and _as_tuple(installed) == PINNED
    _told = False
    return FAST_PATH


choose_path()


def _why_public() -> str:
    installed = _as_tuple(whoosh.__version__)
    if installed != PINNED:
        return "Whoosh {} is installed, not {} which search was written against".format(
            ".".join(map(str, installed)), ".".join(map(str, PINNED))
        )
    if not _LAID_OUT:
        return "Whoosh's modules aren't where search expects them"
    if _FORCED_PUBLIC:
        return "FORUM_SEARCH_WHOOSH_PUBLIC_API is set"
    return "search.whoosh_internals.FAST_PATH is off"


def fast_path() -> bool:
    """True: use what this module reads directly. False: Whoosh's public API only.

    The first time it answers False in a process, it logs why.
    """
    if FAST_PATH:
        return True
    global _told
    if not _told:
        with _telling:
            if not _told:
                _told = True
                why = _why_public()
                logger.warning(
                    "%s: search uses Whoosh's public API instead of reading its "
                    "internals, with the same results, more slowly.",
                    why,
                )
    return False


_MISSING = object()
_unpack_int = struct.Struct("!i").unpack  # whoosh.system.unpack_int


def _cached_reader(self, fieldname, column):
    cache = self._readers
    reader = cache.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        cache[fieldname] = reader
    return reader


def _blocks(matcher, weights: bool) -> Iterator[tuple]:
    """(ids, weights or None) of a posting list, a block at a time.

    Reads each block as ``W3LeafMatcher._goto`` and ``_read_data`` do (an int
    length, a pickled info tuple, then the pickled, maybe compressed, data
    tuple), but with one slice and two C unpicklings a block, and ids
    un-delta-encoded by ``accumulate`` instead of a generator.
    """
    if type(matcher) is not whoosh3.W3LeafMatcher:
        if weights:
            items = list(matcher.items_as("weight"))
            yield [i for i, _ in items], [w for _, w in items]
        else:
            yield list(matcher.all_ids()), None
        return
    postfile, position = matcher._postfile, matcher._baseoffset
    while True:
        length = _unpack_int(postfile.get(position, 4))[0]
        last = length < 0
        chunk = postfile.get(position + 4, abs(length))
        header = BytesIO(chunk)
        # Our own index files, unpickled exactly as Whoosh itself does.
        count, _maxid, _maxweight, compression, _minlen, _maxlen = pickle.load(header)  # noqa: S301
        data = chunk[header.tell() :]
        data = zlib.decompress(data) if compression else data
        ids, block_weights = pickle.loads(data)[:2]  # noqa: S301
        if not matcher._byteids:
            ids = accumulate(ids)
        if not weights:
            block_weights = None
        elif block_weights is None:  # every posting weighs 1
            block_weights = array("f", [1.0]) * count
        elif isinstance(block_weights, float):  # every posting weighs the same
            block_weights = array("f", [block_weights]) * count
        yield ids, block_weights
        if last:
            return
        position += 4 + abs(length)


def _leaf_postings(leaf, field: str, text: str):
    matcher = leaf.postings(field, text)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child  # the deletion filter: applied by the caller, in C
    return matcher


def posting_weights(leaf, field: str, text: str) -> tuple[array, array]:
    """Document numbers and term frequencies of a term within one segment.

    Deleted documents are included; ranking only scores documents that matched.
    """
    ids, weights = array("i"), array("f")
    for block, block_weights in _blocks(_leaf_postings(leaf, field, text), weights=True):
        ids.extend(block)
        weights.extend(block_weights)
    return ids, weights


def numeric_column(leaf, field: str) -> array:
    """A numeric column (``columns.NumericColumn``) of one segment as an array, by docnum.

    Read as one slice of big-endian values rather than one unpacking call
    per document: 100,000 posts in a millisecond instead of a tenth of a second.
    """
    column = leaf.schema[field].column_type
    reader = leaf.column_reader(field, column, translate=False)
    size = leaf.doc_count_all()
    if not isinstance(reader, columns.NumericColumn.Reader):  # no column file: all default
        return array(column._typecode, [column._default]) * size
    values = array(reader._typecode)
    count = min(reader._count, size)
    values.frombytes(bytes(reader._dbfile.get(reader._basepos, count * reader._fixedlen)))
    if sys.byteorder == "little":
        values.byteswap()
    return values + array(reader._typecode, [reader._default]) * (size - count)


def field_length_bytes(leaf, field: str) -> bytes:
    """Every document's length in ``field``, as Whoosh's one-byte code, by docnum.

    Read straight from the column (one byte a document) rather than one
    ``doc_field_length`` call per document.
    """
    size = leaf.doc_count_all()
    reader = leaf._perdoc._cached_reader(whoosh3._lenfield(field), whoosh3.LENGTHS_COLUMN)
    if reader is None:
        return bytes(size)
    raw = reader._dbfile.get(reader._basepos, min(reader._count, size))
    return bytes(raw) + bytes(size - len(raw))


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


def commit_then(writer: SegmentWriter, then: Callable[[], None], **commit_args) -> None:
    """``writer.commit(**commit_args)``, running ``then`` once the new table of
    contents is written (the commit point) and before the lock is released.

    What records how far the index got (``search.store.write_state``) must be
    written under the lock: written after it, a writer that came in between
    could have its newer record overwritten with this older one.

    On the public path (:func:`fast_path` False) ``then`` runs right after the
    commit, once the lock is released; ``store.write_state(..., keep_newer=True)``
    then keeps a newer record written in between.
    """
    if not fast_path():
        writer.commit(**commit_args)
        then()
        return
    commit_toc = writer._commit_toc

    def commit_toc_then(segments) -> None:
        commit_toc(segments)
        then()

    writer._commit_toc = commit_toc_then
    writer.commit(**commit_args)


def deleted_docs(leaf) -> frozenset[int]:
    return leaf.deleted_docs_set if leaf.has_deletions() else frozenset()


def apply() -> None:
    if FAST_PATH:
        whoosh3.W3PerDocReader._cached_reader = _cached_reader
    if SegmentWriter.__init__ is _segment_writer_init:
        SegmentWriter.__init__ = _segment_writer_init_releasing_lock


apply()


# --- Bulk segment writing, for the rebuild (search/index/bulk.py) ---------------------
#
# Whoosh's writer sends every posting through a pool that pickles it to a run
# file, sorts, merges and unpickles it again, then hands it to the postings
# writer one call at a time. The rebuild keeps postings grouped by term in
# memory instead and hands each term over a block at a time, through the same
# postings writer, so the files hold what add_document would have written
# (checked by tests/search/test_bulk.py).


def segment_writer(ix) -> SegmentWriter:
    """A writer for one more segment, while another writer holds the index lock.

    What Whoosh's own multiprocess writer gives each of its processes. Finish it
    with :func:`finish_segment`; the lock holder commits the segments.
    """
    return SegmentWriter(ix, _lk=False)


def write_postings(fieldwriter, btext: bytes, ids, weights, values, lengths) -> None:
    """One term's postings, written as ``fieldwriter.add()`` per posting would write them.

    ``ids`` ascending document numbers (an ``array("I")``); ``weights`` and
    ``values`` one per posting; ``lengths`` the documents' field lengths as
    the segment stores them (0: none), or None when the field keeps none.
    """
    fieldwriter.start_term(btext)
    postings = fieldwriter._postwriter
    limit, count = postings._blocklimit, len(ids)
    for start in range(0, count, limit):
        end = min(start + limit, count)
        postings._ids = ids[start:end]
        block_weights = weights[start:end]
        postings._weights = array("f", block_weights)
        postings._maxweight = max(0, max(block_weights))
        postings._values = [v for v in values[start:end] if v]
        block_lengths = [n for n in lengths[start:end] if n] if lengths is not None else ()
        postings._minlength = min(block_lengths) if block_lengths else None
        postings._maxlength = max(block_lengths) if block_lengths else 0
        if end < count:
            postings._write_block()
    fieldwriter.finish_term()  # writes the last block


def finish_segment(writer, doc_count: int):
    """Close a :func:`segment_writer` whose postings were written directly; its segment.

    The temporary directory is shared with the other writers of this rebuild,
    so it stays: the lock holder's commit removes it.
    """
    writer.docnum = doc_count
    writer._close_segment()
    writer._assemble_segment()
    return writer.get_segment()


def commit_segments(writer, segments: list, then: Callable[[], None] | None = None) -> None:
    """Commit ``segments`` (from :func:`finish_segment`) as the whole index.

    The lock holder's own segment is empty and dropped; the old segments go
    with the same commit (``mergetype=CLEAR``), so readers switch at once.
    ``then`` runs after the commit point, before the lock is released.
    """
    from whoosh.writing import CLEAR

    writer._check_state()
    kept = writer._merge_segments(CLEAR, None, None)
    writer._close_segment()
    writer._commit_toc(kept + list(segments))
    if then is not None:
        then()
    writer._finish()
