"""Joining limits over HTTP against gunicorn with four workers: joins sent at the same
moment make no more accounts than the limit allows, from one address and across the
whole site, and joins that fail don't use it up. On SQLite, or on PostgreSQL with
FORUM_TEST_DATABASE_URL."""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import User
from tests.load.conftest import BACKEND
from tests.load.helpers import Reply

pytestmark = pytest.mark.load

JOINERS = 12
LIMITS = {
    "FORUM_RATELIMIT_ENABLED": "true",
    "FORUM_WTF_CSRF_ENABLED": "false",  # the form's token is beside the point here
    "FORUM_PROXY_COUNT": "1",  # each joiner's address from X-Forwarded-For
    "FORUM_RATELIMIT_REGISTER_ATTEMPTS": "1000 per hour",  # only the accounts-made limits
}


def join(base: str, n: int, address: str, password: str = "plum orchard kettle drum") -> Reply:
    """Post the joining form as joiner ``n`` from ``address``."""
    form = {
        "username": f"joiner-{n}",
        "email": f"joiner{n}@example.org",
        "password": password,
        "perspective": "caregiver",
    }
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address}
    try:
        conn.request("POST", "/auth/register", body=urlencode(form), headers=headers)
        response = conn.getresponse()
        return Reply(
            response.status, response.read().decode(errors="replace"), dict(response.getheaders())
        )
    finally:
        conn.close()


def joins_at_once(base: str, addresses: list[str], **fields: str) -> Counter:
    """One join per address, all sent at the same moment; how many got each status.

    Every refusal must be the friendly one, with Retry-After."""
    replies: list[Reply] = []
    lock = threading.Lock()
    start = threading.Barrier(len(addresses))

    def send(n: int, address: str) -> None:
        start.wait()
        reply = join(base, n, address, **fields)
        with lock:
            replies.append(reply)

    threads = [
        threading.Thread(target=send, args=(n, address)) for n, address in enumerate(addresses)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for reply in replies:
        if reply.status == 429:
            assert int(reply.headers["Retry-After"]) > 0 and "Please try again" in reply.body
    return Counter(reply.status for reply in replies)


def accounts(site) -> int:
    with site.app.app_context():
        made = db.session.scalar(select(func.count()).select_from(User))
        db.session.remove()
    return made


def test_joins_from_one_address_at_once_make_at_most_its_limit(site):
    server = site.serve(workers=4, FORUM_RATELIMIT_REGISTER="3 per hour", **LIMITS)
    counted = joins_at_once(server.url, ["192.0.2.5"] * JOINERS)
    made = accounts(site)
    print(f"\n{BACKEND}: {JOINERS} joins at once from one address, limit 3: {made} accounts made")
    assert counted == {302: 3, 429: JOINERS - 3}
    assert made == 3


def test_joins_from_many_addresses_at_once_make_at_most_the_sites_limit(site):
    server = site.serve(
        workers=4,
        FORUM_RATELIMIT_REGISTER="3 per hour",
        FORUM_RATELIMIT_REGISTER_EVERYONE="5 per hour",
        **LIMITS,
    )
    addresses = [f"203.0.113.{n % 4}" for n in range(JOINERS)]  # four addresses, three each
    counted = joins_at_once(server.url, addresses)
    made = accounts(site)
    print(f"\n{BACKEND}: {JOINERS} joins at once from four addresses, site limit 5: {made} made")
    assert counted == {302: 5, 429: JOINERS - 5}
    assert made == 5


def test_failed_joins_at_once_leave_every_slot_for_real_ones(site):
    server = site.serve(workers=4, FORUM_RATELIMIT_REGISTER="3 per hour", **LIMITS)
    failed = joins_at_once(server.url, ["192.0.2.9"] * JOINERS, password="short")
    print(f"\n{BACKEND}: {JOINERS} failing joins at once, limit 3: {dict(failed)}")
    # While more than three are in flight together, each holds a slot until it fails.
    assert failed[400] >= 3 and set(failed) <= {400, 429}
    assert accounts(site) == 0
    replies = [join(server.url, 100 + n, "192.0.2.9") for n in range(4)]
    assert [reply.status for reply in replies] == [302, 302, 302, 429]
