"""Template filters and globals shared by every page."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, request, url_for

from forum.models import EVIDENCE_LEVELS, FOLLOWUP_ANSWERS, KINDS, OUTCOME_RESULTS, PERSPECTIVES

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def human_date(value: datetime | None) -> str:
    """3 March 2026 (English month names whatever the server's locale; a third
    of what ``strftime`` costs, and a page shows dozens of dates)."""
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def duration_words(seconds: float) -> str:
    """A wait or a time limit in words: "a minute", "40 minutes", "an hour", "12 hours"."""
    minutes = max(1, round(seconds / 60))
    if minutes == 1:
        return "a minute"
    if minutes < 120 and minutes % 60:
        return f"{minutes} minutes"
    hours = round(minutes / 60)
    return "an hour" if hours == 1 else f"{hours} hours"


def url_with(**changes) -> str:
    """The current URL with some query arguments changed (None removes one)."""
    args = request.args.to_dict()
    args.update(changes)
    args = {k: v for k, v in args.items() if v not in (None, "")}
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def init_app(app: Flask) -> None:
    from forum.posts.summary import summarize  # forum.posts imports this module

    app.jinja_env.filters["human_date"] = human_date
    app.jinja_env.filters["duration_words"] = duration_words
    # An ORM post as every card shows it (forum.posts.summary); a summary passes as it is.
    app.jinja_env.filters["summary"] = summarize
    app.jinja_env.globals.update(
        KINDS=KINDS,
        EVIDENCE_LEVELS=EVIDENCE_LEVELS,
        OUTCOME_RESULTS=OUTCOME_RESULTS,
        FOLLOWUP_ANSWERS=FOLLOWUP_ANSWERS,
        PERSPECTIVES=PERSPECTIVES,
        url_with=url_with,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
