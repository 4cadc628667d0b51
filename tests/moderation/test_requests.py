"""Members' requests: clinician verification and a missing condition, sent from
their forms, decided by moderators in the queue, and followed by the member."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Condition
from moderation.models import ConditionProposal, VerificationRequest
from tests.moderation.helpers import ctx, log_rows, sign_in, text_of, user

VERIFY = {
    "profession": "Paediatric nurse",
    "registration_body": "Nursing and Midwifery Council",
    "registration_number": "12A3456B",
    "register_url": "https://www.nmc.org.uk/registration/search-the-register/",
}
PROPOSE = {
    "name": "Eosinophilic oesophagitis",
    "parent": "",
    "synonyms": "EoE, eosinophilic esophagitis",
    "why": "Several families here manage it with elimination diets.",
}


def count(app, model) -> int:
    with ctx(app):
        return db.session.scalar(select(func.count()).select_from(model))


def only(app, model):
    with ctx(app):
        return db.session.scalars(select(model)).one()


def queue_page(client) -> str:
    return text_of(client.get("/moderation/queue"))


# --- clinician verification -----------------------------------------------------------


def test_the_profile_links_to_the_request_and_the_details_stay_private(app, client, cast):
    sign_in(client, "member")
    page = text_of(client.get("/users/member"))
    assert "Request clinician verification" in page
    form = text_of(client.get("/moderation/requests/verification"))
    assert "Only moderators see these details" in form
    response = client.post("/moderation/requests/verification", data=VERIFY)
    assert response.status_code == 303
    assert "waiting for a moderator" in text_of(client.get("/users/member")).lower()
    row = only(app, VerificationRequest)
    assert (row.status, row.registration_number) == ("pending", "12A3456B")
    # Nobody else sees any of it: not on the profile, not to other members.
    for viewer in (None, "regular"):
        sign_in(client, viewer)
        page = text_of(client.get("/users/member"))
        assert "12A3456B" not in page and "Request clinician verification" not in page
    sign_in(client, "moderator")
    assert "12A3456B" in queue_page(client)


def test_a_moderator_approves_and_the_member_is_verified_with_a_log_row(app, client, cast):
    sign_in(client, "member")
    client.post("/moderation/requests/verification", data=VERIFY)
    request_id = only(app, VerificationRequest).id
    sign_in(client, "moderator")
    page = queue_page(client)
    assert "member asks to be verified as a clinician" in page
    response = client.post(
        f"/moderation/queue/verifications/{request_id}", data={"decision": "approve"}
    )
    assert response.status_code == 303
    with ctx(app):
        member = user("member")
        assert member.clinician_verified and member.perspective == "clinician"
        assert db.session.get(VerificationRequest, request_id).status == "approved"
        member_id = member.id
    assert log_rows(app)[-1] == ("verify_clinician", "user", member_id, user_id(app, "moderator"))
    assert "asks to be verified" not in queue_page(client)
    sign_in(client, None)
    assert "Verified clinician" in text_of(client.get("/users/member"))


def user_id(app, name: str) -> int:
    with ctx(app):
        return user(name).id


def test_a_decline_needs_a_reason_and_the_member_reads_it(app, client, cast):
    sign_in(client, "member")
    client.post("/moderation/requests/verification", data=VERIFY)
    request_id = only(app, VerificationRequest).id
    sign_in(client, "moderator")
    url = f"/moderation/queue/verifications/{request_id}"
    response = client.post(url, data={"decision": "decline", "reason": ""})
    assert "Say why you're declining it" in text_of(client.get(response.location))
    assert only(app, VerificationRequest).status == "pending"
    reason = "The number isn't on the NMC register; please check it."
    client.post(url, data={"decision": "decline", "reason": reason})
    assert only(app, VerificationRequest).status == "declined"
    assert log_rows(app)[-1][0] == "decline_verification"
    sign_in(client, "member")
    assert reason in text_of(client.get("/moderation/requests"))
    assert reason in text_of(client.get("/users/member"))
    with ctx(app):
        assert not user("member").clinician_verified


def test_bad_input_says_what_is_wrong_and_saves_nothing(app, client, cast):
    sign_in(client, "member")
    bad = {**VERIFY, "registration_number": "<script>", "register_url": "javascript:alert(1)"}
    response = client.post("/moderation/requests/verification", data=bad)
    assert response.status_code == 400
    page = text_of(response)
    assert "A registration number is letters and digits" in page
    assert "full https:// link" in page
    response = client.post("/moderation/requests/verification", data={})
    assert response.status_code == 400 and "Enter your role or profession" in text_of(response)
    assert count(app, VerificationRequest) == 0


def test_one_request_at_a_time_and_none_for_the_verified(app, client, cast):
    sign_in(client, "member")
    client.post("/moderation/requests/verification", data=VERIFY)
    response = client.post("/moderation/requests/verification", data=VERIFY)
    assert "already with the moderators" in text_of(client.get(response.location))
    sign_in(client, "clinician")
    response = client.post("/moderation/requests/verification", data=VERIFY)
    assert "already a verified clinician" in text_of(client.get(response.location))
    assert count(app, VerificationRequest) == 1


def test_suspended_members_cannot_ask(app, client, cast):
    sign_in(client, "suspended")
    assert client.get("/moderation/requests/verification").status_code == 403
    assert client.post("/moderation/requests/verification", data=VERIFY).status_code == 403
    assert client.post("/moderation/requests/condition", data=PROPOSE).status_code == 403
    assert count(app, VerificationRequest) == count(app, ConditionProposal) == 0


def test_only_moderators_decide_and_never_their_own_request(app, client, cast):
    sign_in(client, "steward")
    client.post("/moderation/requests/verification", data=VERIFY)
    request_id = only(app, VerificationRequest).id
    url = f"/moderation/queue/verifications/{request_id}"
    for reviewer in ("clinician", "regular"):
        sign_in(client, reviewer)
        assert client.post(url, data={"decision": "approve"}).status_code == 403
    sign_in(client, "moderator")
    client.post("/moderation/requests/verification", data=VERIFY)
    own = db_id_of_pending(app, "moderator")
    assert "moderator asks to be verified" not in queue_page(client)
    response = client.post(f"/moderation/queue/verifications/{own}", data={"decision": "approve"})
    assert response.status_code == 403
    with ctx(app):
        assert not user("moderator").clinician_verified and not user("steward").clinician_verified


def db_id_of_pending(app, name: str) -> int:
    with ctx(app):
        return db.session.scalar(
            select(VerificationRequest.id).where(
                VerificationRequest.user_id == user(name).id,
                VerificationRequest.status == "pending",
            )
        )


# --- proposing a condition ---------------------------------------------------------------


def test_the_conditions_page_links_to_the_proposal_form(app, client, cast):
    assert "Propose a condition" in text_of(client.get("/conditions"))
    response = client.get("/moderation/requests/condition")
    assert response.status_code == 302 and "/auth/login" in response.location
    sign_in(client, "member")
    assert "Where it belongs" in text_of(client.get("/moderation/requests/condition"))


def test_an_approved_condition_joins_the_catalogue_with_its_parent_and_synonyms(app, client, cast):
    with ctx(app):
        parent = db.session.scalars(select(Condition).where(Condition.parent_id.is_(None))).first()
        parent_slug, parent_name = parent.slug, parent.name
    sign_in(client, "member")
    response = client.post(
        "/moderation/requests/condition", data={**PROPOSE, "parent": parent_slug}
    )
    assert response.status_code == 303
    assert "Eosinophilic oesophagitis" not in text_of(client.get("/conditions"))
    sign_in(client, "moderator")
    page = queue_page(client)
    assert "Eosinophilic oesophagitis" in page and "Several families here" in page
    proposal_id = only(app, ConditionProposal).id
    response = client.post(
        f"/moderation/queue/conditions/{proposal_id}", data={"decision": "approve"}
    )
    assert response.status_code == 303
    with ctx(app):
        added = db.session.scalars(
            select(Condition).where(Condition.slug == "eosinophilic-oesophagitis")
        ).one()
        assert added.name == "Eosinophilic oesophagitis"
        assert added.parent.slug == parent_slug
        assert added.synonyms == ["EoE", "eosinophilic esophagitis"]
    assert log_rows(app)[-1][:3] == ("add_condition", "proposal", proposal_id)
    sign_in(client, None)
    conditions = text_of(client.get("/conditions"))
    assert "Eosinophilic oesophagitis" in conditions and "Also called EoE" in conditions
    assert client.get("/conditions/eosinophilic-oesophagitis").status_code == 200
    sign_in(client, "member")
    assert "eosinophilic-oesophagitis" in text_of(client.get("/posts/new"))  # in the picker
    mine = text_of(client.get("/moderation/requests"))
    assert "Approved" in mine and "See it under Conditions" in mine
    assert parent_name in mine


def test_a_name_already_in_the_catalogue_or_waiting_is_refused(app, client, cast):
    with ctx(app):
        existing = db.session.scalars(select(Condition)).first().name
    sign_in(client, "member")
    response = client.post("/moderation/requests/condition", data={**PROPOSE, "name": existing})
    assert "already in the catalogue" in text_of(client.get(response.location))
    client.post("/moderation/requests/condition", data=PROPOSE)
    sign_in(client, "regular")
    response = client.post("/moderation/requests/condition", data=PROPOSE)
    assert "waiting for review" in text_of(client.get(response.location))
    assert count(app, ConditionProposal) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Enter the condition's name"),
        ({"parent": "no-such-condition"}, "Choose a parent from the list"),
        ({"why": ""}, "Say briefly why it belongs"),
        ({"name": "!!!"}, "Write the condition's name in letters"),
        ({"synonyms": ",".join(f"name {n}" for n in range(12))}, "at most 8 other names"),
    ],
)
def test_a_bad_proposal_says_what_is_wrong_and_adds_nothing(app, client, cast, data, message):
    sign_in(client, "member")
    before = count(app, Condition)
    response = client.post("/moderation/requests/condition", data={**PROPOSE, **data})
    assert response.status_code == 400
    assert message in text_of(response)
    assert count(app, ConditionProposal) == 0 and count(app, Condition) == before


def test_a_declined_proposal_tells_the_proposer_why_and_adds_nothing(app, client, cast):
    sign_in(client, "member")
    client.post("/moderation/requests/condition", data=PROPOSE)
    before = count(app, Condition)
    sign_in(client, "moderator")
    reason = "It's already covered under Eosinophilic disorders."
    proposal_id = only(app, ConditionProposal).id
    client.post(
        f"/moderation/queue/conditions/{proposal_id}",
        data={"decision": "decline", "reason": reason},
    )
    assert count(app, Condition) == before
    assert log_rows(app)[-1][:3] == ("decline_condition", "proposal", proposal_id)
    assert "Proposed condition “Eosinophilic oesophagitis”" in text_of(
        client.get("/moderation/log")
    )
    sign_in(client, "member")
    page = text_of(client.get("/moderation/requests"))
    assert "Declined" in page and reason in page


def test_deciding_twice_is_a_conflict_not_a_second_condition(app, client, cast):
    sign_in(client, "member")
    client.post("/moderation/requests/condition", data=PROPOSE)
    proposal_id = only(app, ConditionProposal).id
    sign_in(client, "moderator")
    url = f"/moderation/queue/conditions/{proposal_id}"
    client.post(url, data={"decision": "approve"})
    before = count(app, Condition)
    response = client.post(url, data={"decision": "approve"})
    assert "already decided" in text_of(client.get(response.location))
    assert count(app, Condition) == before
    assert [r[0] for r in log_rows(app)].count("add_condition") == 1
