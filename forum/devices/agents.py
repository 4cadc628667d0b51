"""Which browser on which system, in words, from a user agent: "Firefox on Windows".

A small table of our own rather than a parser library (``ua-parser``): the
list needs only a browser family and a system, which a dozen well-known
tokens tell apart, and a member reads it to recognise their own devices, not
to count versions. Browsers that pass as others are checked first (Edge and
Opera say "Chrome", Chrome says "Safari"). Anything unrecognised is
"Unknown browser" or "an unknown system", never the raw text.
"""

from __future__ import annotations

import re

# (pattern, name), first match wins: the impostors before what they imitate.
BROWSERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), name)
    for pattern, name in (
        (r"\bEdg(e|A|iOS)?/", "Edge"),
        (r"\b(OPR|Opera)/", "Opera"),
        (r"\bSamsungBrowser/", "Samsung Internet"),
        (r"\b(Firefox|FxiOS)/", "Firefox"),
        (r"\b(Chrome|Chromium|CriOS|HeadlessChrome)/", "Chrome"),
        (r"\bVersion/[\d.]+.*\bSafari/", "Safari"),
        (r"^curl/", "curl"),
        (r"^python-(requests|httpx)/", "a Python script"),
    )
)
SYSTEMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), name)
    for pattern, name in (
        (r"\biPhone\b", "iPhone"),
        (r"\biPad\b", "iPad"),
        (r"\bAndroid\b", "Android"),
        (r"\bCrOS\b", "ChromeOS"),
        (r"\bWindows\b", "Windows"),
        (r"\bMac OS X\b|\bMacintosh\b", "Mac"),
        (r"\bLinux\b|\bX11\b", "Linux"),
    )
)
UNKNOWN = "Unknown browser"


def describe(user_agent: str | None) -> str:
    """ "Chrome on Android", "Safari on iPhone", "Firefox", or "Unknown browser"."""
    text = user_agent or ""
    browser = _first(BROWSERS, text)
    system = _first(SYSTEMS, text)
    if browser is None:
        return f"{UNKNOWN} on {system}" if system else UNKNOWN
    return f"{browser} on {system}" if system else browser


def _first(table: tuple[tuple[re.Pattern[str], str], ...], text: str) -> str | None:
    return next((name for pattern, name in table if pattern.search(text)), None)
