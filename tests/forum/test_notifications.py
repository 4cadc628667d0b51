"""Notifications: who is told about what, the list, the bell and marking read."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, update

from forum.extensions import db
from forum.models import MutedMember, Notification, NotifyEvent, Watch
from forum.services import comments, posts
from tests.factories import make_comment, make_outcome, make_post, make_user


def told(user) -> list[tuple[str, bool]]:
    """``(kind, quiet)`` of ``user``'s notifications, oldest first."""
    rows = db.session.execute(
        select(Notification.kind, Notification.quiet)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id)
    )
    return [tuple(r) for r in rows]


def watch(user, kind: str, key, level: str = "watching") -> None:
    """Set ``user``'s level (replacing the one posting or commenting gave them)."""
    db.session.execute(
        delete(Watch).where(
            Watch.user_id == user.id, Watch.target_kind == kind, Watch.target_key == str(key)
        )
    )
    db.session.add(Watch(user_id=user.id, target_kind=kind, target_key=str(key), level=level))
    db.session.commit()


def crohns_id() -> int:
    from forum.models import Condition

    return db.session.scalar(select(Condition.id).where(Condition.slug == "crohns-disease"))


def test_a_comment_tells_the_post_author_and_watchers_but_not_the_commenter(app_ctx):
    author, commenter, watcher, bystander = (make_user() for _ in range(4))
    post = make_post(author)
    watch(watcher, "post", post.id)
    make_comment(post, commenter)
    assert told(author) == [("comment", False)]
    assert told(watcher) == [("comment", False)]
    assert told(commenter) == []
    assert told(bystander) == []


def test_tracking_is_quiet_and_muted_hears_nothing(app_ctx):
    author, tracker, muter, commenter = (make_user() for _ in range(4))
    watch(tracker, "condition", crohns_id(), "tracking")
    watch(muter, "condition", crohns_id(), "watching")
    post = make_post(author)
    watch(muter, "post", post.id, "muted")
    assert told(tracker) == [("post", True)]
    make_comment(post, commenter)
    assert told(tracker) == [("post", True), ("comment", True)]
    assert told(muter) == [("post", False)]  # told of the post before muting it, then nothing


def test_a_muted_author_of_the_post_is_not_told_of_comments(app_ctx):
    author = make_user()
    post = make_post(author)
    watch(author, "post", post.id, "muted")
    make_comment(post)
    assert told(author) == []


def test_a_new_post_tells_watchers_of_its_condition_and_tags(app_ctx):
    by_condition, by_tag, author = make_user(), make_user(), make_user()
    watch(by_condition, "condition", crohns_id())
    watch(by_tag, "tag", "school")
    make_post(author, tags=["school"])
    assert told(by_condition) == [("post", False)]
    assert told(by_tag) == [("post", False)]
    assert told(author) == []


def test_nobody_hears_of_a_pending_post_until_it_is_approved(app_ctx):
    watcher = make_user()
    watch(watcher, "condition", crohns_id())
    post = _pending_post()
    assert told(watcher) == []
    post.status = "published"
    db.session.commit()
    assert told(watcher) == [("post", False)]


def _pending_post():
    from forum.policy import get_policy

    policy = get_policy()
    original = policy.initial_status
    policy.initial_status = lambda *a, **k: "pending"
    try:
        return make_post(make_user())
    finally:
        policy.initial_status = original


def test_a_pending_comment_tells_nobody_until_approved(app_ctx):
    author = make_user()
    post = make_post(author)
    from forum.policy import get_policy

    policy = get_policy()
    original = policy.initial_status
    policy.initial_status = lambda *a, **k: "pending"
    try:
        comment = make_comment(post)
    finally:
        policy.initial_status = original
    assert told(author) == []
    comment.status = "published"
    db.session.commit()
    assert told(author) == [("comment", False)]


def test_hidden_or_removed_content_is_not_fanned_out(make_app):
    app = make_app(NOTIFY_INLINE=False)
    with app.app_context():
        from forum.models.timestamps import utcnow
        from forum.notify import fanout

        author = make_user()
        post = make_post(author)
        make_comment(post)
        comment = make_comment(post)
        comment.status = "hidden"
        db.session.commit()
        fanout.run(utcnow())
        assert told(author) == [("comment", False)]


def test_nobody_hears_from_a_member_they_muted(app_ctx):
    author, pest = make_user(), make_user()
    db.session.add(MutedMember(user_id=author.id, muted_id=pest.id))
    db.session.commit()
    post = make_post(author)
    make_comment(post, pest, body=f"Hey @{author.username}")
    make_outcome(post, pest)
    assert told(author) == []


def test_a_mention_links_the_profile_and_replaces_the_comment_notice(app_ctx):
    author, mentioned, commenter = make_user(), make_user(), make_user()
    post = make_post(author)
    watch(mentioned, "post", post.id)
    comment = make_comment(
        post,
        commenter,
        body=f"Ask @{mentioned.username} and @nobody_here, not `@{author.username}`",
    )
    assert f'href="/users/{mentioned.username}"' in comment.body_html
    assert "nobody_here</a>" not in comment.body_html
    assert f'href="/users/{author.username}"' not in comment.body_html
    assert told(mentioned) == [("mention", False)]
    assert told(author) == [("comment", False)]


def test_an_edit_that_adds_a_mention_tells_only_the_newly_mentioned(app_ctx):
    author, first, second = make_user(), make_user(), make_user()
    post = make_post(author, body=f"Thanks to @{first.username} for this.")
    assert told(first) == [("mention", False)]
    posts.edit_post(
        author,
        post,
        title=post.title,
        body=f"Thanks to @{first.username} and @{second.username} for this.",
        kind=post.kind,
        conditions=[c.slug for c in post.conditions],
        tags=post.tag_names,
    )
    assert told(first) == [("mention", False)]
    assert told(second) == [("mention", False)]


def test_an_outcome_tells_the_author_only(app_ctx):
    author, tester, watcher = make_user(), make_user(), make_user()
    post = make_post(author)
    watch(watcher, "post", post.id)
    make_outcome(post, tester)
    assert told(author) == [("outcome", False)]
    assert told(watcher) == []
    assert told(tester) == []


def test_email_is_pending_only_for_loud_notifications_to_members_who_want_each(app_ctx):
    author = make_user(email_mode="each")
    unconfirmed = make_user(email_mode="each", email_confirmed_at=None)
    tracker = make_user(email_mode="each")
    post = make_post(author)
    watch(unconfirmed, "post", post.id)
    watch(tracker, "post", post.id, "tracking")
    make_comment(post)
    states = dict(db.session.execute(select(Notification.user_id, Notification.email_state)).all())
    assert states == {author.id: "pending", unconfirmed.id: None, tracker.id: None}


def test_fan_out_is_idempotent_and_takes_over_an_expired_lease(make_app):
    app = make_app(NOTIFY_INLINE=False)
    with app.app_context():
        from datetime import timedelta

        from forum.models.timestamps import utcnow
        from forum.notify import fanout
        from forum.notify.claims import claim

        author = make_user()
        watchers = [make_user() for _ in range(3)]
        post = make_post(author)
        fanout.run(utcnow())  # the post's own event
        for w in watchers:
            watch(w, "post", post.id)
        make_comment(post)
        now = utcnow()
        # A worker claims the event, writes part of it, and dies.
        (event_id,) = claim(NotifyEvent, NotifyEvent.done_at.is_(None), now=now,
                            lease=fanout.LEASE, limit=10)  # fmt: skip
        event = db.session.get(NotifyEvent, event_id)
        fanout._insert(event, "comment", False, {}, [watchers[0].id])
        db.session.commit()
        assert fanout.run(now) == 0  # still leased to the dead worker
        assert fanout.run(now + fanout.LEASE + timedelta(seconds=1)) == 1  # one event
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 4
        event = db.session.get(NotifyEvent, event_id)
        assert event.done_at is not None
        # Run again, and the event once more by hand: nothing is added twice.
        assert fanout.run(now + timedelta(hours=1)) == 0
        assert fanout.fan_out(event) == 0
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 4


def test_a_few_thousand_watchers_fan_out_in_one_go(make_app):
    app = make_app(NOTIFY_INLINE=False)
    with app.app_context():
        from sqlalchemy import insert

        from forum.models import User
        from forum.models.timestamps import utcnow
        from forum.notify import fanout

        author = make_user()
        post = make_post(author)
        rows = [
            {"username": f"w{i}", "username_key": f"w{i}", "password_hash": "x",
             "perspective": "caregiver", "role": "member", "trust_level": 1}
            for i in range(2000)
        ]  # fmt: skip
        db.session.execute(insert(User), rows)
        ids = db.session.scalars(select(User.id).where(User.username.like("w%"))).all()
        db.session.execute(
            insert(Watch),
            [{"user_id": i, "target_kind": "post", "target_key": str(post.id),
              "level": "watching"} for i in ids],
        )  # fmt: skip
        db.session.commit()
        make_comment(post)
        assert fanout.run(utcnow()) >= 1
        count = db.session.scalar(
            select(func.count()).select_from(Notification).where(Notification.kind == "comment")
        )
        assert count == 2001  # the watchers and the author


@pytest.mark.needs_plugin("moderation")
def test_a_moderation_decision_tells_the_author_with_the_reason(app_ctx):
    from moderation.decisions import decide

    author = make_user()
    moderator = make_user(role="moderator")
    post = make_post(author)
    comment = make_comment(post, make_user())
    decide(moderator, comment, decision="remove", reason="Personal attack")
    notes = db.session.scalars(select(Notification).where(Notification.kind == "moderation")).all()
    assert [(n.user_id, n.data["reason"], n.actor_id) for n in notes] == [
        (comment.author_id, "Personal attack", None)
    ]


@pytest.mark.needs_plugin("moderation")
def test_a_safety_review_tells_the_author(app_ctx):
    from moderation.reviews import review_post

    author = make_user()
    clinician = make_user(clinician_verified=True, perspective="clinician")
    post = make_post(author)
    review_post(clinician, post, label="unsafe", note="Stop: this dose is dangerous.")
    assert told(author) == [("safety_review", False)]


def test_a_comment_by_the_post_author_tells_nobody_about_their_own_action(app_ctx):
    author = make_user()
    post = make_post(author)
    comments.add_comment(author, post, "Update: still working.")
    assert told(author) == []


def test_a_new_post_is_not_news_to_who_already_joined_it_before_the_fan_out(make_app):
    """A watcher of the condition who reported on the post before the worker came round."""
    from forum.models.timestamps import utcnow
    from forum.notify import fanout

    app = make_app(NOTIFY_INLINE=False)
    with app.app_context():
        early, later, author = make_user(), make_user(), make_user()
        watch(early, "condition", crohns_id())
        watch(later, "condition", crohns_id())
        post = make_post(author)
        make_outcome(post, early)
        fanout.run(utcnow())
        assert told(later) == [("post", False)]
        assert told(early) == []
        assert told(author) == [("outcome", False)]


def test_who_starts_watching_after_a_post_is_not_told_of_it(make_app):
    """News goes to who watched when it happened, even if the worker comes round later."""
    from datetime import timedelta

    from forum.models.timestamps import utcnow
    from forum.notify import fanout

    app = make_app(NOTIFY_INLINE=False)
    with app.app_context():
        before, after = make_user(), make_user()
        watch(before, "condition", crohns_id())
        post = make_post(make_user())
        # ``before`` had watched for a while; the post came a minute ago.
        earlier = utcnow() - timedelta(minutes=2)
        db.session.execute(
            update(Watch).where(Watch.user_id == before.id).values(created_at=earlier)
        )
        db.session.execute(update(NotifyEvent).values(created_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
        watch(after, "condition", crohns_id())
        fanout.run(utcnow())
        assert told(before) == [("post", False)]
        assert told(after) == []
        assert post.status == "published"
