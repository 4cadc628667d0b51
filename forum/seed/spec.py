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
    # Staff must have a second factor: their authenticator-app secret, printed
    # by `flask seed demo` and in the README. Demo only: anyone can read it here.
    totp_secret: str | None = None

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
    # Lineage: the title of the demo post this one adapted, and what was changed.
    adapted_from: str = ""
    adaptation_note: str = ""
    aim: str = ""  # a change idea's "What will improve?"


@dataclass(frozen=True)
class DemoMeasure:
    name: str
    unit: str
    kind: str  # a key of MEASURE_KINDS
    values: tuple[float, ...]  # oldest first, one per observation date
    entered_by: str = ""  # a co-author's username; the post's author when empty


@dataclass(frozen=True)
class DemoCycle:
    """A PDSA cycle that starts just before observation ``at`` (an index into
    the measures' values) and ends just before the next cycle, or ``lasted``
    days after it starts for the last one."""

    at: int
    plan: str
    done: str
    learned: str
    decision: str  # a key of DECISIONS
    lasted: int = 28


@dataclass(frozen=True)
class DemoRecord:
    """A change idea's record: aim, setting, measures with data, PDSA cycles.

    Observations are ``every`` days apart, the last ``last_days_ago`` days ago;
    ``citation`` is (kind, identifier, username of the verified clinician who
    confirmed it) or None.
    """

    aim_what: str
    aim_target: str
    aim_by_days: int  # from today; negative: already past
    setting_kind: str  # a key of SETTING_KINDS
    setting_size: str
    setting_people: str
    measures: tuple[DemoMeasure, ...]
    cycles: tuple[DemoCycle, ...]
    every: int = 7
    last_days_ago: int = 3
    coauthors: tuple[str, ...] = ()
    citation: tuple[str, str, str] | None = None
