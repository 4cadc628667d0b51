"""Parser events to HTML, writing only the allowlist.

pyromark yields a flat stream of events (``{"Start": "Paragraph"}``,
``{"Text": "hi"}``, ``{"End": "Paragraph"}``, ``"SoftBreak"``, ...). This
walks it once with a stack of what each open element needs to close it: no
recursion, so a quote nested ten thousand deep costs no more than ten thousand
lines of text. What it writes:

- raw HTML as text, so a tag typed in a post shows as typed;
- an image as the Markdown that was typed for it (never ``<img>``);
- a link only to an http, https or mailto address, otherwise its text alone;
- bare addresses in text as links, except in code and inside links;
- ``#`` headings two levels down (posts sit under the page's h1 and h2);
- containers nested at most ``MAX_NESTING`` deep, their content kept beyond
  that (browsers flatten deep trees anyway, and the HTML sanitizer after this
  takes time in proportion to depth for every element it sees).

Anything the parser might yield that isn't handled here (an extension we
don't enable) keeps its text and loses its tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from html import escape

from forum.markup.links import _escaped, anchor, linkify, safe_href
from forum.markup.mentions import with_mentions

MAX_NESTING = 32

_TAGS = {
    "Paragraph": ("<p>", "</p>\n"),
    "HtmlBlock": ("<p>", "</p>\n"),  # raw HTML on its own lines: shown as text
    "Item": ("<li>", "</li>\n"),
    "TableRow": ("<tr>", "</tr>\n"),
    "Emphasis": ("<em>", "</em>"),
    "Strong": ("<strong>", "</strong>"),
}
_BREAKS = {"SoftBreak": "\n", "HardBreak": "<br>\n", "Rule": "<hr>\n"}
# Containers that can nest inside themselves: the ones MAX_NESTING bounds.
_NESTING = frozenset({"Item", "Emphasis", "Strong", "BlockQuote", "List"})
# When a container is past the limit, what keeps its content apart from the next.
_FLAT_CLOSE = {"Item": "\n", "BlockQuote": "\n", "List": "\n"}
_HTML_BLOCK = ({"Start": "HtmlBlock"}, {"End": "HtmlBlock"})
_LINE_START_TAG = re.compile(r"^( {0,3})<", re.MULTILINE)
_IMAGE_ENDS = {"Inline": "]({dest})", "Reference": "][{id}]", "Collapsed": "][]", "Shortcut": "]"}


def write_html(events: Iterable, members: dict[str, str] | None = None) -> str:
    """HTML for a pyromark event stream (options: tables only); ``@name`` linked
    for the existing ``members`` (lowercase name → username, ``mentions.py``)."""
    plain = partial(with_mentions, members=members) if members else _escaped
    out: list[str] = []
    write = out.append
    # For each open element: what its End writes, and which count its Start raised.
    closers: list[tuple[str, str]] = []
    counts = dict.fromkeys(("nesting", "link", "image", "code", "table", "head", "body"), 0)
    for event in events:
        if event.__class__ is str:
            write(" " if counts["image"] else _BREAKS.get(event, ""))
            continue
        ((kind, value),) = event.items()
        if kind == "Text":
            if counts["code"] or counts["link"] or counts["image"]:
                write(escape(value, quote=False))
            else:
                write(linkify(value, plain))
        elif kind == "Start":
            opener, closer, counted = _start(value, counts)
            if counted:
                counts[counted] += 1
            write(opener)
            closers.append((closer, counted))
        elif kind == "End":
            closer, counted = closers.pop()
            if counted:
                counts[counted] -= 1
                if counted == "table" and counts["body"]:
                    closer, counts["body"] = "</tbody>\n" + closer, 0
            write(closer)
        elif kind == "Code":
            code = escape(value, quote=False)
            write(code if counts["image"] else f"<code>{code}</code>")
        elif value.__class__ is str:  # Html, InlineHtml, and any other text-bearing event
            write(escape(value, quote=False))
    return "".join(out).rstrip("\n")


def html_blocks_as_text(events: Iterable, parse: Callable[[str], Iterable]) -> Iterator:
    """``events`` with each raw HTML block parsed again as Markdown, its tags as text.

    CommonMark reads a line that starts with a tag as raw HTML up to the next
    blank line (or the closing tag), Markdown and all. As the tags are shown
    as text anyway, each such block is parsed once more with a backslash
    before every ``<`` that starts a line: ``<p>**Dose**`` shows its tag and
    makes **Dose** bold, as in the rest of the post. One pass, not repeated:
    a block found inside that (behind a ``>``) is shown as typed.
    """
    block: list[str] | None = None
    for event in events:
        if block is None:
            if event == _HTML_BLOCK[0]:
                block = []
            else:
                yield event
        elif event == _HTML_BLOCK[1]:
            yield from parse(_LINE_START_TAG.sub(r"\1\\<", "".join(block)))
            block = None
        else:
            block.append(event["Html"])


def _start(value, counts: dict) -> tuple[str, str, str]:
    """What a Start event writes, what its End will write, and the count it raises."""
    name = value if value.__class__ is str else next(iter(value))
    if counts["image"]:  # an image's description is text only
        if name == "Image":
            return "![", _image_end(value["Image"]), "image"
        return "", "", ""
    if name in _NESTING:
        if counts["nesting"] >= MAX_NESTING:
            return "", _FLAT_CLOSE.get(name, ""), ""
        if name == "BlockQuote":
            return "<blockquote>\n", "</blockquote>\n", "nesting"
        if name == "List":
            start = value["List"]  # None for bullets, else the first item's number
            if start is None:
                return "<ul>\n", "</ul>\n", "nesting"
            opener = "<ol>\n" if start == 1 else f'<ol start="{int(start)}">\n'
            return opener, "</ol>\n", "nesting"
        return (*_TAGS[name], "nesting")
    if name == "Heading":
        level = min(int(value["Heading"]["level"][1]) + 2, 6)
        return f"<h{level}>", f"</h{level}>\n", ""
    if name == "CodeBlock":
        return "<pre><code>", "</code></pre>\n", "code"
    if name == "Link":
        href = safe_href(_link_target(value["Link"]))
        if href is None or counts["link"]:  # not a safe address, or a link in a link
            return "", "", "link"
        return anchor(href, value["Link"]["title"]), "</a>", "link"
    if name == "Image":
        return "![", _image_end(value["Image"]), "image"
    if name == "Table":
        return "<table>\n", "</table>\n", "table"
    if name == "TableHead":
        return "<thead>\n<tr>", "</tr>\n</thead>\n", "head"
    if name == "TableRow" and not counts["body"]:  # the first row after the head
        counts["body"] = 1  # until the table ends, whose End closes the tbody too
        return "<tbody>\n<tr>", "</tr>\n", ""
    if name == "TableCell":
        return ("<th>", "</th>", "") if counts["head"] else ("<td>", "</td>", "")
    return (*_TAGS.get(name, ("", "")), "")


def _link_target(link: dict) -> str:
    if link["link_type"] == "Email":
        return f"mailto:{link['dest_url']}"
    return link["dest_url"]


def _image_end(image: dict) -> str:
    """The rest of an image as it was typed: ``](address)``, ``][name]``, ..."""
    shape = _IMAGE_ENDS.get(image["link_type"], "]({dest})")
    return escape(shape.format(dest=image["dest_url"], id=image["id"]), quote=False)
