"""Words for the benchmark corpus: how families and clinicians write about each condition.

Weights follow the demo content (IBD heaviest, every condition present); the
phrases are the kind people actually post, so term frequencies, stems and
synonyms behave the way they will on the real forum.
"""

# slug: (weight, how people name it in text, symptoms and worries, treatments and tools, tags)
CONDITIONS = {
    "ibd": (
        4,
        "IBD",
        ["flares", "fatigue", "urgency", "weight loss"],
        ["infusions", "biologics", "food diary"],
        ["flares", "diet"],
    ),
    "crohns-disease": (
        6,
        "Crohn's",
        ["abdominal pain", "urgency", "fistula pain", "fatigue"],
        ["exclusive enteral nutrition", "infliximab infusions", "methotrexate injections"],
        ["bathroom-pass", "infusions", "diet"],
    ),
    "ulcerative-colitis": (
        5,
        "colitis",
        ["bleeding", "urgency", "cramping", "night waking"],
        ["mesalamine", "budesonide", "steroid taper"],
        ["bathroom-pass", "steroids", "flares"],
    ),
    "ibd-unclassified": (
        1,
        "IBD-U",
        ["urgency", "tiredness"],
        ["mesalamine", "food diary"],
        ["diet"],
    ),
    "juvenile-idiopathic-arthritis": (
        3,
        "JIA",
        ["morning stiffness", "swollen knees", "joint pain"],
        ["methotrexate injections", "warm baths", "physio exercises"],
        ["stiffness", "methotrexate", "mornings"],
    ),
    "chronic-kidney-disease": (
        3,
        "kidney disease",
        ["fluid limits", "high blood pressure", "itching"],
        ["phosphate binders", "fluid tracking", "blood pressure checks"],
        ["fluid-restriction", "labs", "blood-pressure"],
    ),
    "dialysis": (
        2,
        "dialysis",
        ["long sessions", "fluid limits", "missed school"],
        ["home haemodialysis", "dialysis schedule", "fistula care"],
        ["dialysis-schedule", "fluid-restriction"],
    ),
    "kidney-transplant": (
        1,
        "transplant",
        ["rejection worries", "pill burden"],
        ["tacrolimus levels", "pill organiser", "transplant clinic"],
        ["transplant", "medicines"],
    ),
    "heart-failure": (
        1,
        "heart failure",
        ["breathlessness", "swollen ankles", "weight gain"],
        ["daily weights", "diuretics", "salt limits"],
        ["daily-weight", "home-monitoring"],
    ),
    "type-1-diabetes": (
        4,
        "type 1 diabetes",
        ["lows at night", "highs after meals", "carb counting"],
        ["insulin pump", "CGM alarms", "glucose tablets"],
        ["cgm", "pump", "lunch"],
    ),
    "epilepsy": (
        3,
        "epilepsy",
        ["seizures", "drowsiness", "triggers"],
        ["rescue medication", "seizure diary", "seizure action plan"],
        ["seizure-action-plan", "seizure-diary", "rescue-medication"],
    ),
    "infantile-spasms": (
        1,
        "infantile spasms",
        ["clusters of spasms", "sleepy days"],
        ["video diary", "steroid course"],
        ["seizure-diary", "new-diagnosis"],
    ),
    "dravet-syndrome": (
        3,
        "Dravet",
        ["fever seizures", "heat triggers", "long seizures"],
        ["rescue medication", "cooling vest", "overnight monitor"],
        ["heat", "overnight", "rescue-medication"],
    ),
    "cystic-fibrosis": (
        3,
        "CF",
        ["coughing", "chest infections", "tiredness"],
        ["airway clearance", "enzymes with snacks", "nebuliser"],
        ["airway-clearance", "enzymes", "vest"],
    ),
    "asthma": (
        3,
        "asthma",
        ["wheeze", "night cough", "exercise triggers"],
        ["spacer", "preventer inhaler", "asthma action plan"],
        ["inhalers", "spacer", "triggers"],
    ),
    "sickle-cell-disease": (
        3,
        "sickle cell",
        ["pain crises", "tiredness", "cold triggers"],
        ["hydroxyurea", "pain plan", "water bottle"],
        ["pain-crisis", "pain-plan", "hydration"],
    ),
    "congenital-heart-disease": (
        3,
        "heart condition",
        ["tiring quickly", "feeding trouble", "check-ups"],
        ["oxygen saturation checks", "cardiology clinic", "feeding plan"],
        ["home-monitoring", "oxygen"],
    ),
    "single-ventricle": (
        2,
        "Fontan",
        ["interstage worries", "low oxygen"],
        ["home monitoring", "feeding pump"],
        ["interstage", "home-monitoring"],
    ),
    "tetralogy-of-fallot": (
        1,
        "tetralogy",
        ["tet spells", "surgery recovery"],
        ["knee-to-chest position", "cardiology clinic"],
        ["hospital"],
    ),
    "preterm-birth": (
        1,
        "prematurity",
        ["feeding", "weight gain", "NICU discharge"],
        ["kangaroo care", "feeding plan"],
        ["nicu", "discharge"],
    ),
    "bronchopulmonary-dysplasia": (
        2,
        "BPD",
        ["oxygen needs", "colds"],
        ["home oxygen", "oxygen tubing clips"],
        ["oxygen", "home"],
    ),
    "celiac-disease": (
        2,
        "coeliac",
        ["cross-contact", "stomach aches"],
        ["gluten-free lunch", "separate toaster"],
        ["cross-contact", "lunch", "parties"],
    ),
    "lupus": (
        3,
        "lupus",
        ["joint pain", "rashes", "fatigue"],
        ["sun protection", "hydroxychloroquine", "pacing"],
        ["sun-protection", "pain"],
    ),
    "lupus-nephritis": (
        1,
        "lupus nephritis",
        ["kidney flares", "swelling"],
        ["urine dipsticks", "blood pressure checks"],
        ["labs", "blood-pressure"],
    ),
    "food-allergy": (
        2,
        "food allergy",
        ["reactions", "anaphylaxis fears"],
        ["adrenaline pens", "allergy action plan"],
        ["emergency", "lunch", "parties"],
    ),
    "eosinophilic-esophagitis": (
        1,
        "EoE",
        ["swallowing trouble", "food getting stuck"],
        ["elimination diet", "swallowed steroid"],
        ["diet", "pill-swallowing"],
    ),
    "other": (
        3,
        "a rare condition",
        ["appointments", "explaining it to people"],
        ["care binder", "one-page summary"],
        ["organizer", "emergency"],
    ),
}

KINDS = {"hack": 53, "question": 26, "change_idea": 21}  # percent, as in the demo

NAMES = ["Theo", "Maya", "Sam", "Aisha", "Leo", "Priya", "Jonah", "Zara", "Eli", "Noor",
         "Ben", "Ruby", "Omar", "Isla", "Kai", "Hana", "Finn", "Lily", "Amir", "Esme"]  # fmt: skip

# topic: (tags, places and people it involves, the everyday problem)
TOPICS = {
    "school": (
        ["school", "teachers", "504-plan", "school-nurse"],
        "school",
        "getting through a school day",
    ),
    "sleep": (["overnight", "routines"], "bedtime", "sleeping through the night"),
    "food": (["lunch", "diet"], "meals", "eating enough without a fight"),
    "medicines": (
        ["medicines", "pill-swallowing", "organizer"],
        "medicine time",
        "taking medicines every day",
    ),
    "appointments": (
        ["pre-visit-planning", "labs", "checklist"],
        "clinic visits",
        "getting the most out of appointments",
    ),
    "hospital": (["hospital", "discharge", "hospital-school"], "the ward", "long hospital stays"),
    "travel": (["camp", "field-trip", "emergency"], "trips away", "travelling and school trips"),
    "sport": (["sports", "pe-class", "exercise", "swimming"], "PE and sport", "staying active"),
    "feelings": (["teens", "feedback", "parent-partners"], "home", "the worry and the low days"),
    "monitoring": (
        ["home-monitoring", "symptom-tracking", "apps", "dashboard"],
        "home",
        "tracking symptoms at home",
    ),
    "work": (
        ["work", "college", "adults"],
        "work and college",
        "handing over care as they grow up",
    ),
    "clinic": (
        ["qi", "huddle", "co-production", "patient-reported-outcomes"],
        "clinic",
        "running a better clinic",
    ),
}

OPENERS = {
    "hack": [
        "{child} was diagnosed with {cond} at {age}, and {problem} became our daily battle.",
        "For two years {problem} was the hardest part of {child}'s {cond}.",
        "Nobody warned us how much {cond} would affect {problem}. "
        "Here's what finally helped {child}.",
        "We tried almost everything for {problem} before this simple fix stuck.",
        "Our {cond} team suggested a few things for {problem}; this is the one that worked for us.",
    ],
    "change_idea": [
        "In our {cond} clinic, {problem} kept coming up in family feedback, "
        "so we ran a small test of change.",
        "Our nurses noticed that families living with {cond} struggled with {problem}, "
        "and the data agreed.",
        "We are a paediatric team of six looking after about 300 children with {cond}. "
        "{Problem} was our weakest measure.",
        "Parent partners on our improvement team asked us to work on {problem} "
        "for patients with {cond}.",
    ],
    "question": [
        "{child} is {age} and has {cond}. We are struggling with {problem} and would love ideas.",
        "Has anyone found a good way to handle {problem} with {cond}?",
        "Our team is stuck on {problem}. What has worked for other families with {cond}?",
        "Newly diagnosed with {cond} and overwhelmed by {problem}. Where do we start?",
    ],
}

HEADINGS = {
    "hack": ["**What we set up**", "**What we did**", "**What made the difference**"],
    "change_idea": ["**What we changed**", "**How we tested it**", "**The change, step by step**"],
    "question": ["**What we've tried so far**", "**Where we are now**"],
}

# The plan itself: most steps belong to one everyday problem, a few to any.
STEPS = [
    "A checklist on the fridge so nobody has to remember {treatment} from memory.",
    "We keep a spare kit with {treatment} and a change of clothes wherever {child} spends the day.",
    "A shared notes app where we log {symptom} with the time and what happened before.",
    "A one-page summary of {cond}, {treatment} and emergency contacts for new staff.",
    "We moved {treatment} to the same time as something {child} already does every day.",
    "{child} chose the alarm sound and the reward chart, which made it theirs.",
]

TOPIC_STEPS = {
    "school": [
        "A laminated card that lets {child} leave class without asking, kept on the desk.",
        "A seat near the door, agreed with the teacher and never announced to the class.",
        "The school nurse keeps a labelled box with {treatment} and spare clothes.",
        "We met the head of year before term started, not after the first bad day.",
        "Rest breaks and extra time in exams written into the care plan.",
        "A buddy who walks with {child} to the nurse's office on rough days.",
    ],
    "sleep": [
        "The alarm moved to our room so {child} sleeps through unless it really matters.",
        "A dim red night light so checks don't wake anyone fully.",
        "We split the night: one parent until two, the other after.",
        "Bedtime moved thirty minutes earlier on school nights.",
        "A white noise machine covers the pump beeps.",
        "A video monitor with sound alerts, so we stopped checking every hour.",
    ],
    "food": [
        "We batch cook safe meals on Sundays and freeze them in single portions.",
        "A picture menu {child} picks from, so meals feel like a choice.",
        "Snacks in every bag, the car and the school office.",
        "We stopped arguing about the last few bites; the dietitian backed us up.",
        "A separate toaster and labelled butter, so nobody has to think about cross-contact.",
        "Carb counts written on the lunchbox lid for the lunchtime staff.",
    ],
    "medicines": [
        "A weekly pill organiser filled on Sunday evening with the whole family.",
        "Tablets practised with small sweets first, then the real thing.",
        "Phone reminders with a different sound for each medicine.",
        "The pharmacy now sends a text when the repeat prescription is ready.",
        "Liquid medicine chilled and followed straight away by a favourite drink.",
        "Injection nights paired with a film and a small treat.",
    ],
    "appointments": [
        "We write our three questions on a card before every clinic visit.",
        "Blood tests booked for the same morning as clinic, so it's one trip.",
        "We ask for the letter to be copied to us and to school.",
        "A folder with every result, in date order, that goes to every appointment.",
        "Photos of rashes and swelling on the phone, so the doctor sees the bad days too.",
        "We phone the specialist nurse line instead of waiting for the next visit.",
    ],
    "hospital": [
        "A hospital bag packed and ready by the door with chargers and a long cable.",
        "The hospital teacher set work so {child} didn't fall behind.",
        "We asked the play specialist to help before the first cannula.",
        "A whiteboard by the bed with who is visiting and when.",
        "Discharge checklist agreed on day one, not on the last afternoon.",
        "Video calls with classmates every Friday while on the ward.",
    ],
    "travel": [
        "A letter from the team for airport security and the medicines in hand luggage.",
        "We called the camp nurse a month ahead and sent the care plan.",
        "A cool bag with ice packs and a spare of everything.",
        "We look up the nearest children's hospital before every trip.",
        "Travel insurance that names {cond}, checked before booking.",
        "School trip staff had a short session with our nurse.",
    ],
    "sport": [
        "PE teacher knows the signs and has {treatment} at the side of the pitch.",
        "Warm-up stretches at home before matches.",
        "A water bottle and snacks that count as part of the kit.",
        "Swimming lessons with a coach who knows about {cond}.",
        "We agreed a signal {child} can give to sit out without explaining.",
        "Short walks after dinner built stamina slowly.",
    ],
    "feelings": [
        "A weekly check-in where {child} rates the week from one to ten.",
        "A peer group of other teens with {cond}, online and in person.",
        "We saw the hospital psychologist together, then {child} went alone.",
        "A worry jar by the bed that we empty on Sunday.",
        "Grandparents and siblings learned what to say and what not to say.",
        "A parent support group on Thursday evenings kept us going.",
    ],
    "monitoring": [
        "A simple spreadsheet with {symptom}, sleep and food every day.",
        "We share the app with the clinic, so they see trends before the visit.",
        "Daily weights on the same scale at the same time, written on the calendar.",
        "A symptom diary with smiley faces {child} fills in alone.",
        "Thresholds agreed with the team: when to watch, when to call.",
        "A run chart on the fridge that shows the good weeks too.",
    ],
    "work": [
        "{child} now orders repeat prescriptions alone, with us checking once a month.",
        "A transition clinic visit every six months from age fourteen.",
        "Reasonable adjustments at work agreed in writing.",
        "University disability service contacted before term started.",
        "{child} practised explaining {cond} to a new doctor in two minutes.",
        "A shared calendar for appointments that {child} owns.",
    ],
    "clinic": [
        "A five minute huddle before clinic to review labs and open questions.",
        "We phone families two days before the visit and ask what matters most to them.",
        "A parent partner joins the team meeting once a month and brings back feedback.",
        "We tracked {symptom} on a run chart and shared it at every visit.",
        "Text reminders the evening before, written with families, in plain words.",
        "Pre-visit planning: labs ordered ahead so results are ready in clinic.",
    ],
}

RESULTS = {
    "hack": [
        "Three months on, {problem} is no longer a fight, and {child} handles most of it alone.",
        "It isn't perfect, but the bad days are fewer and {child} feels in control again.",
        "The school said it was the easiest plan they'd ever put in place. Worth a try.",
        "We went from weekly calls from the {place} to none this term.",
    ],
    "change_idea": [
        "After four PDSA cycles, missed {treatment} fell from about one in four visits "
        "to one in twelve.",
        "Families rated the change highly, and the team kept it because it saved time.",
        "We measured {symptom} before and after; the improvement held for six months.",
        "Other clinics in the network have adopted it with small changes to fit their setting.",
    ],
    "question": [
        "Any ideas welcome, especially from families who have been through this.",
        "Did anything help with {symptom}? We are open to trying almost anything sensible.",
        "If your team changed something that worked, I'd love to hear how you measured it.",
    ],
}

TITLES = {
    "hack": [
        "What finally worked for {problem} with {cond}",
        "Our {treatment} routine for {cond}",
        "{Place}: the plan that made {cond} easier",
        "Small change, big difference: {symptom} and {problem}",
    ],
    "change_idea": [
        "Change idea: {treatment} support that cut {symptom} visits",
        "How our clinic improved {problem} for {cond} patients",
        "Pre-visit planning for {cond}: what we changed",
        "Testing a new approach to {problem} in {cond} care",
    ],
    "question": [
        "How do you manage {problem} with {cond}?",
        "{Symptom} at {place}: any tips?",
        "Ideas for {treatment} with a {age} child?",
        "Anyone else dealing with {symptom} and {problem}?",
    ],
}

AGES = ["three", "five", "seven", "nine", "eleven", "thirteen", "fifteen", "seventeen"]
PERSPECTIVES = {"caregiver": 40, "patient": 25, "clinician": 25, "researcher": 5, "other": 5}

# Background sentences: the texture of a real post, between the opener and the plan.
CONTEXT = [
    "Mornings were the worst: {symptom} before breakfast, then the rush to get out of the door.",
    "The {place} staff were kind but didn't know what {cond} means day to day.",
    "We kept a diary for a month and noticed that {symptom} was worse after late nights "
    "and busy weekends.",
    "Our specialist nurse reminded us that small, boring routines beat big plans.",
    "{child} hated being the only one who had to stop and deal with {treatment}.",
    "The waiting list for psychology was eight months, "
    "so we had to find our own way through the worry.",
    "Grandparents look after {child} twice a week, "
    "so whatever we did had to be simple enough to hand over.",
    "Most advice online was written for adults and didn't fit a {age}-year-old.",
    "Money was tight, so anything we tried had to be cheap or free.",
    "We live an hour from the hospital, which makes every unplanned visit a whole day lost.",
    "Our consultant was supportive but clinic appointments are only fifteen minutes.",
    "The first plan fell apart within a week because it depended on one teacher who then left.",
    "Looking back, we waited far too long to ask for help with {problem}.",
    "Siblings noticed everything, so we made sure they had a part to play as well.",
    "Every flare meant missed lessons, missed matches and a lot of tears.",
    "Our local hospital is small and {cond} is rare there, so we often explain it ourselves.",
    "We have two younger children, so anything complicated simply doesn't happen.",
    "{child} is stubborn, funny and very private about {cond}.",
    "It took three tries to find something that suited both of us.",
    "Winter is always harder: colds, early dark evenings and fewer outdoor plans.",
    "We both work shifts, which makes routines difficult.",
    "The consultant changed twice in a year, and each one had different advice.",
    "Half term and holidays undo whatever routine we build in term time.",
    "English is our second language, so written plans helped everyone.",
    "Our GP was happy to help once the hospital sent a clear letter.",
]

TIPS = [
    "Tip: write the plan down and give copies to everyone, including {child}.",
    "If you try this, start small and change one thing at a time so you can tell what helped.",
    "Ask your team for a letter on headed paper; it opens doors at {place} far faster.",
    "Review it every term: what worked at {age} may need changing a year later.",
    "Happy to share our templates if anyone wants them.",
]

# The head of the free-text vocabulary: common English words, most frequent
# first (they take the top Zipf ranks). Words of the phrases above follow them,
# then generated words for the long tail (``bench.corpus.vocabulary``).
ENGLISH = """
# noqa: SIM905 (a word list reads best as text) the and to of a in that it is was for on you
he with as we they at be this have from or one had by but not what all were when there can
an your which their said if do will each about how up out them then she many some so these
would other into has more her two like him see time could no make than first been its who
now people my made over did down only way find use may water long little very after words
called just where most know get through back much go good new write our me man too any day
same right look think also around another came come work three word must because does part
even place well such here take why help put different away again off went old number great
tell men say small every found still between name should home big give air line set own
under read last never us left end along while might next sound below saw something thought
both few those always show large often together asked house world going want school
important until form food keep children feet land side without boy once animal life enough
took four head above kind began almost live page got earth need far hand high year mother
light country father let night picture being study second soon story since white ever paper
hard near sentence better best across during today however sure knew try told young sun
thing whole hear example heard several change answer room sea against top turned learn point
city play toward five himself usually money seen car morning body upon family later turn
move face door cut done group true leave color red friend pretty eat fact really rather
small wait spring dark bad short open remember quite carry early plan ready hour table
minute walk doctor week month easy tired careful worried happy sad angry calm quiet busy
slow quick late clean warm cold soft bag bottle phone list note card box coat shoe bed chair
kitchen garden bus train street shop office book letter class lesson test game team match
ball club party holiday weekend breakfast dinner supper snack drink tea coffee juice bread
milk fruit apple rice pasta soup sister brother grandma grandad aunt uncle cousin baby
teacher nurse friend neighbour driver
""".split()  # noqa: SIM905 (a word list reads best as text)

# Syllables for the generated tail: pronounceable, and never a real search word.
ONSETS = ["b", "br", "c", "cl", "d", "dr", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p",
          "pl", "r", "s", "st", "t", "tr", "v", "w", "z", "sh", "th", "ch"]  # fmt: skip
NUCLEI = ["a", "e", "i", "o", "u", "ai", "ea", "oo", "ou", "y"]
CODAS = ["", "", "n", "r", "l", "s", "t", "m", "nd", "st", "rk", "ng"]
