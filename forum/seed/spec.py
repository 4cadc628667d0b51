"""The shape of the demo content: plain data the loader turns into rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from textwrap import dedent


def md(text: str) -> str:
    """Markdown written indented inside the data modules, as it would be typed."""
    return dedent(text).strip()


@dataclass(frozen=True)
class DemoUser:
    username: str
    perspective: str
    about: str  # who they are; documents the persona, never stored
    trust_level: int = 1  # >= 1, so new-user limits don't hold the demo back
    role: str = "member"
    clinician_verified: bool = False
    joined_days_ago: int = 330

    @property
    def email(self) -> str:
        # A reserved domain (RFC 2606): demo accounts can never receive mail.
        return f"{self.username}@demo.middleground.example"


@dataclass(frozen=True)
class DemoPost:
    """One post and the conversation around it.

    ``comments`` are (username, Markdown) in the order they were written;
    ``outcomes`` are (username, result, note) "I tried this" reports.
    """

    author: str
    kind: str
    title: str
    days_ago: int
    conditions: tuple[str, ...]
    body: str
    tags: tuple[str, ...] = ()
    comments: tuple[tuple[str, str], ...] = field(default=())
    outcomes: tuple[tuple[str, str, str], ...] = field(default=())
    aim: str = ""  # a change idea's "What will improve?"
