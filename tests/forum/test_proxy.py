"""Behind a load balancer (FORUM_PROXY_COUNT), the client's own address is the one used."""

from __future__ import annotations

from flask import request

FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}


def _seen(app) -> tuple[str, str]:
    @app.get("/whoami")
    def whoami():
        return f"{request.remote_addr} {request.scheme}"

    return tuple(app.test_client().get("/whoami", headers=FORWARDED).get_data(True).split())


def test_one_trusted_proxy_gives_the_client_address_and_scheme(make_app):
    assert _seen(make_app(PROXY_COUNT=1)) == ("203.0.113.9", "https")


def test_without_proxies_the_headers_are_ignored(make_app):
    """Otherwise anyone could dodge the rate limits by sending a made-up address."""
    assert _seen(make_app()) == ("127.0.0.1", "http")
