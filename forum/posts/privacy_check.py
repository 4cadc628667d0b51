"""The privacy guard on the post and comment forms: point out, then let the author decide.

A form whose words look like they expose someone's health information is not
saved; it comes back with a warning listing what was found and a box to tick.
The author edits the words, or ticks the box and sends the form again. The tick
covers what they were shown: anything new that looks private is shown too.
The JSON API never asks (its clients have no one to ask), see DESIGN.md.
"""

from __future__ import annotations

import hashlib

from forum.posts.forms import PrivacyCheckForm
from forum.privacy import Finding, find_personal_information


def fingerprint(finding: Finding) -> str:
    return hashlib.sha256(f"{finding.kind}\0{finding.text}".encode()).hexdigest()[:16]


def findings_to_confirm(form: PrivacyCheckForm, *texts: str | None) -> list[Finding]:
    """What the author still has to look at before ``texts`` are published.

    An empty list means go ahead: nothing looks private, or the author ticked
    the box after seeing every finding there is now. Otherwise the form is
    readied for showing the findings again, with the box unticked.
    """
    findings = [f for text in texts if text for f in find_personal_information(text)]
    if not findings:
        return []
    seen = set((form.privacy_seen.data or "").split())
    if form.privacy_confirmed.data and all(fingerprint(f) in seen for f in findings):
        return []
    form.privacy_seen.data = " ".join(sorted({fingerprint(f) for f in findings}))
    form.privacy_confirmed.data = False
    return findings


def as_json(findings: list[Finding]) -> list[dict]:
    """For the live preview: what to show beside the preview as the author types."""
    return [{"label": f.label, "text": f.text, "explanation": f.explanation} for f in findings]
