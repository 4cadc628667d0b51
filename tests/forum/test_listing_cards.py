"""Listing cards are read as plain values and kept as rendered HTML (``{% cache %}``),
yet a card always shows its post as it is now, and looks as a post's card always did."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.caching.fragments import Fragments
from forum.extensions import db
from forum.models import Post, User
from forum.posts import summary
from forum.services.posts import edit_post
from moderation.reviews import review_post
from tests.factories import make_comment, make_outcome, make_post, make_user
from tests.pages import page_text

LISTINGS = ("/", "/conditions/ibd", "/users/dana")


def card_text(client, url: str, title: str) -> str:
    """The text of the card titled ``title`` on the page at ``url``."""
    text = page_text(client.get(url))
    # Cards only: what comes before the first card (a condition's "what's working"
    # summary, say) may name the post too.
    cards = text.split('<article class="card">')[1:]
    found = [c for c in cards if f">{title}</a>" in c]
    assert len(found) == 1, f"{title!r} on {url}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[0].split("</article>")[0]))


def test_a_card_shows_each_change_to_its_post_on_every_listing(app, client):
    with app.app_context():
        dana = make_user("dana", perspective="caregiver")
        post = make_post(dana, title="Bathroom pass at school", conditions=["crohns-disease"])
        post_id, dana_id = post.id, dana.id
    for url in LISTINGS:  # rendered once, and kept
        seen = card_text(client, url, "Bathroom pass at school")
        assert "0 comments" in seen and "Parent or carer" in seen
        assert "No one has reported trying this yet" in seen

    def change(do) -> None:
        with app.app_context():
            do(db.session.get(Post, post_id), db.session.get(User, dana_id))
            db.session.commit()

    change(lambda post, dana: make_comment(post, body="We did this too."))
    change(lambda post, dana: make_outcome(post, result="partly"))
    for url in LISTINGS:
        seen = card_text(client, url, "Bathroom pass at school")
        assert "1 comment " in seen and "1 report: partly" in seen

    def set_author(post, dana):
        dana.perspective, dana.clinician_verified = "clinician", True

    change(set_author)
    change(
        lambda post, dana: review_post(
            make_user("nurse-ro", role="moderator"), post, label="care_team", note="Ask first."
        )
    )
    for url in LISTINGS:
        seen = card_text(client, url, "Bathroom pass at school")
        assert "Clinician" in seen and "Verified clinician" in seen
        assert "Talk to your care team before trying this" in seen
        assert "reviewed by nurse-ro" in seen

    change(
        lambda post, dana: edit_post(
            dana,
            post,
            title="Bathroom pass at school, and a key",
            body="A new first line for the excerpt.",
            kind="hack",
            conditions=["ulcerative-colitis"],
        )
    )
    for url in LISTINGS:
        seen = card_text(client, url, "Bathroom pass at school, and a key")
        assert "Ulcerative colitis" in seen and "Crohn" not in seen
        assert "Changed since review" in seen
    assert "A new first line for the excerpt." in card_text(
        client, "/", "Bathroom pass at school, and a key"
    )
    assert "Bathroom pass at school<" not in client.get("/").get_data(as_text=True)


def test_cards_render_as_the_posts_they_were_read_from(app):
    """Cards and ORM posts go through the same ``post_card`` macro (search results
    and moderation pages still pass posts): the HTML must be the same."""
    with app.app_context():
        author = make_user("dana", role="moderator", clinician_verified=True)
        reviewer = make_user("nurse-ro", perspective="clinician", clinician_verified=True)
        shown = [
            make_post(author, title="Plain", conditions=["asthma"]),
            make_post(author, title="Two conditions", conditions=["ulcerative-colitis", "asthma"]),
            make_post(author, title="Held back", status="hidden"),
        ]
        make_comment(shown[0])
        make_outcome(shown[0], result="worked")
        make_outcome(shown[0], result="stopped")
        review_post(reviewer, shown[1], label="low_risk", note="Fine to try.")
        ids = [p.id for p in shown]
    with app.test_request_context("/"):
        post_card = app.jinja_env.get_template("_macros.html").module.post_card
        read = summary.fetch(select(Post).where(Post.id.in_(ids)).order_by(Post.id))
        assert [card.id for card in read] == ids
        for card in read:
            post = db.session.get(Post, card.id)
            for level in (2, 3):
                assert post_card(card, heading_level=level) == post_card(post, heading_level=level)


def test_kept_fragments_are_bounded_least_recently_used_first():
    fragments = Fragments(limit=2)
    rendered = []

    def render(text):
        def caller():
            rendered.append(text)
            return text

        return caller

    for key in ("a", "b", "a", "c", "a", "b"):
        assert fragments.get_or_render(key, render(key.upper())) == key.upper()
    # "a" stayed (used most recently each time); "b" was dropped for "c", then rendered again.
    assert rendered == ["A", "B", "C", "B"]


@pytest.fixture
def remembering_app(make_app):
    return make_app(QUERY_CACHE_ENABLED=True)


def test_condition_counts_follow_new_posts_while_remembered(remembering_app):
    client = remembering_app.test_client()

    def asthma_count() -> str:
        text = page_text(client.get("/conditions"))
        return re.search(r">Asthma</a>\s*<span class=\"count\">([^<]+)<", text).group(1)

    assert asthma_count() == "0 posts"
    assert asthma_count() == "0 posts"  # remembered: the same until something is written
    with remembering_app.app_context():
        make_post(conditions=["asthma"])
    assert asthma_count() == "1 post"
