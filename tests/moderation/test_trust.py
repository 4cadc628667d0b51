"""Trust levels: earned by acting, lost by a record of upheld flags, recomputed by the CLI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from forum.extensions import db
from forum.models import Comment, OutcomeReport, Post
from forum.models.timestamps import utcnow
from moderation.cli import cli
from moderation.flags import flag
from moderation.models import Flag, ModerationAction
from moderation.trust import evaluate_on_act
from tests.factories import make_comment, make_outcome, make_post, make_user
from tests.moderation.helpers import ctx, log_rows, setup_cast, sign_in, text_of, user


@pytest.fixture
def cast(app):
    return setup_cast(app, "author", "member", "moderator", "steward")


def aged(name: str, days: int, trust_level: int = 0) -> None:
    """Inside an app context: a member ``days`` old at ``trust_level``."""
    member = make_user(name, trust_level=trust_level)
    member.created_at = utcnow() - timedelta(days=days)
    db.session.commit()


def activity(name: str, posts: int = 0, comments: int = 0) -> None:
    """Inside an app context: rows written directly, so no promotion runs yet."""
    member, post = user(name), db.session.scalar(db.select(Post).limit(1))
    for n in range(posts):
        db.session.add(Post(author=member, kind="hack", title=f"Post {n}", body="b", body_html="b"))
    for n in range(comments):
        db.session.add(Comment(post=post, author=member, body=f"c{n}", body_html="c"))
    db.session.commit()


def test_a_new_member_reaches_trust_level_one_by_taking_part(app, client, cast):
    with ctx(app):
        post_id = make_post(user("author")).id
        aged("newcomer", days=2)
        activity("newcomer", comments=2)
        assert user("newcomer").trust_level == 0
        make_comment(db.session.get(Post, post_id), user("newcomer"))  # the third action
        assert user("newcomer").trust_level == 1
    sign_in(client, "newcomer")
    assert "Your trust level is 1" in text_of(client.get("/users/newcomer"))  # shown on the profile


def test_promotion_waits_for_age_and_costs_no_query_before_it(app, cast):
    with ctx(app):
        make_post(user("author"))
        aged("fresh", days=0)
        activity("fresh", comments=20)
        fresh, statements = user("fresh"), []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert evaluate_on_act(fresh) is None
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert statements == []
        assert user("fresh").trust_level == 0


def test_regulars_are_promoted_to_trust_level_two(app, cast):
    with ctx(app):
        post = make_post(user("author"))
        aged("steady", days=20, trust_level=1)
        activity("steady", posts=5, comments=9)
        make_comment(post, user("steady"))  # 15 actions
        assert user("steady").trust_level == 2


def _flag_history(flagger: str, upheld: int, dismissed: int) -> None:
    author = user("author")
    for status in ["upheld"] * upheld + ["dismissed"] * dismissed:
        post = make_post(author)
        db.session.add(
            Flag(post_id=post.id, flagger_id=user(flagger).id, target_author_id=author.id,
                 reason="spam", weight=1, status=status)
        )  # fmt: skip
    db.session.commit()


def test_recompute_makes_accurate_flaggers_stewards_and_reports_changes(app, cast):
    with ctx(app):
        aged("watchful", days=90, trust_level=2)
        activity("watchful", posts=40)
        _flag_history("watchful", upheld=10, dismissed=1)
        aged("careless", days=90, trust_level=2)
        activity("careless", posts=40)
        _flag_history("careless", upheld=5, dismissed=6)
        aged("granted", days=1, trust_level=4)
    result = app.test_cli_runner().invoke(cli, ["recompute"])
    assert result.exit_code == 0, result.output
    assert "watchful: trust level 2 -> 3 (up)" in result.output
    assert "careless" not in result.output and "granted" not in result.output
    with ctx(app):
        assert user("watchful").trust_level == 3
        assert user("careless").trust_level == 2
        assert user("granted").trust_level == 4  # granted levels are never taken by age


def test_content_upheld_again_and_again_drops_its_author_back(app, client, cast):
    with ctx(app):
        aged("troll", days=60, trust_level=2)
        posts = [make_post(user("troll"), title=f"Buy my remedy {n}").id for n in range(2)]
        for post_id in posts:
            flag(user("member"), db.session.get(Post, post_id), reason="spam")
    sign_in(client, "moderator")
    for n, post_id in enumerate(posts):
        client.post(
            f"/moderation/queue/posts/{post_id}",
            data={"decision": "remove", "reason": "Advertising"},
        )
        with ctx(app):
            assert user("troll").trust_level == (2 if n == 0 else 0)
    with ctx(app):
        last = db.session.scalars(
            db.select(ModerationAction).order_by(ModerationAction.id.desc())
        ).first()
        assert last.details["author_trust_level"] == [2, 0]
    assert [row[0] for row in log_rows(app)] == ["uphold", "uphold"]  # one row each
    assert "author dropped to trust level 0" in text_of(client.get("/moderation/log"))


def test_an_upheld_flag_blocks_promotion_until_it_ages_out(app, cast):
    with ctx(app):
        post = make_post(user("author"))
        aged("chastened", days=20, trust_level=0)
        activity("chastened", comments=5)
        db.session.add(
            ModerationAction(action="uphold", target_type="post", target_id=post.id,
                             subject_user_id=user("chastened").id,
                             created_at=utcnow() - timedelta(days=10))
        )  # fmt: skip
        db.session.commit()
        make_comment(post, user("chastened"))
        assert user("chastened").trust_level == 0


def test_outcome_reports_count_as_taking_part(app, cast):
    with ctx(app):
        post = make_post(user("author"))
        aged("tester", days=3)
        for _ in range(2):
            other = make_post(user("author"))
            db.session.add(OutcomeReport(post=other, user=user("tester"), result="worked"))
        db.session.commit()
        make_outcome(post, user("tester"))
        assert user("tester").trust_level == 1
