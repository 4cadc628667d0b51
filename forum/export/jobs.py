"""Asking for an export: built at once when small, else queued for the worker.

The web page and the API both go through :func:`request_export`, so they
decide the same way and say the same words (:data:`QUEUED_WORDS`). A member
has at most one queued export: asking again returns the one already waiting
(the partial unique index on ``export_jobs`` holds this even for two
requests at the same moment).
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.export import builder, collect
from forum.extensions import db
from forum.models import ExportJob, User
from forum.models.timestamps import utcnow

QUEUED_WORDS = (
    "You have a lot here, so we're preparing your export in the background. "
    "We'll send you a notification with a download link when it is ready."
)
EXPIRED_WORDS = "This download link has expired. Ask for a new export from your account page."
NOT_READY_WORDS = "Your export is still being prepared. We'll send a notification when it is ready."


@dataclass(frozen=True)
class Ready:
    """An export built while the member waited."""

    file_name: str
    content: bytes


def request_export(user: User, now: datetime | None = None) -> Ready | ExportJob:
    """Build ``user``'s export now if small (``EXPORT_INLINE_MAX``), else queue it."""
    now = now or utcnow()
    if collect.post_count(user) <= current_app.config["EXPORT_INLINE_MAX"]:
        out = io.BytesIO()
        builder.build(user, out, now)
        return Ready(builder.file_name(user, now), out.getvalue())
    if (waiting := queued_job(user)) is not None:
        return waiting
    job = ExportJob(user_id=user.id, token=secrets.token_urlsafe(32), state="queued")
    db.session.add(job)
    try:
        db.session.commit()
    except IntegrityError:  # the same member asked at the same moment
        db.session.rollback()
        return queued_job(user)
    return job


def queued_job(user: User) -> ExportJob | None:
    return db.session.scalar(
        select(ExportJob).where(ExportJob.user_id == user.id, ExportJob.state == "queued")
    )


def latest_job(user: User) -> ExportJob | None:
    return db.session.scalar(
        select(ExportJob)
        .where(ExportJob.user_id == user.id)
        .order_by(ExportJob.created_at.desc(), ExportJob.id.desc())
        .limit(1)
    )


def own_job(user: User, *, token: str | None = None, job_id: int | None = None) -> ExportJob | None:
    """``user``'s job with this link token or id; None for anyone else's (a 404)."""
    where = ExportJob.token == token if token is not None else ExportJob.id == job_id
    return db.session.scalar(select(ExportJob).where(where, ExportJob.user_id == user.id))


def state_of(job: ExportJob, now: datetime | None = None) -> str:
    """``queued``, ``ready``, ``expired`` or ``failed``: expired from ``expires_at`` on,
    even before the worker has deleted the file."""
    if job.state == "ready" and job.expires_at is not None and job.expires_at <= (now or utcnow()):
        return "expired"
    return job.state


def export_dir() -> Path:
    return Path(current_app.config["EXPORT_DIR"])


def file_of(job: ExportJob) -> Path | None:
    """The ready file, if it is still there."""
    if not job.file_name:
        return None
    path = export_dir() / job.file_name
    return path if path.is_file() else None


def download_name(job: ExportJob, user: User) -> str:
    return builder.file_name(user, job.ready_at or job.created_at)
