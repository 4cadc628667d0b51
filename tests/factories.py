"""Small factories: each builds one thing through the same code the app uses."""

from __future__ import annotations

import itertools
from functools import cache

from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from werkzeug.security import generate_password_hash

from forum.extensions import db
from forum.models import Comment, OutcomeReport, Post, User
from forum.models.timestamps import utcnow
from forum.services import accounts, comments, outcomes, posts

PASSWORD = "correct horse battery staple"
# The authenticator-app secret of every test account enrolled by make_user
# (staff, unless told second_factor=False): tests compute its codes with pyotp.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_seq = itertools.count(1)


@cache
def _password_hash() -> str:
    # Real logins check this hash on every test sign-in; scrypt costs ~85 ms a
    # check, so test users get a cheap (still real) PBKDF2 hash instead.
    return generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def current_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app with ``secret`` shows now."""
    import pyotp

    return pyotp.TOTP(secret).now()


def make_user(
    username: str | None = None,
    *,
    perspective: str = "caregiver",
    role: str = "member",
    trust_level: int = 1,
    email: str | None = None,
    second_factor: bool | None = None,
    **fields,
) -> User:
    """A member; moderators and admins come with the authenticator app turned on
    (``TOTP_SECRET``), as staff must, unless ``second_factor=False``."""
    username = username or f"user{next(_seq)}"
    if second_factor if second_factor is not None else role in ("moderator", "admin"):
        fields.setdefault("totp_secret", TOTP_SECRET)
        fields.setdefault("totp_enabled_at", utcnow())
    user = User(
        username=username,
        username_key=username,
        email=email or f"{username}@example.org",
        email_confirmed_at=fields.pop("email_confirmed_at", utcnow()),  # a member of some time
        password_hash=_password_hash(),
        perspective=perspective,
        role=role,
        trust_level=trust_level,
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_post(
    author: User | None = None,
    *,
    title: str | None = None,
    body: str = "We tried a visual timetable for medicines and it helped a lot.",
    kind: str = "hack",
    conditions: list[str] | tuple[str, ...] = ("crohns-disease",),
    tags: list[str] | tuple[str, ...] = (),
    status: str | None = None,
    aim: dict | None = None,
    setting: dict | None = None,
) -> Post:
    author = author or make_user()
    if aim is None and kind == "change_idea":
        aim = {"what": "Fewer missed blood tests before clinic"}  # a change idea needs an aim
    post = posts.create_post(
        author,
        title=title or f"What helped us, part {next(_seq)}",
        body=body,
        kind=kind,
        conditions=list(conditions),
        tags=list(tags),
        aim=aim,
        setting=setting,
    )
    if status and status != post.status:
        post.status = status
        db.session.commit()
    return post


def make_comment(
    post: Post, author: User | None = None, body: str = "Thank you, trying this."
) -> Comment:
    return comments.add_comment(author or make_user(), post, body)


def make_outcome(
    post: Post, user: User | None = None, result: str = "worked", note: str = ""
) -> OutcomeReport:
    return outcomes.report_outcome(user or make_user(), post, result=result, note=note)


def bulk_outcomes(post: Post, results: dict[str, int], note: str = "") -> None:
    """Many reports at once from new members (``{"worked": 45, "partly": 5}``), with
    the post's counts kept as ``report_outcome`` keeps them, in one transaction.

    Not through the service: for tests that need counts in the dozens, where a
    commit, a notification and a search sync per report cost seconds. No
    follow-ups or notifications are made; use :func:`make_outcome` for those.
    """
    now = utcnow()
    names = [f"reporter{next(_seq)}" for _ in range(sum(results.values()))]
    if not names:
        return
    db.session.execute(
        sa_insert(User),
        [
            {"username": n, "username_key": n, "email": f"{n}@example.org",
             "password_hash": "!", "perspective": "caregiver", "email_confirmed_at": now}
            for n in names
        ],
    )  # fmt: skip
    ids = iter(db.session.scalars(sa_select(User.id).where(User.username.in_(names))).all())
    rows = []
    for result, n in results.items():
        rows += [{"post_id": post.id, "user_id": next(ids), "result": result, "note": note}
                 for _ in range(n)]  # fmt: skip
        setattr(post, f"outcome_{result}", getattr(post, f"outcome_{result}") + n)
    db.session.execute(sa_insert(OutcomeReport), rows)
    db.session.commit()


def login_id(user: User) -> str:
    """What Flask-Login keeps in a session after a fresh sign-in of ``user`` (it opens one)."""
    accounts.open_login_session(user)
    return user.get_id()


def signs_in(login: str, password: str) -> User | None:
    """The account ``login`` and ``password`` open, as the sign-in form checks
    them (without its try counting), or None."""
    user = accounts.find_account(login)
    return user if accounts.password_matches(user, password) else None
