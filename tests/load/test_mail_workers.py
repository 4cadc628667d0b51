"""Mail workers as operators run them: real ``flask notify work`` processes, a real SMTP server.

A worker killed with ``kill -9`` in the middle of a batch loses no email and,
once another worker has run, every email has arrived exactly once (counted by
Message-ID). Two workers on one PostgreSQL database share the queue: each
email is sent once, and both did some of the sending.
"""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from bench.server import ROOT
from forum.extensions import db
from forum.mail import queue_email
from forum.models import OutgoingEmail
from forum.models.timestamps import utcnow
from tests.load.conftest import PG_URL
from tests.mailserver import MailServer, _Handler, free_port

pytestmark = pytest.mark.load

EMAILS = 300


class _HoldingHandler(_Handler):
    """Accepts mail, except that message number ``hold_at`` gets no answer until released.

    A worker sending that message is stuck mid-batch, where the test kills
    it; the message is then refused (the worker is gone), so it never
    arrived. With ``sessions``: the first message of each connection waits
    until that many connections are sending, so every worker holds a batch.
    """

    def __init__(self, hold_at: int | None = None, sessions: int = 0) -> None:
        super().__init__()
        self.hold_at = hold_at
        self.sessions = sessions
        self.seen: set[int] = set()
        self.count = 0
        self.held = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        with self.lock:
            self.count += 1
            number = self.count
            self.seen.add(id(session))
        if number == self.hold_at:
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 Try again later"
        deadline = time.monotonic() + 30
        while len(self.seen) < self.sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        return await super().handle_DATA(server, session, envelope)


class _Server(MailServer):
    def __init__(self, handler: _HoldingHandler) -> None:
        self.handler = handler
        self.port = free_port()
        self._controller = Controller(handler, hostname="127.0.0.1", port=self.port)

    def env(self) -> dict[str, str]:
        return {
            "FORUM_MAIL_BACKEND": "smtp",
            "FORUM_MAIL_SERVER": "127.0.0.1",
            "FORUM_MAIL_PORT": str(self.port),
            "FORUM_MAIL_USE_TLS": "false",
            "FORUM_MAIL_TIMEOUT": "10",
        }


@pytest.fixture
def smtp_server():
    servers = []

    def start(**options) -> _Server:
        server = _Server(_HoldingHandler(**options)).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.handler.release.set()
        server.stop()


def _queue_emails(app, count: int = EMAILS) -> None:
    with app.app_context():
        for i in range(count):
            queue_email(
                f"member{i}@example.org",
                kind="notifications",
                subject="1 new reply on Middle Ground",
                text=f"Reply {i}",
                html=f"<p>Reply {i}</p>",
            )
        db.session.commit()


def _states(app) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(OutgoingEmail.state, func.count()).group_by(OutgoingEmail.state)
        ).all()
        db.session.remove()
    return dict(rows)


def _worker(site, server, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "notify", "work", *args],
        cwd=ROOT,
        env=site.env(**server.env()),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _sent_by(output: str) -> int:
    match = re.search(r"sending: (\d+)", output)
    assert match, output
    return int(match.group(1))


def _arrivals(server) -> Counter:
    return Counter(message["Message-ID"] for message in server.messages)


def test_a_worker_killed_mid_batch_loses_nothing_and_the_next_sends_nothing_twice(
    site, smtp_server
):
    server = smtp_server(hold_at=50)  # the 50th email is in flight when the worker dies
    _queue_emails(site.app)
    worker = _worker(site, server, "--interval", "0.2")
    try:
        assert server.handler.held.wait(60), "the worker never reached the 50th email"
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(10)
        worker.stdout.close()
    server.handler.release.set()
    assert len(server.messages) == 49
    states = _states(site.app)
    assert states["sent"] == 49  # each one committed as it went
    assert states["sending"] == 20 - 49 % 20  # the rest of the batch it was holding
    assert states["queued"] == EMAILS - 49 - states["sending"]

    # The next worker, once the dead one's lease has run out.
    later = (utcnow() + timedelta(hours=1)).isoformat(timespec="seconds")
    done = site.flask("notify", "work", "--once", "--now", later, **server.env())
    assert done.returncode == 0, done.stderr
    assert _sent_by(done.stdout) == EMAILS - 49
    arrivals = _arrivals(server)
    assert len(arrivals) == EMAILS and set(arrivals.values()) == {1}
    assert _states(site.app) == {"sent": EMAILS}


def test_two_workers_on_postgresql_send_each_email_exactly_once(site, smtp_server):
    if not PG_URL:
        pytest.skip("two workers share rows on PostgreSQL: set FORUM_TEST_DATABASE_URL")
    server = smtp_server(sessions=2)  # neither worker goes on until both are sending
    _queue_emails(site.app, 200)
    workers = [_worker(site, server, "--once") for _ in range(2)]
    outputs = []
    try:
        for worker in workers:
            out, _ = worker.communicate(timeout=90)
            assert worker.returncode == 0, out
            outputs.append(out)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.communicate(timeout=10)
    counts = [_sent_by(out) for out in outputs]
    assert sum(counts) == 200 and min(counts) > 0, counts
    arrivals = _arrivals(server)
    assert len(arrivals) == 200 and set(arrivals.values()) == {1}
    assert _states(site.app) == {"sent": 200}
