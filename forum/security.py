"""Security headers on every response.

Pages and API answers made for one person (a signed-in browser, a bearer
token) are ``Cache-Control: private, no-store``: no shared cache or back
button keeps someone's health conversations after they sign out. In
production every answer also tells browsers to use HTTPS only (HSTS).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request, session

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


def carries_credentials() -> bool:
    """Is this request made as someone (a session or remember-me cookie, or a token)?"""
    if "Authorization" in request.headers or "_user_id" in session:
        return True
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def _add_headers(response: Response) -> Response:
    headers = response.headers
    if carries_credentials():
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


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)
