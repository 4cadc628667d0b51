"""Full names next to a diagnosis.

A name alone is not health information, and a first name or "my son" keeps
someone private; a full name with a condition named in the same sentence, or in
the next one when that sentence points back ("This is Jack Peters. He has
Crohn's."), is what the guard is for. Names are found three ways:

- two or three capitalised words that aren't ordinary words, one of them a
  common given name or surname ("Jack Peters", "Sienna Blackwood");
- in lower case or capitals, a common given name and then a surname or a word
  that isn't ordinary English ("jack peters", "JACK PETERS"); in a sentence
  written In Title Case this is the only way, as every word is capitalised;
- a given name with the surname in brackets ("Jack (Peters)").

Clinicians named with their title ("Dr Sarah Jones") are left alone: the
person who treated someone is not the patient.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import cache

from forum.privacy.finding import Finding, finding, one_of
from forum.privacy.wordlists import (
    AMBIGUOUS_GIVEN,
    COMMON_WORDS,
    GIVEN_NAMES,
    NOT_NAME_PAIRS,
    ORDINARY_SURNAMES,
    SURNAMES,
)

_CAPITAL_WORD = r"(?:O['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-'’][A-Z][a-z]+)?"
_CAPITALISED_RUN = re.compile(rf"\b{_CAPITAL_WORD}(?:[ \t]+{_CAPITAL_WORD})+\b")
_CAPITALISED_WORD = re.compile(_CAPITAL_WORD)
_BRACKETED = re.compile(rf"\b{_CAPITAL_WORD}[ \t]*\([ \t]*{_CAPITAL_WORD}[ \t]*\)")
_ANY_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{0,40}")
# The next word is looked at, not taken: it may be the given name of the next match.
_GIVEN_NAME_THEN_WORD = re.compile(
    rf"(?<![\w'’-])(?P<given>{one_of(GIVEN_NAMES)}(?:-[A-Za-z]{{2,20}})?)"
    rf"(?=[ \t](?P<next>[A-Za-z][A-Za-z'’-]{{0,40}}))",
    re.IGNORECASE,
)
_LONG_WORD = re.compile(r"[A-Za-z]{4,}")
# Only from the first of a run of stops ("!!!" or "..."), or a long run costs its square.
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+(?=[\s\"'’”)]|$)|\n")
_POSSESSIVE = re.compile(r"(?:['’]s?)$")
# Capitalised words that are not names: sentence openers, days and months,
# titles, places and institutions, brands, and the words of conditions themselves.
_NOT_NAMES = frozenset(
    """
    i a an the my our your his her their its this that these those we he she they it you
    when after before since if and but so then also just once while because although
    last next every each some any all yesterday today tomorrow tonight dear hi hello hey
    thanks thank please yes no not what who how why where which there here oh ok okay
    update edit ps note sorry however still even only both such being having with without
    from into onto over under about around through during until for to of in on at by as
    is was are were be been has have had do does did can could will would should might must
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december christmas easter ramadan eid
    diwali hanukkah thanksgiving halloween spring summer autumn winter fall day days holiday
    holidays term half bank new year years week weeks month months mother father mothers
    fathers mum mom dad son daughter baby boy girl kids children child
    mr mrs ms miss mx dr doctor prof professor nurse sister consultant surgeon patient patients
    hospital hospitals clinic clinics centre center university school college academy nursery
    middle elementary trust foundation childrens royal general street road ward unit team
    service services health medical care society association charity great north south east
    west northern southern eastern western greater upper lower central inner united states
    kingdom saint mount national county city community primary secondary infant junior high
    grade class room group stage level part chapter step plan diary guide week
    disease syndrome disorder type one two juvenile idiopathic arthritis chronic kidney
    heart failure ulcerative colitis crohn crohns cystic fibrosis sickle cell lupus
    epilepsy asthma diabetes celiac coeliac congenital preterm nephritis transplant
    hearts matter action alliance network support research fund appeal liver lung lungs
    bowel gut brain blood bone skin eye uk usa nhs st lake district park forest valley
    queen king prince princess lady lord sir
    london manchester birmingham leeds glasgow edinburgh cardiff belfast dublin bristol
    liverpool sheffield newcastle oxford cambridge nottingham leicester southampton evelina
    boston chicago toronto sydney melbourne texas california florida ohio philadelphia
    cincinnati denver seattle houston atlanta york jersey scotland england wales ireland
    america canada australia europe india pakistan nigeria ghana kenya
    freestyle libre omnipod dexcom medtronic tandem humira stelara remicade entyvio creon
    ventolin seretide symbicort fostair kaftrio trikafta orkambi epipen jext modulen calpol
    apple google watch calendar app fitbit alexa siri whatsapp facebook instagram youtube
    reddit zoom teams amazon netflix lego minecraft roblox nintendo switch disney
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_CLINICIAN_BEFORE = re.compile(
    r"\b(?:Dr|Doctor|Prof|Professor|Nurse|Sister|Consultant|Surgeon)\.?\s*$", re.IGNORECASE
)
_CLINICIAN_AFTER = re.compile(
    r"^['’]?s?\s*[,(]?\s*(?:(?:our|his|her|their|the|my|a|is|was)\s+){0,2}(?:\w+\s+)?"
    r"(?:consultant|gastroenterologist|paediatrician|pediatrician|doctor|gp|nurse|specialist|"
    r"surgeon|dietitian|dietician|physio|physiotherapist|psychologist|rheumatologist|"
    r"nephrologist|cardiologist|neurologist|endocrinologist|therapist|registrar|clinician|"
    r"md|rn|np|frcp|frcpch|phd)\b",
    re.IGNORECASE,
)
# Words in the next sentence that point back at a person named in the one before,
# and words that introduce someone by name.
_POINTS_BACK = re.compile(r"\b(?:he|she|his|her|him|they|their|them|name|called|named)\b", re.I)
_INTRODUCES = re.compile(r"\b(?:name\s+is|name['’]s|called|named|this\s+is|meet)\b", re.I)
_GENERAL_DIAGNOSES = """
    diagnosed diagnosis disease syndrome disorder cancer leukaemia leukemia lymphoma tumour tumor
    autism autistic adhd depression hiv hepatitis dementia schizophrenia bipolar eczema psoriasis
    migraine migraines ibs anorexia bulimia ocd diabetic asthmatic epileptic scoliosis
""".split()  # noqa: SIM905 (a word list reads best as words)
_GENERAL_DIAGNOSIS_PHRASES = (
    "cerebral palsy",
    "spina bifida",
    "muscular dystrophy",
    "multiple sclerosis",
    "down syndrome",
    "kidney failure",
    "liver failure",
)
_SAME_SENTENCE_AFTER, _SAME_SENTENCE_BEFORE, _NEXT_SENTENCE = 80, 60, 160


@cache
def _diagnosis_pattern() -> re.Pattern:
    """Condition names and synonyms from the catalogue, plus general diagnosis words."""
    from forum.conditions.catalog import load_catalog

    phrases = {*_GENERAL_DIAGNOSES, *_GENERAL_DIAGNOSIS_PHRASES}
    for entry in load_catalog():
        for name in (entry["name"], *entry.get("synonyms", ())):
            if name.lower() not in {"other", "fits", "gluten"} and len(name) >= 2:
                phrases.add(" ".join(name.lower().split()))
    return re.compile(rf"\b{one_of(phrases)}\b", re.IGNORECASE)


def find(text: str) -> Iterator[Finding]:
    diagnoses = [m.span() for m in _diagnosis_pattern().finditer(text)]
    if not diagnoses:
        return
    context = _Context(text, diagnoses)
    seen = set()
    for span in _candidates(text, context):
        if span not in seen and context.is_name(*span) and context.near_diagnosis(*span):
            yield finding("name_with_diagnosis", text, *span)
        seen.add(span)


class _Context:
    """Where the sentences and diagnoses of one text are, for quick look-ups."""

    def __init__(self, text: str, diagnoses: list[tuple[int, int]]) -> None:
        self.text = text
        self.diagnoses = diagnoses
        self.diagnosis_starts = [start for start, _ in diagnoses]
        self.sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self._title_case: dict[int, bool] = {}

    def sentence(self, position: int) -> int:
        return bisect_right(self.sentence_ends, position)

    def sentence_start(self, index: int) -> int:
        return self.sentence_ends[index - 1] if index > 0 else 0

    def in_title_case(self, position: int) -> bool:
        """Whether the sentence at ``position`` is Written Like This (or LIKE THIS),
        where capitals say nothing about names."""
        index = self.sentence(position)
        if index not in self._title_case:
            start = self.sentence_start(index)
            end = self.sentence_ends[index] if index < len(self.sentence_ends) else len(self.text)
            words = _LONG_WORD.findall(self.text, start, end)
            capitalised = sum(1 for w in words if w[0].isupper())
            self._title_case[index] = capitalised >= 4 and capitalised >= 0.8 * len(words)
        return self._title_case[index]

    def is_name(self, start: int, end: int) -> bool:
        """Not a clinician, a place, or a condition's own words."""
        text = self.text
        if _CLINICIAN_BEFORE.search(text, max(0, start - 12), start):
            return False
        if _CLINICIAN_AFTER.search(text[end : end + 50]):
            return False
        first, *rest = _ANY_WORD.findall(text, start, end)
        if rest and f"{first}_{rest[0]}".lower() in NOT_NAME_PAIRS:
            return False
        i = bisect_left(self.diagnosis_starts, start)
        overlaps = (i < len(self.diagnoses) and self.diagnoses[i][0] < end) or (
            i > 0 and self.diagnoses[i - 1][1] > start
        )
        return not overlaps

    def near_diagnosis(self, start: int, end: int) -> bool:
        here = self.sentence(start)
        low = bisect_left(self.diagnosis_starts, start - _NEXT_SENTENCE)
        high = bisect_right(self.diagnosis_starts, end + _NEXT_SENTENCE)
        for d_start, d_end in self.diagnoses[low:high]:
            there = self.sentence(d_start)
            if there == here:
                if 0 <= d_start - end <= _SAME_SENTENCE_AFTER:
                    return True
                if 0 <= start - d_end <= _SAME_SENTENCE_BEFORE:
                    return True
            elif there == here + 1 and d_start - end <= _NEXT_SENTENCE:
                # "This is Jack Peters. He has Crohn's."
                if _POINTS_BACK.search(self.text, self.sentence_start(there), d_start):
                    return True
                # "My name is Rachel Adams. My son has Dravet syndrome."
                if _INTRODUCES.search(self.text, self.sentence_start(here), start):
                    return True
            elif (
                there == here - 1
                and start - d_end <= _NEXT_SENTENCE
                # "Our son has Crohn's. His name is Jack Peters."
                and _POINTS_BACK.search(self.text, self.sentence_start(here), start)
            ):
                return True
        return False


def _candidates(text: str, context: _Context) -> Iterator[tuple[int, int]]:
    for run in _CAPITALISED_RUN.finditer(text):
        if context.in_title_case(run.start()):
            continue
        for start, end in _name_spans(run):
            # "Specific Carbohydrate Diet" is capitalised too: a name has a name in it.
            words = {
                part
                for word in _CAPITALISED_WORD.findall(text, start, end)
                for part in _bare(word).split("-")  # "Mary-Kate Smith-Jones"
            }
            if words & GIVEN_NAMES or words & SURNAMES:
                yield start, end
    yield from _lower_or_upper_case_names(text, context)
    for m in _BRACKETED.finditer(text):
        # "Jack (Peters)", but not "Pentasa (Mesalazine)": the first word must be a given name.
        given, surname = (w.lower() for w in _CAPITALISED_WORD.findall(m.group()))
        if given in GIVEN_NAMES and surname not in _NOT_NAMES:
            yield m.span()


def _name_spans(run: re.Match) -> Iterator[tuple[int, int]]:
    """Stretches of two or three capitalised words in a run that aren't ordinary words."""
    stretch: list[re.Match] = []
    for word in [*_CAPITALISED_WORD.finditer(run.group()), None]:
        if word is not None and _bare(word.group()) not in _NOT_NAMES:
            stretch.append(word)
            continue
        if len(stretch) >= 2:
            yield (
                run.start() + stretch[0].start(),
                run.start() + stretch[min(2, len(stretch) - 1)].end(),
            )
        stretch = []


def _lower_or_upper_case_names(text: str, context: _Context) -> Iterator[tuple[int, int]]:
    """A given name and a surname, whatever the capitals ("jack peters", "JACK PETERS")."""
    for m in _GIVEN_NAME_THEN_WORD.finditer(text):
        given, surname = m.group("given"), _strip_possessive(m.group("next"))
        proper = given[0].isupper() and given[1:].islower() and surname[1:].islower()
        if proper and not context.in_title_case(m.start()):
            # Capitalised names in ordinary sentences are found as runs, unless
            # the surname is also an ordinary word there ("Finley Ward").
            strict = True
        else:
            strict = given.lower() in AMBIGUOUS_GIVEN  # a hyphenated name never is
        if _surname(surname.lower(), strict=strict, capitalised=surname[0].isupper()):
            yield m.start(), m.start("next") + len(surname)


def _strip_possessive(word: str) -> str:
    return _POSSESSIVE.sub("", word)


def _bare(word: str) -> str:
    return _strip_possessive(word).lower()


def _surname(word: str, *, strict: bool, capitalised: bool) -> bool:
    """Whether a word after a given name reads as a surname rather than as English."""
    if "-" in word:  # "smith-jones", but not "well-known"
        parts = word.split("-")
        return all(p.isalpha() for p in parts) and any(
            _surname(p, strict=strict, capitalised=capitalised) for p in parts
        )
    if word in ORDINARY_SURNAMES:
        return capitalised
    if word in SURNAMES:
        return True
    if strict or len(word) < 3 or not word.isalpha():
        return False
    if word in COMMON_WORDS or word in _NOT_NAMES or word in GIVEN_NAMES:
        return False
    if word.endswith(("ed", "ing", "ly", "ful", "est")):
        return False
    return not word.endswith("s") or word[:-1] in GIVEN_NAMES
