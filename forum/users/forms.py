"""Forms on a member's own profile."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from forum.conditions.picker import ConditionPickerField
from forum.models import AGE_BANDS, PERSPECTIVES, User
from forum.posts.forms import PrivacyCheckForm
from forum.services.accounts import MY_CONDITIONS_MAX

TOKEN_LABEL_MAX = 80
NO_AGE_BAND = ""  # "Prefer not to say"


class TokenForm(FlaskForm):
    label = StringField(
        "Name this token (optional)",
        validators=[
            Length(max=TOKEN_LABEL_MAX, message=f"Use at most {TOKEN_LABEL_MAX} characters.")
        ],
    )


class ProfileForm(PrivacyCheckForm):
    """ "Edit profile". The rules are ``accounts.update_profile``'s, so choices
    aren't validated here; the bio goes through the privacy guard like a post."""

    bio = TextAreaField("About you (optional)")
    perspective = RadioField(
        "I mostly write as",
        choices=[SelectChoice(value, label) for value, label in PERSPECTIVES.items()],
        validate_choice=False,
    )
    care_age_band = RadioField(
        "Age of the person you care for (or your own)",
        choices=[
            SelectChoice(NO_AGE_BAND, "Prefer not to say"),
            *(SelectChoice(value, label) for value, label in AGE_BANDS.items()),
        ],
        validate_choice=False,
    )
    # Catalogue slugs, picked as on the post form (forum/conditions/picker.py).
    conditions = ConditionPickerField("My conditions", max_choices=MY_CONDITIONS_MAX)
    submit = SubmitField("Save profile")

    @classmethod
    def for_user(cls, user: User) -> ProfileForm:
        """The form showing the profile as it is now."""
        return cls(
            formdata=None,
            data={
                "bio": user.bio or "",
                "perspective": user.perspective,
                "care_age_band": user.care_age_band or NO_AGE_BAND,
                "conditions": [c.slug for c in user.conditions],
            },
        )

    def values(self) -> dict:
        """What to hand to ``accounts.update_profile``."""
        return {
            "bio": self.bio.data or "",
            "perspective": self.perspective.data,
            "care_age_band": self.care_age_band.data or None,
            "conditions": self.conditions.data or [],
        }
