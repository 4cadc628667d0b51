"""``GET /health``: may a load balancer send this host traffic?

200 ``{"status": "ok"}`` when the database answers, 503 ``{"status":
"unavailable"}`` (with ``Retry-After``) when it doesn't. Deliberately small:
it runs every few seconds on every host, so it costs one round trip and
never touches the page cache, the session or the search index.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from forum.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        current_app.logger.warning("health check: database unavailable: %s", exc)
        response = jsonify(status="unavailable", database="unreachable")
        response.status_code = 503
        response.headers["Retry-After"] = "10"
    else:
        response = jsonify(status="ok", database="ok")
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
