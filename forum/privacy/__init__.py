"""Spotting text that may expose someone's personal health information.

Before a post, comment or "I tried this" note is published, the author is
shown what looks like an email address, a phone number, a date of birth, a
medical record or insurance number, a street address, a school or class, or a
full name next to a diagnosis, with a plain explanation; they can edit it or
confirm that it is fine to share. This package only finds; it never blocks
(the API publishes without asking: its clients have no one to ask).

Everything here errs towards quiet: a health forum is full of doses, dates of
flares, weeks of treatment and ICD codes, and a guard that cries wolf at
"5 mg" teaches people to tick the box without reading. So dates count only
when the words around them say "birth", record numbers only with words like
"MRN" or "NHS number" (or a shape nothing else has), names only when a
condition is named nearby, and "Year 5" or "the school nurse" name no school.
``tests/forum/privacy_cases.py`` holds sentences of both sorts, and a test
keeps the share found and the share of false alarms where they are.

Every pattern is written to run in time proportional to the text (bounded
repetition, no nested quantifiers over the same characters): the guard runs on
every preview and every publish, on up to 20,000 characters.

One module per kind of finding; ``find_personal_information`` runs them all.
"""

from __future__ import annotations

from bisect import bisect_left

from forum.privacy import addresses, births, emails, names, phones, records, schools, spoken
from forum.privacy.finding import EXPLANATIONS, LABELS, Finding

__all__ = ["EXPLANATIONS", "LABELS", "Finding", "find_personal_information"]

_FINDERS = (
    emails.find,
    phones.find,
    spoken.find,
    births.find,
    records.find,
    addresses.find,
    schools.find,
    names.find,
)
# When two findings overlap, the more specific one is kept ("NHS number 943 476
# 5919" is a record number, though its digits also look like a phone number).
_PRIORITY = (
    "record_number",
    "birth_date",
    "email",
    "address",
    "phone",
    "school",
    "name_with_diagnosis",
)


def find_personal_information(text: str) -> list[Finding]:
    """Every span of ``text`` that looks like personal information, in reading order."""
    if not text:
        return []
    found = [f for find in _FINDERS for f in find(text) if f.end > f.start]
    # Kept findings never overlap, so sorted by start their ends are sorted too,
    # and a new one need only be checked against its two neighbours.
    starts: list[int] = []
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (_PRIORITY.index(f.kind), f.start - f.end)):
        i = bisect_left(starts, finding.start)
        if (i == 0 or kept[i - 1].end <= finding.start) and (
            i == len(kept) or finding.end <= kept[i].start
        ):
            starts.insert(i, finding.start)
            kept.insert(i, finding)
    return kept
