"""Error pages for people and the JSON error object for API clients."""

from __future__ import annotations

from contextlib import suppress

from flask import Flask, current_app, g, jsonify, make_response, render_template, request
from flask.globals import request_ctx
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from forum.extensions import db

_MESSAGES = {
    400: ("Something in that request wasn't right", "Please go back and try again."),
    401: ("Please sign in", "You need to be signed in to do that."),
    403: ("You can't do that", "Your account doesn't have permission for this."),
    404: ("Page not found", "We couldn't find that page. It may have been moved or removed."),
    405: ("Not allowed", "That page can't be used that way."),
    409: ("That clashes with something", "It may have changed while you were looking."),
    413: ("That was too big", "What you sent is larger than we accept (1 MB)."),
    429: ("Too many tries", "Please wait a little and try again."),
    500: ("Something went wrong on our side", "We've been told. Please try again later."),
    503: ("We'll be right back", "The forum can't reach its database just now. Try again soon."),
}

_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 410: "gone", 413: "too_large",
    429: "rate_limited",
    500: "server_error", 503: "unavailable",
}  # fmt: skip


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, message: str, fields: dict | None = None, code: str | None = None):
    error = {"code": code or _CODES.get(status, "error"), "message": message}
    if fields:
        error["fields"] = fields
    return jsonify({"error": error}), status


def _handle_http(exc: HTTPException):
    status = exc.code or 500
    title, detail = _MESSAGES.get(status, (exc.name, exc.description))
    if isinstance(exc, CSRFError):
        detail = "Your form expired or was sent from elsewhere. Go back, reload and try again."
    elif status in (400, 401, 403, 409, 429) and exc.description != type(exc).description:
        detail = exc.description  # a message written for this case by the view
    if wants_json():
        body, _ = json_error(status, detail)
    elif request_ctx.url_adapter is None:
        body = _unrouted_page(title, detail)
    else:
        body = render_template("errors/error.html", status=status, title=title, detail=detail)
    response = make_response(body, status)
    for name, value in exc.get_headers():  # Retry-After, Allow, ...
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


def _unrouted_page(title: str, detail: str) -> str:
    """A request Flask couldn't route at all (an untrusted, malformed or overlong
    Host header): no link can be built for it, so the page has no site frame."""
    return (
        f'<!doctype html><html lang="en"><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<h1>{escape(title)}</h1><p>{escape(detail)}</p></html>"
    )


def _handle_database_down(exc: OperationalError):
    with suppress(OperationalError):  # the connection is already gone: nothing to undo
        db.session.rollback()
    # The page must not need the database, so it is shown as to a visitor who
    # isn't signed in (the header would otherwise look the member up).
    g._login_user = AnonymousUserMixin()
    current_app.logger.warning("database unavailable: %s", exc.orig or exc)
    return _handle_http(ServiceUnavailable(retry_after=30))


def _handle_unexpected(exc: Exception):
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    with suppress(Exception):  # the session may be as broken as whatever raised
        db.session.rollback()
    return _handle_http(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(OperationalError, _handle_database_down)
    if not app.testing and not app.debug:
        app.register_error_handler(Exception, _handle_unexpected)
