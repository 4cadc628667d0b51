"""The watching controls' forms. Each says where the member pressed it
(``next``, a path on this site, checked by ``safe_next``) so they go back there."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice

from forum.conditions.picker import ConditionPickerField
from forum.conditions.tree import ConditionTree
from forum.models import LEVELS

# Each level in words, for the control's options and the /watching page.
LEVEL_WORDS = {
    "watching": "Watching: notified of every new post or comment",
    "tracking": "Tracking: counted in your unread badge, no notification",
    "normal": "Normal: only replies to you and @mentions",
    "muted": "Muted: never notified",
}
assert set(LEVEL_WORDS) == set(LEVELS)
PICK_MAX = 20  # conditions picked at sign-up in one go


class WatchForm(FlaskForm):
    # Checked by the service (forum.services.watching.level_arg), so the web
    # and the API refuse the same values with the same words.
    level = SelectField(
        choices=[SelectChoice(key, words) for key, words in LEVEL_WORDS.items()],
        validate_choice=False,
    )
    next = HiddenField()


class MuteForm(FlaskForm):
    want = HiddenField()  # "yes": mute; "no": unmute (a state, not a toggle)
    next = HiddenField()

    def wanted(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.want.data)


class PickConditionsForm(FlaskForm):
    conditions = ConditionPickerField("Conditions to watch", max_choices=PICK_MAX)
    next = HiddenField()

    def __init__(self, tree: ConditionTree, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.conditions.use_tree(tree)
