"""Search: the Whoosh index, kept in step with the database through an outbox.

The database is the truth; the index (``SEARCH_INDEX_DIR``) is derived from it
and can always be rebuilt. Only this package imports Whoosh.
"""

from __future__ import annotations

from flask import Flask

from search import models  # noqa: F401  (the outbox table must be known to migrations)

DEFAULTS = {
    # Apply the outbox right after each commit that wrote to it.
    "SEARCH_SYNC_ON_COMMIT": True,
    # Most outbox rows one request applies (a huge backlog is the CLI's job).
    "SEARCH_SYNC_MAX_ROWS": 2000,
    # How long a missing outbox id is re-checked (a transaction still open on PostgreSQL).
    "SEARCH_OUTBOX_GAP_SECONDS": 600,
    "SEARCH_PER_PAGE": 20,
    # Several hosts (search.index.replicas): this index's name in the registry (default:
    # host name and index directory), how long a silent host still holds outbox
    # rows back, and how often a follower prunes rows every live host applied.
    "SEARCH_REPLICA_NAME": None,
    "SEARCH_REPLICA_TTL_SECONDS": 86400,
    "SEARCH_PRUNE_SECONDS": 300,
}


def init_app(app: Flask) -> None:
    from search import cli, feeds  # noqa: F401  (feeds adds its route to bp)
    from search.index import outbox
    from search.views import bp

    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    outbox.install()
    app.register_blueprint(bp)
    cli.init_app(app)
    app.extensions["search"] = True
    registry = app.extensions["forum"]  # forum/plugins.py
    # Results are the same for every anonymous reader, so the page cache may keep
    # them; they also depend on how far this host's index got, which can lag the
    # database on a host that couldn't sync.
    registry.register_cacheable("search.results", key_part=_index_position)
    registry.register_cacheable("search.api_search", key_part=_index_position)
    registry.register_cacheable("search.feed", key_part=_index_position)
    registry.register_template_hook("header", "search/_header_form.html")
    registry.register_template_hook("adaptations_link", "search/_adaptations_link.html")
    registry.register_bulk_load(outbox.applied_at_the_end)


def _index_position() -> tuple | None:
    from search import store

    state = store.read_state()
    # synced_at too: a rebuild changes what the index holds without moving the cursor.
    return (state.high, len(state.gaps), state.synced_at) if state else None
