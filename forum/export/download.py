"""Sending an export's ZIP, the same way from the page and from the API."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Response, send_file


def send_zip(source: bytes | Path, name: str) -> Response:
    """The ZIP as a download named ``name`` (``middle-ground-<username>-<date>.zip``)."""
    response = send_file(
        io.BytesIO(source) if isinstance(source, bytes) else source,
        mimetype="application/zip",
        as_attachment=True,
        download_name=name,
    )
    # Quoted, as every browser and client reads it; the name is the username
    # (letters, digits, "_" and "-") and a date, so nothing needs escaping.
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
