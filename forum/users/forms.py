"""Forms on a member's own profile."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

TOKEN_LABEL_MAX = 80


class TokenForm(FlaskForm):
    label = StringField(
        "Name this token (optional)",
        validators=[
            Length(max=TOKEN_LABEL_MAX, message=f"Use at most {TOKEN_LABEL_MAX} characters.")
        ],
    )
