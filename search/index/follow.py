"""Following the outbox from the command line: ``flask --app wsgi search sync --follow``.

One follower per host keeps that host's index within about ``interval`` of
every commit on any host, without waiting for a search or a local write. It
records how far it got (``search.index.replicas``), prunes rows every live host has
applied, and rebuilds if rows it needed were pruned while it was away. A busy
index, a read-only disk or a database that went away is reported and retried:
the follower outlives them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import current_app
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from forum.extensions import db
from search import store
from search.index import rebuild, replicas, sync
from search.store import SearchUnavailable


def follow(interval: float, say: Callable[[str], None], rounds: int | None = None) -> None:
    """Apply new outbox rows every ``interval`` seconds, until stopped (or ``rounds`` done)."""
    config = current_app.config
    prune_every = float(config.get("SEARCH_PRUNE_SECONDS", 300))
    refresh_every = float(config.get("SEARCH_REPLICA_TTL_SECONDS", 86400)) / 4
    reported, last_report, last_prune, trouble = None, 0.0, time.monotonic(), None
    while rounds is None or rounds > 0:
        rounds = None if rounds is None else rounds - 1
        try:
            state = store.read_state()
            with Session(db.engine) as session:
                if state is None or replicas.missed_rows(session, state):
                    say("The index is missing or missed changes pruned while away; rebuilding.")
                    say(f"Indexed {rebuild.rebuild()} posts.")
            if sync.pending():
                sync.apply_pending(wait=interval)
            state = store.read_state()
            now = time.monotonic()
            with Session(db.engine) as session:
                upto = replicas.applied_upto(state)
                if upto != reported or now - last_report > refresh_every:
                    replicas.report(session, state)
                    reported, last_report = upto, now
                if now - last_prune > prune_every:
                    if pruned := replicas.prune(session):
                        say(f"Pruned {pruned} outbox row(s) every host has applied.")
                    last_prune = now
            if trouble:
                say("Back in step.")
                trouble = None
        except (SearchUnavailable, OperationalError) as exc:
            if str(exc) != trouble:  # say it once, not twice a second
                trouble = str(exc)
                say(f"Can't sync just now ({exc.__class__.__name__}: {exc}); retrying.")
        time.sleep(interval)
