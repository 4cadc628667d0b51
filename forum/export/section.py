"""The account page's "Your data" section: the button, and the last export's state."""

from __future__ import annotations

from flask import current_app

from forum.account.hub import section
from forum.auth.forms import ActionForm
from forum.export import jobs
from forum.models import User


@section("export", "Your data", "account/_export_section.html", order=70)
def load(user: User) -> dict:
    job = jobs.latest_job(user)
    return {
        "form": ActionForm(),
        "job": job,
        "state": jobs.state_of(job) if job is not None else None,
        "inline_max": current_app.config["EXPORT_INLINE_MAX"],
        "link_hours": current_app.config["EXPORT_LINK_HOURS"],
    }
