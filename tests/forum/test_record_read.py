"""forum.changeideas.record.load: a post's record and the reader's watch level
in one statement, as the post page and its run charts read them."""

from __future__ import annotations

from datetime import date

from forum.changeideas.record import load
from forum.extensions import db
from forum.models import post_coauthors
from forum.services import watching
from tests.factories import make_post, make_user
from tests.runchart_factories import make_cycle, make_measure
from tests.sql import statements


def test_one_statement_reads_measures_points_cycles_coauthors_and_the_watch_level(app):
    with app.app_context():
        author, reader = make_user("author"), make_user("reader")
        post = make_post(author, kind="change_idea")
        make_measure(post, "Second", values=[1, 2], position=1)
        make_measure(post, "First", values=[5, 6, 7], position=0)
        make_measure(post, "Empty", position=2)
        make_cycle(post, date(2025, 3, 1), plan="Later")
        make_cycle(post, date(2025, 2, 1), plan="Sooner")
        for name in ("zoe", "amir"):
            db.session.execute(
                post_coauthors.insert().values(post_id=post.id, user_id=make_user(name).id)
            )
        db.session.commit()
        watching.set_level(reader, watching.Target("post", str(post.id)), "tracking")
        db.session.expire_all()
        assert post.kind == "change_idea" and reader.id  # the page has both before its record
        with statements(app) as seen:
            record = load(post, reader)
        assert len(seen) == 1
        assert [m.measure.name for m in record.measures] == ["First", "Second", "Empty"]
        assert [p.value for p in record.measures[0].points] == [5, 6, 7]
        assert record.measures[0].points[0].observed_on == date(2025, 1, 6)
        assert record.measures[2].points == ()
        assert [c.plan for c in record.cycles] == ["Sooner", "Later"]
        assert record.coauthors == ("amir", "zoe")
        assert record.watch_level == "tracking"
        assert load(post, author).watch_level in ("watching", "normal")
        assert load(post).watch_level is None  # nobody signed in: not read


def test_a_question_has_no_record_and_costs_nothing_for_a_visitor(app):
    with app.app_context():
        question = make_post(make_user(), kind="question", title="Which diary kept you going?")
        assert question.kind == "question"
        with statements(app) as seen:
            record = load(question)
        assert record.empty and seen == []
        assert load(question, make_user()).watch_level == "normal"
