"""A signed-in member for the page benchmark: the session cookie a browser would send.

The page cache serves only readers who aren't signed in; a member's every page
is rendered, with what only members get (their name in the header, the sign-out
form's CSRF token, the comment and report forms, a flag form per comment) and
the look-up of their sign-in. The "page cache off" column approximates that;
the "member" column measures it, on the server as deployed.

The cookie holds what Flask-Login and Flask-WTF would have put in the session
after a sign-in and a first page (a sign-in record, a CSRF secret), so that
the measured requests are a member's steady state: none of them changes the
session or sets a cookie, which :func:`member_cookie` checks.
"""

from __future__ import annotations

import secrets
import time

from sqlalchemy import select


def member_cookie(config: dict, targets: dict) -> tuple[str, str]:
    """(cookie header value, username) for an ordinary member who wrote neither
    the showcase post nor the profile the benchmark reads. Opens a sign-in."""
    from forum import create_app
    from forum.auth.sessions import SEEN
    from forum.extensions import db
    from forum.models import Post, User
    from forum.services import accounts

    app = create_app(config)
    with app.test_request_context():
        showcase_author = db.session.scalar(
            select(Post.author_id).where(Post.id == targets["showcase_post"])
        )
        member = db.session.scalars(
            select(User)
            .where(
                User.role == "member",
                User.id != showcase_author,
                User.username != targets["profile"],
                User.suspended_until.is_(None),
            )
            .order_by(User.id)
            .limit(1)
        ).one()
        # A remembered sign-in, as after "remember me": its session has no idle
        # limit, and its "last active" stamp (forum.auth.sessions) is set now, so
        # no measured request refreshes the cookie for the next five minutes.
        accounts.open_login_session(member, remember=True)
        session = {
            "_user_id": member.get_id(),
            # Not fresh (as after a remember-me sign-in): Flask-Login's session
            # protection then leaves the session alone whatever the address.
            "_fresh": False,
            SEEN: int(time.time()),
            "csrf_token": secrets.token_hex(20),
        }
        value = app.session_interface.get_signing_serializer(app).dumps(session)
        name = app.config["SESSION_COOKIE_NAME"]
        username = member.username
        client = app.test_client()
        client.set_cookie(name, value)
        response = client.get("/")
        db.session.remove()
        db.engine.dispose()
    if b"Sign out" not in response.data or "Set-Cookie" in response.headers:
        raise RuntimeError("the benchmark's member cookie doesn't sign in as a steady member")
    return f"{name}={value}", username
