"""The post page's citation forms (CSRF on each; the service judges the words)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField


class CitationForm(FlaskForm):
    identifier = StringField("DOI or PubMed ID")
    submit = SubmitField("Add citation")


class ConfirmCitationForm(FlaskForm):
    submit = SubmitField("Confirm this citation")


class RemoveCitationForm(FlaskForm):
    reason = StringField("Reason (a moderator's removal goes on the record)")
    submit = SubmitField("Remove citation")
