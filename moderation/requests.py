"""What members ask moderators for: clinician verification, and a missing condition.

A member sends a request (signed in, not suspended, rate limited); it waits in
the review queue as its own kind of item until a moderator approves or
declines it. Each decision is one transaction: the request's new status, its
effect (the "Verified clinician" badge; a new condition in the catalogue) and
exactly one audit-log row commit together. A declined request's reason is
shown to the member who sent it.

Registration details are for moderators only: they are checked against the
public register and never shown publicly. The privacy guard isn't run on
them (a registration number is meant to be a number that points to a person).
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import urlsplit

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Condition, User
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.errors import NotAllowed
from forum.services.locks import lock_row
from forum.text import clean_block, clean_line
from moderation import audit
from moderation.models import ConditionProposal, ModerationAction, VerificationRequest

REQUEST_KINDS = {"verification": VerificationRequest, "condition": ConditionProposal}
MAX_SYNONYMS = 8
WHY_MAX = 1_000
_REGISTRATION_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./-]{1,39}$")
_ALREADY_DECIDED = "This request was already decided; the page may be out of date."


def _line(value, errors: rules.Errors, field: str, label: str, low: int, high: int) -> str:
    value = clean_line(value) if isinstance(value, str) else ""
    if len(value) < low:
        errors[field] = f"Enter the {label}."
    elif len(value) > high:
        errors[field] = f"Keep the {label} to {high} characters."
    return value


def _register_url(value, errors: rules.Errors) -> str:
    value = clean_line(value) if isinstance(value, str) else ""
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 300:
        errors["register_url"] = (
            "Give the register's address as a full https:// link, or leave it out."
        )
    return value


def pending_verification(user: User) -> VerificationRequest | None:
    return db.session.scalar(
        select(VerificationRequest).where(
            VerificationRequest.user_id == user.id, VerificationRequest.status == "pending"
        )
    )


def request_verification(
    user: User, *, profession, registration_body, registration_number, register_url=None
) -> VerificationRequest:
    """Ask to be verified as a clinician. Raises ValidationFailed, NotAllowed, WriteRefused."""
    errors = rules.Errors()
    profession = _line(profession, errors, "profession", "role or profession", 2, 80)
    registration_body = _line(
        registration_body, errors, "registration_body", "registration body", 2, 120
    )
    number = _line(registration_number, errors, "registration_number", "registration number", 2, 40)
    if number and "registration_number" not in errors and not _REGISTRATION_NUMBER.match(number):
        errors["registration_number"] = (
            "A registration number is letters and digits (spaces, dots, slashes and dashes too)."
        )
    register_url = _register_url(register_url, errors)
    errors.raise_if_any()
    get_policy().check(user, "request")
    lock_row(user)  # one pending request per member, even if the form is sent twice at once
    if user.clinician_verified:
        raise NotAllowed("You're already a verified clinician.", status=409)
    if pending_verification(user):
        raise NotAllowed("Your request is already with the moderators.", status=409)
    row = VerificationRequest(
        user_id=user.id,
        profession=profession,
        registration_body=registration_body,
        registration_number=number,
        register_url=register_url,
    )
    db.session.add(row)
    db.session.commit()
    return row


def slugify(name: str) -> str:
    """The catalogue's address for a name: "Crohn's disease" -> "crohns-disease"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"['’]", "", ascii_name.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:80]


def _synonyms(value, errors: rules.Errors, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors["synonyms"] = "Separate other names with commas."
        return []
    seen: dict[str, str] = {}
    for item in value:
        item = clean_line(item) or ""
        if item and item.casefold() != name.casefold():
            seen.setdefault(item.casefold(), item)
    out = list(seen.values())
    if len(out) > MAX_SYNONYMS:
        errors["synonyms"] = f"Give at most {MAX_SYNONYMS} other names."
    elif any(len(s) > 120 for s in out):
        errors["synonyms"] = "Keep each other name to 120 characters."
    return out


def _name_taken(name: str, slug: str) -> bool:
    """A condition (or a proposal still waiting) already has this name or address."""
    in_catalogue = select(Condition.id).where(
        (Condition.slug == slug) | (func.lower(Condition.name) == name.lower())
    )
    waiting = select(ConditionProposal.id).where(
        ConditionProposal.status == "pending",
        (ConditionProposal.slug == slug) | (func.lower(ConditionProposal.name) == name.lower()),
    )
    return db.session.scalar(in_catalogue.limit(1)) is not None or (
        db.session.scalar(waiting.limit(1)) is not None
    )


def propose_condition(user: User, *, name, parent, synonyms, why) -> ConditionProposal:
    """Propose a condition the catalogue lacks. ``parent`` is a catalogue slug or empty."""
    errors = rules.Errors()
    name = _line(name, errors, "name", "condition's name", 2, 120)
    slug = slugify(name) if name else ""
    if name and "name" not in errors and not slug:
        errors["name"] = "Write the condition's name in letters."
    parent_row = None
    if isinstance(parent, str) and parent:
        parent_row = db.session.scalar(select(Condition).where(Condition.slug == parent))
        if parent_row is None:
            errors["parent"] = "Choose a parent from the list, or none."
    elif parent not in (None, ""):
        errors["parent"] = "Choose a parent from the list, or none."
    synonyms = _synonyms(synonyms, errors, name)
    why = clean_block(why) if isinstance(why, str) else ""
    if len(why) < 3:
        errors["why"] = "Say briefly why it belongs in the catalogue."
    elif len(why) > WHY_MAX:
        errors["why"] = f"Keep it to {WHY_MAX:,} characters."
    errors.raise_if_any()
    get_policy().check(user, "request")
    if _name_taken(name, slug):
        raise NotAllowed(f"“{name}” is already in the catalogue or waiting for review.", status=409)
    row = ConditionProposal(
        proposer_id=user.id,
        name=name,
        slug=slug,
        parent_id=parent_row.id if parent_row else None,
        synonyms_json=json.dumps(synonyms),
        why=why,
    )
    db.session.add(row)
    db.session.commit()
    return row


def _start_decision(actor: User, row, decision, reason) -> str:
    errors = rules.Errors()
    if decision not in ("approve", "decline"):
        errors["decision"] = "Choose to approve or decline it."
    if decision == "decline":
        reason = rules.reason(
            reason, errors, missing="Say why you're declining it; the member will read this."
        )
    else:
        reason = clean_line(reason) if isinstance(reason, str) else ""
        if len(reason) > rules.REASON_MAX:
            errors["reason"] = f"Keep the reason to {rules.REASON_MAX} characters."
    errors.raise_if_any()
    get_policy().check(actor, "review")
    if not actor.is_moderator:
        raise NotAllowed("Requests are decided by moderators.")
    lock_row(row)
    requester = row.user_id if isinstance(row, VerificationRequest) else row.proposer_id
    if requester == actor.id:
        raise NotAllowed("This is your own request, so another moderator will decide on it.")
    if row.status != "pending":
        raise NotAllowed(_ALREADY_DECIDED, status=409)
    return reason


def _close(row, actor: User, status: str, reason: str) -> None:
    row.status, row.decided_at, row.decided_by_id = status, utcnow(), actor.id
    if status == "declined":
        row.decline_reason = reason


def decide_verification(
    actor: User, request_row: VerificationRequest, *, decision, reason=None
) -> ModerationAction:
    """Approve (the member becomes a verified clinician) or decline (with a reason)."""
    reason = _start_decision(actor, request_row, decision, reason)
    member = request_row.user
    details: dict = {"request": request_row.id, "profession": request_row.profession}
    if decision == "decline":
        _close(request_row, actor, "declined", reason)
        row = audit.record(actor, "decline_verification", member, reason=reason, details=details)
    else:
        if member.clinician_verified:
            raise NotAllowed(f"{member.username} is already verified.", status=409)
        _close(request_row, actor, "approved", reason)
        if member.perspective != "clinician":
            # Verification says they speak as a clinician; the badge and the perspective agree.
            details["perspective"] = [member.perspective, "clinician"]
            member.perspective = "clinician"
        member.clinician_verified = True
        row = audit.record(actor, "verify_clinician", member, reason=reason, details=details)
    db.session.commit()
    return row


def decide_condition(
    actor: User, proposal: ConditionProposal, *, decision, reason=None
) -> ModerationAction:
    """Approve (the condition joins the catalogue under its parent) or decline."""
    reason = _start_decision(actor, proposal, decision, reason)
    details: dict = {"name": proposal.name, "slug": proposal.slug}
    if decision == "decline":
        _close(proposal, actor, "declined", reason)
        row = audit.record(actor, "decline_condition", proposal, reason=reason, details=details)
        db.session.commit()
        return row
    taken = select(Condition.id).where(
        (Condition.slug == proposal.slug) | (func.lower(Condition.name) == proposal.name.lower())
    )
    if db.session.scalar(taken.limit(1)) is not None:
        raise NotAllowed(f"“{proposal.name}” is already in the catalogue.", status=409)
    siblings = Condition.parent_id == proposal.parent_id
    if proposal.parent_id is None:
        siblings = Condition.parent_id.is_(None)
    last = db.session.scalar(select(func.max(Condition.position)).where(siblings))
    condition = Condition(
        slug=proposal.slug,
        name=proposal.name,
        synonyms_json=proposal.synonyms_json,
        parent_id=proposal.parent_id,
        position=(last or 0) + 1,
    )
    db.session.add(condition)
    db.session.flush()
    _close(proposal, actor, "approved", reason)
    proposal.condition_id = condition.id
    details["parent"] = proposal.parent.slug if proposal.parent else None
    details["condition"] = condition.id
    row = audit.record(actor, "add_condition", proposal, reason=reason, details=details)
    db.session.commit()
    return row


def my_requests(user: User) -> tuple[list[VerificationRequest], list[ConditionProposal]]:
    """The member's own requests, newest first, for them to see where each stands."""
    verifications = db.session.scalars(
        select(VerificationRequest)
        .where(VerificationRequest.user_id == user.id)
        .order_by(VerificationRequest.created_at.desc(), VerificationRequest.id.desc())
        .limit(20)
    ).all()
    proposals = db.session.scalars(
        select(ConditionProposal)
        .where(ConditionProposal.proposer_id == user.id)
        .order_by(ConditionProposal.created_at.desc(), ConditionProposal.id.desc())
        .limit(20)
    ).all()
    return list(verifications), list(proposals)
