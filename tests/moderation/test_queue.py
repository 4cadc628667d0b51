"""The review queue: who sees which items, in what order, and what decisions do."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import Comment, Post
from moderation.flags import flag, flag_weight
from moderation.models import Flag
from tests.moderation.helpers import (
    comment_status,
    ctx,
    flag_via_web,
    log_rows,
    new_comment,
    new_post,
    post_status,
    sign_in,
    text_of,
    user,
)


def flag_as(app, name: str, post_id: int, reason: str, note: str = "") -> None:
    with ctx(app):
        flag(user(name), db.session.get(Post, post_id), reason=reason, note=note)


def pending_post(app, author: str = "newbie") -> int:
    """A new member's first post with a link: held for review by the policy."""
    post_id = new_post(app, author, body="Our clinic's leaflet: https://example.org/leaflet")
    assert post_status(app, post_id) == "pending"
    return post_id


def queue_titles(client) -> list[str]:
    page = text_of(client.get("/moderation/queue"))
    return re.findall(r'class="card-title"[^>]*>\s*<a [^>]*>([^<]+)</a>', page)


def test_highest_score_first_with_content_flags_and_the_authors_record(app, client, cast):
    low = new_post(app, title="Mildly off topic post")
    high = new_post(app, title="Very off topic post")
    flag_as(app, "member", low, "off_topic", "Not about IBD")
    flag_as(app, "member", high, "spam")
    flag_as(app, "regular", high, "off_topic")
    sign_in(client, "moderator")
    assert queue_titles(client) == ["Very off topic post", "Mildly off topic post"]
    page = text_of(client.get("/moderation/queue"))
    assert "Flag weight 5" in page and "Flag weight 2" in page
    assert "Not about IBD" in page  # the flagger's note
    assert "author's record" in page and "Flags upheld against them" in page
    assert page.count("Give a short reason") == 0  # no errors on a fresh page
    assert "Uphold: hide it" in page and "Dismiss the flags, keep it up" in page


def test_each_reviewer_sees_the_items_for_their_role(app, client, cast):
    items = {
        "spam": new_post(app, title="Spam item here"),
        "unsafe_advice": new_post(app, title="Unsafe item here"),
        "privacy": new_post(app, title="Privacy item here"),
    }
    for reason, post_id in items.items():
        flag_as(app, "member", post_id, reason)
    pending_post(app)
    expected = {
        "steward": {"Spam item here", "What helped us"},
        "clinician": {"Unsafe item here"},
        "moderator": {"Spam item here", "Unsafe item here", "Privacy item here", "What helped us"},
    }
    for name, titles in expected.items():
        sign_in(client, name)
        seen = {t if "What helped us" not in t else "What helped us" for t in queue_titles(client)}
        assert seen == titles, name


def nav_for(client, name: str | None) -> str:
    """The header's navigation on the home page, as ``name`` sees it."""
    sign_in(client, name)
    page = text_of(client.get("/"))
    return page[page.index('<nav class="site-nav"') : page.index("</nav>")]


def test_the_header_counts_what_waits_for_a_reviewer(app, client, cast):
    post_id = new_post(app)
    flag_as(app, "member", post_id, "spam")
    pending_post(app)
    steward = nav_for(client, "steward")
    assert "Review queue" in steward
    assert ">2<" in steward  # the flagged post and the pending one
    assert "Review queue" in nav_for(client, "clinician")  # nothing for them yet: no count
    assert ">2<" not in nav_for(client, "clinician")
    assert "Review queue" not in nav_for(client, "member")
    assert "Review queue" not in nav_for(client, None)


def decide(client, post_id: int, decision: str, reason: str = "Checked against the rules"):
    return client.post(
        f"/moderation/queue/posts/{post_id}", data={"decision": decision, "reason": reason}
    )


def test_approving_a_pending_first_post_publishes_it(app, client, cast):
    post_id = pending_post(app)
    sign_in(client, "member")
    assert client.get(f"/posts/{post_id}").status_code == 404
    sign_in(client, "steward")
    assert decide(client, post_id, "approve").status_code == 303
    assert post_status(app, post_id) == "published"
    assert log_rows(app)[-1][:3] == ("approve", "post", post_id)
    sign_in(client, "member")
    assert client.get(f"/posts/{post_id}").status_code == 200


def test_dismissing_brings_a_hidden_post_back_and_counts_against_the_flaggers(app, client, cast):
    post_id = new_post(app)
    for name in ("steward", "regular", "member"):
        flag_as(app, name, post_id, "spam")
    assert post_status(app, post_id) == "hidden"
    sign_in(client, "moderator")  # not the steward: they flagged it
    decide(client, post_id, "dismiss", "It's a real experience, not spam")
    assert post_status(app, post_id) == "published"
    with ctx(app):
        assert set(db.session.scalars(db.select(Flag.status))) == {"dismissed"}
    assert [row[0] for row in log_rows(app)] == ["auto_hide", "dismiss"]
    sign_in(client, None)
    assert client.get(f"/posts/{post_id}").status_code == 200


@pytest.mark.parametrize(
    ("decision", "outcome"), [("keep_hidden", "hidden"), ("remove", "removed")]
)
def test_upholding_keeps_it_hidden_or_removes_it(app, client, cast, decision, outcome):
    post_id = new_post(app)
    flag_as(app, "member", post_id, "spam")
    sign_in(client, "steward")
    decide(client, post_id, decision, "Advertising a clinic")
    assert post_status(app, post_id) == outcome
    with ctx(app):
        assert db.session.scalar(db.select(Flag.status)) == "upheld"
    assert log_rows(app)[-1][:3] == ("uphold", "post", post_id)
    if outcome == "hidden":
        sign_in(client, "author")
        page = text_of(client.get(f"/posts/{post_id}"))
        assert "A community reviewer agreed with members' flags (spam or advertising)" in page
        assert "Advertising a clinic" in page


def test_every_decision_needs_a_reason(app, client, cast):
    post_id = new_post(app)
    flag_as(app, "member", post_id, "spam")
    sign_in(client, "moderator")
    response = decide(client, post_id, "remove", "  ")
    assert "Give a short reason" in text_of(client.get(response.location))
    assert post_status(app, post_id) == "published"
    assert log_rows(app) == []


def test_a_reviewer_cannot_decide_items_outside_their_role(app, client, cast):
    post_id = new_post(app)
    flag_as(app, "member", post_id, "privacy")
    for name in ("steward", "clinician"):
        sign_in(client, name)
        assert decide(client, post_id, "remove").status_code == 403
    assert post_status(app, post_id) == "published"
    assert log_rows(app) == []


def test_a_stale_decision_is_refused_with_a_message(app, client, cast):
    post_id = new_post(app)
    flag_as(app, "member", post_id, "spam")
    sign_in(client, "moderator")
    decide(client, post_id, "dismiss")
    response = decide(client, post_id, "keep_hidden")  # someone else's page, now out of date
    assert "doesn't fit this item any more" in text_of(client.get(response.location))
    assert len(log_rows(app)) == 1


def test_a_comment_is_decided_in_the_queue_too(app, client, cast):
    post_id = new_post(app)
    comment_id = new_comment(app, post_id, "regular", "Off-topic ramble")
    with ctx(app):
        flag(user("member"), db.session.get(Comment, comment_id), reason="off_topic")
    sign_in(client, "steward")
    assert "Comment on" in text_of(client.get("/moderation/queue"))
    response = client.post(
        f"/moderation/queue/comments/{comment_id}",
        data={"decision": "remove", "reason": "Not about the post"},
    )
    assert response.status_code == 303
    assert comment_status(app, comment_id) == "removed"
    assert log_rows(app)[-1][:3] == ("uphold", "comment", comment_id)


def test_an_unsafe_label_is_not_undone_by_dismissing_flags(app, client, cast):
    post_id = new_post(app)
    flag_as(app, "member", post_id, "unsafe_advice")
    sign_in(client, "clinician")
    client.post(
        f"/moderation/posts/{post_id}/safety-review",
        data={"label": "unsafe", "note": "Stopping insulin is dangerous"},
    )
    assert post_status(app, post_id) == "hidden"
    decide(client, post_id, "dismiss", "Flags handled by the review")
    assert post_status(app, post_id) == "hidden"
    sign_in(client, "moderator")
    response = decide(client, post_id, "approve")
    assert "it needs a new safety review to come back" in text_of(client.get(response.location))
    assert post_status(app, post_id) == "hidden"


def test_flagging_from_the_page_reaches_the_queue(app, client, cast):
    post_id = new_post(app, title="Try this one weird trick")
    sign_in(client, "member")
    flag_via_web(client, post_id, "spam", "Looks like an advert")
    sign_in(client, "steward")
    assert queue_titles(client) == ["Try this one weird trick"]


def test_decisions_feed_the_flaggers_accuracy(app, client, cast):
    posts = [new_post(app, title=f"Advert number {n}") for n in range(6)]
    for post_id in posts:
        flag_as(app, "regular", post_id, "spam")
    sign_in(client, "moderator")
    for post_id in posts[:5]:
        decide(client, post_id, "remove", "Advert")
    decide(client, posts[5], "dismiss", "Actually fine")
    with ctx(app):
        # 5 of 6 agreed: above the 70% axis, so the flag weighs more than 1 + 2.
        assert flag_weight(user("regular")) > 3.0
        assert flag_weight(user("member")) == 2.0  # no record, no change
