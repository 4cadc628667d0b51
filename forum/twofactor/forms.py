"""The code box on the two-factor settings pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField


class AppCodeForm(FlaskForm):
    """Turning the app on: a code from the app, for the new secret."""

    code = StringField("Code from your app")


class CodeForm(FlaskForm):
    """New recovery codes, turning the app off: an app code or a recovery code."""

    code = StringField("Code from your app, or a recovery code")
