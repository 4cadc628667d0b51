"""``flask --app wsgi search rebuild|sync|stats``."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.models import Post
from search import store
from search.index import follow as following
from search.index import rebuild as rebuilding
from search.index import replicas, sync
from search.index.documents import searchable_clause
from search.index.schema import SCHEMA_VERSION
from search.models import SearchOutbox
from search.store import SearchUnavailable

group = AppGroup("search", help="The search index: rebuild it, sync it, see its state.")


@group.command("rebuild")
@click.option("--procs", default=2, show_default=True, help="Indexing processes.")
def rebuild_command(procs: int) -> None:
    """Recreate the index from the database."""
    with Session(db.engine) as session:
        total = session.scalar(select(func.count()).where(searchable_clause())) or 0
    with click.progressbar(length=total, label="Indexing posts") as bar:
        indexed = rebuilding.rebuild(procs=procs, progress=bar.update)
    click.echo(f"Indexed {indexed} posts.")


@group.command("sync")
@click.option("--follow", is_flag=True, help="Then keep applying changes as they commit.")
@click.option("--interval", default=0.5, show_default=True, help="Seconds between checks.")
def sync_command(follow: bool, interval: float) -> None:
    """Apply pending changes, then check the index against the database.

    Safe after a crash: it clears what a killed writer left behind first, and
    rebuilds when the index is missing, was built by another version, or
    missed changes pruned while this host was away. With --follow it then
    keeps this host's index in step until stopped (one follower per host).
    """
    try:
        removed = store.recover()
        if removed:
            click.echo(f"Removed {len(removed)} leftover file(s) from an interrupted write.")
        state = store.read_state()
        if _needs_rebuild(state):
            click.echo(
                "The index is missing, out of date, ahead of the database or missed "
                "changes pruned while this host was away; rebuilding."
            )
            indexed = rebuilding.rebuild()
            click.echo(f"Indexed {indexed} posts.")
            with Session(db.engine) as session:
                replicas.report(session, store.read_state())
            if follow:
                following.follow(interval, click.echo)
            return
        with Session(db.engine) as session:
            backlog = sync.pending_count(session, state)
        with click.progressbar(length=backlog, label="Applying changes") as bar:
            applied = sync.apply_pending(wait=30.0, progress=bar.update)
        if applied is None:
            raise click.ClickException("Another process held the index for 30 s; try again.")
        fixed = sync.reconcile()
        click.echo(
            f"Applied {applied.rows} change(s); check against the database "
            f"added {fixed.upserted} and removed {fixed.deleted} post(s)."
        )
        with Session(db.engine) as session:
            replicas.report(session, store.read_state())
            if pruned := replicas.prune(session):
                click.echo(f"Pruned {pruned} outbox row(s) every host has applied.")
    except SearchUnavailable as exc:
        raise click.ClickException(f"Search index unavailable: {exc}")
    if follow:
        click.echo(f"Following the outbox every {interval:g} s; stop with Ctrl-C or SIGTERM.")
        following.follow(interval, click.echo)


def _needs_rebuild(state) -> bool:
    if state is None or state.schema_version != SCHEMA_VERSION:
        return True
    with Session(db.engine) as session:
        newest = session.scalar(select(func.max(SearchOutbox.id)))
        # Rows this index still needed were pruned while it was away.
        if replicas.missed_rows(session, state):
            return True
    # Outbox ids below the cursor: the database was restored or reset under the index.
    return newest is not None and newest < state.high


@group.command("stats")
def stats_command() -> None:
    """Documents in the index against published posts, pending changes, last sync."""
    with Session(db.engine) as session:
        published = session.scalar(select(func.count()).where(Post.status == "published")) or 0
        searchable = session.scalar(select(func.count()).where(searchable_clause())) or 0
        state = store.read_state()
        pending = sync.pending_count(session, state) if state else None
    try:
        with store.searcher() as searcher:
            documents = searcher.doc_count()
    except SearchUnavailable as exc:
        raise click.ClickException(f"Search index unavailable: {exc}")
    click.echo(f"Index directory:     {store.index_dir()}")
    click.echo(f"Documents in index:  {documents}")
    click.echo(f"Published posts:     {published} ({searchable} searchable)")
    click.echo(f"Pending changes:     {'unknown (no sync yet)' if pending is None else pending}")
    click.echo(f"Last sync:           {_when(state.synced_at if state else None)}")


def _when(timestamp: float | None) -> str:
    if not timestamp:
        return "never"
    moment = datetime.fromtimestamp(timestamp, UTC)
    return f"{moment.day} {moment:%B %Y %H:%M:%S} UTC"


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
