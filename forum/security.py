"""Security headers on every response.

Pages and API answers made for one person (a signed-in browser, a bearer
token) are ``Cache-Control: private, no-store``: no shared cache or back
button keeps someone's health conversations after they sign out. In
production every answer also tells browsers to use HTTPS only (HSTS).
"""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


HSTS = "max-age=31536000; includeSubDomains"


def remember_cookie_name() -> str:
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")  # Flask-Login's


def carries_credentials() -> bool:
    """May this request be made as someone: a session or remember-me cookie, or a
    token? Its answer is then theirs alone (and never from the page cache)."""
    cookies = request.cookies
    return (
        "Authorization" in request.headers
        or current_app.config["SESSION_COOKIE_NAME"] in cookies
        or remember_cookie_name() in cookies
    )


def _add_headers(response: Response) -> Response:
    headers = response.headers
    # Static files are the same for everyone: they keep their own caching.
    if request.endpoint != "static" and carries_credentials():
        headers["Cache-Control"] = "private, no-store"
    if current_app.config.get("PRODUCTION"):
        headers.setdefault("Strict-Transport-Security", HSTS)
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    return response


def _refuse_unlisted_port() -> None:
    """Flask's TRUSTED_HOSTS ignores the port, so "forum.example.org:6666" would
    pass and be echoed in absolute URLs: a Host with a port must be listed with it."""
    trusted = current_app.config.get("TRUSTED_HOSTS")
    host = request.host
    if trusted and ":" in host.rpartition("]")[2] and host not in trusted:
        abort(400, "That host name isn't one this site answers to.")


def init_app(app: Flask) -> None:
    app.before_request(_refuse_unlisted_port)
    app.after_request(_add_headers)
