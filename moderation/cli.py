"""``flask --app wsgi moderation ...``: trust recomputation and account grants.

Grants made here are logged like any other action, with no actor (the
operator at the console), so the log stays complete.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from forum.extensions import db
from forum.models import User
from forum.text import clean_line, username_key
from moderation import audit, trust
from moderation.people import TRUST_LEVELS

cli = AppGroup("moderation", help="Trust levels and moderation grants.")


def _user(username: str) -> User:
    user = db.session.scalar(
        select(User).where(User.username_key == username_key(clean_line(username)))
    )
    if user is None:
        raise click.ClickException(f"There is no user called {username!r}.")
    return user


@cli.command("recompute")
def recompute() -> None:
    """Re-evaluate every member's trust level from their record."""
    changes = trust.recompute_all()
    for username, old, new in changes:
        direction = "up" if new > old else "down"
        click.echo(f"  {username}: trust level {old} -> {new} ({direction})")
    click.echo(f"Trust levels recomputed: {len(changes)} changed.")


@cli.command("set-trust")
@click.argument("username")
@click.argument("level", type=click.IntRange(0, 4))
@click.option("--reason", default="Set from the command line.", show_default=True)
def set_trust(username: str, level: int, reason: str) -> None:
    """Grant a trust level (for example, 3 to make someone a steward)."""
    user = _user(username)
    if user.trust_level == level:
        click.echo(f"{user.username} is already at trust level {level}.")
        return
    details = {"from": user.trust_level, "to": level, "via": "command line"}
    user.trust_level = level
    audit.record(None, "set_trust_level", user, reason=reason, details=details)
    db.session.commit()
    click.echo(f"{user.username} is now at trust level {level} ({TRUST_LEVELS[level]}).")


@cli.command("verify-clinician")
@click.argument("username")
@click.option("--reason", default="Verified from the command line.", show_default=True)
def verify_clinician(username: str, reason: str) -> None:
    """Show USERNAME as a verified clinician."""
    user = _user(username)
    if user.clinician_verified:
        click.echo(f"{user.username} is already verified.")
        return
    if user.perspective != "clinician":
        raise click.ClickException(f"{user.username} doesn't describe themselves as a clinician.")
    user.clinician_verified = True
    audit.record(None, "verify_clinician", user, reason=reason, details={"via": "command line"})
    db.session.commit()
    click.echo(f"{user.username} is now a verified clinician.")
