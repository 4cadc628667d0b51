"""The open-data export of a condition's outcome reports (docs/open-data.md).

``/conditions/<slug>/outcomes.csv`` and ``.json``: for every published post
about the condition (or one below it) that somebody reported trying, how many
reports said each result, and the total. Nothing that names or describes a
person: no usernames, no titles, no notes, no dates of reports; a post is its
id, its address, its kind, its evidence level and its condition slugs.

No small cells. Any count under :data:`SMALL` (0 included) is written
``"<5"``. A total is also withheld (``"suppressed"``) wherever, with the counts
that are shown, it would let a hidden count be worked out (complementary
disclosure): when exactly one count is hidden (it is the total minus the
others), or when what is left over for the hidden counts can only be split one
way (nothing left: they are all 0; ``4 × their number`` left: they are all 4).
A total under 5 is itself ``"<5"``.

:data:`FIELDS` is the data dictionary's list; the page at ``/open-data``
renders it and ``tests/forum/test_open_data.py`` holds docs/open-data.md to it.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from forum.conditions.working import COUNT_COLUMNS, RESULTS, published_about
from forum.extensions import db
from forum.models import Condition, Post, post_conditions

SMALL = 5
HIDDEN = "<5"
WITHHELD = "suppressed"
LICENCE = (
    "Creative Commons Attribution 4.0 International (CC BY 4.0): "
    "https://creativecommons.org/licenses/by/4.0/ (credit “Middle Ground”)"
)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: str
    meaning: str


FIELDS = (
    Field("post_id", "integer", "The post's number on Middle Ground."),
    Field("url", "text (URL)", "The address of the post's page."),
    Field("kind", "text", "hack (“What worked for us”) or change_idea (“Change idea”)."),
    Field(
        "evidence_level",
        "text",
        "one_story, repeated, tested or published: how strong the forum's evidence is.",
    ),
    Field(
        "conditions",
        "text (CSV: slugs separated by spaces; JSON: a list)",
        "Every condition the post is about, by slug (see /api/v1/conditions).",
    ),
    Field("worked", "count", "Reports that said it worked."),
    Field("partly", "count", "Reports that said it partly worked."),
    Field("no_effect", "count", "Reports that said it had no effect."),
    Field("worse", "count", "Reports that said it made things worse or caused side effects."),
    Field("stopped", "count", "Reports that said they stopped."),
    Field(
        "total",
        "count, or “suppressed”",
        "All reports on the post; “suppressed” where it would reveal a hidden count.",
    ),
)
COLUMNS = tuple(f.name for f in FIELDS)


def cell(n: int) -> int | str:
    """A count as published: itself from :data:`SMALL` up, else ``"<5"``."""
    return n if n >= SMALL else HIDDEN


def total_cell(counts: list[int]) -> int | str:
    """The total as published, given the row's counts (see the module's rule)."""
    total = sum(counts)
    if total < SMALL:
        return HIDDEN
    hidden = [n for n in counts if n < SMALL]
    if not hidden:
        return total
    left = total - sum(n for n in counts if n >= SMALL)  # what the hidden counts add up to
    if len(hidden) == 1 or left == 0 or left == (SMALL - 1) * len(hidden):
        return WITHHELD
    return total


def rows(condition_ids: list[int], url_for_post) -> list[dict]:
    """One row per published post about ``condition_ids`` that somebody reported
    trying, oldest post first, every count already suppressed (two statements)."""
    published = published_about(condition_ids)
    total = sum(COUNT_COLUMNS.values())
    stmt = (
        select(Post.id, Post.kind, Post.evidence_level, *COUNT_COLUMNS.values())
        .where(published, total > 0)
        .order_by(Post.id)
    )
    posts = db.session.execute(stmt).all()
    ids = select(Post.id).where(published, total > 0).scalar_subquery()
    slugs: dict[int, list[str]] = defaultdict(list)
    for post_id, slug in db.session.execute(
        select(post_conditions.c.post_id, Condition.slug)
        .join(Condition, Condition.id == post_conditions.c.condition_id)
        .where(post_conditions.c.post_id.in_(ids))
        .order_by(Condition.slug)
    ):
        slugs[post_id].append(slug)
    found = []
    for post_id, kind, level, *counts in posts:
        found.append(
            {
                "post_id": post_id,
                "url": url_for_post(post_id),
                "kind": kind,
                "evidence_level": level,
                "conditions": slugs[post_id],
                **{result: cell(n) for result, n in zip(RESULTS, counts, strict=True)},
                "total": total_cell(counts),
            }
        )
    return found


def as_csv(found: list[dict]) -> str:
    """The rows as CSV text with a header row (conditions joined by spaces)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in found:
        writer.writerow({**row, "conditions": " ".join(row["conditions"])})
    return out.getvalue()


def as_json(found: list[dict], *, condition, condition_url: str, dictionary_url: str) -> dict:
    """The rows with what a reader of the file needs to know about it."""
    return {
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "condition": {"slug": condition.slug, "name": condition.name, "url": condition_url},
        "licence": LICENCE,
        "data_dictionary": dictionary_url,
        "suppression": (
            f"Counts under {SMALL} (0 included) are “{HIDDEN}”; a total that would reveal "
            f"a hidden count is “{WITHHELD}”."
        ),
        "fields": list(COLUMNS),
        "posts": found,
    }
