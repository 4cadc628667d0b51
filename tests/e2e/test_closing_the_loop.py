"""Closing the loop, end to end in a real browser (issue 13's "Done when").

1. A parent watches Crohn's disease from its page; a nurse posts a hack there
   through the post form; the worker runs (the jobs in-process, against the
   live server's database, as ``flask notify work`` would); the parent's bell
   rings, /notifications leads to the post and the count drops; the email
   arrives at a real SMTP server with a subject that says nothing about
   anyone's health, a plain-text part and the RFC 8058 headers; the parent
   unsubscribes with one click from the emailed link and their settings say
   "No email". A second member's mail client unsubscribes them by the bare
   one-click POST, with no session.
2. A member reports "It worked"; the clock moves on three months; the bell
   brings the "Is it still working?" page; "Still using it" shows on the post.
3. axe finds nothing serious on the pages these journeys visit.

On a desktop with JavaScript (and axe) and on a phone without it.
"""

from __future__ import annotations

import http.client
import itertools
import re
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from forum import create_app
from forum.extensions import db
from forum.models import User
from forum.models.timestamps import utcnow
from forum.services import watching
from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import open_menu_if_collapsed, register, sign_in, unique_username
from tests.factories import make_post, make_user

pytestmark = pytest.mark.e2e

# The post form's own requests with JavaScript: the live preview and drafts.
ALLOWED_FETCH = ("/posts/preview", "/drafts")

_run = itertools.count(1)

# Each journey twice: on a desktop with JavaScript (and axe, which is script),
# and on a phone without it. The parts' own tests cover the other pairs.
TWO_WAYS = pytest.mark.parametrize(
    ("device", "javascript"),
    [("desktop", True), ("phone", False)],
    ids=["desktop-js", "phone-no-js"],
    indirect=True,
)


@pytest.fixture
def worker_app(server, mail_server) -> Iterator[Flask]:
    """The app ``flask notify work`` runs in: the live server's database and
    secret, links built on the live server's address, mail to the SMTP server."""
    served = server.app.config
    app = create_app(
        {
            "SECRET_KEY": served["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": served["SQLALCHEMY_DATABASE_URI"],
            "SEARCH_INDEX_DIR": served["SEARCH_INDEX_DIR"],
            "SITE_URL": server.url,
            "NOTIFY_INLINE": False,
            # Flask-Limiter's limiter is one object for the process: an app built
            # with limits on would switch them on for the live server too.
            "RATELIMIT_ENABLED": served["RATELIMIT_ENABLED"],
            **mail_server.config,
        }
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _work(app: Flask, now=None) -> dict[str, int]:
    """One round of every job; without ``now`` each job reads the clock, as in production."""
    from forum.notify.worker import run_once

    with app.app_context():
        return run_once(now)


def _bell(page: Page):
    open_menu_if_collapsed(page)
    return page.get_by_role("navigation", name="Main").locator("a.bell")


def _mail_to(mail_server, address: str) -> list[EmailMessage]:
    return [m for m in mail_server.messages if address in m["To"]]


def _plain_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "the email has no plain-text part"
    return part.get_content()


def _header_url(message: EmailMessage) -> str:
    """The address in ``List-Unsubscribe: <…>`` (a long one is folded onto the next line)."""
    return re.fullmatch(r"\s*<(\S+)>\s*", message["List-Unsubscribe"]).group(1)


def _email_mode(server, username: str) -> str:
    with server.app_context():
        return db.session.scalar(select(User.email_mode).where(User.username == username))


@TWO_WAYS
def test_a_parent_watches_crohns_a_nurse_posts_the_bell_rings_and_the_email_unsubscribes(
    browse, server, worker_app, mail_server, device, javascript
):
    run = f"{device} {'js' if javascript else 'no-js'} {next(_run)}"
    title = f"Peppermint tea before the school run ({run})"
    tag = f"school-run-{next(_run)}"
    with server.app_context():
        parent = make_user(unique_username("parent"), email_mode="each")
        nurse = make_user(
            unique_username("nurse"),
            perspective="clinician",
            trust_level=3,
            clinician_verified=True,
        )
        # A second member, watching Crohn's disease already, whose mail client
        # will use the one-click header.
        other = make_user(unique_username("other"), email_mode="each")
        watching.set_level(other, watching.condition_target("crohns-disease"), "watching")
        parent_name, parent_address = parent.username, parent.email
        nurse_name, other_name, other_address = nurse.username, other.username, other.email

    # The parent watches Crohn's disease with the condition page's own control.
    reader = browse()
    sign_in(reader, parent_name)
    reader.goto("/conditions/crohns-disease")
    reader.get_by_label("Notifications for Crohn's disease").select_option("watching")
    reader.get_by_role("button", name="Save notifications for Crohn's disease").click()
    expect(reader.locator(".flashes")).to_contain_text("Crohn's disease: Watching")
    if javascript:
        reader.goto("/watching")
        expect(
            reader.locator("#conditions").get_by_label("Notifications for Crohn's disease")
        ).to_have_value("watching")
        assert_accessible(reader, "what you watch", device)

    # The nurse posts a hack in Crohn's disease through the post form.
    writer = browse()
    sign_in(writer, nurse_name)
    writer.goto("/posts/new")
    writer.get_by_label("Title").fill(title)
    writer.get_by_label("What worked for us").check()
    writer.get_by_label("Your post").fill("A warm cup twenty minutes before leaving settles it.")
    writer.locator("#conditions-crohns-disease").check()
    writer.get_by_label("Tags (optional)").fill(tag)
    writer.get_by_role("button", name="Publish").click()
    expect(writer.get_by_role("heading", level=1)).to_have_text(title)
    post_id = int(re.search(r"/posts/(\d+)", writer.url).group(1))

    # Nothing until the worker runs: the server leaves notifying to it.
    reader.goto("/")
    expect(_bell(reader)).to_have_attribute("aria-label", "Notifications, 0 unread")
    done = _work(worker_app)
    assert done["fan-out"] >= 1 and done["sending"] >= 2, done

    # The post, and the parent's own first sign-in on this browser (a "new sign-in" notice).
    reader.reload()
    bell = _bell(reader)
    expect(bell).to_have_attribute("aria-label", "Notifications, 2 unread")
    bell.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(reader.locator(".notification").filter(has_text="New sign-in")).to_have_count(1)
    line = reader.locator(".notification").filter(has_text=f"{nurse_name} posted {title}")
    expect(line).to_have_count(1)
    if javascript:
        assert_accessible(reader, "notifications", device)
    line.get_by_role("link").click()
    expect(reader).to_have_url(re.compile(rf"/posts/{post_id}(#.*)?$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text(title)
    expect(_bell(reader)).to_have_attribute("aria-label", "Notifications, 1 unread")

    if javascript:  # the post's tag page, as the parent would find it
        reader.goto(f"/tags/{tag}")
        expect(reader.get_by_role("link", name=title)).to_be_visible()
        assert_accessible(reader, "tag page", device)

    # The email, as the SMTP server received it.
    (email,) = _mail_to(mail_server, parent_address)
    subject = email["Subject"]
    assert subject.endswith(" on Middle Ground"), subject
    for private in ("Crohn", "Peppermint", "tea", tag, nurse_name):
        assert private.lower() not in subject.lower(), subject
    text = _plain_text(email)
    assert title in text
    header_url = _header_url(email)
    assert header_url.startswith(f"{server.url}/email/unsubscribe/"), header_url
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # One click from the emailed link, then the settings say so.
    link = re.search(r"https?://\S+/email/unsubscribe/\S+", text).group(0)
    reader.goto(link)
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Unsubscribe from Middle Ground emails"
    )
    if javascript:
        assert_accessible(reader, "unsubscribe", device)
    reader.get_by_role("button", name="Unsubscribe").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("You're unsubscribed")
    reader.goto("/account/email")
    expect(reader.get_by_label("No email")).to_be_checked()
    if javascript:
        assert_accessible(reader, "email settings", device)
    assert _email_mode(server, parent_name) == "none"

    # RFC 8058: the other member's mail client POSTs to the header's address, no session.
    (other_email,) = _mail_to(mail_server, other_address)
    address = urlsplit(_header_url(other_email))
    client = http.client.HTTPConnection(address.netloc, timeout=10)
    client.request(
        "POST",
        address.path,
        body="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with client.getresponse() as answer:
        assert answer.status == 200
        assert b"unsubscribed" in answer.read()
    client.close()
    assert _email_mode(server, other_name) == "none"

    # Unsubscribed means no more mail, even with the worker running on.
    mail_server.clear()
    with server.app_context():
        make_post(make_user(perspective="clinician"), conditions=("crohns-disease",))
    _work(worker_app, utcnow() + timedelta(hours=1))
    assert _mail_to(mail_server, parent_address) == []
    assert _mail_to(mail_server, other_address) == []


@TWO_WAYS
def test_a_follow_up_three_months_on_rings_the_bell_and_the_answer_shows_on_the_post(
    browse, server, device, javascript
):
    from forum.followups import due
    from forum.notify import fanout

    run = f"{device} {'js' if javascript else 'no-js'} {next(_run)}"
    title = f"A hot water bottle for cramps ({run})"
    with server.app_context():
        post_id = make_post(make_user(perspective="caregiver"), title=title).id
        fanout.run(utcnow())  # the worker told the post's watchers long before anyone tried it

    page = browse()
    register(page, perspective="patient")
    page.goto(f"/posts/{post_id}")
    outcomes = page.locator("#outcomes")
    outcomes.get_by_label("It worked", exact=True).check()
    outcomes.get_by_role("button", name="Share how it went").click()
    expect(outcomes).to_contain_text("1 report: worked")

    # The worker's round with the clock three months on.
    later = utcnow() + timedelta(days=92)
    with server.app_context():
        assert due.run(later) >= 1
        assert fanout.run(later) >= 1

    page.reload()
    bell = _bell(page)
    expect(bell).to_have_attribute("aria-label", "Notifications, 1 unread")
    bell.click()
    line = page.locator(".notification").first
    expect(line).to_contain_text(f"Is it still working? You tried {title}")
    line.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/followups/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Is it still working?")
    expect(page.locator("main")).to_contain_text(title)
    expect(_bell(page)).to_have_attribute("aria-label", "Notifications, 0 unread")
    if javascript:
        assert_accessible(page, "follow-up answer", device)

    page.get_by_role("button", name="Still using it").click()
    expect(page).to_have_url(re.compile(rf"/posts/{post_id}#outcomes$"))
    expect(page.locator("#outcomes")).to_contain_text("1 of 1 still using it after 3 months")
