"""A post's record through the API: the same shape the page shows, written with
the same rules and words as the record page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import DataPoint, Measure, PdsaCycle, Post, User
from forum.models.timestamps import utcnow
from forum.services.accounts import issue_token
from tests.factories import make_post, make_user
from tests.forum.api_helpers import RECORD_KEYS, Api

IDEA = {
    "title": "Pre-visit planning huddle cut missed labs",
    "body": "A ten-minute huddle the day before clinic.",
    "kind": "change_idea",
    "conditions": ["crohns-disease"],
    "aim": {"what": "Fewer missed blood tests", "target": "Under 1 in 10", "by": "2026-12-31"},
    "setting": {"kind": "clinic", "size": "About 300 children", "people": "2 nurses"},
}
CYCLE = {"started_on": "2026-03-02", "plan": "Huddle on Mondays.", "decision": "adapt"}


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def people(app):
    """Tokens of the idea's author ("nurse"), a co-author-to-be ("peer") and a stranger."""
    with app.app_context():
        return {
            name: issue_token(make_user(name, perspective="clinician"))
            for name in ("nurse", "peer", "stranger")
        }


@pytest.fixture
def idea(app, people):
    with app.app_context():
        nurse = db.session.scalar(select(User).where(User.username == "nurse"))
        return make_post(nurse, kind="change_idea").id


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_change_idea_is_created_with_its_aim_and_setting_and_read_back(app, api, people):
    response = api.post("/api/v1/posts", IDEA, token=people["nurse"])
    assert response.status_code == 201
    record = response.json["post"]["record"]
    assert set(record) == RECORD_KEYS
    assert record["aim"] == IDEA["aim"]
    assert record["setting"] == IDEA["setting"]
    assert (record["measures"], record["cycles"], record["coauthors"]) == ([], [], [])
    again = api.get(f"/api/v1/posts/{response.json['post']['id']}").json["post"]
    assert again["record"] == record


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"aim": {}}, "aim_what", "Say what will improve: a change idea needs an aim."),
        (
            {"aim": {"what": "x", "by": "31/12/2026"}},
            "aim_by",
            "Enter a real date as year-month-day, for example 2026-03-31.",
        ),
        ({"setting": {"kind": "moon"}}, "setting_kind", None),
        ({"aim": "fewer labs"}, "aim", "Send this as a JSON object whose values are text or null."),
        ({"aim": {"what": ["x"]}}, "aim", None),
    ],
)
def test_a_bad_aim_or_setting_is_a_400_naming_the_field(app, api, people, change, field, message):
    response = api.post("/api/v1/posts", {**IDEA, **change}, token=people["nurse"])
    assert response.status_code == 400
    fields = response.json["error"]["fields"]
    assert field in fields
    if message:
        assert fields[field] == message
    assert count(app, Post) == 0


def test_the_privacy_guard_reads_the_setting(app, api, people):
    body = {**IDEA, "setting": {"people": "Ring Jane on 07700 900123"}}
    response = api.post("/api/v1/posts", body, token=people["nurse"])
    assert response.status_code == 409
    assert "setting" in response.json["error"]["fields"]
    confirmed = api.post(
        "/api/v1/posts", {**body, "privacy_confirmed": True}, token=people["nurse"]
    )
    assert confirmed.status_code == 201


def test_patch_changes_part_of_the_aim_and_keeps_the_rest(app, api, people, idea):
    patch = {"aim": {"target": "Half as many"}, "setting": {"kind": "home"}}
    response = api.call("PATCH", f"/api/v1/posts/{idea}", json_body=patch, token=people["nurse"])
    assert response.status_code == 200
    post = response.json["post"]
    assert post["record"]["aim"]["what"] == "Fewer missed blood tests before clinic"
    assert post["record"]["aim"]["target"] == "Half as many"
    assert post["record"]["setting"]["kind"] == "home"
    assert post["title"]  # left out, so kept
    # A co-author or stranger may not change the post's words.
    response = api.call(
        "PATCH", f"/api/v1/posts/{idea}", json_body={"title": "Mine now"}, token=people["peer"]
    )
    assert response.status_code == 403


def test_measures_are_added_edited_and_removed_with_their_data(app, api, people, idea):
    token = people["nurse"]
    body = {"name": "Missed blood tests", "unit": "%", "kind": "outcome"}
    response = api.post(f"/api/v1/posts/{idea}/measures", body, token=token)
    assert response.status_code == 201
    measure = response.json["measure"]
    assert measure == {"id": measure["id"], **body}
    duplicate = api.post(f"/api/v1/posts/{idea}/measures", body, token=token)
    assert duplicate.status_code == 400
    assert duplicate.json["error"]["fields"]["name"] == (
        "This post already has a measure called “Missed blood tests”."
    )
    url = f"/api/v1/measures/{measure['id']}"
    response = api.call("PATCH", url, json_body={"kind": "process"}, token=token)
    assert response.json["measure"]["kind"] == "process"
    assert response.json["measure"]["name"] == "Missed blood tests"
    with app.app_context():
        for day in range(1, 4):
            db.session.add(
                DataPoint(
                    measure_id=measure["id"],
                    observed_on=utcnow().date() - timedelta(days=day),
                    value=day,
                )
            )
        db.session.commit()
    response = api.call("DELETE", url, token=token)
    assert response.json == {"removed": True, "data_points_removed": 3}
    assert count(app, Measure) == 0 and count(app, DataPoint) == 0
    assert api.call("DELETE", url, token=token).status_code == 404


def test_cycles_are_added_edited_and_removed(app, api, people, idea):
    token = people["nurse"]
    response = api.post(f"/api/v1/posts/{idea}/cycles", CYCLE, token=token)
    assert response.status_code == 201
    cycle = response.json["cycle"]
    assert cycle["started_on"] == "2026-03-02" and cycle["ended_on"] is None
    assert cycle["decision"] == "adapt" and cycle["done"] == ""
    url = f"/api/v1/cycles/{cycle['id']}"
    bad = api.call("PATCH", url, json_body={"ended_on": "2026-03-01"}, token=token)
    assert bad.status_code == 400
    assert bad.json["error"]["fields"] == {"ended_on": "The cycle can't end before it started."}
    changed = {"ended_on": "2026-03-30", "decision": None, "learned": "Reminders help."}
    response = api.call("PATCH", url, json_body=changed, token=token)
    assert response.json["cycle"]["decision"] is None  # still running
    assert response.json["cycle"]["plan"] == "Huddle on Mondays."
    listed = api.get(f"/api/v1/posts/{idea}").json["post"]["record"]["cycles"]
    assert [c["learned"] for c in listed] == ["Reminders help."]
    assert api.call("DELETE", url, token=token).json == {"removed": True}
    assert count(app, PdsaCycle) == 0


def test_cycle_rules_are_the_web_forms_rules(app, api, people, idea):
    response = api.post(f"/api/v1/posts/{idea}/cycles", {"plan": ""}, token=people["nurse"])
    assert response.status_code == 400
    assert response.json["error"]["fields"] == {
        "started_on": "Say when the cycle started.",
        "plan": "Say what the plan was.",
    }


def test_the_author_names_co_authors_who_may_then_add_to_the_record(app, api, people, idea):
    url = f"/api/v1/posts/{idea}/coauthors"
    response = api.call("PUT", url, json_body={"coauthors": ["Peer"]}, token=people["nurse"])
    assert response.json == {"coauthors": ["peer"]}
    added = api.post(f"/api/v1/posts/{idea}/cycles", CYCLE, token=people["peer"])
    assert added.status_code == 201
    # Only the author names co-authors.
    response = api.call("PUT", url, json_body={"coauthors": []}, token=people["peer"])
    assert response.status_code == 403
    assert api.get(f"/api/v1/posts/{idea}").json["post"]["record"]["coauthors"] == ["peer"]
    bad = api.call("PUT", url, json_body={"coauthors": ["nurse"]}, token=people["nurse"])
    assert bad.json["error"]["fields"] == {
        "coauthors": "You are the author already: name someone else."
    }
    cleared = api.call("PUT", url, json_body={"coauthors": []}, token=people["nurse"])
    assert cleared.json == {"coauthors": []}


def test_strangers_anonymous_and_suspended_change_nothing(app, api, people, idea):
    with app.app_context():
        measure = Measure(post_id=idea, name="Missed", unit="", kind="outcome")
        db.session.add(measure)
        db.session.commit()
        measure_id = measure.id
    calls = [
        ("POST", f"/api/v1/posts/{idea}/measures", {"name": "Other"}),
        ("PATCH", f"/api/v1/measures/{measure_id}", {"name": "Renamed"}),
        ("DELETE", f"/api/v1/measures/{measure_id}", None),
        ("POST", f"/api/v1/posts/{idea}/cycles", CYCLE),
        ("PUT", f"/api/v1/posts/{idea}/coauthors", {"coauthors": ["stranger"]}),
    ]
    for method, url, body in calls:
        assert api.call(method, url, json_body=body).status_code == 401
        assert api.call(method, url, json_body=body, token=people["stranger"]).status_code == 403
    with app.app_context():
        nurse = db.session.scalar(select(User).where(User.username == "nurse"))
        nurse.suspended_until = utcnow() + timedelta(days=1)
        db.session.commit()
    for method, url, body in calls:
        assert api.call(method, url, json_body=body, token=people["nurse"]).status_code == 403
    assert count(app, Measure) == 1 and count(app, PdsaCycle) == 0
    with app.app_context():
        assert db.session.get(Measure, measure_id).name == "Missed"


def test_unknown_ids_are_404(api, people):
    for method, url in [
        ("PATCH", "/api/v1/measures/999999"),
        ("DELETE", "/api/v1/cycles/999999"),
        ("PATCH", "/api/v1/cycles/99999999999"),
        ("POST", "/api/v1/posts/999999/measures"),
    ]:
        response = api.call(method, url, json_body={"name": "x"}, token=people["nurse"])
        assert response.status_code == 404


def test_record_answers_have_their_documented_shapes(app, api, people, idea):
    from tests.forum.test_openapi import assert_fits

    token = people["nurse"]
    calls = [
        ("PATCH", f"/api/v1/posts/{idea}", "/api/v1/posts/{post_id}", {"aim": {"by": None}}),
        ("POST", f"/api/v1/posts/{idea}/measures", "/api/v1/posts/{post_id}/measures",
         {"name": "Missed tests"}),
        ("POST", f"/api/v1/posts/{idea}/cycles", "/api/v1/posts/{post_id}/cycles", CYCLE),
        ("PUT", f"/api/v1/posts/{idea}/coauthors", "/api/v1/posts/{post_id}/coauthors",
         {"coauthors": ["peer"]}),
    ]  # fmt: skip
    for method, url, path, body in calls:
        response = api.call(method, url, json_body=body, token=token)
        assert_fits(response.json, path, method.lower(), response.status_code)
    one = api.get(f"/api/v1/posts/{idea}").json
    assert_fits(one, "/api/v1/posts/{post_id}", "get", 200)
    record = one["post"]["record"]
    measure, cycle = record["measures"][0]["id"], record["cycles"][0]["id"]
    for method, url, path in [
        ("PATCH", f"/api/v1/measures/{measure}", "/api/v1/measures/{measure_id}"),
        ("PATCH", f"/api/v1/cycles/{cycle}", "/api/v1/cycles/{cycle_id}"),
        ("DELETE", f"/api/v1/measures/{measure}", "/api/v1/measures/{measure_id}"),
        ("DELETE", f"/api/v1/cycles/{cycle}", "/api/v1/cycles/{cycle_id}"),
    ]:
        response = api.call(method, url, json_body={} if method == "PATCH" else None, token=token)
        assert response.status_code == 200
        assert_fits(response.json, path, method.lower(), 200)
    bad = api.post(f"/api/v1/posts/{idea}/measures", {"name": ""}, token=token)
    assert_fits(bad.json, "/api/v1/posts/{post_id}/measures", "post", 400)


@pytest.mark.parametrize("target", ["measures", "cycles", "post"])
def test_hostile_values_never_fail_and_a_refusal_changes_nothing(app, api, people, idea, target):
    from tests.forum.test_api_hostile import HOSTILE_VALUES, _assert_stored_clean, _with_field
    from tests.forum.walk_helpers import changed_tables, snapshot

    paths = {
        "measures": (f"/api/v1/posts/{idea}/measures", {"name": "Missed", "unit": "%"}),
        "cycles": (f"/api/v1/posts/{idea}/cycles", CYCLE),
        "post": ("/api/v1/posts", {k: v for k, v in IDEA.items() if k not in ("aim", "setting")}),
    }
    path, valid = paths[target]
    fields = list(valid) if target != "post" else ["aim", "setting"]
    for n, field in enumerate(fields):
        for raw_value in HOSTILE_VALUES[::3]:  # a third of them: each kind, and fast
            if target == "post":  # the value inside the aim or setting object
                inner = "what" if field == "aim" else "people"
                raw = _with_field(valid, field, f'{{"{inner}": {raw_value}}}')
            else:
                raw = _with_field({**valid, "name": f"Missed {n}"} if target == "measures"
                                  else valid, field, raw_value)  # fmt: skip
            before = snapshot(app)
            response = api.call("POST", path, token=people["nurse"], raw=raw)
            context = f"{field}={raw_value[:60]!r} -> {response.status_code}"
            if response.status_code >= 400:
                assert response.status_code in (400, 409), context
                assert not changed_tables(app, before), context
            else:
                assert response.status_code == 201, context
                _assert_stored_clean(response.json)
                with app.app_context():  # start again from the idea alone
                    db.session.query(Measure).delete()
                    db.session.query(PdsaCycle).delete()
                    db.session.commit()
