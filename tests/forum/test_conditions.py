"""Browsing by condition: the tree with its counts, and a condition's own page."""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import Post
from tests.factories import make_post, make_user
from tests.forum.picker_helpers import ticked
from tests.pages import card_titles as titles
from tests.pages import page_text


def tree_count(page: str, slug: str) -> str:
    """The count shown beside a condition in the tree."""
    match = re.search(
        rf'href="/conditions/{slug}">[^<]+</a>\s*<span class="count">([^<]+)</span>', page
    )
    assert match, f"{slug} is not in the tree"
    return match.group(1)


def test_the_tree_nests_children_and_counts_each_post_once(app, client):
    with app.app_context():
        author = make_user("dana")
        make_post(author, conditions=["crohns-disease"])
        make_post(author, conditions=["crohns-disease", "ulcerative-colitis"])
        make_post(author, conditions=["ibd"])
        make_post(author, conditions=["ibd", "crohns-disease"])
        make_post(author, conditions=["asthma"])
        make_post(author, conditions=["asthma"], status="pending")
        make_post(author, conditions=["crohns-disease"], status="removed")
        make_post(author, conditions=["ulcerative-colitis"], status="hidden")

    page = page_text(client.get("/conditions"))
    assert tree_count(page, "ibd") == "4 posts"  # its own two and its children's, once each
    assert tree_count(page, "crohns-disease") == "3 posts"
    assert tree_count(page, "ulcerative-colitis") == "1 post"
    assert tree_count(page, "ibd-unclassified") == "0 posts"
    assert tree_count(page, "asthma") == "1 post"
    # Children sit in a list inside their parent's item, after the parent.
    ibd_item = page.split('href="/conditions/ibd">')[1].split('href="/conditions/juvenile')[0]
    assert '<ul class="condition-children">' in ibd_item
    assert 'href="/conditions/crohns-disease"' in ibd_item
    assert "Also called crohns" in ibd_item and "ICD-10 K50" in ibd_item


def test_a_condition_page_lists_its_posts_and_its_childrens_newest_first(app, client):
    with app.app_context():
        author = make_user("dana")
        make_post(author, title="Oldest: IBD diet diary", conditions=["ibd"])
        make_post(author, title="Middle: Crohn's school pass", conditions=["crohns-disease"])
        make_post(author, title="Asthma spacer trick", conditions=["asthma"])
        make_post(author, title="Newest: UC night routine", conditions=["ulcerative-colitis"])

    assert titles(client.get("/conditions/ibd")) == [
        "Newest: UC night routine",
        "Middle: Crohn's school pass",
        "Oldest: IBD diet diary",
    ]
    assert titles(client.get("/conditions/crohns-disease")) == ["Middle: Crohn's school pass"]
    page = page_text(client.get("/conditions/crohns-disease"))
    assert "Also called crohns, crohn" in page and "ICD-10 K50" in page
    assert 'href="/conditions/ibd">Inflammatory bowel disease</a>' in page  # breadcrumb


def test_the_kind_filter_is_a_set_of_links(app, client):
    with app.app_context():
        author = make_user("dana")
        make_post(author, title="Pass that worked", kind="hack", conditions=["crohns-disease"])
        make_post(author, title="Clinic huddle", kind="change_idea", conditions=["ibd"])
        make_post(author, title="Anyone tried?", kind="question", conditions=["crohns-disease"])

    page = page_text(client.get("/conditions/ibd"))
    for key in ("hack", "change_idea", "question"):
        assert f'href="/conditions/ibd?kind={key}"' in page
    assert titles(client.get("/conditions/ibd?kind=change_idea")) == ["Clinic huddle"]
    assert titles(client.get("/conditions/ibd?kind=question")) == ["Anyone tried?"]
    filtered = page_text(client.get("/conditions/ibd?kind=question"))
    assert 'href="/conditions/ibd?kind=question" aria-current="page"' in filtered
    assert len(titles(client.get("/conditions/ibd?kind=nonsense"))) == 3  # unknown: all kinds


def test_an_empty_condition_invites_the_first_post(app, client, auth):
    page = page_text(client.get("/conditions/lupus-nephritis"))
    empty = page.split('class="empty-state"')[1].split("</div>")[0]
    words = re.sub(r"<[^>]+>", "", empty)
    assert "No one has posted about Lupus nephritis yet — share what worked for you" in words
    assert 'href="/posts/new?condition=lupus-nephritis"' in empty

    with app.app_context():
        make_user("dana")
    auth.login("dana")
    form = page_text(client.get("/posts/new?condition=lupus-nephritis"))
    assert ticked(form) == ["lupus-nephritis"]


def test_an_empty_kind_says_which_kind(app, client):
    with app.app_context():
        make_post(kind="hack", conditions=["asthma"])
    page = page_text(client.get("/conditions/asthma?kind=question"))
    assert "No “Question” posts about Asthma yet." in page


def test_condition_pages_are_paged(app, client):
    with app.app_context():
        author = make_user("dana")
        for i in range(21):
            make_post(author, title=f"Epilepsy tip number {i:02}", conditions=["epilepsy"])
    first = client.get("/conditions/epilepsy")
    assert len(titles(first)) == 20
    assert titles(first)[0] == "Epilepsy tip number 20"
    assert 'href="/conditions/epilepsy?page=2&amp;after=' in first.get_data(as_text=True)
    assert titles(client.get("/conditions/epilepsy?page=2")) == ["Epilepsy tip number 00"]
    assert client.get("/conditions/epilepsy?page=3").status_code == 404


@pytest.mark.parametrize("slug", ["nope", "IBD", "ibd%00", "..%2Fetc"])
def test_unknown_conditions_are_404(client, slug):
    assert client.get(f"/conditions/{slug}").status_code == 404


def test_removed_posts_leave_the_condition_page(app, client):
    with app.app_context():
        post = make_post(title="Soon gone from view", conditions=["asthma"])
        post_id = post.id
    assert titles(client.get("/conditions/asthma")) == ["Soon gone from view"]
    with app.app_context():
        db.session.get(Post, post_id).status = "removed"
        db.session.commit()
    assert titles(client.get("/conditions/asthma")) == []
