"""Lineage in search: "adaptations of X" (``adapted_from=<id>``) and the "most
adapted" sort, kept in step as adaptations are published, hidden and restored."""

from __future__ import annotations

import re
from html import unescape

from forum.extensions import db
from forum.models import Post
from forum.services.posts import create_post, set_post_status
from tests.factories import make_post, make_user
from tests.search.conftest import run


def adapt(original: Post, title: str, author=None) -> Post:
    return create_post(
        author or make_user(),
        title=title,
        body="Our version of it, for the morning.",
        kind="hack",
        conditions=["asthma"],
        adapted_from=original,
        adaptation_note="We changed the time of day.",
    )


def test_filter_by_original_and_sort_by_most_adapted(app_ctx):
    author = make_user()
    popular = make_post(author, title="Visual timetable for the morning")
    quiet = make_post(author, title="Sticker chart for the morning")
    first = adapt(popular, "Visual timetable for the school morning")
    second = adapt(popular, "Picture timetable for the morning at grandma's")
    on_quiet = adapt(quiet, "Sticker chart for the weekend morning")

    assert sorted(run(adapted_from=popular.id)) == sorted([first.title, second.title])
    assert run("school", adapted_from=popular.id) == [first.title]
    assert run(adapted_from=quiet.id) == [on_quiet.title]
    assert run(adapted_from=on_quiet.id) == []
    ranked = run("morning", sort="adapted")
    assert ranked[:2] == [popular.title, quiet.title]  # 2, then 1; the rest newest first

    # Hiding an adaptation takes it out of both, and restoring it brings it back.
    set_post_status(first, "hidden")
    db.session.commit()
    assert run(adapted_from=popular.id) == [second.title]
    set_post_status(second, "removed")
    db.session.commit()
    assert run("morning", sort="adapted")[0] == quiet.title  # popular now has none
    set_post_status(first, "published")
    set_post_status(second, "published")
    db.session.commit()
    assert run("morning", sort="adapted")[0] == popular.title


def _text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def test_results_page_names_the_original_and_the_post_page_links_to_it(app, client):
    with app.app_context():
        original = make_post(make_user(), title="Bathroom pass at school")
        adaptation = adapt(original, "Bathroom pass at college")
        make_post(make_user(), title="Bathroom pass for the cinema")
        original_id = original.id
        assert adaptation.adapted_from_id == original_id
    page = client.get(f"/posts/{original_id}").get_data(as_text=True)
    link = f'href="/search?adapted_from={original_id}&amp;sort=newest"'
    assert f"{link}>Adapted 1 time</a>" in page

    results = client.get(f"/search?adapted_from={original_id}&sort=newest")
    words = _text(results)
    assert "Adaptations of “Bathroom pass at school”" in words
    assert "Bathroom pass at college" in words
    assert "Bathroom pass for the cinema" not in words
    assert "Most adapted" in _text(client.get("/search?q=bathroom"))


def test_a_removed_original_is_not_named(app, client):
    with app.app_context():
        original = make_post(make_user(), title="Bathroom pass at school")
        adapt(original, "Bathroom pass at college")
        set_post_status(original, "removed")
        db.session.commit()
        original_id = original.id
    words = _text(client.get(f"/search?adapted_from={original_id}"))
    assert "Adaptations of a post that was removed" in words
    assert "Bathroom pass at school" not in words
    assert "Bathroom pass at college" in words


def test_bad_values_are_a_clear_400(app, client):
    for bad in ("abc", "-3", "0", "1" * 12, "1.5"):
        response = client.get(f"/search?adapted_from={bad}")
        assert response.status_code == 400
        assert "Adapted from must be the number of a post." in _text(response)
        api = client.get(f"/api/v1/search?adapted_from={bad}")
        assert api.status_code == 400
        assert api.get_json()["error"]["fields"]["adapted_from"].startswith("Adapted from")
    assert client.get("/search?sort=most_adapted").status_code == 400


def test_api_takes_the_filter_and_the_sort(app, client):
    with app.app_context():
        original = make_post(make_user(), title="Visual timetable for the morning")
        adapt(original, "Visual timetable for the school morning")
        original_id = original.id
    body = client.get(f"/api/v1/search?adapted_from={original_id}").get_json()
    assert [r["post"]["title"] for r in body["results"]] == [
        "Visual timetable for the school morning"
    ]
    assert body["results"][0]["post"]["adapted_from"] == {
        "id": original_id,
        "title": "Visual timetable for the morning",
    }
    ranked = client.get("/api/v1/search?q=morning&sort=adapted").get_json()["results"]
    assert ranked[0]["post"]["adaptation_count"] == 1
