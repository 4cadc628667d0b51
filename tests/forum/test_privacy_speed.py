"""The privacy guard runs on every preview and every publish: it must stay quick on
any text the forum accepts, including text built to make regular expressions
backtrack. Each input is 20,000 characters, the longest post.

Time is the CPU time this process spends, best of three: what the guard costs,
whatever else shares the machine's cores at the time.
"""

from __future__ import annotations

import time

import pytest

from forum.privacy import find_personal_information

LONGEST = 20_000
LIMIT_SECONDS = 0.1


def _storm(unit: str) -> str:
    return (unit * (LONGEST // len(unit) + 1))[:LONGEST]


ADVERSARIAL = {
    "digits": "7" * LONGEST,
    "digits with spaces": _storm("1 "),
    "digits with dashes": _storm("12-"),
    "digits with dots": _storm("1."),
    "digits with every separator": _storm("1 (-.) "),
    "bracketed digits": _storm("(1)"),
    "international prefixes": _storm("+1 "),
    "phone numbers": _storm("07700 900123 "),
    "social security shapes": _storm("123-45-"),
    "ten digit runs": _storm("9434765919 "),
    "dates": _storm("12/03/2015 "),
    "capitalised words": _storm("Aaaa Bbbb "),
    "names": _storm("Jack Peters "),
    "classrooms": _storm("school room 12B "),
    "rooms without a full stop": _storm("room 1 "),
    "classes at places": _storm("Year 4 at St Mary Oak "),
    "teams": _storm("the Aaaa Bbbb under-11s "),
    "names and conditions": _storm("Jack Peters Crohn "),
    "names with diagnoses": _storm("jack peters has crohn's "),
    "names a sentence apart": _storm("This is Jack Peters. He has Crohn's. "),
    "hyphenated names": _storm("mary-kate smith-jones-smith has lupus "),
    "hyphens between names": _storm("Mary-Kate-Mary-Kate-"),
    "title case": _storm("How We Got Through Year Five "),
    "born": _storm("born "),
    "born in": _storm("born in "),
    "born with dates": _storm("born 3 March 2015 "),
    "DOB": _storm("DOB "),
    "at signs": "@" * LONGEST,
    "at signs between letters": _storm("a@"),
    "dotted local parts": _storm("a.a@a."),
    "emails": _storm("jane@example.org "),
    "at and dot": _storm("a at b dot "),
    "spelled emails": _storm("jane at gmail dot com "),
    "dot words": _storm("x dot "),
    "hyphens": "-" * LONGEST,
    "spaces": " " * LONGEST,
    "mixed whitespace": _storm(" \t\n"),
    "newlines": "\n" * LONGEST,
    "one diagnosis": _storm("crohn's "),
    "many diagnoses": _storm("Crohn's disease type 1 diabetes "),
    "apostrophes": "'" * LONGEST,
    "apostrophes in words": _storm("O'A'B'"),
    "open brackets": "(" * LONGEST,
    "bracketed surnames": _storm("Jack (Peters) "),
    "brackets and quotes": _storm("([{'’)]} "),
    "digit words": _storm("one "),
    "doubled digit words": _storm("double "),
    "spoken phone numbers": _storm("oh seven "),
    "schools": _storm("St Mary's Primary "),
    "school-like names": _storm("Hillside Park View Oak "),
    "teachers": _storm("Mrs Smith's "),
    "addresses": _storm("12 Oak Street "),
    "lower-case addresses": _storm("12 acacia acacia "),
    "record words": _storm("NHS number 1 "),
    "postcodes": _storm("SW1A 1AA "),
    "one letter": "a" * LONGEST,
    "one capital": "A" * LONGEST,
}


# Words that start a pattern, each followed by a long run of one character and
# then something no pattern expects: a pattern that can start anywhere in the
# run, or split the run two ways, costs the square of its length here.
TRIGGERS = (
    "crohn's ", "Jack Peters ", "jack peters ", "my address is ", "NHS ", "born ", "DOB ",
    "double ", "plus ", "st ", "Mrs Smith ", "12 ", "jane ", "call ", "Room 12 ",
    "Hillside ", "b. ", "a@", "at ", "dot ",
)  # fmt: skip
RUNS = (" ", "\t", "\n", ".", "!", ":", "-", "(", ")", "[", "'", ",", "1", "a", "A", "@", "/")


def _runs_after_triggers(run: str) -> str:
    each = LONGEST // len(TRIGGERS)
    text = "".join((trigger + run * each)[: each - 1] + "x" for trigger in TRIGGERS)
    return text.ljust(LONGEST, "x")


ADVERSARIAL.update(
    {f"runs of {run!r} after trigger words": _runs_after_triggers(run) for run in RUNS}
)


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_the_guard_is_quick_on_adversarial_text(text):
    assert len(text) == LONGEST
    timings = []
    for _ in range(3):
        started = time.process_time()
        find_personal_information(text)
        timings.append(time.process_time() - started)
    assert min(timings) < LIMIT_SECONDS, f"{min(timings) * 1000:.0f} ms"


def test_a_long_ordinary_post_is_quick_and_quiet():
    text = _storm("We tried 5 mg for 3 weeks and it helped with the colitis. ")
    started = time.process_time()
    assert find_personal_information(text) == []
    assert time.process_time() - started < LIMIT_SECONDS
