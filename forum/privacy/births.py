"""Dates of birth: a date only counts when the words around it say birth.

A health forum is full of dates (flares, appointments, "in March we started"),
and a year alone ("born in 2015") says little; a day, or a month and a year,
next to "born", "DOB" or "b." says a lot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from forum.privacy.finding import Finding, finding

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|['’]\d{2})"
_NUMERIC_DATE = r"(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./](?:\d{4}|\d{2}))"
_DATE = (
    rf"(?:{_NUMERIC_DATE}|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_MONTH}\s+(?:of\s+)?{_YEAR})(?!\d|[/.-]\d)"
)
_BIRTH_WORD = re.compile(
    r"\bD\.?O\.?B\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bbirthday\b|\b(?P<born>born)\b",
    re.IGNORECASE,
)
_FILLER = r"[\s:,-]*(?:(?:is|was|on|the|of|in)\s+){0,3}"
# "DOB: 12/03/2015", "birthday is the 3rd of May"
_DATE_AFTER = re.compile(rf"{_FILLER}{_DATE}", re.IGNORECASE)
# "born at home on 3 March 2015": a few words may come between, but no number or full stop.
_DATE_AFTER_BORN = re.compile(
    rf"(?:(?:\s+[a-z]+){{0,4}}?\s+(?:on|in)\b)?{_FILLER}{_DATE}", re.IGNORECASE
)
# "12/03/2015 (DOB)", "3 March 2015 DOB": a date ending in its year, just before.
_DATE_BEFORE = re.compile(
    rf"(?:{_NUMERIC_DATE}|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY},?\s+\d{{4}})"
    r"\s*\(?\s*$",
    re.IGNORECASE,
)
_ENDS_IN_DIGIT = re.compile(r"\d\s*\(?\s*$")
# "b. 3/3/15": the abbreviation, but only before a date written in numbers.
_B_DOT_DATE = re.compile(rf"(?<![\w.])b\.\s?{_NUMERIC_DATE}(?!\d)", re.IGNORECASE)


def find(text: str) -> Iterator[Finding]:
    for word in _BIRTH_WORD.finditer(text):
        after = _DATE_AFTER_BORN if word.group("born") else _DATE_AFTER
        if m := after.match(text, word.end()):
            yield finding("birth_date", text, word.start(), m.end())
        elif word.group()[0] in "dD" and _ENDS_IN_DIGIT.search(
            text, max(0, word.start() - 5), word.start()
        ):
            window = max(0, word.start() - 30)
            if m := _DATE_BEFORE.search(text, window, word.start()):
                yield finding("birth_date", text, m.start(), word.end())
    for m in _B_DOT_DATE.finditer(text):
        yield finding("birth_date", text, m.start(), m.end())
