"""Medical record, NHS, insurance and social security numbers.

A number counts when words like "MRN" or "NHS number" stand before it, or when
its shape can only be one of these: a US social security number (123-45-6789),
a UK National Insurance number, or ten digits that pass the NHS number's check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from forum.privacy.finding import UNIT_AFTER, Finding, finding, one_of

_RECORD_WORDS = one_of(
    """
    mrn|medical record|hospital number|hospital no|hospital id|patient number|patient no|patient id|
    nhs|chi number|chi no|health card|insurance|policy number|policy no|member id|member number|
    member no|membership id|membership number|membership no|subscriber id|subscriber number|
    group number|group no|medicaid|medicare|ssn|social security|case number|national insurance|
    nino
    """.split("|")  # noqa: SIM905 (a list of phrases reads best as one)
)
_RECORD = re.compile(
    rf"\b{_RECORD_WORDS}\b[\s:#.-]*(?:(?:number|no|num|id|is|was|card)\b[\s:#.-]*){{0,3}}"
    r"(?P<id>[A-Z]{0,4}\d[\dA-Z]*(?:[ -]\d[\dA-Z]*){0,4})(?![\w%])",
    re.IGNORECASE,
)
_SSN = re.compile(r"(?<![\w-])(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])")
_NINO = re.compile(r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
_TEN_DIGITS = re.compile(r"(?<![\w.,/+-])[1-9]\d{2}([ -]?)\d{3}\1\d{4}(?![\w/]|[.,-]\d)")


def _nhs_check_passes(digits: str) -> bool:
    """The NHS number's modulus 11 check digit."""
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return check != 10 and check % 11 == int(digits[9])


def find(text: str) -> Iterator[Finding]:
    for m in _RECORD.finditer(text):
        digits = sum(c.isdigit() for c in m.group("id"))
        if digits >= 5 and not UNIT_AFTER.match(text, m.end()):
            yield finding("record_number", text, m.start(), m.end())
    for pattern in (_SSN, _NINO):
        for m in pattern.finditer(text):
            yield finding("record_number", text, m.start(), m.end())
    for m in _TEN_DIGITS.finditer(text):
        if _nhs_check_passes(re.sub(r"\D", "", m.group())):
            yield finding("record_number", text, m.start(), m.end())
