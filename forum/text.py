"""Normalizing what people type, before validation."""

from __future__ import annotations

import re
import unicodedata

# C0 controls (but tab, newline, carriage return), DEL, C1 controls, and the
# bidirectional overrides that can make text read differently than it is.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_controls(value: str | None) -> str | None:
    """Remove control characters; keep tabs and line breaks."""
    if value is None:
        return None
    return _CONTROL.sub("", value)


def clean_line(value: str | None) -> str | None:
    """A single-line field: controls removed, newlines folded, trimmed."""
    if value is None:
        return None
    return re.sub(r"\s+", " ", strip_controls(value)).strip()


def clean_block(value: str | None) -> str | None:
    """A multi-line field: controls removed, line endings normalized, trimmed."""
    if value is None:
        return None
    return strip_controls(value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def username_key(username: str) -> str:
    """The form two usernames are compared in: NFKC, then casefold."""
    return unicodedata.normalize("NFKC", username).casefold()


def email_key(email: str) -> str:
    return unicodedata.normalize("NFKC", email).strip().casefold()
