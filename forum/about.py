"""Pages that say how the forum works: what we keep about you, and for how long."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template
from flask.typing import ResponseReturnValue

bp = Blueprint("about", __name__)


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    """What is public, what is private, and how long deleted words are kept
    (the retention figure comes from the running configuration)."""
    return render_template("about/privacy.html")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
