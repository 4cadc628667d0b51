"""Spotting text that may expose someone's personal health information.

Before a post or comment is published, the author is shown what looks like an
email address, a phone number, a date of birth, a medical record or insurance
number, a street address, or a full name next to a diagnosis, with a plain
explanation; they can edit it or confirm that it is fine to share. This module
only finds; it never blocks (the API publishes without asking).

Everything here errs towards quiet: a health forum is full of doses, dates of
flares, weeks of treatment and ICD codes, and a guard that cries wolf at
"5 mg" teaches people to tick the box without reading. So dates count only
when the words around them say "birth", record numbers only with words like
"MRN" or "NHS number", and names only when a condition is named nearby.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

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
    "name_with_diagnosis": "This looks like someone's full name next to a health condition. "
    "A first name, or “my son”, “my patient”, keeps them private.",
}
LABELS = {
    "email": "Email address",
    "phone": "Phone number",
    "birth_date": "Date of birth",
    "record_number": "Record or insurance number",
    "address": "Address or postcode",
    "name_with_diagnosis": "Full name with a condition",
}
# When two findings overlap, the more specific one is kept ("NHS number 943 476
# 5919" is a record number, though its digits also look like a phone number).
_PRIORITY = ("record_number", "birth_date", "email", "address", "phone", "name_with_diagnosis")


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


def find_personal_information(text: str) -> list[Finding]:
    """Every span of ``text`` that looks like personal information, in reading order."""
    if not text:
        return []
    found = [
        *_emails(text),
        *_phones(text),
        *_birth_dates(text),
        *_record_numbers(text),
        *_addresses(text),
        *_names_with_diagnosis(text),
    ]
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (_PRIORITY.index(f.kind), f.start - f.end)):
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def _finding(kind: str, text: str, start: int, end: int) -> Finding:
    # Trailing punctuation belongs to the sentence, not to what was found.
    while end > start and (
        text[end - 1] in ".,;:"
        or (text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end))
    ):
        end -= 1
    return Finding(kind, start, end, text[start:end])


# --- email ----------------------------------------------------------------

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(
    rf"(?<![\w.%+-])[A-Za-z0-9][\w.%+-]{{0,63}}@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,24}}\b"
)
# "jane.doe (at) gmail (dot) com": people dodge harvesters; the guard shouldn't be dodged.
_EMAIL_SPELLED = re.compile(
    r"(?<![\w.])[\w.+-]{1,64}\s*[\[(]\s*at\s*[\])]\s*[\w-]{1,63}\s*[\[(]\s*dot\s*[\])]\s*[a-z]{2,24}\b",
    re.IGNORECASE,
)


def _emails(text: str):
    for pattern in (_EMAIL, _EMAIL_SPELLED):
        for m in pattern.finditer(text):
            yield _finding("email", text, m.start(), m.end())


# --- phone ----------------------------------------------------------------

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
_UNIT_AFTER = re.compile(
    r"\s*(?:%|(?:mg|mcg|µg|ug|g|kg|ml|l|mmol|mol|units?|iu|times|x|minutes?|mins?|hours?|hrs?|"
    r"days?|weeks?|months?|years?|steps|kcal|cals?|calories|mmhg|bpm|people|patients|families)\b)",
    re.IGNORECASE,
)


def _phones(text: str):
    for m in _PHONE.finditer(text):
        candidate = m.group().strip()
        if candidate.count("(") != candidate.count(")") and not candidate.startswith("("):
            candidate = candidate.rstrip(")")
        digits = re.sub(r"\D", "", candidate)
        if _DATE_SHAPE.fullmatch(candidate) or _UNIT_AFTER.match(text, m.end()):
            continue
        if candidate.startswith("+"):
            plausible = 9 <= len(digits) <= 15
        elif candidate.startswith("00"):
            plausible = 11 <= len(digits) <= 17
        elif candidate.lstrip("(").startswith("0"):
            plausible = 10 <= len(digits) <= 11  # a trunk prefix: UK, France, Germany, Australia
        else:
            plausible = bool(_NANP.fullmatch(candidate))
        if not plausible and 7 <= len(digits) <= 15:
            plausible = bool(_PHONE_WORDS.search(text, max(0, m.start() - 30), m.start()))
        if plausible:
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            yield _finding("phone", text, start, start + len(candidate))


# --- date of birth --------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}}|\d{{1,2}}[-./]\d{{1,2}}[-./](?:\d{{4}}|\d{{2}})"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?)(?!\d)"
)
_BIRTH_WORDS = r"(?:\bD\.?O\.?B\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bborn\b|\bbirthday\b)"
_BIRTH_DATE = re.compile(
    rf"{_BIRTH_WORDS}[\s:,-]*(?:(?:is|was|on|the|of|in)\s+){{0,3}}{_DATE}"
    rf"|{_DATE}\s*\(?\s*(?:\bD\.?O\.?B\b\.?|\bdate\s+of\s+birth\b)",
    re.IGNORECASE,
)


def _birth_dates(text: str):
    for m in _BIRTH_DATE.finditer(text):
        yield _finding("birth_date", text, m.start(), m.end())


# --- record, NHS and insurance numbers ------------------------------------

_RECORD_WORDS = (
    r"\b(?:MRN|medical\s+record|hospital\s+(?:number|no|id)|patient\s+(?:number|no|id)|"
    r"NHS\s+(?:number|no)|CHI\s+(?:number|no)|health\s+card|insurance|policy\s+(?:number|no)|"
    r"member(?:ship)?\s+(?:id|number|no)|subscriber\s+(?:id|number)|group\s+(?:number|no)|"
    r"medicaid|medicare|SSN|social\s+security|case\s+number)\b"
)
_RECORD = re.compile(
    rf"{_RECORD_WORDS}[\s:#.-]*(?:(?:number|no|num|id|is|was|card)\b[\s:#.-]*){{0,3}}"
    r"(?P<id>[A-Z]{0,4}\d[\dA-Z]*(?:[ -]\d[\dA-Z]*){0,4})(?![\w%])",
    re.IGNORECASE,
)


def _record_numbers(text: str):
    for m in _RECORD.finditer(text):
        digits = sum(c.isdigit() for c in m.group("id"))
        if digits >= 5 and not _UNIT_AFTER.match(text, m.end()):
            yield _finding("record_number", text, m.start(), m.end())


# --- street addresses and postcodes ---------------------------------------

_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Court|Ct|Way|Crescent|Cres|"
    r"Place|Pl|Boulevard|Blvd|Terrace|Gardens|Grove|Square|Sq|Parkway|Pkwy|Highway|Hwy|"
    r"Row|Mews|Walk|Rise)"
)
_ADDRESS = re.compile(
    r"(?<![\w.,])(?:(?:Flat|Apartment|Apt|Unit|Suite)\.?\s*\w{1,5},?\s+)?\d{1,5}[A-Za-z]?,?\s+"
    rf"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?\s+){{1,3}}{_STREET}\b\.?"
)
_UK_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b")
_US_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
)
_US_ZIP = re.compile(rf"\b(?:{'|'.join(_US_STATES.split())}),?\s+\d{{5}}(?:-\d{{4}})?\b")


def _addresses(text: str):
    for pattern in (_ADDRESS, _UK_POSTCODE, _US_ZIP):
        for m in pattern.finditer(text):
            yield _finding("address", text, m.start(), m.end())


# --- full names next to a diagnosis ---------------------------------------

_WORD = r"(?:O['’])?[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-'’][A-Z][a-z]+)?"
_CAPITALISED_RUN = re.compile(rf"\b{_WORD}(?:[ \t]+{_WORD})+\b")
# Capitalised words that are not names: sentence openers, days and months,
# titles, places and institutions, and the words of conditions themselves.
_NOT_NAMES = frozenset(
    """
    i a an the my our your his her their its this that these those we he she they it you
    when after before since if and but so then also just once while because although
    last next every each some any all yesterday today tomorrow tonight dear hi hello
    thanks thank please yes no not what who how why where which there here
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december christmas easter
    mr mrs ms miss mx dr doctor prof professor nurse sister consultant surgeon
    hospital clinic centre center university school college academy nursery middle
    elementary trust foundation children
    childrens royal general street road ward unit team service services health medical
    care society association charity great new north south east west saint mount
    national county city community primary secondary infant junior high
    disease syndrome disorder type one two juvenile idiopathic arthritis chronic kidney
    heart failure ulcerative colitis crohn crohns cystic fibrosis sickle cell lupus
    epilepsy asthma diabetes celiac coeliac congenital preterm nephritis transplant
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_CLINICIAN_TITLE = re.compile(
    r"\b(?:Dr|Doctor|Prof|Professor|Nurse|Sister|Consultant|Surgeon)\.?\s*$"
)
_GENERAL_DIAGNOSES = (
    "diagnosed|diagnosis|disease|syndrome|disorder|cancer|leukaemia|leukemia|tumour|tumor|"
    "autism|adhd|depression|hiv|hepatitis|dementia|schizophrenia|bipolar"
)
_SENTENCE_END = re.compile(r"[.!?\n]")
_POSSESSIVE = re.compile(r"['’]s$")


@cache
def _diagnosis_pattern() -> re.Pattern:
    """Condition names and synonyms from the catalogue, plus general diagnosis words."""
    from forum.catalog import load_catalog

    words = set()
    for entry in load_catalog():
        for name in (entry["name"], *entry.get("synonyms", ())):
            if name.lower() not in {"other", "fits", "gluten"} and len(name) >= 2:
                words.add(re.escape(name.lower()).replace(r"\ ", r"\s+"))
    terms = "|".join(sorted(words, key=len, reverse=True))
    return re.compile(rf"\b(?:{terms}|{_GENERAL_DIAGNOSES})\b", re.IGNORECASE)


def _names_with_diagnosis(text: str):
    diagnoses = [m.span() for m in _diagnosis_pattern().finditer(text)]
    if not diagnoses:
        return
    for run in _CAPITALISED_RUN.finditer(text):
        for start, end in _name_spans(run):
            if _CLINICIAN_TITLE.search(text, max(0, start - 12), start):
                continue  # the clinician who treated them is not the patient
            if any(_near(text, start, end, d_start, d_end) for d_start, d_end in diagnoses):
                yield _finding("name_with_diagnosis", text, start, end)


def _name_spans(run: re.Match):
    """Stretches of two or three capitalised words in a run that aren't ordinary words."""
    stretch: list[re.Match] = []
    for word in [*re.finditer(_WORD, run.group()), None]:
        if word is not None and _POSSESSIVE.sub("", word.group()).lower() not in _NOT_NAMES:
            stretch.append(word)
            continue
        if len(stretch) >= 2:
            yield (
                run.start() + stretch[0].start(),
                run.start() + stretch[min(2, len(stretch) - 1)].end(),
            )
        stretch = []


def _near(text: str, start: int, end: int, d_start: int, d_end: int) -> bool:
    if d_start >= end:
        gap = text[end:d_start]
        return len(gap) <= 60 and not _SENTENCE_END.search(gap)
    if d_end <= start:
        gap = text[d_end:start]
        return len(gap) <= 40 and not _SENTENCE_END.search(gap)
    return False
