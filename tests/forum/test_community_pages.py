"""The pages a community needs: about, guidelines and urgent help, reachable from every page."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_user
from tests.forum.walk_helpers import sign_in
from tests.pages import page_text

PAGES = {
    "/about": ("About Middle Ground", "learning"),
    "/guidelines": ("Community guidelines", "Share experience, not instructions"),
    "/urgent-help": ("Urgent help", "999 in the UK, 911 in the US, 112 in the EU"),
}


@pytest.mark.parametrize("path", PAGES)
def test_each_page_opens_for_anyone(client, path):
    heading, words = PAGES[path]
    response = client.get(path)
    assert response.status_code == 200
    text = page_text(response)
    assert f"<h1>{heading}</h1>" in text and words in text


def test_urgent_help_says_first_that_this_is_not_for_emergencies(client):
    text = page_text(client.get("/urgent-help"))
    main = text[text.index('<main id="main"') :]
    first_heading = re.search(r"<h2[^>]*>([^<]+)</h2>", main).group(1)
    assert first_heading == "If someone is in danger now, don't post here"
    assert "poison control" in main and "crisis line" in main


def footer_links(response) -> list[str]:
    html = response.get_data(as_text=True)
    footer = html[html.index('<footer class="site-footer">') :]
    return re.findall(r'href="([^"]+)"', footer)


def test_the_footer_links_every_page_from_everywhere(app, client):
    with app.app_context():
        member = make_user("mina").id
    wanted = {"/about", "/guidelines", "/urgent-help", "/privacy"}
    for path in ("/", "/conditions/", "/about", "/auth/login", "/no-such-page"):
        assert wanted <= set(footer_links(client.get(path))), path
    sign_in(app, client, member)
    assert wanted <= set(footer_links(client.get("/posts/new")))


def test_the_post_form_points_to_the_guidelines_and_urgent_help(app, client):
    with app.app_context():
        member = make_user("mina").id
    sign_in(app, client, member)
    html = client.get("/posts/new").get_data(as_text=True)
    form = html[
        html.index('<form class="post-form"') : html.index("</form>", html.index("post-form"))
    ]
    note = re.search(r'<p class="form-note">(.*?)</p>', form).group(1)
    assert 'href="/guidelines"' in note and 'href="/urgent-help"' in note
    assert form.index("form-note") < form.index('name="submit"')  # read before sending
