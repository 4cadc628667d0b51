"""`flask seed demo` leaves real work in the queue: open flags and a safety review."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post, User
from moderation.models import Flag, SafetyReview
from tests.moderation.helpers import sign_in, text_of


def counts() -> tuple[int, int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(Flag).where(Flag.status == "open")),
        db.session.scalar(select(func.count()).select_from(SafetyReview)),
        db.session.scalar(select(func.count()).select_from(Post).where(Post.status == "hidden")),
    )


def test_the_demo_has_open_flags_and_a_review_and_seeding_again_adds_nothing(app, client):
    from forum.seed import seed_demo

    with app.app_context():
        seed_demo()
        first = counts()
        open_flags, reviews, hidden = first
        assert open_flags >= 3 and reviews == 1 and hidden == 0
        moderator = db.session.scalar(select(User.username).where(User.role == "moderator"))
        reviewed = db.session.scalar(select(Post).where(Post.safety_label.is_not(None)))
        assert reviewed.safety_reviewer.clinician_verified
        seed_demo()
        assert counts() == first
    sign_in(client, moderator)
    page = text_of(client.get("/moderation/queue"))
    assert page.count('class="card queue-item"') >= 2
    assert "Off topic" in page and "Unsafe advice" in page
