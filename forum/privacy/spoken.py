"""Phone and record numbers written out as words ("oh seven seven zero nine ...").

Spelling a number out is how people get it past a filter, or how they say it
aloud. A run of at least seven digits said as words is read as digits and
judged like any number: record words before it make it a record number,
otherwise it must look like a phone number. Counting ("one, two, three ...")
doesn't: it has no trunk prefix and no "call" before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from forum.privacy.finding import Finding, finding
from forum.privacy.phones import plausible_phone

_DIGITS = {
    "zero": "0", "oh": "0", "o": "0", "nought": "0", "nil": "0",
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_REPEATS = {"double": 2, "triple": 3, "treble": 3}
_DIGIT_WORD = "|".join(sorted(_DIGITS, key=len, reverse=True))
_SAID = rf"(?:(?:double|triple|treble)[\s-]+)?(?:{_DIGIT_WORD})\b"
_TOKEN = rf"{_SAID}|\d{{1,5}}\b"
# A run starts with a word ("oh seven ..."): runs of plain digits are the phone finder's.
_RUN = re.compile(
    rf"(?<![\w-])(?:plus[\s-]+)?(?:{_SAID})(?:[\s,.-]{{1,3}}(?:{_TOKEN})){{4,24}}", re.IGNORECASE
)
_RECORD_WORDS = re.compile(
    r"\b(?:NHS|MRN|CHI|SSN|record|hospital|patient|insurance|policy|member|medicaid|medicare|"
    r"social\s+security)\b[^.\n]{0,30}$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z]+|\d+", re.IGNORECASE)
# Ten digits shaped like a North American number: area code and exchange don't start 0 or 1.
_NANP = re.compile(r"[2-9]\d\d[2-9]\d{6}")


def _read(run: str) -> tuple[str, int]:
    """The digits a run says, and how many of its tokens were words."""
    digits, words, repeat = [], 0, 1
    for token in _WORD.findall(run.lower()):
        if token in _REPEATS:
            repeat = _REPEATS[token]
        elif token == "plus":
            continue
        elif token.isdigit():
            digits.append(token)
        else:
            digits.append(_DIGITS[token] * repeat)
            words, repeat = words + 1, 1
    return "".join(digits), words


def find(text: str) -> Iterator[Finding]:
    for m in _RUN.finditer(text):
        digits, words = _read(m.group())
        if words < 3 or not 7 <= len(digits) <= 15:
            continue
        before = max(0, m.start() - 40)
        if _RECORD_WORDS.search(text, before, m.start()):
            yield finding("record_number", text, m.start(), m.end())
        elif _NANP.fullmatch(digits) or plausible_phone(
            digits, international=m.group().lower().startswith("plus"), text=text, start=m.start()
        ):
            yield finding("phone", text, m.start(), m.end())
