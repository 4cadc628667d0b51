"""Every kind of response carries the security headers; unknown ids are 404,
wrong methods 405 and oversized forms 413, on every route in ``app.url_map``
(issue 2, items 9 and 10). Who may write what is in test_security.py.
"""

from __future__ import annotations

import pytest
from flask import url_for

from tests.factories import PASSWORD
from tests.forum.walk_helpers import World, changed_tables, make_world, sign_in, snapshot

# ---------- security headers on every kind of response ----------

STRICT_REFERRERS = {
    "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin",
}  # fmt: skip


def csp_directives(response) -> dict[str, set[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


def assert_security_headers(response, where: str) -> None:
    csp = csp_directives(response)
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts, (where, "no script-src")
    assert not scripts & {"'unsafe-inline'", "'unsafe-eval'", "*", "data:"}, where
    assert csp.get("frame-ancestors") == {"'none'"}, where
    assert csp.get("object-src") == {"'none'"}, where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") in STRICT_REFERRERS, where


def sample_of_every_response(world: World) -> list[tuple[str, str, tuple]]:
    """(what, role, request) for a sample of every page type: pages, forms, redirects,
    error pages, JSON, a static file. A request is (method, url, data)."""
    post, author = world.post_id, world.author
    return [
        ("home", "anonymous", ("GET", "/?kind=hack", None)),
        ("post", "anonymous", ("GET", f"/posts/{post}", None)),
        ("conditions", "anonymous", ("GET", "/conditions", None)),
        ("condition", "anonymous", ("GET", "/conditions/crohns-disease", None)),
        ("open data CSV", "anonymous", ("GET", "/conditions/crohns-disease/outcomes.csv", None)),
        ("open data JSON", "other", ("GET", "/conditions/ibd/outcomes.json", None)),
        ("open data page", "anonymous", ("GET", "/open-data", None)),
        ("API summary", "anonymous", ("GET", "/api/v1/conditions/ibd/summary", None)),
        ("profile", "anonymous", ("GET", f"/users/{author}", None)),
        ("search", "anonymous", ("GET", "/search?q=diary", None)),
        ("feed", "anonymous", ("GET", "/feeds/latest.atom", None)),
        ("post's feed", "author", ("GET", f"/posts/{post}/comments.atom", None)),
        ("search feed", "anonymous", ("GET", "/search/feed.atom?q=diary", None)),
        ("sign-in form", "anonymous", ("GET", "/auth/login", None)),
        ("join form", "anonymous", ("GET", "/auth/register", None)),
        ("stylesheet", "anonymous", ("GET", "/static/site.css", None)),
        ("redirect", "anonymous", ("GET", "/posts/new", None)),
        ("post form", "author", ("GET", "/posts/new", None)),
        ("edit form", "author", ("GET", f"/posts/{post}/edit", None)),
        ("own profile", "author", ("GET", f"/users/{author}", None)),
        ("form with errors", "author", ("POST", "/posts/new", {"title": ""})),
        ("moderation", "moderator", ("GET", "/moderation/queue", None)),
        ("404 page", "anonymous", ("GET", "/posts/2147483647", None)),
        ("403 page", "other", ("GET", f"/posts/{post}/edit", None)),
        ("405 page", "anonymous", ("GET", "/auth/logout", None)),
        ("413 page", "author", ("POST", "/posts/new", {"body": "x" * 1_100_000})),
        ("API list", "anonymous", ("GET", "/api/v1/posts", None)),
        ("API post", "anonymous", ("GET", f"/api/v1/posts/{post}", None)),
        ("API 404", "anonymous", ("GET", "/api/v1/posts/2147483647", None)),
        ("API 401", "anonymous", ("POST", "/api/v1/posts", {})),
        ("API 405", "anonymous", ("DELETE", "/api/v1/posts", None)),
    ]


def test_every_kind_of_response_carries_the_security_headers(app):
    world = make_world(app)
    for what, role, (method, url, data) in sample_of_every_response(world):
        client = sign_in(app, app.test_client(), world.user_id(role))
        with client.open(url, method=method, data=data) as response:
            assert response.status_code < 500, what
            assert_security_headers(response, what)


def test_csrf_and_server_error_pages_carry_the_security_headers(make_app):
    app = make_app(WTF_CSRF_ENABLED=True, TESTING=False)

    def broken() -> str:
        raise RuntimeError("a bug we have not found yet")

    app.add_url_rule("/broken-for-test", "broken_for_test", broken)
    client = app.test_client()
    csrf = client.post("/auth/login", data={"username": "x", "password": "y"})
    assert csrf.status_code == 400
    assert_security_headers(csrf, "CSRF refusal")
    error = client.get("/broken-for-test")
    assert error.status_code == 500
    assert "Something went wrong on our side" in error.text
    assert "a bug we have not found yet" not in error.text
    assert_security_headers(error, "500 page")


# ---------- unknown ids, wrong methods, oversized bodies ----------

UNKNOWN = {
    "post_id": 2**31 - 1,
    "comment_id": 2**31 - 1,
    "answer_id": 2**31 - 1,
    "token_id": 2**31 - 1,
    "notification_id": 2**31 - 1,
    "username": "nobody-here",
    "slug": "no-such-condition",
    "tag": "no-such-tag",
    "request_id": 2**31 - 1,  # moderation: a clinician verification request
    "proposal_id": 2**31 - 1,  # moderation: a proposed condition
    "token": "eyJ1IjoyMTQ3NDgzNjQ3fQ.not-signed",  # a link from an email that names nothing
    "followup_id": 2**31 - 1,  # a "still working?" follow-up
    "measure_id": 2**31 - 1,  # a measure of a post's record
    "point_id": 2**31 - 1,  # one of its data points
    "cycle_id": 2**31 - 1,  # a PDSA cycle of a post's record
    "citation_id": 2**31 - 1,  # a DOI or PubMed ID on a post
    "passkey_id": 2**31 - 1,  # one of a member's passkeys
    "job_id": 2**31 - 1,  # a data export
    "session_id": 2**31 - 1,  # a sign-in on the account page's list
}


def test_unknown_ids_are_404_on_every_route(app):
    """Each argument of each route in turn names nothing; the others are real.

    The author is an admin here, so no route turns the request away before
    looking the thing up."""
    world = make_world(app, author_role="admin")
    client = sign_in(app, app.test_client(), world.user_id("author"))
    headers = {"Authorization": f"Bearer {world.tokens[world.author]}"}
    checked = 0
    before = snapshot(app)
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        real = world.url_values(rule)
        for name in rule.arguments:
            values = {**real, name: UNKNOWN[name]}
            with app.test_request_context():
                url = url_for(rule.endpoint, **values)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(url, method=method, headers=headers)
                assert response.status_code == 404, (rule.endpoint, name, method)
                checked += 1
    assert not changed_tables(app, before)
    assert checked >= (30 if "moderation" in app.extensions["forum"].plugins else 15)


def test_wrong_methods_are_405_on_every_route(app):
    world = make_world(app)
    allowed: dict[str, set[str]] = {}
    urls: dict[str, str] = {}
    for rule in app.url_map.iter_rules():
        with app.test_request_context():
            values = world.url_values(rule, default="site.css")  # static's filename
            urls[rule.rule] = url_for(rule.endpoint, **values)
        allowed.setdefault(rule.rule, set()).update(rule.methods)
    client = app.test_client()
    for pattern, url in urls.items():
        for method in sorted({"GET", "POST", "PUT", "PATCH", "DELETE"} - allowed[pattern]):
            response = client.open(url, method=method)
            assert response.status_code == 405, (url, method)
            assert set(response.headers["Allow"].split(", ")) >= allowed[pattern] - {"OPTIONS"}
            if url.startswith("/api/"):
                assert response.json["error"]["code"] == "method_not_allowed"
            else:
                assert "That page can&#39;t be used that way." in response.text


@pytest.mark.parametrize("role", ["anonymous", "author"])
def test_a_form_over_one_megabyte_is_413_and_saves_nothing(app, role):
    world = make_world(app)
    client = sign_in(app, app.test_client(), world.user_id(role))
    url = "/auth/login" if role == "anonymous" else "/posts/new"
    data = {
        "title": "A diary on the fridge",
        "kind": "hack",
        "conditions": "asthma",
        "username": world.author,
        "password": PASSWORD,
    }
    before = snapshot(app)
    response = client.post(url, data={**data, "body": "x" * (1024 * 1024)})
    assert response.status_code == 413
    assert "That was too big" in response.text
    assert not changed_tables(app, before)
    # Just under the limit the same form is read (and refused for its own reasons).
    response = client.post(url, data={**data, "body": "x" * (1024 * 1024 - 2048)})
    assert response.status_code in (302, 400)
