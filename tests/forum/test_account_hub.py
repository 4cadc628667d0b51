"""``/account``: one page gathering every part of a member's account."""

from __future__ import annotations

from tests.factories import make_user
from tests.pages import page_text


def test_a_member_sees_their_account_sections(app, client, auth):
    with app.app_context():
        make_user("hub_member", email="hub@example.org")
    auth.login("hub_member")

    page = client.get("/account")

    assert page.status_code == 200
    text = page_text(page)
    assert "Your account" in text
    assert "We email <strong>hub@example.org</strong>. It is confirmed." in text
    assert 'href="/account/email"' in page.text
    assert 'href="/auth/password"' in page.text
    assert 'href="/privacy"' in page.text  # what is kept, from the page that manages it


def test_a_visitor_is_sent_to_sign_in(client):
    page = client.get("/account")

    assert page.status_code == 302
    assert page.headers["Location"].startswith("/auth/login")


def test_the_profile_links_its_owner_to_the_account_page(app, client, auth):
    with app.app_context():
        make_user("hub_owner")
    auth.login("hub_owner")

    assert 'href="/account"' in client.get("/users/hub_owner").text
