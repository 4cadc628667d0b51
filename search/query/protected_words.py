"""Words spelling correction must leave alone: what people here say about bodies and health.

A word near a more common one is usually a typo, but not here when the word
is "poop" and the common one is "pool": families search in the words they
use at home, and respelling those changes what they asked. So:

- ``EVERYDAY`` words for bodies and health as children and families say them
  (short, and a letter away from an ordinary word: poop/pool, pee/see,
  wee/we, fit/fix) are never respelt, and never offered in place of another
  word either.
- ``MEDICAL`` words, plain (fever, rash, accidents) or clinical (a term may
  be a letter or two from another: nephrosis/nephritis), are never respelt,
  but may be offered for a misspelling ("diarhea" → "diarrhea").
- ``changes_kind`` keeps a correction from swapping a medical suffix
  ("-osis" for "-itis"): two real terms for different things.

Condition names and synonyms (``search.conditions``) and words many live posts
use are known words too; ``search.query.suggest`` checks those itself.
"""

from __future__ import annotations


def _words(*lines: str) -> frozenset[str]:
    return frozenset(word for line in lines for word in line.split())


EVERYDAY = _words(
    "poop poops pooped pooping poopy poo poos pooed pooing plop",
    "pee pees peed peeing wee wees weed weeing piss pissing widdle",
    "potty loo loos nappy nappies pullup pullups bum bums butt butts tummy",
    "puke puked puking barf spew sick sicky snot snotty burp burps fart farts gassy",
    "runs wet wets soil soils soiled fit fits tic tics stim stims ill",
)

MEDICAL = _words(
    "toilet toilets diaper diapers bottom belly gut guts vomit vomits vomited vomiting",
    "retch gag gagging spit drool dribble wind gas bloat bloated wetting soiling",
    "leak leaks leaking accident accidents fitting faint faints fainted dizzy",
    "itch itchy itches rash rashes sore sores ache aches achy pain pains cramp cramps",
    "lump lumps bump bumps bruise bruises scab cough coughs sneeze fever temp",
    "chill chills shakes shaky poorly unwell flare flares tired sleepy weak pale",
    "hurt hurts bleed bleeds blood bloody period periods pad pads tampon",
    "stool stools bowel bowels bladder urine urinate urination faeces feces fecal faecal",
    "constipation constipated diarrhea diarrhoea incontinence enuresis encopresis",
    "nausea nauseous reflux vomitus seizure seizures spasm spasms convulsion convulsions",
    "absence absences aura auras migraine migraines headache headaches",
    "fistula fissure abscess stoma ostomy colostomy ileostomy stricture",
    "colitis ileitis proctitis gastritis enteritis esophagitis oesophagitis",
    "arthritis uveitis iritis otitis cystitis nephritis hepatitis dermatitis",
    "pancreatitis appendicitis tonsillitis bronchitis bronchiolitis sinusitis",
    "nephrosis fibrosis cirrhosis psoriasis scoliosis sclerosis stenosis thrombosis",
    "anaemia anemia leukaemia leukemia sepsis eczema asthma apnoea apnea",
    "insulin glucose ketones ketoacidosis hypo hypos hyper hypers",
    "steroid steroids prednisolone prednisone infusion infusions injection injections",
    "biologic biologics methotrexate inhaler inhalers spacer nebuliser nebulizer",
    "dialysis transplant catheter cannula port feeds feed tube ngtube peg",
    "lupus coeliac celiac crohns crohn colitis epilepsy diabetes",
)

# Endings that say what kind of thing a medical term is: inflammation (-itis),
# a condition (-osis), a blood state (-emia), an operation (-ectomy, -ostomy)…
# Longest first, so "-ostomy" is found before "-tomy".
MEDICAL_SUFFIXES = (
    "ectomy",
    "ostomy",
    "otomy",
    "plasty",
    "scopy",
    "aemia",
    "emia",
    "pathy",
    "algia",
    "itis",
    "osis",
    "oma",
)


def protected(word: str) -> bool:
    """Never respell ``word``: people here mean it as written."""
    return word in EVERYDAY or word in MEDICAL


def offerable(candidate: str) -> bool:
    """May ``candidate`` replace another word? Not an everyday body word."""
    return candidate not in EVERYDAY


def _suffix(word: str) -> str | None:
    return next((s for s in MEDICAL_SUFFIXES if word.endswith(s) and len(word) > len(s) + 2), None)


def changes_kind(word: str, candidate: str) -> bool:
    """Would respelling ``word`` as ``candidate`` swap one medical ending for another?"""
    ending, other = _suffix(word), _suffix(candidate)
    return ending is not None and other is not None and ending != other
