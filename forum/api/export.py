"""The caller's data export through the API, the same as the account page's
(``forum.export``): ``POST /api/v1/export`` answers 200 with the ZIP when it
is small, 202 with the export's status URL when it is queued;
``GET /api/v1/export/<id>`` says where it is, and ``…/download`` is the ZIP
until its link expires. Someone else's export is a 404."""

from __future__ import annotations

from flask import jsonify, url_for
from werkzeug.exceptions import Conflict, Gone, NotFound

from forum.api.auth import current_api_user, token_required
from forum.api.serializers import iso
from forum.api.views import bp
from forum.export import jobs
from forum.export.download import send_zip
from forum.models import ExportJob
from forum.ratelimit_scopes import rate_limited


def export_json(job: ExportJob) -> dict:
    state = jobs.state_of(job)
    return {
        "id": job.id,
        "status": state,
        "created_at": iso(job.created_at),
        "ready_at": iso(job.ready_at),
        "expires_at": iso(job.expires_at),
        "size": job.size if state == "ready" else None,
        "url": url_for("api.export_status", job_id=job.id),
        "download_url": url_for("api.export_download", job_id=job.id) if state == "ready" else None,
    }


@bp.post("/export")
@rate_limited("export")
@token_required
def export_start():
    """The caller's export: the ZIP now (200) when small, else queued (202)."""
    result = jobs.request_export(current_api_user())
    if isinstance(result, jobs.Ready):
        return send_zip(result.content, result.file_name)
    response = jsonify(export=export_json(result), message=jobs.QUEUED_WORDS)
    response.status_code = 202
    response.headers["Location"] = url_for("api.export_status", job_id=result.id)
    return response


def _own(job_id: int) -> ExportJob:
    job = jobs.own_job(current_api_user(), job_id=job_id)
    if job is None:
        raise NotFound("There is no export like that.")
    return job


@bp.get("/export/<int:job_id>")
@token_required
def export_status(job_id: int):
    """Where one of the caller's exports is: queued, ready, expired or failed."""
    return jsonify(export=export_json(_own(job_id)))


@bp.get("/export/<int:job_id>/download")
@token_required
def export_download(job_id: int):
    """A prepared export's ZIP, until it expires (then 410; 409 while it is queued)."""
    job = _own(job_id)
    state = jobs.state_of(job)
    path = jobs.file_of(job) if state == "ready" else None
    if path is None:
        if state == "queued":
            raise Conflict(jobs.NOT_READY_WORDS)
        raise Gone(jobs.EXPIRED_WORDS)
    return send_zip(path, jobs.download_name(job, current_api_user()))
