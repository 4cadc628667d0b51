"""What the one sanitizer keeps and what it strips."""

from html.parser import HTMLParser

import pytest

from forum.markup import plain_text, render_markdown
from forum.markup.writer import MAX_NESTING
from tests.factories import make_post

KEPT = [
    ("**bold** and *em*", "<strong>bold</strong> and <em>em</em>"),
    ("- one\n- two", '<li dir="auto">one</li>'),
    ("1. first\n2. second", '<ol dir="auto">'),
    ("> quoted", '<blockquote dir="auto">'),
    ("`code`", "<code>code</code>"),
    ("```\nblock\n```", "<pre><code>block"),
    ("# Heading", '<h3 dir="auto">Heading</h3>'),
    ("### Small", '<h5 dir="auto">Small</h5>'),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>"),
    ("[site](https://example.org)", 'href="https://example.org"'),
    ("[mail](mailto:a@example.org)", 'href="mailto:a@example.org"'),
    ("see https://example.org/x now", 'href="https://example.org/x"'),
    ("[site](https://example.org)", 'rel="nofollow ugc noopener"'),
    ("~~not~~ kept as text", "~~not~~"),
    ("see www.example.org now", 'href="http://www.example.org"'),
    ("(see https://example.org/a_(b)).", 'href="https://example.org/a_(b)"'),
    ("<a@example.org>", 'href="mailto:a@example.org"'),
    (
        "![a photo](https://example.org/a.png)",
        '<p dir="auto">![a photo](https://example.org/a.png)</p>',
    ),
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


EVERY_CONSTRUCT = """# Title

Text *em* **strong** `code` <b> [a](https://e.org "t") ![i](https://e.org/i.png) <a@e.org>\\
next

> - one
> 2. two

---

```py
x < y
```

| h |
|---|
| c |

<div>
"""


def test_every_construct_renders_exactly_so():
    """The writer reads the parser's events by their shapes (pyromark is pinned for
    that): a release that changed one would change this page."""
    assert render_markdown(EVERY_CONSTRUCT) == (
        '<h3 dir="auto">Title</h3>\n'
        '<p dir="auto">Text <em>em</em> <strong>strong</strong> <code>code</code> &lt;b&gt; '
        '<a href="https://e.org" title="t" rel="nofollow ugc noopener">a</a> '
        "![i](https://e.org/i.png) "
        '<a href="mailto:a@e.org" rel="nofollow ugc noopener">a@e.org</a><br>\nnext</p>\n'
        '<blockquote dir="auto">\n<ul dir="auto">\n<li dir="auto">one</li>\n</ul>\n'
        '<ol start="2" dir="auto">\n<li dir="auto">two</li>\n</ol>\n</blockquote>\n'
        "<hr>\n"
        "<pre><code>x &lt; y\n</code></pre>\n"
        '<table>\n<thead>\n<tr><th dir="auto">h</th></tr>\n</thead>\n'
        '<tbody>\n<tr><td dir="auto">c</td></tr>\n</tbody>\n</table>\n'
        '<p dir="auto">&lt;div&gt;</p>'
    )


def test_a_list_straight_after_a_line_of_text_is_a_list():
    """As clinicians write: a bold lead-in, then the items on the next lines."""
    html = render_markdown(
        "**Measures.**\n- Outcome one\n- Outcome two\nThen a heading:\n## Results"
    )
    assert html.startswith(
        '<p dir="auto"><strong>Measures.</strong></p>\n'
        '<ul dir="auto">\n<li dir="auto">Outcome one</li>'
    )
    assert '<h4 dir="auto">Results</h4>' in html


CLINICIAN_NOTE = """**Measures.**
- Outcome: remission at 12 weeks (PCDAI < 10)
- Process: % of visits with a documented plan
**Changes tested.**
1. Pre-visit huddle sheet
2. Nurse call 48 h after an infusion
# What we would do again
Everything above, in that order:
3. Share the run chart with families
4. Keep the huddle to ten minutes"""


def test_the_clinicians_note_reads_as_typed():
    """Lists, numbered lists and headings straight under a line of text, no blank line."""
    html = render_markdown(CLINICIAN_NOTE)
    assert '<p dir="auto"><strong>Measures.</strong></p>\n<ul dir="auto">' in html
    assert '<li dir="auto">Process: % of visits with a documented plan</li>' in html
    assert '<ol dir="auto">\n<li dir="auto">Pre-visit huddle sheet</li>' in html
    assert '<h3 dir="auto">What we would do again</h3>' in html
    # A list carried on under a remark keeps its numbers.
    assert (
        '<ol start="3" dir="auto">\n<li dir="auto">Share the run chart with families</li>' in html
    )


def test_the_clinicians_post_shows_its_lists_on_the_page(app, client):
    with app.app_context():
        post_id = make_post(title="Huddles that stuck", body=CLINICIAN_NOTE).id
    page = client.get(f"/posts/{post_id}").get_data(as_text=True)
    assert '<li dir="auto">Nurse call 48 h after an infusion</li>' in page
    assert "Measures.</strong></p>" in page and "Changes tested.</strong></p>" in page


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("We tried:\n- less salt\n- more water", '<li dir="auto">less salt</li>'),
        ("We tried:\n* less salt\n* more water", '<li dir="auto">less salt</li>'),
        ("We tried:\n+ less salt\n+ more water", '<li dir="auto">less salt</li>'),
        ("We tried:\n1. less salt\n2. more water", '<li dir="auto">more water</li>'),
        ("We tried:\n1) less salt\n2) more water", '<li dir="auto">more water</li>'),
        ("Then\n5. taper\n6. stop", '<ol start="5" dir="auto">'),
        ("Then:\n5. taper", '<ol start="5" dir="auto">'),
        ("A week on.\n# How it went", '<h3 dir="auto">How it went</h3>'),
        ("A week on.\n### Details", '<h5 dir="auto">Details</h5>'),
        ("We tried:\r\n- less salt\r\n- more water", '<li dir="auto">less salt</li>'),
    ],
)
def test_lists_and_headings_need_no_blank_line_first(source, expected):
    assert expected in render_markdown(source)


@pytest.mark.parametrize(
    "source",
    [
        "Our son was diagnosed in\n2019 was a hard year for him.",
        "We moved clinics in\n2019. It took a year to settle,\n2020. was easier.",
        "She needed\n2. bags of fluid that day, not one.",
        "Start at\n100. Then more: it depends.\n101. again",
        "```\nSteps:\n3. inside code\n4. stays code\n```",
        "#hashtag at the start of a line",
    ],
)
def test_hard_wrapped_prose_starting_with_a_number_stays_prose(source):
    html = render_markdown(source)
    assert "<ol" not in html and "<li" not in html and "<h" not in html


def test_markdown_on_lines_that_start_with_a_tag_still_works():
    html = render_markdown("We asked.\n<p>Dose</p>\n**Morning:** 5 mg\n- with food")
    assert "&lt;p&gt;Dose&lt;/p&gt;" in html
    assert "<strong>Morning:</strong>" in html
    assert '<li dir="auto">with food</li>' in html


@pytest.mark.parametrize(
    "source",
    ["[the guide](/posts/3)", "[the guide](//example.org)", "[the guide](ftp://example.org/a)"],
)
def test_links_go_only_to_web_and_mail_addresses(source):
    assert render_markdown(source) == '<p dir="auto">the guide</p>'


@pytest.mark.parametrize(
    "source",
    [
        "`https://example.org/in-code`",
        "```\nhttps://example.org/in-a-block\n```",
        "[https://example.org/text](https://example.org/target)",
        "![https://example.org/alt](https://example.org/a.png)",
        "a note <span title=https://example.org/in-a-tag>",
    ],
)
def test_addresses_in_code_links_images_and_tags_are_not_linked_again(source):
    assert render_markdown(source).count("<a ") == source.count("](https://example.org/target)")


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("Read https://example.org/a.", "https://example.org/a"),
        ("(https://example.org/a)", "https://example.org/a"),
        ("https://example.org/a_(b)!", "https://example.org/a_(b)"),
        ("https://example.org/?q=a&b=c,", "https://example.org/?q=a&amp;b=c"),
        ("https://example.org/a b", "https://example.org/a"),
        ("https://例え.jp/パス", "https://例え.jp/パス"),
    ],
)
def test_a_bare_address_ends_where_the_sentence_resumes(source, href):
    assert f'href="{href}"' in render_markdown(source)


@pytest.mark.parametrize("source", ["https://", "www.", "http://_", "xhttps://example.org"])
def test_almost_addresses_stay_text(source):
    assert "<a " not in render_markdown(source)


class _Depth(HTMLParser):
    """How deep the containers that can nest go."""

    CONTAINERS = frozenset({"blockquote", "ul", "ol", "li", "em", "strong"})

    def __init__(self):
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.CONTAINERS:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        if tag in self.CONTAINERS:
            self.depth -= 1


@pytest.mark.parametrize("marker", ["> ", "- ", "1. ", "- > ", "**"])
def test_deep_nesting_is_capped_and_keeps_the_words(marker):
    html = render_markdown(marker * 5000 + "the innermost words" + marker[::-1] * 5000)
    assert "the innermost words" in html
    depth = _Depth()
    depth.feed(html)
    assert MAX_NESTING - 2 <= depth.deepest <= MAX_NESTING
