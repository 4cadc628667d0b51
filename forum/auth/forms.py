"""Sign-up, sign-in and password forms.

The forms carry the data and the CSRF token; the rules themselves live in
``forum.services.accounts``, so the web and the command line check the same
things and the messages come back through ``forum.forms.apply_errors``.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice

from forum.models import PERSPECTIVES


class RegisterForm(FlaskForm):
    username = StringField("Username")
    email = EmailField("Email address")
    password = PasswordField("Password")
    # The service names the problem when nothing or something odd is chosen.
    perspective = RadioField(
        "I mostly write as",
        choices=[SelectChoice(value, label) for value, label in PERSPECTIVES.items()],
        validate_choice=False,
    )


class LoginForm(FlaskForm):
    username = StringField("Username or email address")
    password = PasswordField("Password")
    remember = BooleanField("Keep me signed in on this device")


class SecondFactorForm(FlaskForm):
    code = StringField("Code")


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password")
    new_password = PasswordField("New password")


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token travels with it."""
