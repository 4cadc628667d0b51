"""A one-line excerpt of a post for listing cards.

Cards show many posts, so this must not run the Markdown pipeline per post
(docs/architecture.md, "Markdown is rendered on write"). It strips the common
Markdown marks from the start of the source instead; Jinja escapes the result.
"""

from __future__ import annotations

import re

_HEADING = re.compile(
    r"^ {0,3}#{1,6}(?:[ \t].*)?$", re.MULTILINE
)  # a heading would run into the text
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LIST_MARKER = re.compile(r"^\s*(?:[-+*]|\d+[.)])\s+", re.MULTILINE)
_MARKS = re.compile(r"[*_`>#|~]+")
LIMIT = 160
# How much of the source an excerpt of LIMIT characters reads at most (cards load no more).
SOURCE_CHARS = 4 * LIMIT


def excerpt(source: str | None, limit: int = LIMIT) -> str:
    """The first words of ``source`` as plain text, cut at a word near ``limit``."""
    text = (source or "")[: limit * 4]
    text = _HEADING.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _LIST_MARKER.sub("", text)
    text = " ".join(_MARKS.sub("", text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]  # end on a whole word unless that loses half the line
    return cut.rstrip(" ,.;:-") + "…"
