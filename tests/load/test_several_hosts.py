"""Two app servers as two hosts: one PostgreSQL database, one Redis, an index each.

Host A and host B are separate gunicorn processes with their own ports and
their own search index directories, as two machines behind a load balancer
would be. What one host does, the other must see: posts in search, rate-limit
counts, sign-ins.
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

import pytest
import redis

from bench.server import ROOT
from tests.factories import PASSWORD, make_user
from tests.load.conftest import PG_URL
from tests.load.helpers import NO_DRIFT, call, index_drift, members_with_tokens
from tests.load.outage import Browser

pytestmark = pytest.mark.load

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        print(f"skipping: Redis unreachable at {REDIS_URL} ({exc})")
        pytest.skip(f"Redis unreachable at {REDIS_URL}: start redis-server")


@pytest.fixture
def hosts(site):
    if not PG_URL:
        pytest.skip("several hosts share one PostgreSQL database: set FORUM_TEST_DATABASE_URL")
    _redis_or_skip()
    prefix = f"mg-test-{uuid.uuid4().hex[:8]}"
    shared = {
        "FORUM_RATELIMIT_ENABLED": "true",
        "FORUM_RATELIMIT_STORAGE_URI": REDIS_URL,
        "FORUM_RATELIMIT_KEY_PREFIX": prefix,
        # Low enough to hit in a test, on an action this test controls.
        "FORUM_RATELIMIT_COMMENT": "3 per minute",
    }
    with site.app.app_context():
        make_user("dana")
    a = site.serve("a", workers=2, **shared)
    b = site.serve("b", workers=2, **shared)
    yield a, b
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def test_a_post_written_on_one_host_is_found_on_the_other_within_two_seconds(site, hosts):
    a, b = hosts
    ((_, token),) = members_with_tokens(site.app, 1)
    assert call(b.url, "GET", "/api/v1/search?q=school").status == 200  # B's index exists
    started = time.monotonic()
    reply = call(
        a.url,
        "POST",
        "/api/v1/posts",
        token=token,
        payload={
            "title": "Quokka-shaped pill timer",
            "body": "The quokkatimer beeps at medicine time.",
            "kind": "hack",
            "conditions": ["epilepsy"],
            "tags": ["medicines"],
        },
    )
    assert reply.status == 201
    found = []
    while time.monotonic() - started < 2.0 and not found:
        found = call(b.url, "GET", "/api/v1/search?q=quokkatimer").json()["results"]
    assert [r["post"]["title"] for r in found] == ["Quokka-shaped pill timer"]
    assert "Quokka-shaped pill timer" in call(b.url, "GET", "/search?q=quokkatimer").body

    synced = site.flask("search", "sync", host="b")
    assert synced.returncode == 0, synced.stderr
    assert index_drift_of(site, "b") == NO_DRIFT


def index_drift_of(site, host: str) -> dict:
    return index_drift(site.app_for(host))


def test_a_rate_limit_hit_through_one_host_counts_on_the_other(site, hosts):
    a, b = hosts
    ((_, token),) = members_with_tokens(site.app, 1)
    post = call(
        a.url,
        "POST",
        "/api/v1/posts",
        token=token,
        payload={
            "title": "Comment target",
            "body": "Tell us what you think.",
            "kind": "question",
            "conditions": ["asthma"],
            "tags": [],
        },
    ).json()["post"]["id"]
    statuses = [
        call(
            host.url,
            "POST",
            f"/api/v1/posts/{post}/comments",
            token=token,
            payload={"body": f"Comment number {n}"},
        ).status
        for n, host in enumerate((a, b, a, b))
    ]
    assert statuses == [201, 201, 201, 429]  # three per minute, wherever they land


def test_signing_in_on_one_host_signs_in_on_the_other(site, hosts):
    a, b = hosts
    browser = Browser()
    browser.sign_in(a.url, "dana", PASSWORD)  # the session cookie is for 127.0.0.1, any port
    status, page = browser.get(b.url + "/")
    assert status == 200 and "Sign out" in page and ">dana</a>" in page


def _outbox_rows(site) -> int:
    from sqlalchemy import func, select

    from forum.extensions import db
    from search.models import SearchOutbox

    with site.app.app_context():
        try:
            return db.session.scalar(select(func.count()).select_from(SearchOutbox))
        finally:
            db.session.remove()


def _until(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture
def followers(site, hosts):
    """``flask search sync --follow`` per host, pruning often and forgetting a silent host fast."""
    running: dict[str, subprocess.Popen] = {}

    def start(host: str) -> None:
        log = open(site.workdir / f"follow-{host}.log", "ab")  # noqa: SIM115
        running[host] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "wsgi",
                "search",
                "sync",
                "--follow",
                "--interval",
                "0.2",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=site.env(
                host, FORUM_SEARCH_PRUNE_SECONDS="0.5", FORUM_SEARCH_REPLICA_TTL_SECONDS="3"
            ),
        )
        log.close()

    def stop(host: str) -> None:
        process = running.pop(host)
        process.terminate()
        process.wait(timeout=30)

    yield start, stop
    for host in list(running):
        stop(host)


def test_followers_keep_indexes_in_step_prune_the_outbox_and_rebuild_a_latecomer(
    site, hosts, followers
):
    start, stop = followers
    a, _ = hosts
    start("a")
    start("b")
    ((_, token),) = members_with_tokens(site.app, 1)

    def write(n: int) -> None:
        reply = call(
            a.url,
            "POST",
            "/api/v1/posts",
            token=token,
            payload={
                "title": f"Follower test {n}",
                "body": f"Written on host A, number {n}.",
                "kind": "hack",
                "conditions": ["asthma"],
                "tags": [],
            },
        )
        assert reply.status == 201

    for n in range(3):
        write(n)
    # No search on B: its follower alone brings B's index in step.
    assert _until(lambda: index_drift_of(site, "b") == NO_DRIFT, 2.0)
    # Both hosts applied every row, so the rows go.
    assert _until(lambda: _outbox_rows(site) == 0, 10.0)

    stop("b")  # host B goes away for longer than the replica TTL (3 s here)
    for n in range(3, 5):
        write(n)
    assert _until(lambda: _outbox_rows(site) == 0, 15.0)  # A stopped waiting for B
    assert index_drift_of(site, "b")["missing"]  # B never saw posts 3 and 4

    back = site.flask("search", "sync", host="b")  # B returns
    assert back.returncode == 0, back.stderr
    assert "rebuilding" in back.stdout
    assert index_drift_of(site, "b") == NO_DRIFT
