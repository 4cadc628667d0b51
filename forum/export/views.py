"""The export on the account page: the button, and a prepared export's link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.auth.forms import ActionForm
from forum.export import jobs
from forum.export.download import send_zip
from forum.ratelimit_scopes import rate_limited

bp = Blueprint("export", __name__)


@bp.post("/account/export")
@rate_limited("export")
@login_required
def start() -> ResponseReturnValue:
    """Download at once when small; otherwise queue it and say a notification will come."""
    user = current_user._get_current_object()
    if not ActionForm().validate_on_submit():
        abort(400)
    result = jobs.request_export(user)
    if isinstance(result, jobs.Ready):
        return send_zip(result.content, result.file_name)
    flash(jobs.QUEUED_WORDS, "info")
    return redirect(url_for("account_hub.index", _anchor="export"))


@bp.get("/account/export/<token>")
@login_required
def download(token: str) -> ResponseReturnValue:
    """A prepared export, for its owner only, until its link expires."""
    user = current_user._get_current_object()
    job = jobs.own_job(user, token=token[:64])
    if job is None:
        abort(404)
    state = jobs.state_of(job)
    path = jobs.file_of(job) if state == "ready" else None
    if path is None:
        gone = state != "queued"
        words = jobs.NOT_READY_WORDS if not gone else jobs.EXPIRED_WORDS
        return render_template("export/status.html", words=words), 410 if gone else 200
    return send_zip(path, jobs.download_name(job, user))
