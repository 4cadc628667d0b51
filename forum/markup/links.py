"""Which addresses may become links, and bare addresses in text made into links.

Both run in time linear in the text, whatever it holds: the address pattern
never reads a word more than a bounded number of times (see ``_BARE_URL``),
and trailing punctuation is trimmed with counts kept as it goes rather than
recounted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

LINK_REL = "nofollow ugc noopener"
LINK_SCHEMES = ("http://", "https://", "mailto:")

# Top-level domains a bare ``name.tld`` is linked for, as linkify-it (markdown-it's
# linker) and bleach's linker (what this forum used before) do: the classic
# generic ones and every two-letter country code in use.
_GENERIC_TLDS = (
    "aero|asia|biz|cat|com|coop|edu|gov|info|int|jobs|mil|mobi|museum|name|net|org|post|pro"
    "|shop|tel|travel|web|xxx|рф"
)
_COUNTRY_TLDS = (
    "a[cdefgilmnoqrstuwxz]|b[abdefghijmnorstvwyz]|c[acdfghiklmnoruvwxyz]|d[ejkmoz]|e[cegrstu]"
    "|f[ijkmor]|g[abdefghilmnpqrstuwy]|h[kmnrtu]|i[delmnoqrst]|j[emop]|k[eghimnprwyz]"
    "|l[abcikrstuvy]|m[acdeghklmnopqrstuvwxyz]|n[acefgilopruz]|om|p[aefghklmnrstwy]|qa"
    "|r[eosuw]|s[abcdeghijklmnortuvxyz]|t[cdfghjklmnortvwz]|u[agksyz]|v[aceginu]|w[fs]|y[et]"
    "|z[amw]"
)
# A bare address starts a word (not inside an email address or a path) and is
# either ``http://``, ``https://`` or ``www.`` and whatever follows up to a
# space, as GitHub links them, or ``name.tld`` with an optional port and path.
# Each try at a word start reads the word once and gives back at most one
# ``label.`` at a time, so the whole text is read in linear time.
_BARE_URL = re.compile(
    rf"""(?<![\w.@/-])
    (?:
        (https?://|www\.)\w[^\s<>"`]*
      | (?:[^\W_][\w-]*+\.)+(?:{_GENERIC_TLDS}|{_COUNTRY_TLDS})(?![\w@-]|\.\w)
        (?::\d++)?(?:[/?\#][^\s<>"`]*)?
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Where one might start: most text has none, and is only escaped.
_ADDRESS_START = re.compile(r"://|www\.|\w\.\w", re.IGNORECASE)
_TRAILING = frozenset(".,:;!?*_~'")
_PAIRS = {")": "(", "]": "["}
# Characters no address may hold as they are: percent-encoded in an href.
_NOT_IN_HREF = re.compile(r"[\x00-\x20\x7f-\x9f\"<>\\^`{|}]")


def _percent(match: re.Match) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode())


def safe_href(url: str) -> str | None:
    """``url`` ready for an href attribute, or None when it isn't http, https or mailto."""
    if not url.lower().startswith(LINK_SCHEMES):
        return None
    return escape(_NOT_IN_HREF.sub(_percent, url))


def anchor(href: str, title: str = "") -> str:
    """The opening ``<a>`` tag for an href from :func:`safe_href`."""
    title_attr = f' title="{escape(title)}"' if title else ""
    return f'<a href="{href}"{title_attr} rel="{LINK_REL}">'


def _trim(url: str, keep: int) -> str:
    """Drop punctuation that ends the sentence, not the address, as GitHub does:
    ``(see https://example.org/a_(b)).`` links ``https://example.org/a_(b)``.
    The first ``keep`` characters (``https://``, ``www.``) always stay."""
    unclosed = {close: url.count(close) - url.count(open_) for close, open_ in _PAIRS.items()}
    end = len(url)
    while end > keep:
        last = url[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last in _PAIRS and unclosed[last] > 0:
            unclosed[last] -= 1
            end -= 1
        else:
            break
    return url[:end]


def _escaped(text: str) -> str:
    return escape(text, quote=False)


def linkify(text: str, plain: Callable[[str], str] = _escaped) -> str:
    """``text`` as HTML, with bare web addresses made into links; ``plain``
    writes the text between them (escaped; mentions linked, ``mentions.py``)."""
    if not _ADDRESS_START.search(text):
        return plain(text)
    parts, done = [], 0
    for match in _BARE_URL.finditer(text):
        start_length = len(match.group(1) or "")
        url = _trim(match.group(), keep=start_length)
        if len(url) == start_length:  # nothing left after https:// or www.
            continue
        start = match.start()
        target = url if url.lower().startswith(LINK_SCHEMES) else f"http://{url}"
        parts += [plain(text[done:start]), anchor(safe_href(target))]
        parts += [escape(url, quote=False), "</a>"]
        done = start + len(url)
    if not parts:
        return plain(text)
    parts.append(plain(text[done:]))
    return "".join(parts)
