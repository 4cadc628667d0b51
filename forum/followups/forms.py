"""The answer page's form: three buttons, each in a small form of its own.

One form class serves all three (``answer`` says which was pressed); the
"why" boxes have a field each so their ids stay unique on the page. Rules
live in ``forum.followups.service.answer``, shared with the API.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField


class FollowUpAnswerForm(FlaskForm):
    answer = HiddenField()
    stopped_reason = TextAreaField("Why did you stop? (optional)")
    changed_reason = TextAreaField("What did you change? (optional)")
    adaptation = SelectField(
        "Your post about what you do now (optional)", choices=[], validate_choice=False
    )

    def reason(self) -> str | None:
        """What was typed in the "why" box that goes with the button pressed."""
        field = {"stopped": self.stopped_reason, "changed": self.changed_reason}.get(
            self.answer.data
        )
        return field.data if field is not None else None

    def reason_field(self) -> str:
        return "changed_reason" if self.answer.data == "changed" else "stopped_reason"
