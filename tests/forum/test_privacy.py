"""The privacy guard's detector: what it points out, and the health talk it leaves alone."""

from __future__ import annotations

import pytest

from forum.privacy import EXPLANATIONS, find_personal_information

# (text, kind, the span the author is shown)
FOUND = [
    # email addresses
    ("Message me at jane.doe@example.org if you want the letter.", "email", "jane.doe@example.org"),
    ("my email is JAMES_M+forum@mail.co.uk.", "email", "JAMES_M+forum@mail.co.uk"),
    ("write to sam (at) gmail (dot) com", "email", "sam (at) gmail (dot) com"),
    ("write to jane.doe at gmail dot com", "email", "jane.doe at gmail dot com"),
    ("[email me](mailto:k.lee@clinic-mail.net)", "email", "k.lee@clinic-mail.net"),
    # phone numbers, national and international formats
    ("Call me on 07700 900123 after school.", "phone", "07700 900123"),
    ("Her mobile: 07700900123", "phone", "07700900123"),
    ("Ring the ward on 020 7946 0958 any time", "phone", "020 7946 0958"),
    ("The unit is on (0161) 496 0000.", "phone", "(0161) 496 0000"),
    ("Our number is +44 7700 900123", "phone", "+44 7700 900123"),
    ("+44 (0)20 7946 0958 is the helpline", "phone", "+44 (0)20 7946 0958"),
    ("Call (555) 123-4567 and ask for Sue", "phone", "(555) 123-4567"),
    ("text 555-123-4567", "phone", "555-123-4567"),
    ("office 555.123.4567 weekdays", "phone", "555.123.4567"),
    ("1-800-555-0199 is free", "phone", "1-800-555-0199"),
    ("In Paris: +33 1 23 45 67 89", "phone", "+33 1 23 45 67 89"),
    ("Berlin clinic +49 30 12345678", "phone", "+49 30 12345678"),
    ("Sydney: +61 2 9876 5432", "phone", "+61 2 9876 5432"),
    ("WhatsApp me +91 98765 43210", "phone", "+91 98765 43210"),
    ("from abroad dial 0044 20 7946 0958", "phone", "0044 20 7946 0958"),
    ("phone me: 946 0958 12", "phone", "946 0958 12"),
    (
        "call oh seven seven zero nine, double oh one two three four",
        "phone",
        "oh seven seven zero nine, double oh one two three four",
    ),
    # dates of birth: only with words that say birth
    ("DOB 12/03/2015, diagnosed at 6", "birth_date", "DOB 12/03/2015"),
    ("D.O.B.: 2015-03-12", "birth_date", "D.O.B.: 2015-03-12"),
    ("He was born on 3 March 2015 at 30 weeks.", "birth_date", "born on 3 March 2015"),
    ("born 12.03.2015 in Leeds", "birth_date", "born 12.03.2015"),
    ("Date of birth: March 12, 2015", "birth_date", "Date of birth: March 12, 2015"),
    ("her birthday is the 3rd of May", "birth_date", "birthday is the 3rd of May"),
    (
        "Our twins were born on the 14th February 2019",
        "birth_date",
        "born on the 14th February 2019",
    ),
    ("12/03/2015 (DOB)", "birth_date", "12/03/2015 (DOB"),
    ("She was born in March 2015 at home", "birth_date", "born in March 2015"),
    ("Harry, b. 3/3/15, has asthma", "birth_date", "b. 3/3/15"),
    # medical record, NHS and insurance numbers
    ("His NHS number is 943 476 5919", "record_number", "NHS number is 943 476 5919"),
    ("MRN: 00123456", "record_number", "MRN: 00123456"),
    ("hospital number RX1234567 on the letter", "record_number", "hospital number RX1234567"),
    ("insurance ID XJH4471902", "record_number", "insurance ID XJH4471902"),
    ("Member ID: W123456789", "record_number", "Member ID: W123456789"),
    ("policy number 55-2210-987", "record_number", "policy number 55-2210-987"),
    ("Medicaid # 12345678A", "record_number", "Medicaid # 12345678A"),
    ("SSN 123-45-6789", "record_number", "SSN 123-45-6789"),
    ("medical record no. 4455667", "record_number", "medical record no. 4455667"),
    ("NHS#9434765919", "record_number", "NHS#9434765919"),
    ("the school form had 123-45-6789 on it", "record_number", "123-45-6789"),
    ("his number, 943 476 5919, is on the letter", "record_number", "943 476 5919"),
    # street addresses and postcodes
    ("We live at 42 Oak Street, come by", "address", "42 Oak Street"),
    ("the house at 221B Baker Street", "address", "221B Baker Street"),
    ("Flat 3, 14 Park Lane is ours", "address", "Flat 3, 14 Park Lane"),
    ("1600 Pennsylvania Avenue", "address", "1600 Pennsylvania Avenue"),
    ("post it to SW1A 1AA please", "address", "SW1A 1AA"),
    ("near M1 1AE", "address", "M1 1AE"),
    ("Springfield, IL 62704", "address", "IL 62704"),
    ("we live at 12 acacia avenue", "address", "12 acacia avenue"),
    # schools and classes
    ("He goes to St Mary's Primary and loves it", "school", "St Mary's Primary"),
    ("She is in Mrs Smith's Year 3 class.", "school", "Mrs Smith's Year 3 class"),
    ("Room 12 at Hillside Elementary has a fridge", "school", "Room 12 at Hillside Elementary"),
    # full names next to a diagnosis
    ("my son James Miller has Crohn's", "name_with_diagnosis", "James Miller"),
    ("Emily Carter was diagnosed last spring", "name_with_diagnosis", "Emily Carter"),
    ("Mrs Jane Smith has lupus and is doing well", "name_with_diagnosis", "Jane Smith"),
    (
        "Type 1 diabetes runs in the family; Oliver O'Brien got it at 4",
        "name_with_diagnosis",
        "Oliver O'Brien",
    ),
    (
        "our patient Sarah McDonald (ulcerative colitis) agreed",
        "name_with_diagnosis",
        "Sarah McDonald",
    ),
    ("jack peters has crohn's", "name_with_diagnosis", "jack peters"),
    ("JACK PETERS HAS CROHN'S", "name_with_diagnosis", "JACK PETERS"),
    ("This is Jack Peters. He has Crohn's.", "name_with_diagnosis", "Jack Peters"),
    ("Jack (Peters) has epilepsy", "name_with_diagnosis", "Jack (Peters)"),
]

# Health talk that must pass without a word.
CLEAN = [
    "Take 5 mg twice a day with food.",
    "3 times a day for 10 days",
    "2024-03-12 flare, the worst since diagnosis",
    "The flare started on 12/03/2024 and lasted a week.",
    "ICD K50 covers Crohn's disease.",
    "By week 12 the rash had gone.",
    "10-15 minutes of walking after lunch",
    "She takes 1,000 mg of calcium.",
    "Missed labs fell from 31% to 9% over six months.",
    "Blood pressure 120/80 at the last visit.",
    "HbA1c went from 58 to 48 mmol/mol.",
    "Ages 5-11 in the school group.",
    "We tracked it from 2019-2023 in a diary.",
    "He was born at 32 weeks and spent 6 weeks in the NICU.",
    "She was born in 2015.",
    "His birthday party went fine with the gluten-free cake.",
    "born on time, no problems",
    "My insurance covered 12 sessions.",
    "The insurance paid 80% of it.",
    "Medicare covered 3 of 4 sessions.",
    "I keep my NHS number on a card in my wallet.",
    "Walked 3 miles down the road every evening.",
    "We love Great Ormond Street's IBD team.",
    "Main Street has a pharmacy open late.",
    "Dr Sarah Jones explained his colitis plan.",
    "Professor Alan Reed runs the lupus clinic.",
    "Crohn's and Colitis UK has a helpline leaflet.",
    "Juvenile Idiopathic Arthritis is hard on mornings.",
    "Last Tuesday James had a good day despite the Crohn's.",
    "New York has great CF centres.",
    "Thank you Sarah! The bathroom pass worked.",
    "Emily Carter wrote a great book about gardening.",
    "Follow @e2e-nurse for clinic tips",
    "Dose: 0.5 ml per kg, twice daily",
    "1 in 100 children have coeliac disease.",
    "Version 2.3.1 of the app fixed the reminders.",
    "We waited 40 minutes, then 2 hours more.",
    "Our clinic had 120 families and 14 nurses.",
    "Step 1: ring the school nurse. Step 2: agree a plan.",
    "Ratio of 3:1 carbs to insulin in the morning.",
    "Between 2021 and 2022 we tried 4 diets.",
    "NHS 111 helped at night.",
    "Apply the cream at 8 pm and 8 am.",
    "See https://example.org/guides/2024/03/school for the form.",
    "Markdown like **bold** and `code` is fine.",
    "The 42 Oak trees near school were lovely.",
    "CKD stage 3 since 2020",
    "Take 400 IU of vitamin D daily.",
    "My son has Crohn's. In March we started Humira, 40 mg every other week.",
    "He is in Year 5 and the school nurse keeps his inhaler.",
    "Dr Sarah Jones diagnosed his Crohn's at 7 (ICD K50.9).",
]


@pytest.mark.parametrize(("text", "kind", "span"), FOUND, ids=[f"{k}:{s}" for _, k, s in FOUND])
def test_points_out_personal_information(text, kind, span):
    found = find_personal_information(text)
    assert [(f.kind, f.text) for f in found] == [(kind, span)]
    finding = found[0]
    assert text[finding.start : finding.end] == span
    assert finding.explanation == EXPLANATIONS[kind]
    assert finding.label


@pytest.mark.parametrize("text", CLEAN)
def test_leaves_ordinary_health_talk_alone(text):
    assert find_personal_information(text) == []


def test_the_table_is_big_enough():
    assert len(FOUND) >= 40 and len(CLEAN) >= 40
    assert {kind for _, kind, _ in FOUND} == set(EXPLANATIONS)


def test_several_findings_come_back_in_reading_order():
    text = (
        "Our son Tom Baker has Crohn's disease. Born on 4 June 2014, NHS number 943 476 5919.\n"
        "Call 07700 900123 or write to tom.parents@example.org. We're at 9 Elm Road."
    )
    found = find_personal_information(text)
    assert [f.kind for f in found] == [
        "name_with_diagnosis",
        "birth_date",
        "record_number",
        "phone",
        "email",
        "address",
    ]
    assert [f.start for f in found] == sorted(f.start for f in found)


def test_a_record_number_is_not_also_reported_as_a_phone_number():
    found = find_personal_information("NHS number 943 476 5919")
    assert [f.kind for f in found] == ["record_number"]


def test_empty_and_huge_text():
    assert find_personal_information("") == []
    # A long post of ordinary text stays quick and quiet (no pathological regexes).
    long = "We tried 5 mg for 3 weeks and it helped. " * 2000
    assert find_personal_information(long) == []
