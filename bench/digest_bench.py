"""How long building N daily digests takes (into the outbox; sending is the worker's other job).

    .venv/bin/python -m bench.digest_bench [--members 10000] [--database-url URL]

Builds a throwaway database (SQLite in a temporary folder unless a URL is given):
N members who chose the daily digest, each with three unread notifications on
a few posts, then times one run of ``forum.mail.digests.send_digests`` and
prints the figure. Target (issue 13): 10,000 digests well under 60 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from forum import create_app
from forum.conditions.catalog import sync_conditions
from forum.extensions import db
from forum.mail import digests
from forum.models import Notification, OutgoingEmail, User
from tests.factories import make_post, make_user

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": args.database_url or f"sqlite:///{folder / 'bench.db'}",
            "SEARCH_INDEX_DIR": str(folder / "index"),
            "PLUGINS": (),
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        sync_conditions()
        author = make_user("bench-author")
        posts = [make_post(author, title=f"What helped us, part {n}").id for n in range(20)]
        confirmed = NOW - timedelta(days=30)
        db.session.execute(
            insert(User),
            [
                {
                    "username": f"m{n}",
                    "username_key": f"m{n}",
                    "email": f"m{n}@example.org",
                    "email_confirmed_at": confirmed,
                    "password_hash": "x",
                    "email_mode": "daily",
                }  # fmt: skip
                for n in range(args.members)
            ],
        )
        ids = db.session.scalars(select(User.id).where(User.email_mode == "daily")).all()
        rows = [
            {
                "user_id": uid,
                "kind": "post",
                "post_id": posts[(uid + k) % len(posts)],
                "actor_id": author.id,
                "created_at": NOW - timedelta(hours=k + 1),
                "data": {},
                "quiet": k == 2,
            }  # fmt: skip
            for uid in ids
            for k in range(3)
        ]
        db.session.execute(insert(Notification), rows)
        db.session.commit()

        start = time.perf_counter()
        sent = digests.send_digests("daily", NOW, period_start=NOW.replace(hour=0))
        took = time.perf_counter() - start
        queued = db.session.scalar(select(func.count()).select_from(OutgoingEmail))
    print(f"{sent:,} daily digests built and queued in {took:.1f} s ({queued:,} in the outbox)")
    print("target: 10,000 in well under 60 s")


if __name__ == "__main__":
    main()
