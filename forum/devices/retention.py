"""Erasing the address each sign-in was made from, once ADDRESS_RETENTION_DAYS have passed.

The address is kept so the member can recognise a sign-in on their account
page and so an operator can act on abuse; after the period it is erased
whether or not the sign-in is still live. Run by the worker each round (a
job in ``forum.notify.jobs``) and by ``flask content purge``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update

from forum.extensions import db
from forum.models import LoginSession
from forum.models.timestamps import utcnow


def address_cutoff(now: datetime | None = None) -> datetime:
    """Sign-ins made at or before this keep no address."""
    days = current_app.config["ADDRESS_RETENTION_DAYS"]
    return (now or utcnow()) - timedelta(days=days)


def run(now: datetime) -> int:
    """Erase the addresses of sign-ins older than the retention period; how many."""
    result = db.session.execute(
        update(LoginSession)
        .where(LoginSession.address.is_not(None), LoginSession.created_at <= address_cutoff(now))
        .values(address=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return max(result.rowcount or 0, 0)
