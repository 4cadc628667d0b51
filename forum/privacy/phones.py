"""Phone numbers, in the shapes people write them at home and abroad."""

from __future__ import annotations

import re
from collections.abc import Iterator

from forum.privacy.finding import UNIT_AFTER, Finding, finding

# Digits with the separators people put in phone numbers: spaces, dots, dashes, brackets.
_PHONE = re.compile(
    r"(?<![\w/.,+-])(?:\+|\b00)?\(?\d(?:[ \t.()-]{0,2}\d){6,16}\)?(?![\w/]|[.,-]\d)"
)
_NANP = re.compile(r"(?:\+?1[ .-]?)?\(?[2-9]\d{2}\)?[ .-]?\d{3}[ .-]\d{4}")
_DATE_SHAPE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
_PHONE_WORDS = re.compile(
    r"\b(?:call|calls|called|phone|phoned|tel|telephone|mobile|cell|ring|text|whatsapp|"
    r"number|contact|reach)\b[^.\n]{0,20}$",
    re.IGNORECASE,
)


def plausible_phone(digits: str, *, international: bool, text: str, start: int) -> bool:
    """Whether ``digits`` at ``start`` of ``text`` look like a phone number.

    Lengths a trunk prefix or a country code allow, or else any 7 to 15 digits
    that the words just before call a number ("ring me on 946 0958 12").
    """
    if international:
        plausible = 9 <= len(digits) <= 17
    elif digits.startswith("0"):
        plausible = 10 <= len(digits) <= 11  # a trunk prefix: UK, France, Germany, Australia
    else:
        plausible = False
    if not plausible and 7 <= len(digits) <= 15:
        plausible = bool(_PHONE_WORDS.search(text, max(0, start - 30), start))
    return plausible


def find(text: str) -> Iterator[Finding]:
    for m in _PHONE.finditer(text):
        candidate = m.group().strip()
        if candidate.count("(") != candidate.count(")") and not candidate.startswith("("):
            candidate = candidate.rstrip(")")
        if _DATE_SHAPE.fullmatch(candidate) or UNIT_AFTER.match(text, m.end()):
            continue
        digits = re.sub(r"\D", "", candidate)
        if candidate.startswith("00"):
            digits = digits[2:]
        plausible = bool(_NANP.fullmatch(candidate)) or plausible_phone(
            digits, international=candidate.startswith(("+", "00")), text=text, start=m.start()
        )
        if plausible:
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            yield finding("phone", text, start, start + len(candidate))
