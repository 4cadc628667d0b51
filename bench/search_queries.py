"""Benchmark queries: what people type, with and without filters, each text used once.

:func:`query_sets` deals distinct texts into a warm-up set and two measured
sets (the search service's and HTTP's) that share no text, so no measurement
reads a query twice and neither loop warms the other's words. The hand-written
texts (single words, phrases, condition names, misspellings, hostile input)
come first, shared out evenly; word + condition pairs fill the rest.
"""

from __future__ import annotations

import random

SINGLE = [
    "school", "sleep", "inhaler", "walking", "medicines", "lunch", "teachers", "bathroom",
    "mornings", "nurse", "huddle", "checklist", "camp", "swimming", "fatigue", "urgency",
    "spacer", "pump", "reminders", "worry", "grandparents", "dialysis", "infusions",
    "stiffness", "diary", "alarm", "siblings", "flare", "hospital", "injections",
]  # fmt: skip
PHRASES = [
    "bathroom pass", "crohn's school", "night cough spacer", "pre-visit planning huddle",
    "carb counting lunch", "seizure action plan", "fluid limits dialysis", "pill organiser",
    "morning stiffness bath", "text reminders clinic", "pain plan hydration", "school trip",
    "run chart measure", "parent partner feedback", "sun protection lupus", "warm baths",
    "low blood sugar night", "enzymes with snacks", "separate toaster", "cooling vest heat",
    "IBD school", "asthma PE class", "oxygen tubing clips", "laminated card", "quiet corner",
]  # fmt: skip
CONDITIONS = [
    "IBD", "UC", "crohns", "Crohn's disease", "ulcerative colitis", "type 1 diabetes", "T1D",
    "sickle cell", "JIA", "CF", "coeliac", "celiac disease", "epilepsy", "seizures", "Dravet",
    "asthma", "lupus", "CKD", "kidney disease", "heart failure", "Fontan", "BPD", "NICU",
    "food allergy", "EoE",
]  # fmt: skip
MISSPELT = [
    "chrons dieseas", "astma", "diabetis", "seizurs", "inhailer", "colitus", "skool",
    "medecine", "epilepsey", "lupis", "dialisis", "stiffnes", "remiders", "hospitle",
]  # fmt: skip
HOSTILE = ['"bathroom pass', "title:school AND (", "*", "NOT OR AND", "😀 שלום"]

KINDS = ["hack", "change_idea", "question"]
PERSPECTIVES = ["caregiver", "patient", "clinician"]
FILTER_CONDITIONS = ["ibd", "crohns-disease", "asthma", "type-1-diabetes", "epilepsy", "lupus"]
SORTS = [None, None, None, "newest", "worked"]


def _filters(rng: random.Random, text: str) -> dict:
    args = {"q": text}
    roll = rng.random()
    if roll < 0.12:
        args["condition"] = rng.choice(FILTER_CONDITIONS)
    elif roll < 0.24:
        args["kind"] = rng.choice(KINDS)
    elif roll < 0.32:
        args["perspective"] = rng.choice(PERSPECTIVES)
    sort = rng.choice(SORTS)
    if sort:
        args["sort"] = sort
    return args


def distinct_texts(seed: int = 3) -> tuple[list[str], list[str]]:
    """(hand-written texts, generated pairs), each list shuffled, no text twice."""
    rng = random.Random(seed)
    written = list(dict.fromkeys(SINGLE + PHRASES + CONDITIONS + MISSPELT + HOSTILE))
    pairs = [f"{a} {b}" for a in SINGLE + PHRASES for b in CONDITIONS]
    pairs += [f"{b} {a}" for a in SINGLE for b in CONDITIONS]
    pairs = [p for p in dict.fromkeys(pairs) if p not in written]
    rng.shuffle(written)
    rng.shuffle(pairs)
    return written, pairs


def query_sets(size: int = 200, seed: int = 3, warmup: int = 10) -> dict[str, list[dict]]:
    """{"warmup", "service", "http"}: query-string dicts, no text in two sets or twice in one.

    About a third carry a filter (condition, kind or perspective), some a sort.
    """
    written, pairs = distinct_texts(seed)
    if 2 * size + warmup > len(written) + len(pairs):
        raise ValueError(f"only {len(written) + len(pairs)} distinct texts for {size} queries")
    sets: dict[str, list[str]] = {"service": [], "http": []}
    # Deal the hand-written texts alternately, then pairs to fill each set.
    for i, text in enumerate(written[: 2 * size]):
        sets["service" if i % 2 == 0 else "http"].append(text)
    rest = iter(pairs)
    for name in ("service", "http"):
        while len(sets[name]) < size:
            sets[name].append(next(rest))
    sets["warmup"] = [next(rest) for _ in range(warmup)]
    rng = random.Random(seed + 1)
    return {name: [_filters(rng, t) for t in texts] for name, texts in sets.items()}


def query_mix(seed: int = 3, size: int = 200) -> list[dict]:
    """The service's measured set (``size`` distinct texts)."""
    return query_sets(size, seed)["service"]
