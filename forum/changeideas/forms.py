"""Forms of the record page: a measure, a PDSA cycle, a co-author.

They carry what people typed; the rules live in ``forum.changeideas.service``
(shared with the API), so choices aren't validated here.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice

from forum.models import DECISIONS, MEASURE_KINDS, Measure, PdsaCycle

MEASURE_HINTS = {
    "outcome": "What matters to patients and families, for example days missed at school.",
    "process": "Whether the change is being done, for example huddles held.",
    "balancing": "What might get worse because of it, for example clinic running late.",
}


class MeasureForm(FlaskForm):
    name = StringField("Name of the measure")
    unit = StringField("Unit (optional)")
    kind = RadioField(
        "What kind of measure is it?",
        choices=[SelectChoice(k, label) for k, label in MEASURE_KINDS.items()],
        default="outcome",
        validate_choice=False,
    )
    submit = SubmitField("Add measure")

    @classmethod
    def for_measure(cls, measure: Measure) -> MeasureForm:
        form = cls(formdata=None, obj=measure)
        form.submit.label.text = "Save measure"
        return form

    def values(self) -> dict:
        return {"name": self.name.data, "unit": self.unit.data, "kind": self.kind.data}


class CycleForm(FlaskForm):
    started_on = StringField("Started on")
    ended_on = StringField("Ended on (optional)")
    plan = TextAreaField("Plan: what did you set out to test?")
    done = TextAreaField("Do: what was done? (optional)")
    learned = TextAreaField("Study: what was learned? (optional)")
    decision = RadioField(
        "Act: what did you decide?",
        choices=[
            *(SelectChoice(k, label) for k, label in DECISIONS.items()),
            SelectChoice("", "Still running"),
        ],
        default="",
        validate_choice=False,
    )
    submit = SubmitField("Add cycle")

    @classmethod
    def for_cycle(cls, cycle: PdsaCycle) -> CycleForm:
        form = cls(
            formdata=None,
            data={
                "started_on": cycle.started_on.isoformat(),
                "ended_on": cycle.ended_on.isoformat() if cycle.ended_on else "",
                "plan": cycle.plan,
                "done": cycle.done,
                "learned": cycle.learned,
                "decision": cycle.decision or "",
            },
        )
        form.submit.label.text = "Save cycle"
        return form

    def values(self) -> dict:
        return {
            "started_on": self.started_on.data,
            "ended_on": self.ended_on.data,
            "plan": self.plan.data,
            "done": self.done.data,
            "learned": self.learned.data,
            "decision": self.decision.data or "",
        }


class CoauthorForm(FlaskForm):
    username = StringField("Username of the co-author")
    submit = SubmitField("Add co-author")


class RemoveCoauthorForm(FlaskForm):
    """One "Remove" button per co-author: whose name (and the CSRF token)."""

    username = StringField()
