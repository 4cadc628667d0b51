"""The form that deletes one's own account."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice

MODES = {
    "keep": "Keep my posts and comments, shown as by “former member”, with my name gone",
    "remove": "Remove everything I wrote",
}


class DeleteAccountForm(FlaskForm):
    mode = RadioField(
        "What becomes of what you wrote",
        choices=[SelectChoice(value, label) for value, label in MODES.items()],
        default="keep",
        validate_choice=False,  # the view names a wrong choice in words
    )
    password = PasswordField("Your password")
    # Shown only to members with a second factor (forum.auth.factors).
    code = StringField("Code from your authenticator app, or a recovery code")
