"""Sign-in limits over HTTP against gunicorn with four workers: counted once for all
workers, kept when every worker is killed and when the server restarts, and never
locking the owner out. On SQLite, or on PostgreSQL with FORUM_TEST_DATABASE_URL."""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter
from collections.abc import Callable

import pytest

from tests.factories import PASSWORD, make_user
from tests.load.conftest import BACKEND
from tests.load.helpers import Reply, call

pytestmark = pytest.mark.load

LIMITS = {
    "FORUM_RATELIMIT_ENABLED": "true",
    "FORUM_RATELIMIT_SIGN_IN": "1000 per hour",  # only the account's buckets in play
    "FORUM_RATELIMIT_SIGN_IN_ACCOUNT": "10 per hour",
    "FORUM_RATELIMIT_SIGN_IN_NEW_DEVICES": "10 per hour",
}
LOUD = "RATE LIMITS ARE PER WORKER"


def at_once(requests: list[Callable[[], Reply]]) -> list[Reply]:
    """Send every request at the same moment, each on its own connection."""
    replies: list[Reply] = []
    lock = threading.Lock()
    start = threading.Barrier(len(requests))

    def send(request: Callable[[], Reply]) -> None:
        start.wait()
        reply = request()
        with lock:
            replies.append(reply)

    threads = [threading.Thread(target=send, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return replies


def token_request(base: str, password: str = "wrong guess", address: str | None = None):
    headers = {"X-Forwarded-For": address} if address else None
    payload = {"username": "dana", "password": password}
    return lambda: call(base, "POST", "/api/v1/tokens", payload=payload, headers=headers)


def statuses(replies: list[Reply]) -> Counter:
    return Counter(reply.status for reply in replies)


def test_concurrent_guesses_stop_at_the_account_limit_across_workers_and_restarts(site):
    with site.app.app_context():
        make_user("dana")
    server = site.serve(workers=4, **LIMITS)
    counted = statuses(at_once([token_request(server.url)] * 24))
    print(f"\n{BACKEND}: 24 guesses at once, 4 workers, limit 10: {dict(counted)}")
    assert counted == {401: 10, 429: 14}  # 401: the password was checked and was wrong

    for pid in server.worker_pids():
        os.kill(pid, signal.SIGKILL)
    server.wait_ready(probe="/conditions")  # the master starts four new workers
    after_kill = token_request(server.url)()
    assert after_kill.status == 429 and int(after_kill.headers["Retry-After"]) > 0

    server.stop()
    server = site.serve(workers=4, **LIMITS)
    assert token_request(server.url)().status == 429
    print(f"after kill -9 of every worker: {after_kill.status}; after a restart: 429")
    log = site.log()
    assert LOUD not in log
    # The security log reaches the server's error log, with the time.
    assert log.count("WARNING in throttle: failed sign-in for account dana from 127.0.0.1") == 10
    assert "refused sign-in for account dana from 127.0.0.1 (API token request)" in log


def test_the_owner_gets_in_while_twenty_addresses_guess(site):
    with site.app.app_context():
        make_user("dana")
    server = site.serve(workers=4, FORUM_PROXY_COUNT="1", **LIMITS)
    home = "198.51.100.7"
    assert token_request(server.url, PASSWORD, home)().status == 201

    guesses = [token_request(server.url, address=f"203.0.113.{n}") for n in range(20)] * 3
    counted = statuses(at_once(guesses))
    assert counted == {401: 9, 429: 51}  # ten tries from new devices; the owner's was one

    assert token_request(server.url, PASSWORD, home)().status == 201
    stranger = token_request(server.url, PASSWORD, "192.0.2.200")()
    assert stranger.status == 429
    assert "Sign in from a device or connection you've used before" in stranger.body


def test_counting_in_memory_lets_more_through_and_says_so_loudly(site):
    """What the database storage is for: memory:// counts per worker."""
    with site.app.app_context():
        make_user("dana")
    server = site.serve(workers=4, FORUM_RATELIMIT_STORAGE_URI="memory://", **LIMITS)
    counted = statuses(at_once([token_request(server.url)] * 24))
    print(f"\nmemory://: 24 guesses at once, 4 workers, limit 10: {dict(counted)}")
    assert counted[401] >= 10
    assert LOUD in site.log()
