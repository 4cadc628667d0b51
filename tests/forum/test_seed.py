"""`flask seed demo`: a believable forum, the same after a second run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum import signals
from forum.extensions import db
from forum.models import KINDS, OUTCOME_RESULTS, PERSPECTIVES, Comment, OutcomeReport, Post, User
from forum.models.timestamps import utcnow
from forum.posts.summary import summarize
from forum.seed import DEMO_PASSWORD, DEMO_POSTS, DEMO_USERS
from tests.factories import make_user, signs_in

IBD_FAMILY = {"ibd", "crohns-disease", "ulcerative-colitis", "ibd-unclassified"}


def _seed(runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    return result


def _snapshot() -> dict:
    """What a visitor could count, plus the dates they'd see."""
    return {
        "users": db.session.scalar(select(func.count(User.id))),
        "posts": sorted(db.session.execute(select(Post.title, Post.created_at)).all()),
        "comments": db.session.scalar(select(func.count(Comment.id))),
        "outcomes": db.session.scalar(select(func.count(OutcomeReport.id))),
        "counters": sorted(
            db.session.execute(
                select(Post.id, Post.comment_count, Post.outcome_worked, Post.outcome_partly,
                       Post.outcome_no_effect, Post.outcome_stopped)
            ).all()
        ),
    }  # fmt: skip


# The data itself, before it touches a database.


def test_demo_people_cover_every_perspective_and_role():
    assert len(DEMO_USERS) >= 14
    assert {u.perspective for u in DEMO_USERS} == set(PERSPECTIVES)
    assert {u.role for u in DEMO_USERS} == {"member", "moderator", "admin"}
    assert any(u.trust_level >= 3 and u.role == "member" for u in DEMO_USERS)
    assert any(u.clinician_verified and u.perspective == "clinician" for u in DEMO_USERS)
    assert min(u.trust_level for u in DEMO_USERS) >= 1  # new-user limits don't apply


def test_demo_posts_read_like_real_ones():
    usernames = {u.username for u in DEMO_USERS}
    assert len({p.title for p in DEMO_POSTS}) == len(DEMO_POSTS)
    for post in DEMO_POSTS:
        words = len(post.body.split())
        assert 80 <= words <= 450, (post.title, words)
        assert "lorem" not in post.body.lower()
        assert 1 <= len(post.conditions) <= 3 and len(post.tags) <= 4, post.title
        assert {post.author, *(a for a, _ in post.comments)} <= usernames, post.title
        reporters = [u for u, _, _ in post.outcomes]
        assert set(reporters) <= usernames - {post.author}, post.title
        assert len(reporters) == len(set(reporters)), post.title


def test_demo_people_joined_before_they_took_part():
    joined = {u.username: u.joined_days_ago for u in DEMO_USERS}
    for post in DEMO_POSTS:
        people = {post.author, *(a for a, _ in post.comments), *(u for u, _, _ in post.outcomes)}
        assert all(joined[name] > post.days_ago for name in people), post.title


# The forum after `flask seed demo`.


def test_seed_demo_builds_a_forum_that_looks_lived_in(app, runner):
    output = _seed(runner).output
    assert DEMO_PASSWORD in output
    for demo in DEMO_USERS:
        assert demo.username in output

    with app.app_context():
        users = db.session.scalars(select(User)).all()
        posts = db.session.scalars(select(Post)).all()
        comments = db.session.scalars(select(Comment)).all()
        reports = db.session.scalars(select(OutcomeReport)).all()

        assert len(users) == len(DEMO_USERS)
        assert {u.perspective for u in users} == set(PERSPECTIVES)
        assert any(u.role == "moderator" for u in users)
        assert any(u.role == "admin" for u in users)
        assert any(u.role == "member" and u.trust_level >= 3 for u in users)
        assert any(u.clinician_verified and u.perspective == "clinician" for u in users)
        assert len({u.password_hash for u in users}) == 1  # hashed once, shared
        assert signs_in("ibd_nurse_ro", DEMO_PASSWORD).username == "ibd_nurse_ro"

        assert len(posts) == len(DEMO_POSTS) >= 40
        assert all(p.status == "published" for p in posts)
        assert len({c.slug for p in posts for c in p.conditions}) >= 10
        assert {p.kind for p in posts} == set(KINDS)
        ibd_school = [
            p for p in posts
            if IBD_FAMILY & {c.slug for c in p.conditions} and "school" in p.tag_names
        ]  # fmt: skip
        assert len(ibd_school) >= 4
        # Markdown went through the real sanitizer: lists and safe links survive.
        assert sum("</li>" in p.body_html for p in posts) >= 30
        assert any('<a href="https://' in p.body_html and 'rel="nofollow' in p.body_html
                   for p in posts)  # fmt: skip

        assert len(comments) == sum(len(p.comments) for p in DEMO_POSTS)
        assert len(reports) == sum(len(p.outcomes) for p in DEMO_POSTS)
        assert {r.result for r in reports} == set(OUTCOME_RESULTS)
        assert sum(bool(r.note) for r in reports) > len(reports) // 2
        assert all(r.user_id != r.post.author_id for r in reports)
        for post in posts:  # the denormalized counts a card shows agree with the rows
            mine = [r for r in reports if r.post_id == post.id]
            assert post.comment_count == sum(c.post_id == post.id for c in comments)
            assert summarize(post).outcome_total == len(mine)
            assert post.outcome_worked == sum(r.result == "worked" for r in mine)


def test_seed_demo_spreads_dates_over_the_past_months(app, runner):
    _seed(runner)
    now = utcnow()
    with app.app_context():
        posts = db.session.scalars(select(Post).order_by(Post.created_at)).all()
        assert now - posts[0].created_at > timedelta(days=250)
        assert now - posts[-1].created_at < timedelta(days=14)
        months = {(p.created_at.year, p.created_at.month) for p in posts}
        assert len(months) >= 8
        for comment in db.session.scalars(select(Comment)):
            assert comment.post.created_at < comment.created_at < now
            assert comment.author.created_at < comment.created_at
        for report in db.session.scalars(select(OutcomeReport)):
            assert report.post.created_at < report.created_at < now
        # Ids follow dates, as they would have if people had written them over time.
        assert [p.id for p in posts] == sorted(p.id for p in posts)


def test_seed_demo_twice_adds_nothing(app, runner):
    _seed(runner)
    with app.app_context():
        first = _snapshot()
    again = _seed(runner)
    assert "nothing added" in again.output
    with app.app_context():
        assert _snapshot() == first


def test_seed_demo_finishes_what_an_interrupted_run_left(app, runner, monkeypatch):
    import forum.seed.loader as loader

    monkeypatch.setattr(loader, "DEMO_POSTS", DEMO_POSTS[:3])
    _seed(runner)
    with app.app_context():  # as if it stopped halfway through a post's comments
        post = db.session.scalar(select(Post).where(Post.title == DEMO_POSTS[0].title))
        db.session.delete(db.session.scalars(select(Comment).where(Comment.post == post)).first())
        post.comment_count -= 1
        db.session.commit()
    monkeypatch.setattr(loader, "DEMO_POSTS", DEMO_POSTS)
    _seed(runner)
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == len(DEMO_POSTS)
        assert db.session.scalar(select(func.count(Comment.id))) == sum(
            len(p.comments) for p in DEMO_POSTS
        )


def test_seed_demo_tells_other_packages_each_time(app, runner):
    received = []

    def receiver(sender, users, posts, **extra):
        # Read while the seeding session is still open, as a real receiver would.
        received.append(
            (
                sender,
                {name: (type(u), u.username) for name, u in users.items()},
                {(type(p), p.title) for p in posts if p.id},
            )
        )

    with signals.demo_seeded.connected_to(receiver, app):
        _seed(runner)
        _seed(runner)
    assert len(received) == 2
    for sender, users, posts in received:
        assert sender is app
        assert users == {u.username: (User, u.username) for u in DEMO_USERS}
        assert posts == {(Post, p.title) for p in DEMO_POSTS}


def test_seed_demo_refuses_to_write_as_a_real_account(app, runner):
    with app.app_context():
        make_user("tessa_and_theo", email="tessa@example.org")
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 1
    assert "'tessa_and_theo' belongs to a real account" in result.stderr
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == 0
        assert db.session.scalar(select(func.count(User.id))) == 1


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_several_demo_posts(kind):
    assert sum(p.kind == kind for p in DEMO_POSTS) >= 5


def test_seed_demo_shows_the_loop_closed(app, runner, client):
    """Follow-ups answered months on show as durability; each member has a few new notifications."""
    from forum.models import FollowUp, Notification

    _seed(runner)
    with app.app_context():
        answered = db.session.scalar(
            select(func.count(FollowUp.id)).where(FollowUp.answered_at.is_not(None))
        )
        assert answered >= 20
        # Answered after they fell due, never in the future.
        assert not db.session.scalar(
            select(func.count(FollowUp.id)).where(FollowUp.answered_at < FollowUp.due_at)
        )
        unread = db.session.scalar(
            select(func.count(Notification.id)).where(Notification.read_at.is_(None))
        )
        total = db.session.scalar(select(func.count(Notification.id)))
        assert 0 < unread < total / 4  # a handful new, the rest read long ago
        durable = db.session.scalar(select(Post.id).where(Post.durability != "").limit(1))
    page = client.get(f"/posts/{durable}").get_data(as_text=True)
    assert "still using it after" in page


# Change ideas that teach: records, run charts, lineage and evidence levels.


def _signals(spec, today=None):
    """What the run-chart rules find after the first cycle, per measure of a demo record."""
    from forum.runcharts.rules import analyse, signals_after
    from forum.seed.change_ideas import cycle_dates, observation_dates

    today = today or utcnow().date()
    dates = observation_dates(spec, today)
    changed_on = cycle_dates(spec, today)[0][0]
    return {
        m.name: (analyse(m.values), signals_after(dates, analyse(m.values), changed_on))
        for m in spec.measures
    }


def test_demo_records_read_like_qi_work():
    from forum.models import DECISIONS, MEASURE_KINDS, SETTING_KINDS
    from forum.seed.records import RECORDS

    kinds = {p.title: p.kind for p in DEMO_POSTS}
    assert len(RECORDS) >= 4
    for title, spec in RECORDS.items():
        assert kinds[title] == "change_idea", title
        assert spec.aim_what and spec.aim_target and spec.setting_kind in SETTING_KINDS
        assert 1 <= len(spec.measures) <= 3 and 2 <= len(spec.cycles) <= 4, title
        for measure in spec.measures:
            assert measure.kind in MEASURE_KINDS and measure.unit
            assert 20 <= len(measure.values) <= 40, (title, measure.name)
            assert len(measure.values) == len(spec.measures[0].values)
        for cycle in spec.cycles:
            assert cycle.plan and cycle.done and cycle.learned and cycle.decision in DECISIONS
    assert {m.kind for s in RECORDS.values() for m in s.measures} == set(MEASURE_KINDS)


def test_demo_run_charts_show_a_shift_a_trend_and_a_quiet_one():
    from forum.seed.records import BP_CUFFS, CHECKLIST, FLUID_CUPS, RECORDS, SPACERS

    after = {title: _signals(spec) for title, spec in RECORDS.items()}
    rules_after = {
        title: {s.rule for _, found in charts.values() for s in found}
        for title, charts in after.items()
    }
    assert "shift" in rules_after[FLUID_CUPS]
    assert "trend" in rules_after[SPACERS] and "trend" in rules_after[CHECKLIST]
    # The loaner cuffs changed nothing the rules can see, on any chart.
    assert all(not analysis.signals for analysis, _ in after[BP_CUFFS].values())
    assert all(analysis.enough for c in after.values() for analysis, _ in c.values())


def test_demo_cycles_come_before_the_change_they_caused_and_data_reaches_now():
    from forum.seed.change_ideas import cycle_dates, observation_dates
    from forum.seed.records import RECORDS

    today = utcnow().date()
    for title, spec in RECORDS.items():
        dates = observation_dates(spec, today)
        cycles = cycle_dates(spec, today)
        assert dates == sorted(set(dates)) and dates[-1] <= today
        assert today - dates[-1] <= timedelta(days=14), title  # measured up to about now
        for (start, end), nxt in zip(cycles, [*cycles[1:], None], strict=True):
            assert start <= end <= today
            assert nxt is None or end < nxt[0]
        first = cycles[0][0]
        for _, found in _signals(spec, today).values():
            assert all(dates[s.start] >= first for s in found)


def test_seed_demo_gives_change_ideas_records_lineage_and_evidence(app, runner):
    from forum.changeideas.record import load
    from forum.models import EVIDENCE_LEVELS, Citation, post_coauthors
    from forum.runcharts.rules import analyse

    _seed(runner)
    with app.app_context():
        posts = db.session.scalars(select(Post)).all()
        by_id = {p.id: p for p in posts}
        records = {p.id: load(p) for p in posts if p.kind == "change_idea"}
        with_data = {i: r for i, r in records.items() if r.cycles and r.measures}
        assert len(with_data) >= 4
        for record in with_data.values():
            assert 2 <= len(record.cycles) <= 4 and 1 <= len(record.measures) <= 3
            assert all(20 <= len(m.points) <= 40 for m in record.measures)
            assert all(c.decision and c.started_on <= c.ended_on for c in record.cycles)
        charts = [analyse([p.value for p in m.points]) for r in with_data.values()
                  for m in r.measures]  # fmt: skip
        assert any(a.of("shift") for a in charts) and any(a.of("trend") for a in charts)
        quiet = [r for r in with_data.values() if not any(analyse([p.value for p in m.points])
                 .signals for m in r.measures)]  # fmt: skip
        assert len(quiet) == 1
        assert db.session.scalar(select(func.count()).select_from(post_coauthors)) >= 1
        assert any(r.coauthors for r in with_data.values())

        # Lineage: an adaptation of an adaptation, each saying what it changed.
        chains = [p for p in posts if p.adapted_from_id
                  and by_id[p.adapted_from_id].adapted_from_id]  # fmt: skip
        assert chains and all(p.adaptation_note for p in posts if p.adapted_from_id)
        grandchild = chains[0]
        parent = by_id[grandchild.adapted_from_id]
        assert parent.created_at < grandchild.created_at
        assert by_id[parent.adapted_from_id].created_at < parent.created_at
        family = [p for p in posts if p.kind == "hack" and p.adapted_from_id
                  and by_id[p.adapted_from_id].kind == "hack"
                  and p.author_id != by_id[p.adapted_from_id].author_id]  # fmt: skip
        assert family and family[0].author.perspective == "caregiver"
        for post in posts:
            assert post.adaptation_count == sum(
                p.adapted_from_id == post.id and p.status == "published" for p in posts
            ), post.title

        # Every evidence level is on some post, with its reason.
        levels = {p.evidence_level for p in posts}
        assert levels == set(EVIDENCE_LEVELS)
        assert all(p.evidence_reason.startswith(EVIDENCE_LEVELS[p.evidence_level])
                   for p in posts)  # fmt: skip
        (published,) = [p for p in posts if p.evidence_level == "published"]
        citation = db.session.scalar(select(Citation).where(Citation.post_id == published.id))
        assert citation.confirmed_by.clinician_verified
        assert citation.confirmed_by_id != published.author_id
        assert any(p.evidence_level == "repeated" and p.kind == "hack" for p in posts)
        tested = [p for p in posts if p.evidence_level == "tested"]
        assert len(tested) >= 2 and {p.kind for p in tested} == {"change_idea"}
