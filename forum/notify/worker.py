"""``flask notify work``: run the jobs (``forum.notify.jobs``) in a loop, or once for cron.

A job that fails is logged and rolled back; the next round tries again, and
the other jobs still run. SIGTERM (or Ctrl-C) lets the current round finish
before the worker exits, so a deploy never cuts a batch in half; ``kill -9``
may, and loses nothing (``forum.notify.claims``).
"""

from __future__ import annotations

import importlib
import logging
import signal
import time
from collections.abc import Callable
from datetime import datetime

from forum.extensions import db
from forum.models.timestamps import utcnow
from forum.notify.jobs import JOBS

log = logging.getLogger(__name__)


def run_once(now: datetime | None = None) -> dict[str, int]:
    """One round of every job; what each did."""
    done: dict[str, int] = {}
    for name, module in JOBS:
        try:
            done[name] = importlib.import_module(module).run(now or utcnow())
        except Exception:
            db.session.rollback()
            log.exception("notify job %r failed; the next round tries again", name)
            done[name] = 0
    db.session.remove()  # a fresh session (and snapshot) for the next round
    return done


def work(
    interval: float, *, rounds: int | None = None, report: Callable[[dict], None] | None = None
) -> None:
    """Run rounds until stopped: back to back while there is work, else every ``interval`` s.

    ``report`` is called with what each round did, when it did anything.
    """
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        count = 0
        while not stopping and (rounds is None or count < rounds):
            done = run_once()
            busy = any(done.values())
            if busy and report is not None:
                report(done)
            count += 1
            if not busy:
                deadline = time.monotonic() + interval
                while not stopping and time.monotonic() < deadline:
                    time.sleep(min(0.2, interval))
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
