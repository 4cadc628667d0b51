"""Regulars, stewards and moderators fix the conditions and tags of others' posts."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Post
from moderation import reviews
from moderation.models import ModerationAction
from tests.forum.picker_helpers import ticked
from tests.moderation.helpers import (
    ctx,
    log_rows,
    new_post,
    setup_cast,
    sign_in,
    text_of,
    token_in,
    user,
)

FIXED = {
    "retag-conditions": ["asthma", "crohns-disease"],
    "retag-tags": "school, Inhaler",
    "retag-reason": "It is about asthma at school too",  # asked of moderators
}


def url(post_id: int) -> str:
    return f"/moderation/posts/{post_id}/conditions-and-tags"


def retag(client, post_id: int, data: dict | None = None, **kwargs):
    return client.post(url(post_id), data=FIXED if data is None else data, **kwargs)


def labels_of(app, post_id: int) -> tuple[list[str], list[str]]:
    with ctx(app):
        post = db.session.get(Post, post_id)
        return sorted(c.slug for c in post.conditions), post.tag_names


def search_titles(client, **params) -> list[str]:
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200
    return [hit["post"]["title"] for hit in response.get_json()["results"]]


def test_a_regular_fixes_someone_elses_post_without_it_counting_as_an_edit(app, client, cast):
    post_id = new_post(app, tags=["school"])
    sign_in(client, "regular")
    response = retag(client, post_id, {**FIXED, "retag-reason": "It is about inhalers"})
    assert response.status_code == 303
    assert response.location.endswith(f"/posts/{post_id}")
    assert labels_of(app, post_id) == (["asthma", "crohns-disease"], ["inhaler", "school"])
    with ctx(app):
        post = db.session.get(Post, post_id)
        assert post.edited_at is None and post.edited_by_moderator is False
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "Conditions and tags saved." in page
    assert 'class="edited"' not in page and "edited by a moderator" not in page
    assert log_rows(app) == [("retag", "post", post_id, cast["regular"])]
    with ctx(app):
        row = db.session.scalar(select(ModerationAction))
        assert row.reason == "It is about inhalers"
        assert json.loads(row.details_json) == {
            "conditions": {"from": ["Crohn's disease"], "to": ["Asthma", "Crohn's disease"]},
            "tags": {"added": ["inhaler"], "removed": 0},
        }


def test_the_log_shows_what_changed(app, client, cast):
    post_id = new_post(app, title="Inhaler spacer at school")
    sign_in(client, "steward")
    retag(client, post_id, {"retag-conditions": ["asthma"], "retag-tags": ""})
    sign_in(client, "moderator")
    page = text_of(client.get("/moderation/log"))
    assert "Conditions and tags fixed" in page and "“Inhaler spacer at school”" in page
    assert "Conditions: added Asthma; removed Crohn's disease" in page
    assert "Tags:" not in page  # tags didn't change


def test_the_log_never_keeps_the_authors_tags_by_name(app, client, cast):
    """The log outlives the author's delete and its purge; a tag can name someone."""
    post_id = new_post(app, tags=["jack-peters", "school"])
    sign_in(client, "steward")
    retag(client, post_id, {"retag-conditions": ["crohns-disease"], "retag-tags": "school, diary"})
    with ctx(app):
        details = db.session.scalar(select(ModerationAction.details_json))
    assert "jack-peters" not in details
    sign_in(client, "moderator")
    page = text_of(client.get("/moderation/log"))
    assert "Tags: added diary; removed 1" in page and "jack-peters" not in page


def test_a_safety_review_stays_current(app, client, cast):
    post_id = new_post(app)
    with ctx(app):
        post = db.session.get(Post, post_id)
        reviews.review_post(user("clinician"), post, label="care_team", note="Ask first")
    sign_in(client, "regular")
    assert retag(client, post_id).status_code == 303
    with ctx(app):
        post = db.session.get(Post, post_id)
        assert post.safety_label == "care_team" and post.safety_stale is False
    assert "Changed since review" not in text_of(client.get(f"/posts/{post_id}"))
    assert [row[0] for row in log_rows(app)] == ["safety_review", "retag"]


@pytest.mark.parametrize("who", ["member", "newbie", "clinician"])
def test_members_below_the_trust_level_are_refused(app, client, cast, who):
    post_id = new_post(app)
    sign_in(client, who)
    assert retag(client, post_id).status_code == 403
    assert labels_of(app, post_id) == (["crohns-disease"], [])
    assert log_rows(app) == []
    assert 'id="retag"' not in text_of(client.get(f"/posts/{post_id}"))


def test_the_trust_level_comes_from_config_and_stewards_keep_the_right(make_app):
    app = make_app(MODERATION_RETAG_TRUST_LEVEL=4)
    setup_cast(app, "author", "regular", "steward", "moderator")
    post_id = new_post(app)
    client = sign_in(app.test_client(), "regular")
    assert retag(client, post_id).status_code == 403
    for who, conditions in (("steward", ["asthma"]), ("moderator", ["epilepsy"])):
        sign_in(client, who)
        data = {"retag-conditions": conditions, "retag-reason": "Wrong condition"}
        assert retag(client, post_id, data).status_code == 303
    assert labels_of(app, post_id) == (["epilepsy"], [])


def test_a_moderator_says_why_a_steward_may_leave_a_note(app, client, cast):
    post_id = new_post(app)
    sign_in(client, "moderator")
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "Why are you changing them? (for the moderation log)" in page
    data = {"retag-conditions": ["asthma"]}
    page = text_of(retag(client, post_id, data, follow_redirects=True))
    assert "Give a short reason: it goes in the moderation log." in page
    assert labels_of(app, post_id) == (["crohns-disease"], [])
    sign_in(client, "steward")
    assert retag(client, post_id, data).status_code == 303
    assert labels_of(app, post_id) == (["asthma"], [])


def test_a_suspended_regular_is_refused(app, client, cast):
    from datetime import timedelta

    from forum.models.timestamps import utcnow

    post_id = new_post(app)
    with ctx(app):
        user("regular").suspended_until = utcnow() + timedelta(days=2)
        db.session.commit()
    sign_in(client, "regular")
    assert retag(client, post_id).status_code == 403
    assert labels_of(app, post_id) == (["crohns-disease"], [])


def test_the_author_uses_the_edit_form_instead(app, client, cast):
    post_id = new_post(app, "regular")
    sign_in(client, "regular")
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "Edit post" in page and 'id="retag"' not in page
    response = retag(client, post_id, follow_redirects=True)
    assert "This is your own post: change its conditions and tags with “Edit post”." in text_of(
        response
    )
    assert labels_of(app, post_id) == (["crohns-disease"], [])
    assert log_rows(app) == []


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({"retag-tags": "school"}, ["Choose between 1 and 5 conditions."]),
        ({"retag-conditions": ["asthma", "no-such-thing"]}, ["chosen conditions does not exist"]),
        (
            {
                "retag-conditions": [
                    "asthma",
                    "lupus",
                    "epilepsy",
                    "celiac-disease",
                    "cystic-fibrosis",
                    "crohns-disease",
                ]
            },
            ["Choose between 1 and 5 conditions."],
        ),  # fmt: skip
        ({"retag-conditions": ["asthma"], "retag-tags": "a, b, c, d, e, f"}, ["at most 5 tags"]),
        (
            {"retag-conditions": ["asthma"], "retag-tags": "night feeds!"},
            ["Tags are 1–30 lowercase letters, digits or hyphens; this one isn't: night feeds!"],
        ),
        (
            {"retag-conditions": [], "retag-tags": "Ünïcode tag"},
            ["Choose between 1 and 5 conditions.", "this one isn't: ünïcode tag"],
        ),
        ({"retag-conditions": ["asthma"], "retag-reason": "x" * 501}, ["note to 500 characters"]),
    ],
)
def test_bad_conditions_or_tags_get_a_clear_message_and_change_nothing(
    app, client, cast, data, messages
):
    post_id = new_post(app, tags=["school"])
    sign_in(client, "regular")
    page = text_of(retag(client, post_id, data, follow_redirects=True))
    for message in messages:
        assert message in page
    assert "Conditions and tags saved." not in page
    assert labels_of(app, post_id) == (["crohns-disease"], ["school"])
    assert log_rows(app) == []


def test_saving_the_same_conditions_and_tags_changes_nothing(app, client, cast):
    post_id = new_post(app, tags=["school"])
    sign_in(client, "regular")
    data = {"retag-conditions": ["crohns-disease"], "retag-tags": " School "}
    page = text_of(retag(client, post_id, data, follow_redirects=True))
    assert "Those are already this post's conditions and tags." in page
    assert log_rows(app) == []


def test_only_published_posts_are_retagged(app, client, cast):
    post_id = new_post(app, status="hidden")
    sign_in(client, "regular")
    assert retag(client, post_id).status_code == 404  # they can't see it
    sign_in(client, "moderator")
    page = text_of(retag(client, post_id, follow_redirects=True))
    assert "Only published posts can have their conditions and tags fixed." in page
    assert 'id="retag"' not in page
    assert labels_of(app, post_id) == (["crohns-disease"], [])
    assert log_rows(app) == []


def test_search_finds_the_post_under_its_new_condition(app, client, cast):
    post_id = new_post(app, title="Spacer routine before school")
    assert search_titles(client, condition="asthma") == []
    sign_in(client, "regular")
    retag(client, post_id, {"retag-conditions": ["asthma"], "retag-tags": "spacer"})
    sign_in(client, None)
    assert search_titles(client, condition="asthma") == ["Spacer routine before school"]
    assert search_titles(client, condition="crohns-disease") == []
    assert search_titles(client, q="spacer", condition="asthma") == ["Spacer routine before school"]
    page = text_of(client.get("/search", query_string={"condition": "asthma"}))
    assert "Spacer routine before school" in page


def test_the_panel_shows_the_form_with_the_posts_current_values(app, client, cast):
    post_id = new_post(app, tags=["school", "sleep"])
    sign_in(client, "regular")
    html = client.get(f"/posts/{post_id}").get_data(as_text=True)
    assert f'action="{url(post_id)}"' in html
    assert ticked(html) == ["crohns-disease"]  # the picker, as on the post form
    assert "hold Ctrl" not in html
    assert 'value="school, sleep"' in html
    sign_in(client, None)
    assert 'id="retag"' not in text_of(client.get(f"/posts/{post_id}"))


def test_the_form_needs_its_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    setup_cast(app, "author", "regular")
    post_id = new_post(app)
    client = sign_in(app.test_client(), "regular")
    assert retag(client, post_id).status_code == 400
    assert labels_of(app, post_id) == (["crohns-disease"], [])
    token = token_in(client.get(f"/posts/{post_id}").get_data(as_text=True), "retag-csrf_token")
    assert retag(client, post_id, {**FIXED, "retag-csrf_token": token}).status_code == 303
    assert labels_of(app, post_id) == (["asthma", "crohns-disease"], ["inhaler", "school"])


def test_retagging_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, MODERATION_RATELIMIT_RETAG="2 per minute")
    setup_cast(app, "author", "regular")
    posts = [new_post(app) for _ in range(3)]
    client = sign_in(app.test_client(), "regular")
    for post_id in posts[:2]:
        assert retag(client, post_id).status_code == 303
    response = retag(client, posts[2])
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert "changing conditions and tags very quickly" in text_of(response)
    assert labels_of(app, posts[2]) == (["crohns-disease"], [])
