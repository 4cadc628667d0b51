"""The list's buttons: mark one line read, or all of them (CSRF-protected, no JavaScript)."""

from __future__ import annotations

from flask_wtf import FlaskForm


class MarkReadForm(FlaskForm):
    """No fields but the CSRF token: what to mark is in the address."""
