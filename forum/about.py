"""Pages that say how the forum works: who runs it and why, the community's
guidelines, where to go in an emergency, and what we keep about you.

Each is a plain page of words; what changes with the running configuration
(retention days, session lengths) is read from it in the template.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from flask.typing import ResponseReturnValue

bp = Blueprint("about", __name__)


@bp.get("/about")
def about() -> ResponseReturnValue:
    """Who runs Middle Ground, and the learning-network idea behind it."""
    return render_template("about/about.html")


@bp.get("/guidelines")
def guidelines() -> ResponseReturnValue:
    """The community guidelines: what to post, how, and what moderators do."""
    return render_template("about/guidelines.html")


@bp.get("/urgent-help")
def urgent_help() -> ResponseReturnValue:
    """This is not for emergencies: where to go instead, right now."""
    return render_template("about/urgent_help.html")


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    """What is kept, for how long, and who can see it. Every period is read from
    the running configuration (tests/forum/test_privacy_page.py holds the page to it)."""
    from forum.ratelimits import longest_window

    return render_template("about/privacy.html", counter_seconds=longest_window())


@bp.get("/open-data")
def open_data() -> ResponseReturnValue:
    """The data dictionary of the conditions' outcome exports (docs/open-data.md)."""
    from forum.conditions import open_data as export

    return render_template("about/open_data.html", export=export)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
