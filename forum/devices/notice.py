"""Telling a member when their account is signed in from a browser it hasn't used.

"New" means the browser carried no device cookie vouching for this account
(forum.auth.throttle: set at every sign-in, withdrawn by a new password or
"sign out everywhere"), judged before this sign-in renews it. The notice goes
through the outbox like any notification (forum.services.notifications), so
it reaches the bell and, for members who asked for it, their email, and it
says what to do if it wasn't them.
"""

from __future__ import annotations

from flask import request

from forum.devices.agents import describe
from forum.extensions import db
from forum.models import User
from forum.models.timestamps import utcnow
from forum.services import notifications


def announce(user: User) -> None:
    """Record a "New sign-in" notification for ``user`` about this browser."""
    notifications.record(
        "sign_in",
        recipient=user,
        device=describe(request.user_agent.string),
        at=utcnow().isoformat(),
    )
    db.session.commit()
