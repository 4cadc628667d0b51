"""XSS never executes: every vector in xss_vectors.json, everywhere people can type.

The vectors go in through the services (fast, and the same code the forms
use) as post titles and bodies, comments, "I tried this" notes, flag notes and
safety-review notes; through the real forms as tags and usernames, which the
rules refuse (the refusal page echoes them back, so it is loaded too); and as
search queries. Every page that shows them is loaded in Chromium with the
harness's trap. A page passes when nothing ran (no trapped call, no dialog),
nothing tripped the Content-Security-Policy, and the DOM the browser built from
it holds no element or attribute that could run script. Titles must also read
back exactly as typed: escaping, not mangling.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from forum.markup import ALLOWED_TAGS, DIRECTIONAL_BLOCKS, render_markdown
from forum.services import ValidationFailed, accounts
from forum.text import clean_line
from moderation.flags import flag
from moderation.reviews import review_post
from tests.e2e.actions import assert_csp_forbids_inline_script, sign_in
from tests.factories import PASSWORD, make_comment, make_outcome, make_post, make_user

pytestmark = pytest.mark.e2e

DATA = json.loads(Path(__file__).with_name("xss_vectors.json").read_text(encoding="utf-8"))
VECTORS: list[str] = [v for family in DATA["families"].values() for v in family]
# The writing forms' own requests: the live preview, and the draft after a pause in typing.
PREVIEW = ("/posts/preview", "/drafts")
CANARY = "xsscanary"  # a word in every planted body, to find them all by search
TITLE_MAX = 150

# What the browser built, checked after every load: an element or attribute
# from this list on one of our pages can only have come from user text.
DOM_AUDIT = r"""() => {
  const banned = new Set(['iframe', 'frame', 'object', 'embed', 'applet', 'svg', 'math', 'img',
    'image', 'video', 'audio', 'source', 'base', 'style', 'marquee', 'isindex', 'plaintext',
    'xmp', 'noembed', 'noscript']);
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'data', 'xlink:href',
    'background', 'poster', 'content']);
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName;
    // Our pictures, drawn by our templates: the bell icon in the main navigation, a
    // condition's "what's working" bar, run charts with their legend's marks, and the
    // authenticator app's QR code (segno draws it from our own otpauth:// URI). The
    // sanitizer keeps no svg and no class attributes, so user text makes none of these.
    const ours = tag === 'svg' && el.matches([
      'nav a.bell > svg.bell-icon',
      'section.working > svg.working-bar',
      'figure.run-chart > svg.rc-svg',
      'figure.run-chart .rc-legend svg.rc-legend-icon',
      'figure.totp-qr > svg.totp-qr-code',
    ].join(', '));
    if (banned.has(tag) && !ours) found.push(`<${tag}> ${el.outerHTML.slice(0, 100)}`);
    if (tag === 'script' && !/^\/static\//.test(el.getAttribute('src') || '')) {
      found.push(`<script> ${el.outerHTML.slice(0, 100)}`);
    }
    if (tag === 'meta' && el.hasAttribute('http-equiv')) found.push('<meta http-equiv>');
    // Our own stylesheets, and a page's feed (rel="alternate" to one of our .atom URLs).
    const feed = el.getAttribute('rel') === 'alternate'
      && el.getAttribute('type') === 'application/atom+xml'
      && /^\/[^\/][^:]*\.atom(\?|$)/.test(el.getAttribute('href') || '');
    if (tag === 'link' && !feed && !/^\/static\//.test(el.getAttribute('href') || '')) {
      found.push(`<link> ${el.outerHTML.slice(0, 100)}`);
    }
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'style' || name === 'srcdoc') {
        found.push(`${tag}[${name}] ${el.outerHTML.slice(0, 100)}`);
      }
      const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (urlAttrs.has(name) && /^(javascript|data|vbscript|livescript):/.test(value)) {
        found.push(`${tag}[${name}=${attr.value.slice(0, 60)}]`);
      }
    }
  }
  return found;
}"""


def _pack(limit: int, prefix: str = "") -> list[list[str]]:
    """Vectors in groups whose space-joined length (after ``prefix``) fits ``limit``."""
    groups: list[list[str]] = [[]]
    for vector in VECTORS:
        if groups[-1] and len(prefix) + len(" ".join([*groups[-1], vector])) > limit:
            groups.append([])
        groups[-1].append(vector)
    return groups


def _title(number: int, group: list[str]) -> str:
    # One vector is longer than a title may be: it is cut here, and whole in the body.
    return f"Vectors {number}: {' '.join(group)}"[:TITLE_MAX]


def visit(page: Page, path: str, status: int = 200) -> None:
    """Load a page; it must answer, carry our CSP, and build nothing executable."""
    response = page.goto(path)
    assert response is not None and response.status == status, (path, response and response.status)
    assert_csp_forbids_inline_script(response)
    found = page.evaluate(DOM_AUDIT)
    assert found == [], f"{path} built something that could run script: {found}"


def visit_every_page(page: Page, path: str) -> int:
    """Follow a listing's "next" links from ``path``; returns how many pages were loaded."""
    loaded = 0
    while path:
        visit(page, path)
        loaded += 1
        following = page.locator("a[rel=next]")
        path = following.first.get_attribute("href") if following.count() else None
    return loaded


@pytest.fixture(scope="module")
def planted(server) -> SimpleNamespace:
    """Every vector in posts, comments, notes, flags and safety reviews (about 1,000 rows)."""
    with server.app_context():
        author = make_user("xss-author", trust_level=2)
        reader = make_user("xss-reader", trust_level=2)
        flagger = make_user("xss-flagger", trust_level=2)
        reviewer = make_user(
            "xss-reviewer", perspective="clinician", trust_level=3, clinician_verified=True
        )
        moderator = make_user("xss-moderator", role="moderator", trust_level=4)
        post_ids, titles = [], []
        for number, group in enumerate(_pack(TITLE_MAX, "Vectors 00: "), start=1):
            post = make_post(
                author,
                title=_title(number, group),
                body=f"{CANARY} {number}\n\n" + "\n\n".join(group),
                conditions=("dravet-syndrome",),
            )
            make_comment(post, reader, "\n\n".join(group))
            make_outcome(post, reader, "partly", " ".join(group)[:1000])
            flag(flagger, post, reason="spam", note=" ".join(group)[:1000])
            review_post(reviewer, post, label="care_team", note=" ".join(group)[:500])
            post_ids.append(post.id)
            titles.append(clean_line(post.title))
        return SimpleNamespace(
            post_ids=post_ids,
            titles=titles,
            author=author.username,
            moderator=moderator.username,
        )


def test_the_corpus_is_big_and_covers_every_family():
    assert len(VECTORS) >= 150
    assert len(set(VECTORS)) == len(VECTORS), "a vector is listed twice"
    families = " | ".join(DATA["families"]).lower()
    for family in (
        "script", "event handler", "javascript", "svg", "mathml", "broken", "attribute",
        "entity", "css", "markdown links", "reference", "autolink", "raw html", "code span",
        "emphasis",
    ):  # fmt: skip
        assert family in families, f"no {family} vectors"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in ALLOWED_TAGS:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name == "dir" and value == "auto" and tag in DIRECTIONAL_BLOCKS:
                continue  # each block reads in its own direction (Arabic, Hebrew)
            if name == "start" and tag == "ol" and value.isdigit():
                continue  # a numbered list that starts at 3
            if name not in ("href", "title", "rel"):
                self.bad.append(f"{tag}[{name}]")
            elif name == "href" and not value.startswith(("http://", "https://", "mailto:")):
                self.bad.append(f"href={value}")


def test_the_sanitizer_lets_nothing_executable_through():
    """Each vector on its own through render_markdown: only allowlisted tags and links."""
    leaks = {}
    for vector in VECTORS:
        parser = _Elements()
        parser.feed(render_markdown(vector))
        if parser.bad:
            leaks[vector] = parser.bad
    assert leaks == {}


@pytest.mark.parametrize("device", ["desktop"])
def test_vectors_as_search_queries_never_run(new_context):
    """Run before the vectors are planted: this is about the query, not the results."""
    context, log = new_context()
    page = context.new_page()
    for group in _pack(900):
        visit(page, "/search?q=" + quote(" ".join(group)))
    # Each on its own too, over HTTP: a query never breaks the search page.
    for vector in VECTORS:
        response = page.request.get("/search?per_page=1&q=" + quote(vector))
        assert response.status in (200, 400), (vector, response.status)
        assert_csp_forbids_inline_script(response)
    assert log.problems() == []


@pytest.mark.parametrize("device", ["desktop"])
def test_vectors_as_tags_and_usernames_are_refused_cleanly(new_context, server):
    """The rules admit neither; the refusal is a message, and the echo runs nothing."""
    with server.app_context():
        author = make_user("xss-tagger", trust_level=2).username
        for vector in VECTORS:
            with pytest.raises(ValidationFailed) as refused:
                accounts.register(
                    username=vector, email="x@example.org", password=PASSWORD, perspective="other"
                )
            assert "username" in refused.value.fields
    context, log = new_context()
    page = context.new_page()
    visit(page, "/auth/register")
    for group in _pack(1000):
        page.get_by_label("Username", exact=True).fill(" ".join(group))
        page.get_by_role("button", name="Create my account").click()
        assert page.locator("#username-error").is_visible()
        assert page.evaluate(DOM_AUDIT) == []
    sign_in(page, author)
    visit(page, "/posts/new")
    page.get_by_label("Title").fill("Tags that are not tags")
    page.get_by_label("Your post").fill("Checking that odd tags are refused.")
    page.locator("#conditions-dravet-syndrome").check()
    page.get_by_label("What worked for us").check()
    for group in _pack(1000):
        page.get_by_label("Tags (optional)").fill(", ".join(group))
        page.get_by_role("button", name="Publish").click()
        assert page.locator("#tags-error").is_visible()
        assert page.evaluate(DOM_AUDIT) == []
    assert log.problems(allowed_fetch=PREVIEW) == []


@pytest.mark.parametrize("device", ["desktop"])
def test_vectors_never_run_where_people_read(new_context, planted):
    context, log = new_context()
    page = context.new_page()
    for post_id, title in zip(planted.post_ids, planted.titles, strict=True):
        visit(page, f"/posts/{post_id}")
        # Shown as typed: the title reads back character for character.
        assert page.locator("h1").text_content() == title
        assert page.locator(".comment-body").count() == 1
    pages = visit_every_page(page, "/conditions/dravet-syndrome")
    pages += visit_every_page(page, f"/users/{planted.author}")
    pages += visit_every_page(page, f"/search?q={CANARY}&per_page=50")
    assert pages >= 6
    assert log.problems() == []


@pytest.mark.parametrize("device", ["desktop"])
def test_vectors_never_run_in_the_forms_that_show_them(new_context, planted):
    """The edit form puts the title in an attribute and the body in a textarea, and
    the live preview puts the sanitized body into the page with innerHTML."""
    context, log = new_context()
    page = context.new_page()
    sign_in(page, planted.author)
    for post_id, title in zip(planted.post_ids, planted.titles, strict=True):
        visit(page, f"/posts/{post_id}/edit")
        assert page.get_by_label("Title").input_value() == title
        preview = page.locator(".live-preview-body")
        expect(preview).to_contain_text(CANARY)
        assert page.evaluate(DOM_AUDIT) == []
    assert log.problems(allowed_fetch=PREVIEW) == []


@pytest.mark.parametrize("device", ["desktop"])
def test_vectors_never_run_for_moderators(new_context, planted):
    """Flag notes in the queue, safety-review notes in the log and on review listings."""
    context, log = new_context()
    page = context.new_page()
    sign_in(page, planted.moderator)
    pages = visit_every_page(page, "/moderation/queue?reason=spam")
    pages += visit_every_page(page, "/moderation/log?action=safety_review")
    pages += visit_every_page(page, "/moderation/reviews?state=care_team")
    assert pages >= 5
    assert log.problems() == []
