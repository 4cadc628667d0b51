"""The "Adapt this" page's form: which parts of the original to copy.

It is sent with GET to the new-post form (``/posts/new?adapt=<id>&copy=…``),
which it only fills in: nothing is written until the adaptation is published
there, so it carries no CSRF token.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.fields import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from forum.lineage.service import COPY_CHOICES


class CopyField(SelectMultipleField):
    """Checkboxes, one per part; unknown values are left to the service's rules."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AdaptForm(FlaskForm):
    class Meta:
        csrf = False  # a GET that fills a form in; the publish carries the token

    copy = CopyField(
        "What do you want to copy?",
        choices=[SelectChoice(k, label) for k, label in COPY_CHOICES.items()],
        validate_choice=False,
        default=list(COPY_CHOICES),
    )
    submit = SubmitField("Start my adaptation")
