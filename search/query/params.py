"""Reading the query string of a search: what it may hold and what it says when wrong."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from forum.models import EVIDENCE_LEVELS, KINDS, PERSPECTIVES
from search.query.parse import MAX_QUERY_CHARS

SORTS = {
    "relevance": "Best match",
    "newest": "Newest",
    "worked": "Most reported to work",
    "still_working": "Still working after months",
    "adapted": "Most adapted",
}
MAX_PAGE = 500
MAX_PER_PAGE = 50


class InvalidSearch(ValueError):
    """Parameters a search can't run with; ``fields`` maps each to a message."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(fields.values()))
        self.fields = fields


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    condition: str | None = None
    kind: str | None = None
    perspective: str | None = None
    evidence: str | None = None  # a key of EVIDENCE_LEVELS
    sort: str | None = None  # None: relevance with words, newest without
    page: int = 1
    per_page: int = 20
    # The words exactly as typed: never swapped for a confident respelling
    # ("search instead for chrons").
    nofix: bool = False
    # Only posts someone still uses when asked months later ("still working?").
    still: bool = False
    # Only adaptations of this post (lineage: "Adaptations of “…”").
    adapted_from: int | None = None

    @property
    def effective_sort(self) -> str:
        return self.sort or ("relevance" if self.q else "newest")


def clean_query(text: str) -> str:
    """Drop control characters (NUL and friends), squeeze spaces, cap the length."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def _int(value: str | None, name: str, default: int, top: int, errors: dict) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= top:
        errors[name] = f"{name.replace('_', ' ').capitalize()} must be a number from 1 to {top}."
        return default
    return number


def parse_params(
    args: Mapping[str, str], conditions: Mapping[str, str], default_per_page: int = 20
) -> SearchParams:
    """Validate ``args`` (a request's query string); ``conditions`` maps known slugs to names.

    Raises InvalidSearch naming every bad parameter.
    """
    errors: dict[str, str] = {}
    chosen = {}
    for name, allowed, noun in (
        ("condition", conditions, "condition"),
        ("kind", KINDS, "kind of post"),
        ("perspective", PERSPECTIVES, "perspective"),
        ("evidence", EVIDENCE_LEVELS, "evidence level"),
        ("sort", SORTS, "sort order"),
    ):
        value = (args.get(name) or "").strip() or None
        if value is not None and value not in allowed:
            errors[name] = f"There is no {noun} called “{value[:60]}”."
            value = None
        chosen[name] = value
    nofix = (args.get("nofix") or "0").strip()
    if nofix not in ("0", "1"):
        errors["nofix"] = "Nofix must be 1 (search the words exactly as typed) or 0."
    still = (args.get("still") or "0").strip()
    if still not in ("0", "1"):
        errors["still"] = "Still must be 1 (only ideas people still use months on) or 0."
    adapted_from = None
    if raw := (args.get("adapted_from") or "").strip():
        if raw.isascii() and raw.isdigit() and len(raw) <= 9 and int(raw) > 0:
            adapted_from = int(raw)
        else:
            errors["adapted_from"] = "Adapted from must be the number of a post."
    page = _int(args.get("page"), "page", 1, MAX_PAGE, errors)
    per_page = _int(args.get("per_page"), "per_page", default_per_page, MAX_PER_PAGE, errors)
    if errors:
        raise InvalidSearch(errors)
    return SearchParams(
        q=clean_query(args.get("q") or ""),
        page=page,
        per_page=per_page,
        nofix=nofix == "1",
        still=still == "1",
        adapted_from=adapted_from,
        **chosen,
    )
