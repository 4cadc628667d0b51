"""``@username`` in a post or comment: a link to the member's profile.

Only names of existing members become links, and only in ordinary text (never
in code, nor inside a link: the writer hands this module only that text). The
members are looked up once per render, before writing, for every name the
source holds (at most ``MAX_NAMES`` of them), so a render is one query however
many times a name is typed. Who is notified is read back from the stored HTML
(``mentioned_usernames``): what links is exactly what notifies.

Both patterns run in linear time on any input: a try at each ``@`` reads at
most 30 name characters, possessively, and never backtracks (``@@@@…`` is one
failed try per character).
"""

from __future__ import annotations

import re
from html import escape

from forum.markup.links import LINK_REL

# A name starts after something that isn't part of a word, an address or an
# email address (``bob@example.org`` mentions nobody).
MENTION = re.compile(r"(?<![\w@/.+-])@([A-Za-z0-9_-]{3,30}+)(?![\w@-])")
PROFILE_PATH = "/users/"
# The mention links in stored HTML; no typed link can have this href, since
# links typed in Markdown must be absolute (http, https, mailto).
_STORED = re.compile(r'<a href="/users/([a-z0-9_-]{3,30})"')
# Names looked up per render: a post naming hundreds of people notifies none past these.
MAX_NAMES = 50


def candidates(source: str) -> list[str]:
    """Distinct names typed after ``@`` in ``source`` (code included: a superset), in order."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(source):
        seen.setdefault(match.group(1).lower(), None)
        if len(seen) >= MAX_NAMES:
            break
    return list(seen)


def with_mentions(text: str, members: dict[str, str]) -> str:
    """``text`` as HTML, ``@name`` linked for each of ``members`` (lowercase name → username)."""
    if not members or "@" not in text:
        return escape(text, quote=False)
    parts, done = [], 0
    for match in MENTION.finditer(text):
        username = members.get(match.group(1).lower())
        if username is None:
            continue
        parts.append(escape(text[done : match.start()], quote=False))
        parts.append(f'<a href="{PROFILE_PATH}{escape(username)}" rel="{LINK_REL}">')
        parts.append(f"@{escape(username, quote=False)}</a>")
        done = match.end()
    parts.append(escape(text[done:], quote=False))
    return "".join(parts)


def mentioned_usernames(html: str | None) -> set[str]:
    """The usernames a stored ``body_html`` links as mentions."""
    return set(_STORED.findall(html or ""))
