"""The privacy guard on the web forms: point out, then let the author decide.

Every form whose words get published checks all of them: a post's title, body
and tags, a comment, an "I tried this" note, a member's bio (forum.users).
A form whose words look like they expose someone's health information is not
saved; it comes back with a warning listing what was found and a box to tick.
The author edits the words, or ticks the box and sends the form again. The tick
covers what they were shown: anything new that looks private is shown too.
API clients get the same findings and the same choice (forum.api.privacy).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

from forum.posts.forms import PrivacyCheckForm
from forum.privacy import Finding, find_personal_information
from forum.services.rules import BODY_MAX
from forum.text import clean_block


def fingerprint(finding: Finding) -> str:
    return hashlib.sha256(f"{finding.kind}\0{finding.text}".encode()).hexdigest()[:16]


def findings_to_confirm(form: PrivacyCheckForm, *texts: str | None) -> list[Finding]:
    """What the author still has to look at before ``texts`` are published.

    An empty list means go ahead: nothing looks private, or the author ticked
    the box after seeing every finding there is now. Otherwise the form is
    readied for showing the findings again, with the box unticked.
    """
    findings = findings_in(*texts)
    if not findings:
        return []
    seen = set((form.privacy_seen.data or "").split())
    if form.privacy_confirmed.data and all(fingerprint(f) in seen for f in findings):
        return []
    form.privacy_seen.data = " ".join(sorted({fingerprint(f) for f in findings}))
    form.privacy_confirmed.data = False
    return findings


def findings_in(*texts: str | None) -> list[Finding]:
    """What the guard finds in ``texts``; the same words in two fields (or in tags
    read two ways) once."""
    return list({(f.kind, f.text): f for f in _findings(texts)}.values())


def tags_as_read(tags: str) -> list[str]:
    """Tags as the guard reads them: as written, and with hyphens as spaces, the
    way a reader reads them ("jack-peters, crohns" is a name and a condition)."""
    return [tags, tags.replace("-", " ")]


def _findings(texts: Iterable[str | None]) -> Iterator[Finding]:
    """What the guard finds in the words as they will be published. A text longer
    than anything the forum publishes is left to the form's own check, which
    refuses it: the guard's time stays bounded, whatever is sent."""
    for text in texts:
        text = clean_block(text)
        if text and len(text) <= BODY_MAX:
            yield from find_personal_information(text)


def as_json(findings: list[Finding]) -> list[dict]:
    """For the live preview: what to show beside the preview as the author types."""
    return [{"label": f.label, "text": f.text, "explanation": f.explanation} for f in findings]
