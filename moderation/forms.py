"""Flask-WTF forms for every moderation action (each carries a CSRF token).

The services validate too (they serve the API as well); these forms give
the pages their fields, labels and CSRF protection.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from forum.models import ROLES, SAFETY_LABELS
from forum.plugins import ConditionPickerField
from moderation.models import FLAG_REASONS

_REASON_HINT = "A short reason. It goes in the moderation log."


class NextMixin:
    # Where to go back to after the action (checked to be a local path).
    next = HiddenField()


class FlagForm(NextMixin, FlaskForm):
    reason = RadioField(
        "Why are you flagging this?",
        choices=[SelectChoice(k, v) for k, v in FLAG_REASONS.items()],
        validators=[InputRequired("Choose why you're flagging this.")],
    )
    note = TextAreaField(
        "Anything reviewers should know? (optional)",
        validators=[Optional(), Length(max=1000)],
    )


class ReasonForm(NextMixin, FlaskForm):
    """Lock, remove, restore, unsuspend, verify: an action that only needs a reason."""

    reason = TextAreaField(
        "Reason", description=_REASON_HINT, validators=[InputRequired(_REASON_HINT)]
    )


class DeleteMemberForm(NextMixin, FlaskForm):
    """Delete a member's account: what becomes of what they wrote, and why."""

    mode = RadioField(
        "What they wrote",
        choices=[
            SelectChoice("keep", "Keep it under “former member”, with their name gone"),
            SelectChoice("remove", "Remove everything they wrote"),
        ],
        default="keep",
        validate_choice=False,  # the service names a wrong choice
    )
    reason = TextAreaField(
        "Reason",
        description="Goes in the moderation log. Leave their name out: the log shows a pseudonym.",
        validators=[InputRequired(_REASON_HINT)],
    )


class DecisionForm(NextMixin, FlaskForm):
    decision = RadioField(
        "Decision",
        choices=[
            SelectChoice("approve", "Approve or restore"),
            SelectChoice("dismiss", "Dismiss the flags"),
            SelectChoice("keep_hidden", "Uphold: hide it"),
            SelectChoice("remove", "Uphold: remove it"),
        ],
        validators=[InputRequired("Choose what to do with it.")],
    )
    # Optional here: approvals need none, and decisions.decide asks for it otherwise.
    reason = TextAreaField("Reason", validators=[Optional()])


class SafetyReviewForm(NextMixin, FlaskForm):
    label = RadioField(
        "Safety label",
        choices=[SelectChoice(k, v) for k, v in SAFETY_LABELS.items()],
        validators=[InputRequired("Choose a safety label.")],
    )
    note = TextAreaField(
        "Note for readers",
        description="Say briefly why; it is shown with the label.",
        validators=[InputRequired("Write a short note.")],
    )


class RetagForm(FlaskForm):
    """A post's conditions and tags, fixed by someone other than its author.

    Choices aren't validated here: ``forum.services.rules`` judges conditions
    and tags for every door (post form, API, this form) with the same words.
    It always goes back to the post, so it carries no ``next``.
    """

    conditions = ConditionPickerField("Conditions", max_choices=5)
    tags = StringField("Tags")
    reason = StringField("Note for the moderation log (optional)")


class SuspendForm(NextMixin, FlaskForm):
    days = SelectField("For how long?", coerce=int, validators=[InputRequired()])
    reason = TextAreaField(
        "Reason",
        description="Shown to the member whenever they try to write.",
        validators=[InputRequired(_REASON_HINT)],
    )


class TrustLevelForm(NextMixin, FlaskForm):
    level = SelectField("Trust level", coerce=int, validators=[InputRequired()])
    reason = TextAreaField("Reason", validators=[InputRequired(_REASON_HINT)])


class RoleForm(NextMixin, FlaskForm):
    role = SelectField("Role", choices=[SelectChoice(r, r.capitalize()) for r in ROLES])
    reason = TextAreaField("Reason", validators=[InputRequired(_REASON_HINT)])


class VerificationRequestForm(FlaskForm):
    """A member asks to be verified as a clinician; moderators check the register."""

    profession = StringField(
        "Your role or profession",
        validators=[InputRequired("Enter your role or profession."), Length(max=80)],
    )
    registration_body = StringField(
        "Registration body",
        validators=[InputRequired("Enter the registration body."), Length(max=120)],
    )
    registration_number = StringField(
        "Registration number",
        validators=[InputRequired("Enter your registration number."), Length(max=40)],
    )
    register_url = StringField(
        "Link to your entry on the public register (optional)",
        validators=[Optional(), Length(max=300)],
    )


class ConditionProposalForm(FlaskForm):
    """A member proposes a condition the catalogue is missing."""

    name = StringField(
        "The condition's name",
        validators=[InputRequired("Enter the condition's name."), Length(max=120)],
    )
    # Choices are the catalogue's (set by the view); the service checks the slug.
    parent = SelectField("Where it belongs", validate_choice=False)
    synonyms = StringField("Other names for it (optional)", validators=[Length(max=1000)])
    why = TextAreaField(
        "Why it belongs in the catalogue",
        validators=[
            InputRequired("Say briefly why it belongs in the catalogue."),
            Length(max=1000),
        ],
    )


class RequestDecisionForm(NextMixin, FlaskForm):
    decision = RadioField(
        "Decision",
        choices=[SelectChoice("approve", "Approve"), SelectChoice("decline", "Decline")],
        validators=[InputRequired("Choose to approve or decline it.")],
    )
    # Needed to decline (the member reads it); moderation.requests checks.
    reason = TextAreaField("Reason", validators=[Optional()])
