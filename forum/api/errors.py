"""Turning refusals from services into the API's JSON error object.

HTTP errors (400, 401, 404, 405, 413, 429) are already JSON on /api/ paths
through forum.errors; these handlers cover the service exceptions. Any
blueprint serving JSON under /api/ (moderation's flags) calls
:func:`register_error_handlers` on itself to answer the same way.
"""

from __future__ import annotations

from flask import Blueprint

from forum.api.privacy import PrivacyCheck
from forum.errors import json_error
from forum.extensions import db
from forum.policy import WriteRefused
from forum.services.errors import NotAllowed, ValidationFailed


def _validation_failed(exc: ValidationFailed):
    db.session.rollback()
    return json_error(
        400, "Some of what you sent needs fixing.", exc.fields, code="validation_failed"
    )


def _refused(exc: NotAllowed | WriteRefused):
    db.session.rollback()
    response, status = json_error(exc.status, exc.message)
    response.status_code = status
    # A policy that limits rates may say when to come back.
    retry_after = getattr(exc, "retry_after", None)
    if status == 429 and retry_after:
        response.headers["Retry-After"] = str(int(retry_after))
    return response


def _privacy_check(exc: PrivacyCheck):
    db.session.rollback()
    return json_error(409, str(exc), exc.fields, code="privacy_check")


def register_error_handlers(bp: Blueprint) -> None:
    """Answer ValidationFailed with 400 + fields, a privacy check with 409 + fields,
    NotAllowed and WriteRefused with their own status and message, all as
    ``{"error": {...}}``."""
    bp.register_error_handler(ValidationFailed, _validation_failed)
    bp.register_error_handler(PrivacyCheck, _privacy_check)
    bp.register_error_handler(NotAllowed, _refused)
    bp.register_error_handler(WriteRefused, _refused)
