"""Schools, classes and children's teams: "St Mary's Primary", "Mrs Smith's Year 3
class", "Year 4 at St Mary's", "Lincoln Elementary, room 12", "the Hawks under-11s".

With a condition, a named school, a classroom or a child's team can pick out
one child. "Year 5", "the school nurse", "room temperature", "the care team"
and "his primary school" name nothing and pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from forum.privacy.finding import Finding, finding

# "High", "Middle" and "Prep" only with "School": a "Sugar High" or "Bowel Prep" is no school.
_KINDS_OF_SCHOOL = (
    r"(?:Primary|Infants?|Juniors?|Secondary|Elementary|(?:Junior\s+|Senior\s+)?High\s+School|"
    r"Middle\s+School|Grammar|(?:Prep|Preparatory)\s+School|Academy|School|Nursery|"
    r"Kindergarten|Pre-?[Ss]chool|Montessori|Sixth\s+Form|Comprehensive)"
)
_DENOMINATION = r"(?:\s+(?:C\s+of\s+E|CofE|CE|RC|Catholic|Church\s+of\s+England|Community|VA))?"
_NAME_WORD = r"[A-Z][a-z]+(?:['’]s?)?|[A-Z]['’][A-Z][a-z]+"
_ROOM = (
    r"(?:(?:[Rr]oom|[Cc]lass(?:room)?|[Ff]orm|[Yy]ear|[Gg]rade|P)\s*\d{1,3}[A-Za-z]?"
    r"\s+(?:at|in|of)\s+)?"
)
_NAMED_SCHOOL = re.compile(
    rf"(?<![\w'’]){_ROOM}(?P<name>(?:(?:St|Saint)\.?\s+)?(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD})){{0,3}})"
    rf"{_DENOMINATION}\s+{_KINDS_OF_SCHOOL}\b(?:\s+(?:School|Academy))?"
)
_SAINT_LOWER = re.compile(
    r"\b(?:st|saint)\.?\s+[a-z]+['’]s\s+(?:primary|infants?|juniors?|secondary|academy|"
    r"high|school|c\s+of\s+e|rc|catholic)\b",
    re.IGNORECASE,
)
# The title and name as written ("miss maths class" and "MS nurse group" are not a teacher's).
_TEACHERS_CLASS = re.compile(
    r"\b(?-i:Mrs|Mr|Ms|Miss|Mx)\.?\s+(?-i:[A-Z][A-Za-z'’-]+)['’]?s?\s+"
    r"(?:(?:year|grade|class|form|p|primary)\s*\d{1,2}\s+|\d{1,2}(?:st|nd|rd|th)?[\s-]+grade\s+"
    r"|(?:first|second|third|fourth|fifth|sixth|kindergarten|reception|nursery|pre-?k)"
    r"(?:[\s-]+grade)?\s+)?(?:class(?:room)?|form|group|room|homeroom|set|tutor\s+group)\b",
    re.IGNORECASE,
)
_NYC_SCHOOL = re.compile(r"\bP\.?S\.?\s?\d{1,3}\b")
# "Year 4 at St Mary's", "Grade 3 at Oak Park Middle": a class at a named place is a
# school even without the word "School" ("at" plus a capitalised name, checked below).
_CLASS_AT = re.compile(
    r"\b(?:[Yy]ear|[Gg]rade|[Cc]lass|P)\s*\d{1,2}[A-Za-z]?\s+at\s+"
    rf"(?P<name>(?:(?:St|Saint)\.?\s+)?(?:{_NAME_WORD})(?:\s+(?:{_NAME_WORD})){{0,3}})"
)
# A numbered room is a classroom only where the sentence is about school ("room 12 on
# the ward" is a hospital's, "room temperature" no room at all).
_ROOM_NUMBER = re.compile(r"\b(?:[Cc]lass)?[Rr]oom\s+\d{1,3}[A-Za-z]?\b")
_SCHOOL_CONTEXT = re.compile(
    r"\b(?:school|class|classroom|teacher|pupils?|elementary|primary|homeroom|"
    r"year\s+\d{1,2}|grade\s+\d{1,2})\b",
    re.IGNORECASE,
)
_HOSPITAL_CONTEXT = re.compile(r"\b(?:ward|hospital|bay|clinic|A&E|ER|ICU|PICU|NICU)\b")
# "the Hawks under-11s", "the Riverside Rovers U12s": a named children's team. The
# name must be capitalised and follow "the" or "for/on/with/in" ("in the under-11s"
# names no team).
_TEAM = re.compile(
    r"\b(?:the|for|on|with|in|at)\s+(?P<name>(?:[A-Z][a-z]+\s+){1,3})"
    r"(?:[Uu]nder[\s-]?\d{1,2}s?|U-?\d{1,2}s?)\b"
)
_SENTENCE = re.compile(r"[^.!?\n]+")
_POSSESSIVE = re.compile(r"['’]s?$")
_KIND_WORDS = frozenset(
    """
    primary infant infants junior juniors secondary elementary middle high grammar prep
    preparatory academy school nursery community catholic
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
# Words that stand before "School" or "Academy" without naming one.
_NOT_SCHOOL_NAMES = frozenset(
    """
    the a an my our his her their your this that these those its local new old big small
    private public state special mainstream sunday medical nursing summer forest home hospital
    online boarding grammar village church catholic faith free independent international
    every each any all some no one first next last previous current same other different
    primary secondary infant infants junior elementary middle high prep nursery academy school
    at in from to for with by and but or so when after before since if while year grade reception
    khan police dance drama music art film law business dental vet veterinary driving flight
    university college hospital institute medicine clinic centre center trust
    """.split()  # noqa: SIM905 (a word list reads best as words)
)


def find(text: str) -> Iterator[Finding]:
    for m in _NAMED_SCHOOL.finditer(text):
        if (start := _school_name_start(m)) is not None:
            yield finding("school", text, start, m.end())
    for pattern in (_SAINT_LOWER, _TEACHERS_CLASS, _NYC_SCHOOL):
        for m in pattern.finditer(text):
            yield finding("school", text, m.start(), m.end())
    for m in _CLASS_AT.finditer(text):
        if _names_a_place(m.group("name")):
            yield finding("school", text, m.start(), m.end())
    yield from _classrooms(text)
    for m in _TEAM.finditer(text):
        if _names_a_place(m.group("name")):
            yield finding("school", text, m.start("name"), m.end())


def _names_a_place(name: str) -> bool:
    """Whether capitalised words name something ("St Mary's", "Oak Park" of "Oak Park
    Middle", "Hawks"), not "The" or "My"."""
    words = [_POSSESSIVE.sub("", w).lower() for w in name.split()]
    while words and words[-1] in _KIND_WORDS:
        words.pop()
    return bool(words) and not any(
        w in _NOT_SCHOOL_NAMES for w in words if w not in ("st", "st.", "saint")
    )


def _classrooms(text: str) -> Iterator[Finding]:
    """Numbered rooms in sentences about school; each sentence is read once."""
    for sentence in _SENTENCE.finditer(text):
        rooms = list(_ROOM_NUMBER.finditer(sentence.group()))
        if not rooms:
            continue
        words = sentence.group()
        if not _SCHOOL_CONTEXT.search(words) or _HOSPITAL_CONTEXT.search(words):
            continue
        for m in rooms:
            yield finding("school", text, sentence.start() + m.start(), sentence.start() + m.end())


def _school_name_start(m: re.Match) -> int | None:
    """Where the school's own name starts ("At the" and "Our" are not part of it), or
    None when no word of it is a name ("Secondary School", "Sunday School")."""
    words = list(re.finditer(r"\S+", m.group("name")))
    while words and _POSSESSIVE.sub("", words[-1].group()).lower() in _KIND_WORDS:
        words.pop()  # "Greenwood High" of "Greenwood High School"
    while words and _POSSESSIVE.sub("", words[0].group()).lower() in _NOT_SCHOOL_NAMES:
        words.pop(0)
    if not words:
        return None
    rest = [_POSSESSIVE.sub("", w.group()).lower() for w in words]
    if rest[0] not in ("st", "st.", "saint") and any(w in _NOT_SCHOOL_NAMES for w in rest):
        return None
    if words[0].start() == 0:
        return m.start()  # with the room or class before it, if there is one
    return m.start("name") + words[0].start()
