"""The data page's forms: one point, a pasted CSV, and a point's delete button.

Every field is text: the service reads dates and numbers (``forum.runcharts.data``)
so the page and the API refuse the same input with the same words."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.widgets import DateInput

from forum.runcharts.data import MAX_LINES, NOTE_MAX


class PointForm(FlaskForm):
    observed_on = StringField("Date", widget=DateInput())
    value = StringField("Value")
    note = StringField("Note (optional)", render_kw={"maxlength": NOTE_MAX})
    submit = SubmitField("Add this point")


class CsvForm(FlaskForm):
    csv = TextAreaField(
        "Paste data",
        render_kw={"rows": 10, "spellcheck": "false", "autocomplete": "off"},
    )
    submit = SubmitField(f"Add these points (up to {MAX_LINES} lines)")


class DeletePointForm(FlaskForm):
    submit = SubmitField("Delete")
