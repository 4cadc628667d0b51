"""The privacy guard for API clients: the web forms' findings, and the same choice.

A post, comment or "I tried this" note sent through the API is checked like the
web forms check it. When something looks like it exposes someone's health
information, nothing is saved: the answer is a 409 naming what was found in
each field, and the client publishes it as it is by sending it again with
``"privacy_confirmed": true`` (a script's author decides, as a person does on
the web).
"""

from __future__ import annotations

from forum.posts.privacy_check import findings_in, tags_as_read

CONFIRM = "privacy_confirmed"
MESSAGE = (
    "This looks like it could identify someone. Check what was found; to publish it "
    f'as it is, send it again with "{CONFIRM}": true.'
)


class PrivacyCheck(Exception):
    """Something to confirm; ``fields`` maps each field to what was found in it."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(MESSAGE)
        self.fields = fields


def check_privacy(data: dict, **texts: str | list[str] | None) -> None:
    """Raise PrivacyCheck unless ``texts`` look fine or the client confirmed them.

    ``texts`` maps a field name to what it holds; a list is tags.
    """
    if data.get(CONFIRM) is True:
        return
    found = {}
    for field, value in texts.items():
        value_texts = tags_as_read(", ".join(value)) if isinstance(value, list) else [value]
        findings = findings_in(*value_texts)
        if findings:
            found[field] = "; ".join(f"{f.label}: “{f.text}”" for f in findings)
    if found:
        raise PrivacyCheck(found)


def record_texts(data: dict) -> dict[str, str]:
    """The words of a post's aim and setting the client sent, by field, for
    :func:`check_privacy` (the web's post form checks the same ones)."""
    texts = {}
    for group, names in (("aim", ("what", "target")), ("setting", ("size", "people"))):
        sent = data.get(group) or {}
        words = "\n".join(sent[name] for name in names if isinstance(sent.get(name), str))
        if words:
            texts[group] = words
    return texts
