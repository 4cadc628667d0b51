"""Unanswered questions: published questions nobody but their asker has answered.

Listed for every condition (``/questions/unanswered``, forum.posts.answers) and
per condition (``/conditions/<slug>/unanswered``), so members who know a
condition can find who is waiting. Kept apart from the views so the conditions
blueprint can use it without importing the posts blueprint's forms.
"""

from __future__ import annotations

from flask import render_template

from forum.conditions.tree import CatalogEntry
from forum.pagination import paginate
from forum.posts import queries, summary


def render_unanswered(
    condition: CatalogEntry | None = None, condition_ids: list[int] | None = None
) -> str:
    """The page of them, newest first, of every condition or of ``condition``
    (``condition_ids``: it and every condition below it)."""
    stmt = queries.unanswered_questions(condition_ids=condition_ids)
    page = paginate(stmt, keyset=queries.NEWEST_FIRST, fetch=summary.fetch)
    return render_template("posts/unanswered.html", page=page, condition=condition)
