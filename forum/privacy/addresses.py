"""Street addresses and postcodes.

A house number, a name and a street word: "42 Oak Street", and also "12 acacia
avenue" typed in lower case. In lower case only unmistakable street words
count, and the words between must not be ones health talk uses ("2 miles down
the road", "a 20 minute drive").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from forum.privacy.finding import Finding, finding

_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Court|Ct|Way|Crescent|Cres|"
    r"Place|Pl|Boulevard|Blvd|Terrace|Gardens|Grove|Square|Sq|Parkway|Pkwy|Highway|Hwy|"
    r"Row|Mews|Walk|Rise)"
)
_FLAT = r"(?:(?:Flat|Apartment|Apt|Unit|Suite)\.?\s*\w{1,5},?\s+)?"
_ADDRESS = re.compile(
    rf"(?<![\w.,]){_FLAT}\d{{1,5}}[A-Za-z]?,?\s+"
    rf"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?\s+){{1,3}}{_STREET}\b\.?"
)
_LOWER_STREET = (
    r"(?:street|road|rd|avenue|ave|lane|drive|crescent|close|terrace|gardens|grove|"
    r"boulevard|blvd|mews|parkway|cul-de-sac)"
)
_LOWER_ADDRESS = re.compile(
    rf"(?<![\w.,]){_FLAT}\d{{1,4}}[a-z]?,?\s+(?P<words>(?:[a-z'’-]{{3,20}}\s+){{1,2}}){_LOWER_STREET}\b",
    re.IGNORECASE,
)
# Words that sit between a number and "road" or "drive" in ordinary talk.
_NOT_STREET_NAMES = frozenset(
    """
    the a an my our his her their your its this that to of in on at by for from down up along
    and or but then minute minutes min mins hour hours hr hrs day days week weeks month months
    year years mile miles km metre metres meter meters yard yards foot feet step steps
    times time more less short hard easy quick slow whole full half hour's minute's
    car bus taxi cab train bike walk walking drive driving ride mg ml units doses pills
    hospital clinic school ward home back side
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
# "my address is 7 the mews": whatever the words, when the sentence says it's an address.
_SAID_TO_BE_AN_ADDRESS = re.compile(
    r"\b(?:my|our|his|her|their|the)\s+(?:home\s+|house\s+)?address\s+is\s*(?::\s*)?"
    r"(?P<address>\d{1,4}[a-z]?,?(?:\s+[a-z'’-]{1,20}){1,3})",
    re.IGNORECASE,
)
_UK_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b")
_US_STATES = frozenset(
    """
    AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH
    NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_US_ZIP = re.compile(r"\b(?P<state>[A-Z]{2}),?\s+\d{5}(?:-\d{4})?\b")


def find(text: str) -> Iterator[Finding]:
    for pattern in (_ADDRESS, _UK_POSTCODE):
        for m in pattern.finditer(text):
            yield finding("address", text, m.start(), m.end())
    for m in _US_ZIP.finditer(text):
        if m.group("state") in _US_STATES:
            yield finding("address", text, m.start(), m.end())
    for m in _SAID_TO_BE_AN_ADDRESS.finditer(text):
        yield finding("address", text, m.start("address"), m.end("address"))
    for m in _LOWER_ADDRESS.finditer(text):
        if not any(w.lower() in _NOT_STREET_NAMES for w in m.group("words").split()):
            yield finding("address", text, m.start(), m.end())
