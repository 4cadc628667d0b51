"""Index documents into one new segment in bulk: what rebuild uses instead of add_document.

The segment holds what ``SegmentWriter.add_document`` would write for the same
documents: the same terms, postings, lengths, stored fields and columns
(``tests/search/test_bulk.py`` compares them), at a fraction of the cost.
Postings are grouped by term in memory as they are made
instead of being pickled, sorted and merged one by one, text fields are
analyzed a word at a time through a cache (:func:`search.index.schema.index_terms`),
and each term's postings go to Whoosh's postings writer a block at a time.

Past ``memory_mb`` of postings the groups are written to a sorted run file and
the runs merged, term by term, at the end: memory stays bounded at any size.

It writes Whoosh's files through its private writer objects, so the rebuild
uses it only on the pinned Whoosh (``search.whoosh_internals.fast_path``);
elsewhere it takes Whoosh's own ``writer(procs=2, multisegment=True)``. Kept
because that costs about four times the CPU a post (at 100,000 posts, 432
posts per CPU-second against 1,772 here; ``bench/rebuild_bench.py --writer
both``), which on two cores stays below the 1,000 posts/s a rebuild must
keep, and peaks at about 550 MiB against 250.
"""

from __future__ import annotations

import heapq
import itertools
import pickle
from array import array
from contextlib import suppress

from whoosh import formats
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from search import whoosh_internals
from search.index.schema import TEXT_ANALYZER, index_terms

MEMORY_MB = 32

# Field lengths as a posting records them: the segment keeps one byte per length.
_LENGTH_OF_BYTE = [0] + [byte_to_length(b) for b in range(1, 256)]
_ONE = pack_uint(1)
# A term's first posting: a tuple of three arrays or lists, its key and dict slot.
_TERM_SIZE = 400


class _Text:
    """A TEXT_ANALYZER field: per term, ids, frequencies and (phrase fields) positions."""

    def __init__(self, field):
        self.field = field
        self.boost = field.format.field_boost
        self.positional = type(field.format) is formats.Positions
        self.terms: dict[str, tuple[array, array, array]] = {}
        self.size = 0  # bytes, roughly

    def add(self, docnum: int, first: int, kept: list[tuple[str, str]]) -> int:
        """Adds a document's words; returns its length."""
        at: dict[str, list[int]] = {}
        for position, (_, term) in enumerate(kept, first):
            seen = at.get(term)
            if seen is None:
                at[term] = [position]
            else:
                seen.append(position)
        terms = self.terms
        positional = self.positional
        for term, positions in at.items():
            entry = terms.get(term)
            if entry is None:
                entry = terms[term] = (array("I"), array("I"), array("I"))
                self.size += _TERM_SIZE
            entry[0].append(docnum)
            entry[1].append(len(positions))
            if positional:
                entry[2].extend(positions)
        self.size += 8 * len(at) + 4 * len(kept)
        return len(kept)

    def postings(self, entry):
        ids, freqs, positions = entry
        boost = self.boost
        weights = [n * boost for n in freqs]
        if self.positional:
            return ids, weights, _encode_positions(freqs, positions)
        return ids, weights, [pack_uint(n) for n in freqs]

    @staticmethod
    def join(entries):
        ids, freqs, positions = array("I"), array("I"), array("I")
        for a, b, c in entries:
            ids.extend(a)
            freqs.extend(b)
            positions.extend(c)
        return ids, freqs, positions


class _Plain:
    """Any other field: per term, the (id, weight, value) Whoosh's field.index() gives."""

    def __init__(self, field):
        self.field = field
        self.terms: dict[bytes, tuple[array, list, list]] = {}
        self.size = 0

    def add(self, docnum: int, btext: bytes, weight, value: bytes) -> None:
        entry = self.terms.get(btext)
        if entry is None:
            entry = self.terms[btext] = (array("I"), [], [])
            self.size += _TERM_SIZE
        self.size += 28  # an id, two references, a weight (floats aren't shared)
        entry[0].append(docnum)
        entry[1].append(weight)
        entry[2].append(value)

    def postings(self, entry):
        return entry

    @staticmethod
    def join(entries):
        ids, weights, values = array("I"), [], []
        for a, b, c in entries:
            ids.extend(a)
            weights.extend(b)
            values.extend(c)
        return ids, weights, values


# The encoded value of a lone position: most postings have one, near the start of a post.
_single_position: dict[int, bytes] = {}
_SINGLE_POSITIONS_KEPT = 4096


def _encode_positions(freqs, positions) -> list[bytes]:
    """``formats.Positions.encode`` for every posting of a term (most have one position)."""
    values, i = [], 0
    for n in freqs:
        if n == 1:
            p = positions[i]
            value = _single_position.get(p)
            if value is None:
                value = _ONE + pickle.dumps([p], 2)
                if p < _SINGLE_POSITIONS_KEPT:
                    _single_position[p] = value
        else:
            chunk = positions[i : i + n]
            deltas = [chunk[0]] + [b - a for a, b in itertools.pairwise(chunk)]
            value = pack_uint(n) + pickle.dumps(deltas, 2)
        values.append(value)
        i += n
    return values


class SegmentBuilder:
    """Documents (as ``add_document`` takes them) into one new segment of ``ix``.

    Another writer must hold the index lock; it commits the segment that
    :meth:`finish` returns. Documents are numbered in the order they are added.
    """

    def __init__(self, ix, memory_mb: int = MEMORY_MB):
        self._writer = whoosh_internals.segment_writer(ix)
        self._schema = self._writer.schema
        self._perdoc = self._writer.perdocwriter
        self._limit = memory_mb * 2**20
        self._runs: list[str] = []
        self._fields: dict[str, _Text | _Plain] = {}
        # Per scorable field, each document's length byte: what postings record.
        self._lengths: dict[str, array] = {}
        self.doc_count = 0

    def _postings_of(self, name: str, field):
        postings = self._fields.get(name)
        if postings is None:
            fast = field.analyzer is TEXT_ANALYZER and type(field.format) in (
                formats.Positions,
                formats.Frequency,
            )
            postings = self._fields[name] = _Text(field) if fast else _Plain(field)
        return postings

    def add(self, fields: dict) -> None:
        """One document; ``SegmentWriter.add_document(**fields)`` without boosts or vectors."""
        docnum = self.doc_count
        schema, perdoc = self._schema, self._perdoc
        perdoc.start_doc(docnum)
        for name in sorted(fields):
            value = fields[name]
            if value is None:
                continue
            field = schema[name] if not name.startswith("_") else None
            if field is None or field.vector or field.separate_spelling():
                raise ValueError(f"bulk indexing takes plain fields only, not {name!r}")
            length = 0
            if field.indexed:
                postings = self._postings_of(name, field)
                if isinstance(postings, _Text):
                    length = postings.add(docnum, *index_terms(value))
                else:
                    for btext, freq, weight, vbytes in field.index(value):
                        postings.add(docnum, btext, weight * 1.0, vbytes)
                        length += freq
                if not field.scorable:
                    length = 0
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.scorable:
                self._length_bytes(name, docnum).append(length_to_byte(length) if length else 0)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self.doc_count += 1
        if sum(p.size for p in self._fields.values()) > self._limit:
            self._spill()

    def _length_bytes(self, name: str, docnum: int) -> array:
        lengths = self._lengths.setdefault(name, array("B"))
        if len(lengths) < docnum:  # documents without the field
            lengths.extend(bytes(docnum - len(lengths)))
        return lengths

    def _sorted_terms(self):
        """(field name, term bytes, entry) in the order the segment keeps them."""
        for name in sorted(self._fields):
            postings = self._fields[name]
            terms = postings.terms
            if isinstance(postings, _Text):
                keyed = sorted((t.encode("utf-8"), t) for t in terms)
                for btext, term in keyed:
                    yield name, btext, terms[term]
            else:
                for btext in sorted(terms):
                    yield name, btext, terms[btext]

    def _spill(self) -> None:
        storage = self._writer.temp_storage()
        name = f"{self._writer.newsegment.segment_id()}-{len(self._runs)}.run"
        with storage.create_file(name).raw_file() as run:
            for item in self._sorted_terms():
                pickle.dump(item, run, pickle.HIGHEST_PROTOCOL)
        self._runs.append(name)
        for postings in self._fields.values():
            postings.terms = {}
            postings.size = 0

    def _read_run(self, name: str):
        storage = self._writer.temp_storage()
        with storage.open_file(name).raw_file() as run:
            while True:
                try:
                    yield pickle.load(run)  # noqa: S301 (a run this process wrote)
                except EOFError:
                    break
        storage.delete_file(name)

    def _merged_terms(self):
        if not self._runs:
            yield from self._sorted_terms()
            return
        sources = [self._read_run(name) for name in self._runs] + [self._sorted_terms()]
        # Runs hold earlier documents than later runs, and merge keeps that order on ties.
        merged = heapq.merge(*sources, key=lambda item: (item[0], item[1]))
        for (name, btext), group in itertools.groupby(merged, key=lambda i: (i[0], i[1])):
            entries = [entry for _, _, entry in group]
            postings = self._fields[name]
            yield name, btext, entries[0] if len(entries) == 1 else postings.join(entries)

    def finish(self):
        """Writes the postings and closes the segment; returns it (None when empty)."""
        writer = self._writer
        if not self.doc_count:
            self.cancel()
            return None
        self._perdoc.close()
        fieldwriter = writer.fieldwriter
        current = None
        for name, btext, entry in self._merged_terms():
            if name != current:
                if current is not None:
                    fieldwriter.finish_field()
                current = name
                postings = self._fields[name]
                fieldwriter.start_field(name, self._schema[name])
                lengths = self._lengths.get(name)
            ids, weights, values = postings.postings(entry)
            posting_lengths = (
                [_LENGTH_OF_BYTE[lengths[d]] for d in ids] if lengths is not None else None
            )
            whoosh_internals.write_postings(
                fieldwriter, btext, ids, weights, values, posting_lengths
            )
        if current is not None:
            fieldwriter.finish_field()
        return whoosh_internals.finish_segment(writer, self.doc_count)

    def cancel(self) -> None:
        """Drops the unfinished segment's files (not the shared temporary directory).

        Best effort: whatever is left, the next commit's clean-up removes.
        """
        writer = self._writer
        with suppress(OSError):
            for name in self._runs:
                writer.temp_storage().delete_file(name)
            writer._close_segment()
            for name in writer.newsegment.list_files(writer.storage):
                writer.storage.delete_file(name)
