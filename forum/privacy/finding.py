"""What the guard reports: a kind of personal information, where it is, and why it matters."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

EXPLANATIONS = {
    "email": "This looks like an email address. Anyone can read what you post here, "
    "and an email address can lead straight to a person.",
    "phone": "This looks like a phone number. It can identify you or someone else, "
    "and anyone can read what you post here.",
    "birth_date": "This looks like a date of birth. With a condition, a birth date "
    "is often enough to identify a child or an adult.",
    "record_number": "This looks like a medical record, NHS, insurance or member number. "
    "Those numbers point to one person's health records; please leave them out.",
    "address": "This looks like a street address or postcode. It can show where someone lives.",
    "school": "This looks like a school, a class or a child's team. With a condition, "
    "it can be enough to pick out one child.",
    "name_with_diagnosis": "This looks like someone's full name next to a health condition. "
    "A first name, or “my son”, “my patient”, keeps them private.",
}
LABELS = {
    "email": "Email address",
    "phone": "Phone number",
    "birth_date": "Date of birth",
    "record_number": "Record or insurance number",
    "address": "Address or postcode",
    "school": "School, class or team",
    "name_with_diagnosis": "Full name with a condition",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.kind]


def finding(kind: str, text: str, start: int, end: int) -> Finding:
    """A finding for ``text[start:end]``, less the sentence's trailing punctuation."""
    while end > start and (
        text[end - 1] in ".,;:"
        or (text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end))
    ):
        end -= 1
    return Finding(kind, start, end, text[start:end])


# Shared by the number finders: what follows a number that is a quantity, not an identifier.
UNIT_AFTER = re.compile(
    r"\s*(?:%|(?:mg|mcg|µg|ug|g|kg|ml|l|mmol|mol|units?|iu|times|x|minutes?|mins?|hours?|hrs?|"
    r"days?|weeks?|months?|years?|steps|kcal|cals?|calories|mmhg|bpm|people|patients|families)\b)",
    re.IGNORECASE,
)


def one_of(phrases: Iterable[str]) -> str:
    """A regex matching any of ``phrases`` (lower case; spaces match any whitespace).

    Written as a trie, so each position of the text costs one branch per letter
    rather than one try per phrase: a long list stays quick on long text.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        phrase = " ".join(phrase.split())
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _alternation(trie)


def _alternation(node: dict) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _alternation(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if "" in node else group
