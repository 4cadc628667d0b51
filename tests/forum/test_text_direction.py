"""Right-to-left words run right to left: every element showing user text says dir="auto".

Arabic and Hebrew posts, comments, notes and reasons are put on every page that
shows them; each piece of Arabic or Hebrew text on the page must sit in an
element with dir="auto", or in an inline element inside a block that has it.
Boxes holding such words (a post being edited, a search) need it too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.factories import make_comment, make_outcome, make_post, make_user
from tests.forum.walk_helpers import sign_in

ARABIC_TITLE = "جدول مرئي للأدوية ساعدنا"
ARABIC_BODY = "جربنا جدولاً مرئياً للأدوية وقد ساعدنا كثيراً.\n\nالنتائج:\n- نوم أفضل\n- قلق أقل"
HEBREW_TITLE = "כרטיס יציאה לשירותים בבית הספר"
HEBREW_BODY = "המורה הסכימה לכרטיס, וזה עזר מאוד."
ARABIC_COMMENT = "شكراً، سنجرب هذا الليلة."
HEBREW_COMMENT = "תודה, ננסה את זה הערב."
HEBREW_NOTE = "עזר בבקרים, פחות בערבים."

RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Elements that start a line: the direction of their text is theirs to set.
BLOCKS = frozenset(
    {
        "html", "body", "main", "header", "footer", "nav", "section", "article", "aside", "div",
        "p", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "table", "tr", "td", "th", "caption", "form", "fieldset",
        "legend", "details", "summary", "figure", "figcaption", "button",
    }
)  # fmt: skip
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
)
NOT_SHOWN = frozenset(("title", "script", "style", "option"))


class _DirectionCheck(HTMLParser):
    """Collects every piece of right-to-left text not covered by dir="auto"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.wrong: list[str] = []

    def _covered(self, stack) -> bool:
        for tag, attrs in reversed(stack):
            if attrs.get("dir") == "auto":
                return True
            if tag in BLOCKS:
                return False
        return False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        value = attrs.get("value") or ""
        # A box showing right-to-left words must run their way too.
        shown = tag == "input" and attrs.get("type") != "hidden" and RTL.search(value)
        if shown and attrs.get("dir") != "auto":
            self.wrong.append(f"<input name={attrs.get('name')!r}> holding {value!r}")
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not RTL.search(data) or any(tag in NOT_SHOWN for tag, _ in self.stack):
            return
        if not self._covered(self.stack):
            where = " > ".join(
                t + (f".{a['class'].split()[0]}" if a.get("class") else "")
                for t, a in self.stack[-3:]
            )
            self.wrong.append(f"{where}: {data.strip()[:40]!r}")


def unmarked_rtl_text(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    check = _DirectionCheck()
    check.feed(response.get_data(as_text=True))
    return check.wrong


def rtl_count(response) -> int:
    return len(RTL.findall(response.get_data(as_text=True)))


@pytest.fixture
def rtl(app):
    """Alice wrote an Arabic post and a Hebrew one; Bob commented and reported back in both."""
    with app.app_context():
        alice = make_user("alice")
        bob = make_user("bob")
        arabic = make_post(alice, title=ARABIC_TITLE, body=ARABIC_BODY)
        hebrew = make_post(
            alice, title=HEBREW_TITLE, body=HEBREW_BODY, conditions=("crohns-disease",)
        )
        comment = make_comment(arabic, bob, ARABIC_COMMENT)
        make_comment(hebrew, bob, HEBREW_COMMENT)
        make_outcome(arabic, bob, note=HEBREW_NOTE)
        make_outcome(hebrew, bob, result="partly", note=HEBREW_NOTE)
        mod = make_user("mod", role="moderator")
        return {
            "arabic": arabic.id, "hebrew": hebrew.id, "comment": comment.id,
            "alice": alice.id, "bob": bob.id, "mod": mod.id,
        }  # fmt: skip


def assert_marked(response):
    assert rtl_count(response) > 0, "the page should hold the Arabic or Hebrew text"
    assert unmarked_rtl_text(response) == []


def test_a_reader_sees_rtl_titles_bodies_comments_and_notes_marked(client, rtl):
    for url in ("/", "/conditions/crohns-disease", "/users/alice", "/users/bob"):
        assert_marked(client.get(url))
    for name in ("arabic", "hebrew"):
        page = client.get(f"/posts/{rtl[name]}")
        assert_marked(page)
        assert (ARABIC_COMMENT if name == "arabic" else HEBREW_COMMENT) in page.get_data(
            as_text=True
        )


def test_the_author_editing_sees_the_boxes_and_preview_marked(app, client, rtl):
    sign_in(app, client, rtl["alice"])
    edit = client.get(f"/posts/{rtl['arabic']}/edit")
    assert_marked(edit)
    assert re.search(
        r'<textarea[^>]*dir="auto"[^>]*>\s*' + re.escape(ARABIC_BODY[:10]),
        edit.get_data(as_text=True),
    )
    preview = client.post(
        "/posts/new",
        data={
            "title": HEBREW_TITLE,
            "kind": "hack",
            "body": ARABIC_BODY,
            "conditions": ["crohns-disease"],
            "preview": "Preview",
        },
    )
    assert_marked(preview)
    assert "Preview" in preview.get_data(as_text=True)
    sign_in(app, client, rtl["bob"])
    assert_marked(client.get(f"/comments/{rtl['comment']}/edit"))


def test_an_empty_form_already_types_right_to_left_when_asked(app, client, rtl):
    sign_in(app, client, rtl["bob"])
    html = client.get(f"/posts/{rtl['hebrew']}").get_data(as_text=True)
    assert re.search(
        r'<textarea[^>]*name="body"[^>]*dir="auto"|<textarea[^>]*dir="auto"[^>]*name="body"', html
    )
    assert re.search(
        r'<textarea[^>]*dir="auto"[^>]*name="note"|<textarea[^>]*name="note"[^>]*dir="auto"', html
    )
    new = client.get("/posts/new").get_data(as_text=True)
    assert re.search(
        r'<input[^>]*dir="auto"[^>]*name="title"|<input[^>]*name="title"[^>]*dir="auto"', new
    )


@pytest.mark.needs_plugin("search")
def test_search_hits_and_the_query_box_are_marked(client, rtl):
    page = client.get("/search", query_string={"q": "للأدوية"})
    assert_marked(page)
    assert ARABIC_TITLE in page.get_data(as_text=True)


@pytest.mark.needs_plugin("moderation")
def test_moderators_see_rtl_in_the_queue_member_page_and_log(app, client, rtl):
    sign_in(app, client, rtl["bob"])
    client.post(
        f"/moderation/posts/{rtl['arabic']}/flag", data={"reason": "off_topic", "note": HEBREW_NOTE}
    )
    sign_in(app, client, rtl["mod"])
    client.post(f"/moderation/posts/{rtl['hebrew']}/lock", data={"reason": "נעילה זמנית"})
    for url in (
        "/moderation/queue",
        "/moderation/users/alice",
        "/moderation/log",
        f"/posts/{rtl['arabic']}",
    ):
        assert_marked(client.get(url))
    assert HEBREW_NOTE in client.get("/moderation/queue").get_data(as_text=True)
    assert "נעילה זמנית" in client.get("/moderation/log").get_data(as_text=True)
