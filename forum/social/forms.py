"""The Save and Thanks buttons' form: the state the button asks for, so a
second click (or a stale page) asks for the same thing again and changes
nothing, where a blind toggle would undo the first."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField

YES, NO = "yes", "no"
# Where the button was pressed, to go back there: the post page (default) or
# the Saved page. A name, never an address, so nothing can send a member off-site.
BACK_TO_SAVED = "saved"


class MarkForm(FlaskForm):
    want = HiddenField()  # YES: save / thank; NO: unsave / take back
    back = HiddenField()

    def wanted(self) -> bool | None:
        """True or False for a state this button can ask for; None for anything else."""
        return {YES: True, NO: False}.get(self.want.data)
