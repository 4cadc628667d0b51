"""Helpers shared by the Flask-WTF forms of every blueprint."""

from __future__ import annotations

from flask_wtf import FlaskForm

from forum.services.errors import ValidationFailed


def apply_errors(form: FlaskForm, failure: ValidationFailed) -> None:
    """Show a service's field messages beside the form's fields."""
    for name, message in failure.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
        else:
            form.form_errors.append(message)
