"""``flask --app wsgi notify work [--once] [--interval S] [--now ISO]``."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from forum.models.timestamps import utcnow

notify_cli = AppGroup("notify", help="Deliver notifications, email and follow-ups.")


def init_app(app: Flask) -> None:
    app.cli.add_command(notify_cli)


@notify_cli.command("work")
@click.option("--once", is_flag=True, help="One round of every job, then exit (for cron).")
@click.option(
    "--interval",
    type=float,
    default=None,
    help="Seconds between rounds when idle (default: NOTIFY_WORKER_INTERVAL).",
)
@click.option(
    "--now",
    "now",
    default=None,
    help="With --once: act as if it were this UTC time (ISO 8601), to test what falls due.",
)
def work_command(once: bool, interval: float | None, now: str | None) -> None:
    """Turn events into notifications, ask due follow-ups, and send email."""
    from forum.notify import worker

    if now is not None and not once:
        raise click.UsageError("--now only goes with --once")
    if once:
        at = None
        if now is not None:
            try:
                at = datetime.fromisoformat(now)
            except ValueError:
                raise click.BadParameter(
                    "give a date and time like 2027-03-05T09:00", param_hint="--now"
                ) from None
            at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
        done = worker.run_once(at)
        click.echo(_summary(done))
        return
    every = interval if interval is not None else current_app.config["NOTIFY_WORKER_INTERVAL"]
    click.echo(f"Working every {every:g} s when idle; Ctrl-C or SIGTERM stops after the round.")
    worker.work(
        every, report=lambda done: click.echo(f"{utcnow():%Y-%m-%d %H:%M:%S} {_summary(done)}")
    )


def _summary(done: dict[str, int]) -> str:
    return ", ".join(f"{name}: {count}" for name, count in done.items())
