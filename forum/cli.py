"""Command-line tools: ``flask --app wsgi <group> <command>``.

``seed`` loads the condition catalog and the demo content; ``users`` does
what an operator needs before any admin can sign in; ``content purge`` erases
what authors deleted once the retention period is over (run it daily);
``content rerender`` renders stored posts again after the renderer changes. Every command validates
through the same services as the web, and a failure prints one clear message
to stderr and exits with status 1.
"""

from __future__ import annotations

import logging

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from forum.conditions.catalog import load_catalog, sync_conditions
from forum.extensions import db
from forum.models import PERSPECTIVES, ROLES, User
from forum.models.timestamps import utcnow
from forum.policy import WriteRefused, get_policy
from forum.services import accounts
from forum.services.errors import ValidationFailed
from forum.text import clean_line, username_key

seed_cli = AppGroup("seed", help="Load the condition catalog and demo content.")
users_cli = AppGroup("users", help="Create admins, API tokens, roles and two-factor sign-in.")
content_cli = AppGroup("content", help="Look after what members wrote.")
security_log = logging.getLogger("forum.security")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(content_cli)


@content_cli.command("purge")
def purge_command() -> None:
    """Erase the words of posts and comments deleted longer ago than the retention period,
    and the addresses of sign-ins older than ADDRESS_RETENTION_DAYS."""
    from forum.devices import retention
    from forum.models.timestamps import utcnow
    from forum.services.purge import purge_deleted

    days = current_app.config["DELETED_RETENTION_DAYS"]
    purged = purge_deleted()
    click.echo(
        f"Erased {purged.posts} post(s) and {purged.comments} comment(s) "
        f"deleted by their authors more than {days} days ago."
    )
    from forum.deletion import names

    freed = names.forget_expired()
    db.session.commit()
    name_days = current_app.config["DELETED_NAME_DAYS"]
    click.echo(f"Freed {freed} username(s) of accounts deleted more than {name_days} days ago.")
    addresses = retention.run(utcnow())
    click.echo(
        f"Erased the address of {addresses} sign-in(s) made more than "
        f"{current_app.config['ADDRESS_RETENTION_DAYS']} days ago."
    )


@content_cli.command("rerender")
def rerender_command() -> None:
    """Render every post and comment again with the current Markdown renderer."""
    from forum.services.rerender import rerender_all

    done = rerender_all()
    click.echo(f"Rendered again: {done.posts} post(s) and {done.comments} comment(s) changed.")


@content_cli.command("evidence")
def evidence_command() -> None:
    """Judge every post's evidence level again (after an upgrade or a rule change)."""
    from forum.evidence.levels import refresh_all

    done = refresh_all()
    click.echo(f"Evidence levels: {done.changed} of {done.posts} post(s) changed.")


@seed_cli.command("conditions")
def seed_conditions() -> None:
    """Re-sync the conditions from forum/conditions/data/conditions.json."""
    changed = sync_conditions()
    click.echo(f"Conditions: {changed} changed ({len(load_catalog())} in the catalog).")


@seed_cli.command("demo")
def seed_demo_command() -> None:
    """Add the demo users, posts, comments and outcome reports (safe to run again)."""
    # Imported here: every `flask` command would otherwise load the demo text.
    from forum.seed import DEMO_PASSWORD, SeedError, seed_demo

    try:
        summary = seed_demo()
    except SeedError as exc:
        raise click.ClickException(str(exc))
    if summary.conditions_changed:
        click.echo(f"Conditions: {summary.conditions_changed} changed.")
    click.echo(summary.describe())
    click.echo("")
    click.echo(f"Every demo account signs in with the password: {DEMO_PASSWORD}")
    for user in summary.users:
        click.echo(f"  {user.username:<20} {_describe_account(user)}")
    staff = [u for u in summary.users if u.totp_secret and u.totp_enabled_at]
    if staff:
        click.echo("")
        click.echo("Staff also type a code from an authenticator app set up with their secret:")
        for user in staff:
            click.echo(f"  {user.username:<20} {user.totp_secret}")


def _describe_account(user: User) -> str:
    """e.g. "moderator · Parent or carer" or "Clinician · verified · trust level 2"."""
    parts = [user.perspective_label]
    if user.role != "member":
        parts.insert(0, user.role)
    elif user.trust_level >= 3:
        parts.insert(0, "steward")
    if user.clinician_verified:
        parts.append("verified")
    parts.append(f"trust level {user.trust_level}")
    return " · ".join(parts)


@users_cli.command("create-admin")
@click.argument("username")
@click.option("--email", required=True, help="Private; used to sign in and never shown.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Prompted for (hidden, twice) when not given.",
)
@click.option(
    "--perspective",
    type=click.Choice(list(PERSPECTIVES)),
    default="other",
    show_default=True,
    help="The badge shown next to the name.",
)
def create_admin(username: str, email: str, password: str, perspective: str) -> None:
    """Create an admin account, checked by the same rules as registration."""
    try:
        user = accounts.register(
            username=username,
            email=email,
            password=password,
            perspective=perspective,
            say_if_email_taken=True,
        )
    except ValidationFailed as exc:
        hint = ""
        if "username" in exc.fields and "taken" in exc.fields["username"]:
            hint = f"\nTo make an existing account an admin: flask users set-role {username} admin"
        raise click.ClickException(_field_messages(exc) + hint)
    user.email_confirmed_at = utcnow()  # the operator vouches for the address
    accounts.set_role(user, "admin")
    click.echo(f"Created admin {user.username}. They can sign in at /auth/login.")
    click.echo(f"Staff tools need two-factor sign-in: flask users totp {user.username}")


@users_cli.command("token")
@click.argument("username")
def token(username: str) -> None:
    """Print a new API token for USERNAME (only the token, on its own line)."""
    user = _user_or_fail(username)
    try:
        # Only a hash is stored, so this is the one time the token can be seen.
        click.echo(accounts.issue_token(user, label="issued with flask users token"))
    except WriteRefused as refusal:
        raise click.ClickException(refusal.message) from refusal


@users_cli.command("set-role")
@click.argument("username")
@click.argument("role")
def set_role(username: str, role: str) -> None:
    """Give USERNAME the role ROLE (member, moderator or admin)."""
    user = _user_or_fail(username)
    previous = user.role
    try:
        accounts.set_role(user, clean_line(role).lower())
    except ValidationFailed as exc:
        raise click.ClickException(f"{role!r} is not a role. Roles: {', '.join(ROLES)}.") from exc
    if previous == user.role:
        click.echo(f"{user.username} already has the role {user.role}.")
    else:
        click.echo(f"{user.username} is now {user.role} (was {previous}).")


@users_cli.command("delete")
@click.argument("username")
@click.option(
    "--keep/--remove",
    "keep",
    default=None,
    help="Keep what they wrote under “former member”, or remove it (one is required).",
)
@click.option("--reason", required=True, help="Goes in the moderation log (never their name).")
def delete_user(username: str, keep: bool, reason: str) -> None:
    """Delete USERNAME's account for good, on the record (forum.deletion)."""
    from forum.deletion.service import delete_account, is_former_member_account

    if keep is None:
        raise click.UsageError("Say what becomes of what they wrote: --keep or --remove.")
    user = _user_or_fail(username)
    if user.is_admin or is_former_member_account(user):
        raise click.ClickException(
            f"{user.username} can't be deleted here: "
            "an admin's role must be taken away first (flask users set-role NAME member)."
            if user.is_admin
            else "that account holds what members who left wrote."
        )
    reason = clean_line(reason)
    if not reason:
        raise click.ClickException("Give a reason: it goes in the moderation log.")
    former = delete_account(user, mode="keep" if keep else "remove", staff=True, reason=reason)
    click.echo(f"Deleted. The moderation log calls them {former.pseudonym}.")


@users_cli.command("totp")
@click.argument("username")
@click.option("--remove", is_flag=True, help="Turn the authenticator app off instead.")
def totp_command(username: str, remove: bool) -> None:
    """Give USERNAME a new authenticator-app secret, on at once (or --remove it).

    For a member who lost their phone and their recovery codes, and for
    setting staff up. Prints the secret, its otpauth:// URI and ten new
    recovery codes, once. Either way it is on the record.
    """
    from forum.twofactor import enrolment, totp

    user = _user_or_fail(username)
    if remove:
        if user.totp_enabled_at is None and user.totp_secret is None:
            click.echo(f"{user.username} has no authenticator app to remove.")
            return
        enrolment.remove(user)
        _on_the_record(user, "totp_removed", "Authenticator app removed from the command line.")
        db.session.commit()
        click.echo(f"Two-factor sign-in with an app is off for {user.username}.")
        if user.holds_staff_role:
            click.echo("As staff they can't use staff tools until they have a second factor again.")
        return
    secret, codes = enrolment.enrol_now(user)
    _on_the_record(user, "totp_enrolled", "Authenticator app set up from the command line.")
    db.session.commit()
    click.echo(f"Two-factor sign-in is on for {user.username}. Give them, privately:")
    click.echo(f"Secret: {totp.grouped(secret)}")
    click.echo(f"URI: {totp.provisioning_uri(user, secret)}")
    click.echo("Recovery codes (each works once):")
    for code in codes:
        click.echo(f"  {code}")


def _on_the_record(user: User, action: str, reason: str) -> None:
    """An account's sign-in changed by the operator: the moderation log (when
    moderation is installed) and, always, the security log."""
    get_policy().record(None, action, user, reason=reason, details={"via": "command line"})
    security_log.warning("%s for account %s (command line)", reason.rstrip("."), user.username)


def _user_or_fail(username: str) -> User:
    user = db.session.scalar(
        select(User).where(User.username_key == username_key(clean_line(username)))
    )
    if user is None:
        raise click.ClickException(f"No user is called {username!r}.")
    return user


def _field_messages(exc: ValidationFailed) -> str:
    return "\n".join(f"{field}: {message}" for field, message in exc.fields.items())
