"""The one sanitizer: every piece of user Markdown becomes HTML only here.

Markdown (raw HTML disabled, so tags in the source show as text) → bleach
clean with an allowlist, linkifying bare URLs → nh3 with the same allowlist as
the final boundary (bleach is unmaintained since 6.4.0; nh3 binds ammonia).
The output is safe in element content only, never inside an attribute.
"""

from __future__ import annotations

import re
from functools import cache, partial
from typing import Any, NamedTuple

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "em", "strong", "del", "ul", "ol", "li", "a", "blockquote",
        "code", "pre", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_HEADING = re.compile(r"<(/?)h([1-6])>")


def _set_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = LINK_REL
    return attrs


class _Pipeline(NamedTuple):
    markdown: Any  # markdown.Markdown
    no_raw_html: Any  # the NoRawHtml extension class
    cleaner: Any  # bleach.Cleaner
    nh3: Any  # the nh3 module


@cache
def _pipeline() -> _Pipeline:
    """Markdown, bleach and nh3, imported when the first post is written: a
    worker that only serves pages never needs them (3 MiB less per worker, and
    1.4 MiB of nh3's compiled library it would otherwise map)."""
    import bleach
    import markdown
    import nh3
    from bleach.linkifier import LinkifyFilter
    from markdown.extensions import Extension

    class NoRawHtml(Extension):
        """Treat raw HTML in the source as text instead of passing it through."""

        def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (markdown's API)
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")

    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"})],
    )
    return _Pipeline(markdown.Markdown, NoRawHtml, cleaner, nh3)


def _shift_heading(match: re.Match) -> str:
    # Posts live under the page's h1/h2, so # becomes h3 and deeper levels follow.
    level = min(int(match.group(2)) + 2, 6)
    return f"<{match.group(1)}h{level}>"


def render_markdown(source: str) -> str:
    """Return sanitized HTML for a piece of user Markdown."""
    markdown, no_raw_html, cleaner, nh3 = _pipeline()
    md = markdown(
        extensions=["tables", "fenced_code", "sane_lists", no_raw_html()],
        output_format="html",
    )
    html = _HEADING.sub(_shift_heading, md.convert(source))
    html = cleaner.clean(html)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_PROTOCOLS),
        link_rel=LINK_REL,
    )


def plain_text(source: str) -> str:
    """The words of a Markdown source without markup (for excerpts and search)."""
    html = render_markdown(source)
    text = _pipeline().nh3.clean(html, tags=set())
    # nh3 keeps entities escaped; turn the common ones back into characters.
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    text = text.replace("&#39;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", text).strip()
