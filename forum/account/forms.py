"""Forms of the email settings page and of password reset.

As elsewhere, the rules live in the services (``forum.services.email_address``,
``forum.services.accounts``); the forms carry the data and the CSRF token.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice

from forum.models import EMAIL_MODES


class EmailAddressForm(FlaskForm):
    email = EmailField("Email address")
    current_password = PasswordField("Your current password")


class EmailModeForm(FlaskForm):
    email_mode = RadioField(
        "Email me",
        choices=[SelectChoice(value, label) for value, label in EMAIL_MODES.items()],
        validate_choice=False,
    )


class ForgotPasswordForm(FlaskForm):
    login = StringField("Username or email address")


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField("New password")
