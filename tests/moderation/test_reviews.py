"""Safety reviews: who may label a post, what readers see, and re-review after an edit."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Post
from moderation.models import SafetyReview
from tests.moderation.helpers import (
    ctx,
    log_rows,
    new_post,
    post_status,
    sign_in,
    text_of,
    token_for,
    user,
)


def review(client, post_id: int, label: str, note: str = "Reasonable with the team's agreement"):
    return client.post(
        f"/moderation/posts/{post_id}/safety-review", data={"label": label, "note": note}
    )


def test_a_clinician_labels_a_post_and_readers_see_who_and_when(app, client, cast):
    post_id = new_post(app, title="Ice packs before injections")
    sign_in(client, "clinician")
    assert "Review safety" in text_of(client.get(f"/posts/{post_id}"))
    assert review(client, post_id, "care_team").status_code == 303
    with ctx(app):
        post = db.session.get(Post, post_id)
        assert (post.safety_label, post.safety_reviewer_id) == ("care_team", user("clinician").id)
        assert post.safety_reviewed_at is not None and not post.safety_stale
        assert db.session.scalar(db.select(SafetyReview.note)) == (
            "Reasonable with the team's agreement"
        )
        date = f"{post.safety_reviewed_at.day} {post.safety_reviewed_at:%B %Y}"
    sign_in(client, None)
    page = text_of(client.get(f"/posts/{post_id}"))
    assert "Talk to your care team before trying this" in page
    assert f"reviewed by clinician (Clinician) on {date}" in page
    assert "Talk to your care team before trying this" in text_of(client.get("/"))  # on cards
    search = client.get("/api/v1/search?q=injections").get_json()
    assert search["results"][0]["post"]["safety_review"]["label"] == "care_team"
    assert log_rows(app) == [("safety_review", "post", post_id, user_id(app, "clinician"))]


def user_id(app, name: str) -> int:
    with ctx(app):
        return user(name).id


def test_an_edit_after_review_shows_changed_since_review_until_reviewed_again(app, client, cast):
    post_id = new_post(app)
    sign_in(client, "clinician")
    review(client, post_id, "low_risk")
    sign_in(client, "author")
    client.post(
        f"/posts/{post_id}/edit",
        data={"title": "What helped us, updated", "kind": "hack",
              "body": "Now with a new step.", "conditions": ["crohns-disease"]},
    )  # fmt: skip
    sign_in(client, None)
    assert "Changed since review" in text_of(client.get(f"/posts/{post_id}"))
    sign_in(client, "moderator")
    assert "Changed since review" in text_of(client.get("/moderation/reviews?state=changed"))
    review(client, post_id, "low_risk", "Still fine after the edit")
    assert "Changed since review" not in text_of(client.get(f"/posts/{post_id}"))


def test_unsafe_hides_the_post_and_a_new_review_brings_it_back(app, client, cast):
    post_id = new_post(app)
    sign_in(client, "clinician")
    review(client, post_id, "unsafe", "Doubling the dose is dangerous")
    assert post_status(app, post_id) == "hidden"
    sign_in(client, "author")
    page = text_of(client.get(f"/posts/{post_id}"))
    assert (
        "A clinician reviewed its safety and marked it unsafe: “Doubling the dose is dangerous”"
        in page
    )
    sign_in(client, "moderator")
    review(client, post_id, "care_team", "Fine once the dose part was removed")
    assert post_status(app, post_id) == "published"


@pytest.mark.parametrize("name", ["member", "steward", "author"])
def test_only_clinicians_and_moderators_review_and_never_their_own_post(app, client, cast, name):
    post_id = new_post(app)
    sign_in(client, name)
    assert "Review safety" not in text_of(client.get(f"/posts/{post_id}"))
    assert review(client, post_id, "low_risk").status_code == 403
    with ctx(app):
        assert db.session.get(Post, post_id).safety_label is None


def test_a_clinician_cannot_review_their_own_post(app, client, cast):
    post_id = new_post(app, "clinician")
    sign_in(client, "clinician")
    assert review(client, post_id, "low_risk").status_code == 403
    assert log_rows(app) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [({"label": "fine", "note": "ok then"}, "Not a valid choice"),
     ({"label": "unsafe", "note": ""}, "Write a short note.")],
)  # fmt: skip
def test_a_bad_review_says_why(app, client, cast, data, message):
    post_id = new_post(app)
    sign_in(client, "clinician")
    response = client.post(f"/moderation/posts/{post_id}/safety-review", data=data)
    assert message in text_of(client.get(response.location))
    assert post_status(app, post_id) == "published"


def test_posts_can_be_filtered_by_review_state(app, client, cast):
    ids = {label: new_post(app, title=f"Post to mark {label}") for label in
           ("low_risk", "care_team", "unsafe")}  # fmt: skip
    new_post(app, title="Post nobody reviewed")
    sign_in(client, "clinician")
    for label, post_id in ids.items():
        review(client, post_id, label)
    expected = {
        "unreviewed": "Post nobody reviewed",
        "low_risk": "Post to mark low_risk",
        "care_team": "Post to mark care_team",
        "unsafe": "Post to mark unsafe",
    }
    for state, title in expected.items():
        page = text_of(client.get(f"/moderation/reviews?state={state}"))
        shown = [t for t in expected.values() if t in page]
        assert shown == [title], state
    assert "Post nobody reviewed" in text_of(client.get("/moderation/reviews?state=bogus"))


def test_the_api_shows_the_label(app, client, cast):
    post_id = new_post(app)
    sign_in(client, "clinician")
    review(client, post_id, "low_risk")
    headers = {"Authorization": f"Bearer {token_for(app, 'member')}"}
    body = client.get(f"/api/v1/posts/{post_id}", headers=headers).get_json()
    assert body["post"]["safety_review"]["label"] == "low_risk"
    assert body["post"]["safety_review"]["reviewer"] == "clinician"


def test_readers_see_the_reviewers_note_with_the_label_sanitized_and_not_on_cards(
    app, client, cast
):
    post_id = new_post(app, title="Cold compress after infusions")
    sign_in(client, "clinician")
    note = "Fine for most; **ask first** if on blood thinners <script>alert(1)</script>"
    assert review(client, post_id, "care_team", note).status_code == 303
    sign_in(client, None)
    page = client.get(f"/posts/{post_id}").get_data(as_text=True)
    assert (
        '<div class="safety-note" dir="auto"><p dir="auto">Fine for most; '
        "<strong>ask first</strong>" in page
    )
    assert "<script>alert(1)" not in page  # the sanitizer's output, never the raw note
    assert "Fine for most" in text_of(client.get(f"/posts/{post_id}"))
    assert "Fine for most" not in text_of(client.get("/"))  # cards keep to the label
    api = client.get(f"/api/v1/posts/{post_id}").get_json()["post"]
    note_html = api["safety_review"]["note_html"]
    assert note_html.startswith('<p dir="auto">Fine for most; <strong>ask first')
