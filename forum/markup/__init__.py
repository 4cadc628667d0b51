"""The one sanitizer: every piece of user Markdown becomes HTML only here.

CommonMark with pipe tables (and lists that start under a line of text,
``typed_blocks.py``), parsed by pyromark (pulldown-cmark, in Rust) into
a stream of events → our writer (``forum/markup/writer.py``), which writes
only the allowlist: raw HTML and images as text, links only to http, https and
mailto addresses, bare addresses linked → nh3 with the same allowlist as the
final boundary, which also gives every block ``dir="auto"`` (an Arabic or
Hebrew paragraph runs right to left). Every step takes time in proportion to
the text, whatever is typed. The output is safe in element content only, never
inside an attribute.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, NamedTuple

from forum.markup.links import LINK_REL, LINK_SCHEMES
from forum.markup.mentions import candidates
from forum.markup.typed_blocks import blocks_as_typed
from forum.markup.writer import html_blocks_as_text, write_html

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "em", "strong", "del", "ul", "ol", "li", "a", "blockquote",
        "code", "pre", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
# Each block takes its direction from its own first letters, so an Arabic or
# Hebrew paragraph runs right to left even in a post that starts in English.
# Set by the final pass on every such tag, whatever the writer wrote.
DIRECTIONAL_BLOCKS = frozenset(
    {"p", "li", "ul", "ol", "blockquote", "h3", "h4", "h5", "h6", "td", "th"}
)
ALLOWED_PROTOCOLS = frozenset(scheme.split(":")[0] for scheme in LINK_SCHEMES)


class _Pipeline(NamedTuple):
    parser: Any  # pyromark.Markdown
    nh3: Any  # the nh3 module


@cache
def _pipeline() -> _Pipeline:
    """The parser and nh3, imported when the first post is written: a worker
    that only serves pages never loads them (their compiled libraries are 2.5
    and 2.3 MiB)."""
    import nh3
    import pyromark

    return _Pipeline(pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES), nh3)


def render_markdown(source: str, *, mentions: bool = True) -> str:
    """Return sanitized HTML for a piece of user Markdown.

    ``mentions``: ``@username`` of an existing member links to their profile
    (one query when the source has an ``@name``; needs an app context).
    """
    parser, nh3 = _pipeline()
    members = _existing_members(candidates(source)) if mentions and "@" in source else None
    events = html_blocks_as_text(parser.events(blocks_as_typed(source)), parser.events)
    return nh3.clean(
        write_html(events, members),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_PROTOCOLS),
        link_rel=LINK_REL,
        set_tag_attribute_values={tag: {"dir": "auto"} for tag in DIRECTIONAL_BLOCKS},
    )


def plain_text(source: str) -> str:
    """The words of a Markdown source without markup (for excerpts and search)."""
    html = render_markdown(source, mentions=False)  # the same words, without a query
    text = _pipeline().nh3.clean(html, tags=set())
    # nh3 keeps entities escaped; turn the common ones back into characters.
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    text = text.replace("&#39;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", text).strip()


def _existing_members(names: list[str]) -> dict[str, str]:
    """``{lowercase name: username}`` for the ``names`` that are members (none without an app)."""
    from flask import has_app_context

    if not names or not has_app_context():
        return {}
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import User
    from forum.text import username_key

    keys = {username_key(name): name for name in names}
    with db.session.no_autoflush:
        rows = db.session.execute(
            select(User.username_key, User.username).where(User.username_key.in_(keys))
        )
        return {keys[key]: username for key, username in rows}
