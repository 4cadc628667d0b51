"""Profiles people fill in: "Edit profile", what the profile then shows, and the
home page's "For your conditions"."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import BIO_MAX, Condition, User
from tests.factories import make_comment, make_post, make_user
from tests.sql import statements

GOOD = {
    "bio": "Mum of a nine-year-old with **asthma**. <script>alert(1)</script>"
    "Ask me about inhalers.",
    "perspective": "caregiver",
    "care_age_band": "6-11",
    "conditions": ["asthma", "ibd"],
}


@pytest.fixture
def dana(app_ctx):
    return make_user("dana", perspective="patient")


def edit_page(client) -> str:
    response = client.get("/users/dana/edit")
    assert response.status_code == 200
    return response.text


def saved(username: str = "dana") -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def test_the_edit_form_shows_every_field_as_it_is(client, auth, dana):
    auth.login("dana")
    html = edit_page(client)
    assert '<textarea class="" id="bio"' in html or 'id="bio"' in html
    assert f'maxlength="{BIO_MAX}"' in html
    assert 'value="patient" checked' in html or re.search(r'checked[^>]*value="patient"', html)
    assert "Prefer not to say" in html
    for band in ("Under 2", "6 to 11", "Adult (over 25)"):
        assert band in html
    # My conditions: one checkbox per condition of the catalogue, none ticked yet.
    assert 'type="checkbox" id="conditions-crohns-disease" name="conditions"' in html
    assert 'name="conditions" value="asthma" checked' not in html


def test_saving_the_profile_shows_it_to_everyone(client, auth, dana):
    auth.login("dana")
    response = client.post("/users/dana/edit", data=GOOD)
    assert response.status_code == 302
    assert response.location == "/users/dana"
    member = saved()
    assert member.perspective == "caregiver"
    assert member.care_age_band == "6-11"
    assert sorted(c.slug for c in member.conditions) == ["asthma", "ibd"]
    assert member.bio.startswith("Mum of a nine-year-old")
    auth.logout()
    html = client.get("/users/dana").text
    assert "<strong>asthma</strong>" in html  # Markdown, through the one sanitizer
    assert "<script>alert" not in html
    assert '<span class="badge badge-perspective badge-caregiver">Parent or carer</span>' in html
    assert "<dt>Age band</dt><dd>6 to 11</dd>" in html
    assert 'href="/conditions/asthma"' in html and 'href="/conditions/ibd"' in html
    assert "Edit profile" not in html  # only for its owner


def test_the_form_comes_back_filled_in(client, auth, dana):
    auth.login("dana")
    client.post("/users/dana/edit", data=GOOD)
    html = edit_page(client)
    assert 'name="conditions" value="asthma" checked' in html
    assert 'name="conditions" value="ibd" checked' in html
    assert re.search(r'value="6-11" checked|checked[^>]*value="6-11"', html)
    assert "Ask me about inhalers." in unescape(html)


def test_prefer_not_to_say_and_no_conditions_clear_them(client, auth, dana):
    auth.login("dana")
    client.post("/users/dana/edit", data=GOOD)
    response = client.post(
        "/users/dana/edit", data={"bio": "", "perspective": "patient", "care_age_band": ""}
    )
    assert response.status_code == 302
    member = saved()
    assert (member.bio, member.care_age_band, member.conditions) == ("", None, [])
    html = client.get("/users/dana").text
    assert "Age band" not in html and "My conditions" not in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bio", "x" * (BIO_MAX + 1), f"Keep your bio to {BIO_MAX} characters"),
        ("perspective", "wizard", "Choose the perspective you write from."),
        ("care_age_band", "born 3 May 2015", "Choose an age band"),
        ("conditions", ["asthma", "no-such-thing"], "One of the chosen conditions does not exist."),
        ("conditions", ["\x00"], "One of the chosen conditions does not exist."),
    ],
)
def test_bad_input_is_refused_beside_its_field(client, auth, dana, field, value, message):
    auth.login("dana")
    response = client.post("/users/dana/edit", data={**GOOD, field: value})
    assert response.status_code == 400
    assert message in unescape(response.text)
    assert f'id="{field}-error"' in response.text
    member = saved()
    assert (member.bio, member.perspective, member.conditions) == ("", "patient", [])


def test_too_many_conditions_are_refused(client, auth, dana):
    auth.login("dana")
    slugs = [c.slug for c in db.session.scalars(select(Condition))]
    response = client.post("/users/dana/edit", data={**GOOD, "conditions": slugs[:11]})
    assert response.status_code == 400
    assert "Choose at most 10 conditions." in response.text
    assert saved().conditions == []


def test_the_privacy_guard_checks_the_bio_before_it_is_public(client, auth, dana):
    auth.login("dana")
    words = "My son Jack Peters goes to St Mary's Primary School in Leeds."
    response = client.post("/users/dana/edit", data={**GOOD, "bio": words})
    assert response.status_code == 200
    assert "Check before you share" in response.text
    assert words in unescape(response.text)  # kept in the form to edit
    assert saved().bio == ""
    seen = re.search(r'name="privacy_seen" type="hidden" value="([^"]*)"', response.text)
    seen = seen or re.search(r'id="privacy_seen" name="privacy_seen" type="hidden" value="([^"]*)"',
                             response.text)  # fmt: skip
    response = client.post(
        "/users/dana/edit",
        data={**GOOD, "bio": words, "privacy_confirmed": "y", "privacy_seen": seen.group(1)},
    )
    assert response.status_code == 302
    assert saved().bio == words


def test_only_the_owner_edits_a_profile(client, auth, dana):
    assert client.get("/users/dana/edit").status_code == 302  # sign in first
    make_user("eve", role="moderator")
    auth.login("eve")
    assert client.get("/users/dana/edit").status_code == 403
    assert client.post("/users/dana/edit", data=GOOD).status_code == 403
    assert saved().bio == ""


def test_the_profile_lists_comments_each_viewer_may_see(client, auth, dana):
    post = make_post(make_user("bob"), title="School bathroom pass letter")
    make_comment(post, dana, "We asked the **school nurse** first.")
    make_comment(post, dana, "A held comment").status = "hidden"
    db.session.commit()
    html = client.get("/users/dana").text
    assert "We asked the school nurse first." in html  # an excerpt, as on cards
    assert "A held comment" not in html
    assert re.search(r"<dt>Comments</dt><dd>1</dd>", html)
    assert f'href="/posts/{post.id}?comment=' in html
    auth.login("dana")
    html = client.get("/users/dana").text
    assert "A held comment" in html and '<span class="badge badge-status">Hidden</span>' in html


def test_profile_pages_its_comments(client, monkeypatch, dana):
    monkeypatch.setattr("forum.users.views.COMMENTS_PER_PAGE", 1)
    post = make_post(make_user("bob"))
    for n in range(2):
        make_comment(post, dana, f"Comment number {n}")
    first = client.get("/users/dana").text
    assert "Comment number 1" in first and "Comment number 0" not in first
    assert 'href="/users/dana?comments_page=2"' in first
    second = client.get("/users/dana?comments_page=2").text
    assert "Comment number 0" in second
    assert client.get("/users/dana?comments_page=3").status_code == 404


def test_technical_things_are_under_advanced_for_the_owner_only(client, auth, dana):
    auth.login("dana")
    html = client.get("/users/dana").text
    advanced = re.search(r'<details class="advanced".*?</details>', html, re.S).group(0)
    assert "API tokens" in advanced and "Create a token" in advanced
    assert "trust level is 1 (Member)" in advanced
    auth.logout()
    assert "Advanced" not in client.get("/users/dana").text


# ---------- "For your conditions" on the home page ----------


def _suggested(html: str) -> list[str]:
    found = re.search(r'<section class="for-your-conditions.*?</section>', html, re.S)
    return [unescape(t) for t in re.findall(r'<a href="/posts/\d+">([^<]+)</a>', found.group(0))]


def test_home_suggests_posts_for_your_conditions_and_their_children(client, auth, dana):
    others = make_user("bob")
    make_post(others, title="Crohn's: a night-time routine", conditions=["crohns-disease"])
    make_post(others, title="Asthma: spacer tips", conditions=["asthma"])
    make_post(others, title="Kidney: fluid diary", conditions=["chronic-kidney-disease"])
    make_post(dana, title="Dana's own IBD post", conditions=["ibd"])
    for n in range(5):
        make_post(others, title=f"Colitis tip {n}", conditions=["ulcerative-colitis"])
    auth.login("dana")
    assert client.post("/users/dana/edit", data={**GOOD, "conditions": ["ibd"]}).status_code == 302
    html = client.get("/").text
    suggested = _suggested(html)
    assert "For your conditions" in html
    assert suggested == [f"Colitis tip {n}" for n in (4, 3, 2, 1, 0)]  # newest 5, IBD's children
    older = client.get("/?page=2").text if "?page=2" in html else ""
    assert "For your conditions" not in older
    assert "For your conditions" not in client.get("/?condition=asthma").text


def test_no_suggestions_without_conditions_or_signed_out(client, auth, dana):
    make_post(make_user("bob"), title="Asthma: spacer tips", conditions=["asthma"])
    assert "For your conditions" not in client.get("/").text
    auth.login("dana")
    assert "For your conditions" not in client.get("/").text


def test_suggestions_cost_a_few_queries_whatever_the_number_of_conditions(client, auth, dana):
    bob = make_user("bob")
    for slug in ("asthma", "crohns-disease", "dialysis"):
        make_post(bob, title=f"A post about {slug}", conditions=[slug])
    auth.login("dana")
    counts = []
    for chosen in (["asthma"], ["asthma", "ibd", "chronic-kidney-disease"]):
        client.post("/users/dana/edit", data={**GOOD, "conditions": chosen})
        client.get("/")
        with statements(client.application) as seen:
            assert "For your conditions" in client.get("/").text
        counts.append(len(seen))
    assert counts[0] == counts[1] <= 12


# ---------- the same profile through the API ----------


@pytest.mark.needs_plugin("moderation", "search")  # the document describes the whole app
def test_the_api_serves_the_profile_in_its_documented_shape(client, auth, dana):
    from tests.forum.test_openapi import assert_documented

    auth.login("dana")
    client.post("/users/dana/edit", data=GOOD)
    auth.logout()
    response = client.get("/api/v1/users/DANA")
    assert response.status_code == 200
    assert_documented(response, "/api/v1/users/{username}")
    profile = response.json["user"]
    assert profile["username"] == "dana"
    assert profile["conditions"] == ["asthma", "ibd"]
    assert profile["care_age_band"] == "6-11"
    assert "<strong>asthma</strong>" in profile["bio_html"]
    assert "<script" not in profile["bio_html"]
    assert "email" not in profile
    missing = client.get("/api/v1/users/nobody-here")
    assert missing.status_code == 404
    assert_documented(missing, "/api/v1/users/{username}")
