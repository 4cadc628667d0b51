"""Leave with your data, in Chromium: a member presses "Download my data" on
their account page, the ZIP arrives, and their post's Markdown is in it. On a
desktop and a phone, with JavaScript and without (it is a plain form), and
axe-clean on the account page with its export section."""

from __future__ import annotations

import itertools
import json
import zipfile

import pytest
from playwright.sync_api import expect

from tests.e2e import a11y
from tests.e2e.actions import sign_in, unique_username
from tests.factories import make_post, make_user

pytestmark = pytest.mark.e2e
_run = itertools.count(1)


def test_a_member_downloads_their_data_from_the_account_page(browse, server, device, javascript):
    username = unique_username("exporter")
    title = f"Ice lollies before the infusion ({device} {next(_run)})"
    with server.app_context():
        post = make_post(make_user(username), title=title, body="The **cold** numbs the arm.")
        post_id = post.id
    page = browse()
    sign_in(page, username)

    page.goto("/account")
    section = page.get_by_role("region", name="Your data")
    expect(section).to_contain_text("Download everything you wrote here")
    if javascript:  # axe runs in the page
        a11y.assert_accessible(page, "account (with export)", device)
    with page.expect_download() as arrived:
        section.get_by_role("button", name="Download my data").click()
    download = arrived.value

    assert download.suggested_filename.startswith(f"middle-ground-{username}-")
    with zipfile.ZipFile(download.path()) as archive:
        names = archive.namelist()
        [markdown_name] = [n for n in names if n.startswith(f"posts/{post_id}-")]
        markdown = archive.read(markdown_name).decode()
        data = json.loads(archive.read("data.json"))
    assert {"data.json", "schema.json", "README.txt"} <= set(names)
    assert f"# {title}\n\nThe **cold** numbs the arm." in markdown
    assert data["profile"]["username"] == username
