"""The queue works what can hurt someone first; a clinician's word on unsafe advice
weighs a moderator's; approving a harmless post needs no written reason."""

from __future__ import annotations

from forum.extensions import db
from moderation.models import Flag
from tests.moderation.helpers import ctx, log_rows, new_post, post_status, sign_in, text_of, user
from tests.moderation.test_queue import decide, flag_as, pending_post, queue_titles


def test_unsafe_advice_and_privacy_come_before_heavier_off_topic_flags(app, client, cast):
    off_topic = new_post(app, title="Heavily flagged off topic chat")
    unsafe = new_post(app, title="Stop your steroids overnight")
    school = new_post(app, title="Names the school and class")
    spam = new_post(app, title="Lightly flagged advert")
    flag_as(app, "steward", off_topic, "off_topic")  # weight 4
    flag_as(app, "regular", off_topic, "off_topic")  # + 3 = 7, the heaviest
    flag_as(app, "member", unsafe, "unsafe_advice")  # weight 2
    flag_as(app, "newbie", school, "privacy")  # weight 1, flagged first
    flag_as(app, "member", spam, "spam")  # weight 2
    sign_in(client, "moderator")
    assert queue_titles(client) == [
        "Stop your steroids overnight",  # harm first, heavier before lighter
        "Names the school and class",
        "Heavily flagged off topic chat",  # then the rest by weight
        "Lightly flagged advert",
    ]
    page = text_of(client.get("/moderation/queue"))
    assert page.count("Could cause harm") == 2


def test_a_verified_clinicians_unsafe_advice_flag_weighs_a_moderators(app, client, cast):
    post_id = new_post(app, title="Double the dose if it isn't working")
    other = new_post(app, title="Another post")
    flag_as(app, "clinician", post_id, "unsafe_advice")
    flag_as(app, "clinician", other, "spam")
    with ctx(app):
        weights = dict(db.session.execute(db.select(Flag.reason, Flag.weight)).all())
        moderator_weight = app.config["MODERATION_MODERATOR_FLAG_WEIGHT"]
        assert weights["unsafe_advice"] == moderator_weight
        assert weights["spam"] == 1.0 + user("clinician").trust_level  # anyone's weight
    sign_in(client, "moderator")
    assert f"Flag weight {moderator_weight:g}" in text_of(client.get("/moderation/queue"))


def test_approving_needs_no_reason_but_upholding_still_does(app, client, cast):
    post_id = pending_post(app)
    sign_in(client, "steward")
    response = decide(client, post_id, "approve", reason="")
    assert response.status_code == 303
    assert post_status(app, post_id) == "published"
    assert log_rows(app)[-1][:3] == ("approve", "post", post_id)
    flagged = new_post(app, title="An advert")
    flag_as(app, "member", flagged, "spam")
    response = decide(client, flagged, "remove", reason="")
    assert "Give a short reason" in text_of(client.get(response.location))
    assert post_status(app, flagged) == "published"


def test_the_decision_form_does_not_demand_a_reason(app, client, cast):
    pending_post(app)
    sign_in(client, "steward")
    page = client.get("/moderation/queue").get_data(as_text=True)
    assert "Reason (not needed to approve)" in page
    assert 'name="reason" rows="2" maxlength="500" required' not in page


def test_a_clinicians_flag_can_hide_a_post_with_one_more(app, client, cast):
    post_id = new_post(app)
    flag_as(app, "clinician", post_id, "unsafe_advice")  # 5
    flag_as(app, "regular", post_id, "unsafe_advice")  # + 3 = 8, the threshold
    assert post_status(app, post_id) == "hidden"
