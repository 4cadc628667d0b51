"""Worker job (``flask notify work``): building queued exports, deleting expired ones.

Each queued export is claimed with a lease (``forum.notify.claims``), so two
workers never build the same one and a dead worker's export is taken over.
The ZIP is written under ``EXPORT_DIR`` with a random name, readable by this
user only (0600), first as ``.part`` and renamed when complete, so a download
never sees half a file. Then, in one transaction, the job is ready for
``EXPORT_LINK_HOURS`` and its owner gets an "export" notification with the
link. Once that time has passed the file is deleted and the job says expired.
A file no ready export names (its member deleted their account, or a worker
died half-way through writing it) is deleted once it is a lease old.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from forum.export import builder
from forum.export.jobs import export_dir
from forum.extensions import db
from forum.models import ExportJob, Notification, User
from forum.notify.claims import claim

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=30)
BATCH = 5  # exports per round: each may be large, and the other jobs wait their turn


def run(now: datetime) -> int:
    """Build queued exports and delete expired ones; how many of each were done."""
    return build_queued(now) + expire(now) + sweep(now)


def build_queued(now: datetime) -> int:
    ids = claim(ExportJob, ExportJob.state == "queued", now=now, lease=LEASE, limit=BATCH)
    for job_id in ids:
        build_one(job_id, now)
    return len(ids)


def build_one(job_id: int, now: datetime) -> None:
    job = db.session.get(ExportJob, job_id)
    user = db.session.get(User, job.user_id) if job is not None else None
    if job is None or user is None or job.state != "queued":
        return
    folder = export_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.zip"
    part = folder / f"{name}.part"
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            builder.build(user, out, now)
        os.replace(part, folder / name)
    except Exception:
        log.exception("export %s could not be built", job_id)
        db.session.rollback()
        part.unlink(missing_ok=True)
        job = db.session.get(ExportJob, job_id)
        job.state, job.claimed_until = "failed", None
        db.session.commit()
        return
    job = db.session.get(ExportJob, job_id)  # the build let go of what it read
    expires = now + timedelta(hours=current_app.config["EXPORT_LINK_HOURS"])
    job.state, job.file_name, job.size = "ready", name, (folder / name).stat().st_size
    job.ready_at, job.expires_at, job.claimed_until = now, expires, None
    db.session.add(
        Notification(
            user_id=job.user_id,
            kind="export",
            # The page's link names the token; an API client follows export_id.
            data={"token": job.token, "export_id": job.id, "expires_at": expires.isoformat()},
            created_at=now,
        )
    )
    db.session.commit()


def expire(now: datetime) -> int:
    """Delete the files of exports whose link has expired; how many."""
    jobs = db.session.scalars(
        select(ExportJob).where(ExportJob.state == "ready", ExportJob.expires_at <= now)
    ).all()
    folder = export_dir()
    for job in jobs:
        if job.file_name:
            (folder / job.file_name).unlink(missing_ok=True)
        job.state, job.file_name = "expired", None
    if jobs:
        db.session.commit()
    return len(jobs)


def sweep(now: datetime) -> int:
    """Delete files under EXPORT_DIR that no ready export names; how many.

    Only those older than a build's lease, so a file being written (or just
    renamed, its job not yet committed) is left alone.
    """
    folder = export_dir()
    if not folder.is_dir():
        return 0
    kept = set(
        db.session.scalars(
            select(ExportJob.file_name).where(
                ExportJob.state == "ready", ExportJob.file_name.is_not(None)
            )
        )
    )
    cutoff = (now - LEASE).timestamp()
    swept = 0
    for path in folder.iterdir():
        if path.is_file() and path.name not in kept and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            swept += 1
    return swept
