"""What the one sanitizer keeps and what it strips."""

from html.parser import HTMLParser

import pytest

from forum.markup import plain_text, render_markdown

KEPT = [
    ("**bold** and *em*", "<strong>bold</strong> and <em>em</em>"),
    ("- one\n- two", "<li>one</li>"),
    ("1. first\n2. second", "<ol>"),
    ("> quoted", "<blockquote>"),
    ("`code`", "<code>code</code>"),
    ("```\nblock\n```", "<pre><code>block"),
    ("# Heading", "<h3>Heading</h3>"),
    ("### Small", "<h5>Small</h5>"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>"),
    ("[site](https://example.org)", 'href="https://example.org"'),
    ("[mail](mailto:a@example.org)", 'href="mailto:a@example.org"'),
    ("see https://example.org/x now", 'href="https://example.org/x"'),
    ("[site](https://example.org)", 'rel="nofollow ugc noopener"'),
    ("~~not~~ kept as text", "~~not~~"),
]

STRIPPED = [
    ("<script>alert(1)</script>", "<script"),
    ("<img src=x onerror=alert(1)>", "<img"),
    ('<a href="javascript:alert(1)">x</a>', 'href="javascript'),
    ("[x](javascript:alert(1))", "javascript:"),
    ("[x](JaVaScRiPt:alert(1))", "avascript:"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ("[x](vbscript:msgbox(1))", "vbscript:"),
    ('<div style="color:red">x</div>', "style="),
    ("<iframe src=//evil.example></iframe>", "<iframe"),
    ("![img](https://example.org/a.png)", "<img"),
    ('<svg onload="alert(1)">', "<svg"),
    ("<b onmouseover=alert(1)>x</b>", "onmouseover="),
    ("[a][r]\n\n[r]: javascript:alert(1)", "javascript:"),
    ('<https://example.org" onmouseover="alert(1)>', 'onmouseover="'),
    ("<style>body{}</style>", "<style"),
    ("<form action=x><input></form>", "<form"),
]


@pytest.mark.parametrize(("source", "expected"), KEPT)
def test_allowed_markup_survives(source, expected):
    assert expected in render_markdown(source)


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the output."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _elements(html):
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize(("source", "forbidden"), STRIPPED)
def test_dangerous_markup_is_stripped(source, forbidden):
    html = render_markdown(source)
    elements = _elements(html)
    assert elements, html  # the source still shows, as text in a paragraph
    for tag, attrs in elements:
        assert tag in {"p", "a", "code", "pre", "strong", "em", "br"}, tag
        assert not any(name.startswith("on") or name == "style" for name in attrs)
        href = attrs.get("href", "https:")
        assert href.split(":")[0].lower() in {"http", "https", "mailto"}, href


def test_raw_html_shows_as_text_not_markup():
    html = render_markdown("<script>alert(1)</script>")
    assert "&lt;script&gt;" in html


def test_plain_text_drops_markup():
    assert plain_text("**Walking** to [school](https://example.org)") == "Walking to school"
