"""The passkey forms that work without JavaScript: naming a new one, renaming one."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField


class NameForm(FlaskForm):
    """The optional name typed before adding a passkey, and the rename page's one field."""

    name = StringField("Name")
