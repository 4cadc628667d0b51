"""A small, realistic world for the browser tests to look at.

Built once per run in the live server's database through the same factories
(and so the same services) as the rest of the suite. Tests read it; a test
that changes something builds its own users and posts.
"""

from __future__ import annotations

from types import SimpleNamespace

from moderation.flags import flag
from moderation.reviews import review_post
from tests.factories import make_comment, make_outcome, make_post, make_user

HACK_BODY = """\
Our son (11) kept missing lessons because he was too embarrassed to ask to leave.

What worked for us:

1. A **bathroom pass** card agreed with the head of year, so he never has to explain.
2. A seat near the door in every classroom.
3. A spare set of clothes in the school nurse's office.

We wrote it into his [school health plan](https://example.org/health-plan). \
After a term he had missed *no* lessons for toilet trips.

> Ask for a meeting before term starts; it is much easier than fixing it later.
"""

CHANGE_IDEA_BODY = """\
Our clinic added a 10-minute **pre-visit planning huddle** the day before clinic.
The nurse checks which labs are due and orders them in advance.

- Missed labs fell from 31% to 9% over six months.
- Families said visits felt less rushed.
"""


def build_world() -> SimpleNamespace:
    parent = make_user("e2e-parent", perspective="caregiver", trust_level=1)
    clinician = make_user(
        "e2e-nurse", perspective="clinician", trust_level=3, clinician_verified=True
    )
    moderator = make_user("e2e-moderator", perspective="other", role="moderator", trust_level=4)
    others = [make_user(f"e2e-reader{i}", perspective="patient") for i in range(1, 4)]

    hack = make_post(
        parent,
        title="A bathroom pass card made school bearable again",
        body=HACK_BODY,
        kind="hack",
        conditions=("crohns-disease", "ulcerative-colitis"),
        tags=("school", "bathroom-pass"),
    )
    advice = make_comment(
        hack, clinician, "We now suggest this to every family starting secondary school."
    )
    make_comment(hack, others[0], "Did the school ask for a letter from the clinic?")
    make_outcome(hack, others[0], "worked", "Our school agreed in a week. Big relief.")
    make_outcome(hack, others[1], "worked")
    make_outcome(hack, others[2], "partly", "Worked in most lessons, not in exams.")
    review_post(clinician, hack, label="low_risk", note="Simple, reversible, agreed with school.")

    change_idea = make_post(
        clinician,
        title="Pre-visit planning huddle cut missed labs",
        body=CHANGE_IDEA_BODY,
        kind="change_idea",
        conditions=("ibd", "juvenile-idiopathic-arthritis"),
        tags=("clinic", "labs"),
    )
    review_post(moderator, change_idea, label="care_team", note="Needs a clinic team to set up.")
    question = make_post(
        others[0],
        title="How do you manage flares during exam season?",
        body="Any tips for revision when energy is low?",
        kind="question",
        conditions=("crohns-disease",),
    )
    # Something waiting in the review queue.
    flag(others[1], question, reason="off_topic", note="Belongs in the school board thread?")
    return SimpleNamespace(
        parent=parent.username,
        clinician=clinician.username,
        moderator=moderator.username,
        reader=others[0].username,
        hack_id=hack.id,
        change_idea_id=change_idea.id,
        question_id=question.id,
        clinician_comment_id=advice.id,
        condition_slug="crohns-disease",
        empty_condition_slug="celiac-disease",
    )
