"""Forms for posts, comments and "I tried this" reports.

The forms only carry what people typed (and the CSRF token); the rules live
in ``forum.services.rules`` so the web and the API refuse the same things with
the same words. That is why choice fields don't validate their choices here.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice

from forum.conditions.picker import ConditionPickerField
from forum.conditions.tree import ConditionTree
from forum.models import (
    AGE_BANDS,
    CARE_TEAM_KNEW,
    DURATIONS,
    KINDS,
    OUTCOME_RESULTS,
    SETTING_KINDS,
    Post,
)
from forum.services import rules

KIND_HINTS = {
    "hack": "Something your family or you found that made life with the condition easier.",
    "change_idea": "A practice a clinic, team or school tried, and what changed.",
    "question": "Ask others what worked for them.",
}


class PrivacyCheckForm(FlaskForm):
    """The privacy guard's two fields, for forms whose words get published.

    ``privacy_seen`` carries fingerprints of what the author was shown, so the
    tick confirms exactly that and not something typed afterwards; it is shown
    as a hidden input by the warning, never by ``hidden_tag()``.
    """

    privacy_confirmed = BooleanField("I've checked: this is fine to share")
    privacy_seen = StringField()


class StaffEditForm(PrivacyCheckForm):
    """A form that edits words someone may not own: a moderator editing someone
    else's post or comment says why (shown only to them, kept in the log)."""

    reason = StringField("Why are you editing this?")


class PostForm(StaffEditForm):
    title = StringField("Title")
    kind = RadioField(
        "What kind of post is this?",
        choices=[SelectChoice(k, label) for k, label in KINDS.items()],
        validate_choice=False,
    )
    body = TextAreaField("Your post")
    conditions = ConditionPickerField("Conditions", max_choices=rules.MAX_CONDITIONS)
    tags = StringField("Tags (optional)")
    # An adaptation ("Adapt this", forum.lineage): the original and the parts
    # copied travel as hidden fields, so previews and failed sends keep them.
    adapted_from = HiddenField()
    copy = HiddenField()
    adaptation_note = TextAreaField("What did you change?")
    # A change idea's aim and setting (optional on a hack, none on a question).
    aim_what = StringField("What will improve?")
    aim_target = StringField("By how much?")
    aim_by = StringField("By when?")  # shown as <input type=date>; typed YYYY-MM-DD works too
    setting_kind = RadioField(
        "What kind of place?",
        choices=[
            *(SelectChoice(k, label) for k, label in SETTING_KINDS.items()),
            SelectChoice("", "Not saying"),
        ],
        validate_choice=False,
    )
    setting_size = StringField("How big is it?")
    setting_people = StringField("Who took part?")
    preview = SubmitField("Preview")
    submit = SubmitField("Publish")

    def __init__(self, tree: ConditionTree, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.conditions.use_tree(tree)

    @classmethod
    def for_post(cls, tree: ConditionTree, post: Post) -> PostForm:
        """A form showing the post as it is now (for the edit page)."""
        return cls(
            tree,
            formdata=None,
            data={
                "title": post.title,
                "kind": post.kind,
                "body": post.body,
                "conditions": [c.slug for c in post.conditions],
                "tags": ", ".join(post.tag_names),
                **_record_data(post),
            },
        )

    def fill_record_from(self, post: Post) -> None:
        """Drafts keep the text fields only: show the post's aim and setting as saved."""
        for name, value in _record_data(post).items():
            getattr(self, name).data = value

    def published_texts(self) -> list[str]:
        """Everything the author wrote that gets published, for the privacy guard.

        Tags are read as they will be published, twice: as they are, and with
        hyphens as spaces, the way a reader reads them ("jack-peters, crohns" is
        a name and a condition). Tags the rules refuse are left out: the post
        can't be published with them, and the author should hear that first.
        """
        from forum.posts.privacy_check import tags_as_read  # it imports these forms

        errors = rules.Errors()
        tags = ", ".join(rules.tags(self.tags.data, errors))
        if errors:
            tags = ""
        record = [
            self.aim_what.data or "",
            self.aim_target.data or "",
            self.setting_size.data or "",
            self.setting_people.data or "",
        ]
        texts = [self.title.data or "", self.body.data or "", *tags_as_read(tags), *record]
        if self.adapted_from.data:
            texts.append(self.adaptation_note.data or "")
        return texts

    def values(self) -> dict:
        """What to hand to ``create_post`` / ``edit_post``."""
        return {
            "title": self.title.data or "",
            "body": self.body.data or "",
            "kind": self.kind.data,
            "conditions": self.conditions.data or [],
            "tags": self.tags.data or "",
            "aim": {
                "what": self.aim_what.data or "",
                "target": self.aim_target.data or "",
                "by": self.aim_by.data or "",
            },
            "setting": {
                "kind": self.setting_kind.data or "",
                "size": self.setting_size.data or "",
                "people": self.setting_people.data or "",
            },
        }

    def adaptation(self) -> dict:
        """What ``create_post`` takes to make the post an adaptation (nothing when it isn't)."""
        if not self.adapted_from.data:
            return {}
        return {
            "adapted_from": self.adapted_from.data,
            "adaptation_note": self.adaptation_note.data or "",
            "copy": self.copy.data or "",
        }


def _record_data(post: Post) -> dict[str, str]:
    """A post's aim and setting as the post form's fields show them."""
    return {
        "aim_what": post.aim_what,
        "aim_target": post.aim_target,
        "aim_by": post.aim_by.isoformat() if post.aim_by else "",
        "setting_kind": post.setting_kind or "",
        "setting_size": post.setting_size,
        "setting_people": post.setting_people,
    }


class CommentForm(StaffEditForm):
    body = TextAreaField("Your comment")
    submit = SubmitField("Add comment")


def _optional(choices: dict[str, str]) -> list[SelectChoice]:
    return [
        *(SelectChoice(k, label) for k, label in choices.items()),
        SelectChoice("", "Not saying"),
    ]


class OutcomeForm(PrivacyCheckForm):
    result = RadioField(
        "How did it go?",
        choices=[SelectChoice(k, label) for k, label in OUTCOME_RESULTS.items()],
        validate_choice=False,
    )
    # The details are optional: "" is "not said", and lets an update take one back.
    duration = RadioField(
        "How long did you try it? (optional)",
        choices=_optional(DURATIONS),
        validate_choice=False,
    )
    age_band = RadioField(
        "How old is the person who tried it? (optional)",
        choices=_optional(AGE_BANDS),
        validate_choice=False,
    )
    care_team_knew = RadioField(
        "Did the care team know you tried it? (optional)",
        # Short answers here; CARE_TEAM_KNEW's sentences are how a report reads.
        choices=_optional({key: key.capitalize() for key in CARE_TEAM_KNEW}),
        validate_choice=False,
    )
    note = TextAreaField("Anything others should know? (optional)")
    submit = SubmitField("Share how it went")

    def details(self) -> dict:
        """The optional details for ``report_outcome``; "" (not said) as None."""
        return {
            name: getattr(self, name).data or None
            for name in ("duration", "age_band", "care_team_knew")
        }


class HelpedForm(FlaskForm):
    """ "This helped" on an answer: the state the asker asks for ("yes" or "no"),
    not a flip, so a form sent twice leaves it as they meant."""

    helped = StringField()


class PreviewForm(FlaskForm):
    """The live preview's request: the Markdown so far (and the CSRF token)."""

    body = TextAreaField()


class ConfirmForm(FlaskForm):
    """A button that changes something (delete): only the CSRF token travels."""


class DraftForm(FlaskForm):
    """A draft saved as someone types (static/js/preview.js): which form it is
    for (``target``, see forum.models.draft) and that form's fields as typed."""

    target = StringField()
    title = StringField()
    kind = StringField()
    body = TextAreaField()
    conditions = SelectMultipleField(validate_choice=False)
    tags = StringField()


class DiscardDraftForm(FlaskForm):
    """The "Discard draft" button: which form's draft (and the CSRF token)."""

    target = StringField()
