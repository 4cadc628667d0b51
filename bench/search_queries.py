"""The fixed mix of 200 benchmark queries: what people type, with and without filters."""

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


def query_mix(seed: int = 3, size: int = 200) -> list[dict]:
    """``size`` query-string dicts; about a third carry a filter, some a sort."""
    rng = random.Random(seed)
    texts = SINGLE * 3 + PHRASES * 2 + CONDITIONS * 2 + MISSPELT + HOSTILE
    rng.shuffle(texts)
    mix = []
    for text in texts[:size]:
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
        mix.append(args)
    return mix
