"""Email addresses, written plainly or dodged ("jane.doe at gmail dot com")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from forum.privacy.finding import Finding, finding

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(
    rf"(?<![\w.%+-])[A-Za-z0-9][\w.%+-]{{0,63}}@{_LABEL}(?:\.{_LABEL}){{0,8}}\.[A-Za-z]{{2,24}}\b"
)
# People dodge address harvesters; the guard shouldn't be dodged. "at" and "dot"
# in brackets are unmistakable; bare, they must end in a domain people use, or
# "look at it dot by dot" would count.
_AT = r"(?:\s*[\[(]\s*at\s*[\])]\s*|\s+at\s+)"
_DOT = r"(?:\s*[\[(]\s*dot\s*[\])]\s*|\s+dot\s+|\.)"
_TLD = r"(?:com|org|net|edu|gov|info|io|me|uk|us|ca|au|nz|ie|de|fr|nl|es|it|in|co)"
_EMAIL_SPELLED = re.compile(
    rf"(?<![\w.+-])[\w+-]{{1,64}}(?:{_DOT}[\w+-]{{1,64}}){{0,3}}{_AT}[\w-]{{1,63}}"
    rf"(?:{_DOT}[\w-]{{1,63}}){{0,3}}{_DOT}{_TLD}\b",
    re.IGNORECASE,
)


def find(text: str) -> Iterator[Finding]:
    for pattern in (_EMAIL, _EMAIL_SPELLED):
        for m in pattern.finditer(text):
            yield finding("email", text, m.start(), m.end())
