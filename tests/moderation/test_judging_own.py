"""Nobody judges their own flag or their own content.

Whoever flagged an item, or wrote it, cannot decide on it (moderators
included); a queue decision never re-publishes what its author deleted; an
author's delete closes the open flags on it; decisions fetch the item through
the same visibility rules as every other view; and one person's decisions on
what they flagged never lower a member's trust level or raise their own weight.
"""

from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.models import Comment
from forum.models.timestamps import utcnow
from moderation import audit, trust
from moderation.flags import flag_weight
from moderation.models import Flag
from tests.factories import make_user
from tests.moderation.helpers import (
    comment_status,
    ctx,
    log_rows,
    new_comment,
    new_post,
    post_status,
    sign_in,
    text_of,
    user,
)

REASON = "Checked it carefully"


def decide(client, kind: str, target_id: int, decision: str):
    return client.post(
        f"/moderation/queue/{kind}s/{target_id}", data={"decision": decision, "reason": REASON}
    )


def flag_on_web(client, kind: str, target_id: int, reason: str = "spam"):
    response = client.post(f"/moderation/{kind}s/{target_id}/flag", data={"reason": reason})
    assert response.status_code == 303
    return response


def second_steward(app) -> None:
    with ctx(app):
        make_user("steward2", trust_level=3)


def test_a_steward_cannot_remove_what_they_flagged(app, client, cast):
    second_steward(app)
    post_id = new_post(app, title="A fair post about diet")
    sign_in(client, "steward")
    flag_on_web(client, "post", post_id)
    assert "A fair post about diet" not in text_of(client.get("/moderation/queue"))
    response = decide(client, "post", post_id, "remove")
    assert response.status_code == 403
    assert "You flagged this post, so another reviewer will decide on it." in text_of(response)
    assert post_status(app, post_id) == "published"
    # Someone else may: the flag is still there for them.
    sign_in(client, "steward2")
    assert "A fair post about diet" in text_of(client.get("/moderation/queue"))
    assert decide(client, "post", post_id, "remove").status_code == 303
    assert post_status(app, post_id) == "removed"


def test_a_moderator_cannot_decide_on_their_own_post_or_what_they_flagged(app, client, cast):
    own = new_post(app, "moderator", title="The moderator's own post")
    other = new_post(app, "author")
    sign_in(client, "steward")
    flag_on_web(client, "post", own)
    sign_in(client, "moderator")
    flag_on_web(client, "post", other, "off_topic")
    assert "The moderator's own post" not in text_of(client.get("/moderation/queue"))
    for target in (own, other):
        response = client.post(f"/moderation/posts/{target}/remove", data={"reason": REASON})
        assert response.status_code == 403
        assert decide(client, "post", target, "keep_hidden").status_code == 403
    assert post_status(app, own) == post_status(app, other) == "published"


def test_an_authors_delete_closes_the_flags_and_nothing_publishes_it_again(app, client, cast):
    post_id = new_post(app, "author")
    for name in ("steward", "regular", "member"):  # 4 + 3 + 2: at the hide threshold
        flag_on_web(sign_in(client, name), "post", post_id)
    assert post_status(app, post_id) == "hidden"
    sign_in(client, "author")
    assert client.post(f"/posts/{post_id}/delete").status_code == 302
    assert post_status(app, post_id) == "deleted"
    with ctx(app):
        assert set(db.session.scalars(select(Flag.status))) == {"closed"}
    assert log_rows(app)[-1][:3] == ("author_deleted", "post", post_id)

    # A steward can't even see it; a moderator can, but no decision fits.
    sign_in(client, "clinician")
    assert decide(client, "post", post_id, "approve").status_code == 404
    sign_in(client, "moderator")
    assert "Yes, delete" not in text_of(client.get(f"/posts/{post_id}"))
    for decision in ("approve", "dismiss"):
        response = decide(client, "post", post_id, decision)
        assert response.status_code == 303
        assert "doesn't fit this item" in text_of(client.get(response.location))
    response = client.post(f"/moderation/posts/{post_id}/restore", data={"reason": REASON})
    assert "doesn't fit this item" in text_of(client.get(response.location))
    assert post_status(app, post_id) == "deleted"
    sign_in(client, None)
    assert client.get(f"/posts/{post_id}").status_code == 404


def test_a_deleted_comment_is_closed_to_decisions_too(app, client, cast):
    comment_id = new_comment(app, new_post(app), "author", "A comment")
    flag_on_web(sign_in(client, "member"), "comment", comment_id, "off_topic")
    sign_in(client, "author")
    assert client.post(f"/comments/{comment_id}/delete").status_code == 302
    sign_in(client, "steward")
    assert decide(client, "comment", comment_id, "dismiss").status_code == 404
    assert comment_status(app, comment_id) == "deleted"
    with ctx(app):
        assert db.session.scalar(select(Flag.status)) == "closed"


def test_decisions_fetch_items_through_the_reviewers_visibility(app, client, cast):
    removed = new_post(app, "author")
    sign_in(client, "moderator")
    client.post(f"/moderation/posts/{removed}/remove", data={"reason": REASON})
    assert post_status(app, removed) == "removed"
    sign_in(client, "steward")
    assert decide(client, "post", removed, "approve").status_code == 404
    assert post_status(app, removed) == "removed"


def test_a_flagger_cannot_safety_review_what_they_flagged(app, client, cast):
    post_id = new_post(app, "author")
    sign_in(client, "clinician")
    flag_on_web(client, "post", post_id, "unsafe_advice")
    response = client.post(
        f"/moderation/posts/{post_id}/safety-review", data={"label": "unsafe", "note": REASON}
    )
    assert response.status_code == 403
    assert post_status(app, post_id) == "published"


def test_removing_what_you_flagged_cannot_lower_trust_or_raise_your_weight(app, client, cast):
    with ctx(app):
        weight_before = flag_weight(user("steward"))
    post_id = new_post(app)
    comments = [new_comment(app, post_id, "member", f"Comment {n}") for n in range(6)]
    sign_in(client, "steward")
    for comment_id in comments:
        flag_on_web(client, "comment", comment_id)
        assert decide(client, "comment", comment_id, "remove").status_code == 403
    assert {comment_status(app, c) for c in comments} == {"published"}
    with ctx(app):
        assert user("member").trust_level == 1
        assert flag_weight(user("steward")) == weight_before


def test_decisions_a_flagger_made_before_this_rule_count_for_nothing(app, cast):
    """Rows written before the refusal existed (or by any other path) still can't
    demote an author or make a flagger look accurate."""
    post_id = new_post(app)
    comments = [new_comment(app, post_id, "member", f"Comment {n}") for n in range(6)]
    with ctx(app):
        steward, member = user("steward"), user("member")
        for comment_id in comments:
            comment = db.session.get(Comment, comment_id)
            db.session.add(
                Flag(
                    post_id=post_id, comment_id=comment_id, flagger_id=steward.id,
                    target_author_id=member.id, reason="spam", weight=4.0, status="upheld",
                    resolved_at=utcnow(), resolved_by_id=steward.id,
                )
            )  # fmt: skip
            comment.status = "removed"
            audit.record(steward, "uphold", comment, reason=REASON)
        db.session.commit()
        record = trust.record_for(member)
        assert record.upheld_against == 0
        assert trust.demotion_for(member, counting_this_uphold=True) is None
        steward_record = trust.record_for(steward)
        assert steward_record.flags_upheld == 0
        assert flag_weight(steward) == 1.0 + steward.trust_level


def test_an_uphold_by_someone_else_still_counts(app, client, cast):
    """The rule is about who decides, not a way out of real decisions."""
    comments = [new_comment(app, new_post(app), "member", f"Comment {n}") for n in range(2)]
    sign_in(client, "steward")
    for comment_id in comments:
        flag_on_web(client, "comment", comment_id, "harassment")
    sign_in(client, "moderator")
    for comment_id in comments:
        assert decide(client, "comment", comment_id, "remove").status_code == 303
    with ctx(app):
        assert trust.record_for(user("member")).upheld_against == 2
        assert trust.record_for(user("steward")).flags_upheld == 2
        assert user("member").trust_level == 0  # two upheld: back to new member
