"""The post page's side column: its condition, and related posts most reported to work."""

from __future__ import annotations

import re

from forum.extensions import db
from tests.factories import make_outcome, make_post, make_user
from tests.pages import page_text


def related_titles(client, post_id: int) -> list[str]:
    html = page_text(client.get(f"/posts/{post_id}"))
    box = re.search(r'<section class="aside-box related-posts".*?</section>', html, re.S)
    return (
        re.findall(r'<li><a dir="auto" href="/posts/\d+">([^<]+)</a>', box.group(0)) if box else []
    )


def test_related_posts_share_a_condition_most_worked_first(app, client):
    with app.app_context():
        reader = make_post(title="Pill swallowing with candy", conditions=["crohns-disease"])
        ranked = {}
        for title, worked in [
            ("Two worked", 2),
            ("None yet", 0),
            ("Three worked", 3),
            ("One worked", 1),
        ]:
            post = make_post(title=title, conditions=["crohns-disease", "asthma"])
            for _ in range(worked):
                make_outcome(post, make_user(), result="worked")
            ranked[title] = post.id
        make_post(title="About asthma only", conditions=["asthma"])
        held = make_post(title="Waiting for review", conditions=["crohns-disease"])
        held.status = "pending"
        for i in range(2):
            make_post(title=f"Newer, unreported {i}", conditions=["crohns-disease"])
        db.session.commit()
        reader_id = reader.id
    titles = related_titles(client, reader_id)
    assert titles == [
        "Three worked",
        "Two worked",
        "One worked",
        "Newer, unreported 1",
        "Newer, unreported 0",
    ]
    text = page_text(client.get(f"/posts/{reader_id}"))
    assert "3 of 3 say it worked" in text and "No reports yet" in text
    # The condition's box: how many more posts, and where to find them all.
    assert "6 more posts about Crohn's disease" in text
    assert 'href="/conditions/crohns-disease">All posts about Crohn' in text


def test_related_posts_never_show_the_post_itself_or_hidden_ones_even_to_their_author(
    app, client, auth
):
    with app.app_context():
        author = make_user("ana")
        first = make_post(author, title="First", conditions=["asthma"])
        hidden = make_post(author, title="My hidden one", conditions=["asthma"])
        hidden.status = "hidden"
        db.session.commit()
        first_id = first.id
    auth.login("ana")
    assert related_titles(client, first_id) == []
    text = page_text(client.get(f"/posts/{first_id}"))
    assert "Related posts" not in text and "more post" not in text
    assert "Share what worked for Asthma" in text
