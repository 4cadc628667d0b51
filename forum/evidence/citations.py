"""Citations: a DOI or PubMed ID on a post, confirmed by a verified clinician.

One service function per use case, one commit each; the web form and the API
call the same functions and get the same words back (``ValidationFailed`` per
field, ``NotAllowed`` with a status). The post's evidence level follows by
itself (``forum.evidence.keeping`` sees the citation change in the same
transaction).

* :func:`add`: the author or a co-author, at most :data:`MAX_CITATIONS` a post;
* :func:`confirm`: a verified clinician who is neither the author nor a co-author;
* :func:`remove`: the author or a co-author while it is unconfirmed; a moderator
  any, with a reason that goes on the record (``get_policy().record``).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.changeideas.access import can_contribute, is_coauthor
from forum.extensions import db
from forum.models import Citation, Post, User
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.errors import NotAllowed, ValidationFailed

MAX_CITATIONS = 10
IDENTIFIER_MAX = 100
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi.org/",
    "doi:",
)
_PMID = re.compile(r"^\d{1,8}$")
_PUBMED_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d{1,8})/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_PMID_PREFIX = re.compile(r"^(?:pmid|pubmed)\s*:?\s*", re.IGNORECASE)

INVALID = (
    "Enter a DOI such as 10.1136/bmjqs.2010.046193 (a https://doi.org/ link works too) "
    "or a PubMed ID of 1 to 8 digits such as 21228075."
)


def parse(text) -> tuple[str, str]:
    """(kind, normalized identifier) for what someone typed, or ValidationFailed
    on the ``identifier`` field."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationFailed({"identifier": "Enter a DOI or a PubMed ID."})
    value = text.strip()
    if len(value) > 300:
        raise ValidationFailed({"identifier": INVALID})
    if match := _PUBMED_URL.match(value):
        return "pmid", str(int(match.group(1)))
    bare = _PMID_PREFIX.sub("", value)
    if _PMID.match(bare):
        if int(bare) == 0:
            raise ValidationFailed({"identifier": INVALID})
        return "pmid", str(int(bare))
    lowered = value.lower()
    for prefix in _DOI_PREFIXES:
        if lowered.startswith(prefix):
            value = value[len(prefix) :].strip()
            break
    value = unquote(value)
    # DOIs are case-insensitive (the DOI Handbook); keep one spelling of each.
    value = value.lower()
    if not _DOI.match(value) or len(value) > IDENTIFIER_MAX or any(c in value for c in "<>\"'"):
        raise ValidationFailed({"identifier": INVALID})
    return "doi", value


def add(user: User, post: Post, text) -> Citation:
    """The author or a co-author adds a citation to ``post``."""
    if not can_contribute(post, user):
        raise NotAllowed("Only the post's author and co-authors can add citations.")
    kind, identifier = parse(text)
    get_policy().check(user, "citation", post=post)
    existing = db.session.scalars(select(Citation).where(Citation.post_id == post.id)).all()
    if any(c.kind == kind and c.identifier == identifier for c in existing):
        raise ValidationFailed({"identifier": "This post already cites that."})
    if len(existing) >= MAX_CITATIONS:
        raise ValidationFailed(
            {"identifier": f"A post can have at most {MAX_CITATIONS} citations."}
        )
    citation = Citation(post_id=post.id, kind=kind, identifier=identifier, added_by_id=user.id)
    db.session.add(citation)
    db.session.commit()
    return citation


def confirm(user: User, citation: Citation) -> Citation:
    """A verified clinician, not the author nor a co-author, confirms ``citation``."""
    post = db.session.get(Post, citation.post_id)
    if not user.clinician_verified:
        raise NotAllowed("Only verified clinicians can confirm citations.")
    if post.author_id == user.id or is_coauthor(post, user):
        raise NotAllowed("A citation must be confirmed by a clinician who didn't write the post.")
    if post.status != "published":
        raise NotAllowed("This post isn't open for confirmations.", status=409)
    if citation.confirmed_by_id is not None:
        raise NotAllowed("This citation is already confirmed.", status=409)
    get_policy().check(user, "citation", post=post)
    citation.confirmed_by_id = user.id
    citation.confirmed_at = utcnow()
    db.session.commit()
    return citation


def remove(user: User, citation: Citation, *, reason=None) -> None:
    """The author (or a co-author) removes an unconfirmed citation; a moderator
    removes any, with a reason on the record."""
    post = db.session.get(Post, citation.post_id)
    own = can_contribute(post, user)
    if own and citation.confirmed_by_id is None:
        get_policy().check(user, "citation", post=post)
    elif user.is_moderator:
        errors = rules.Errors()
        reason = rules.reason(reason, errors)
        errors.raise_if_any()
        get_policy().check(user, "citation", post=post)
        get_policy().record(
            user,
            "remove_citation",
            post,
            reason=reason,
            details={"citation": f"{citation.kind}:{citation.identifier}"},
        )
    elif own:
        raise NotAllowed("A confirmed citation can only be removed by a moderator.", status=409)
    else:
        raise NotAllowed("Only the post's author and co-authors can remove its citations.")
    db.session.delete(citation)
    db.session.commit()


def for_post(post: Post) -> list[Citation]:
    """The post's citations with their confirmers, in one statement."""
    return list(
        db.session.scalars(
            select(Citation)
            .options(joinedload(Citation.confirmed_by))
            .where(Citation.post_id == post.id)
            .order_by(Citation.added_at, Citation.id)
        )
    )


def for_posts(post_ids) -> dict[int, list[Citation]]:
    """Citations (with their confirmers) of many posts, by post id, in one statement."""
    found: dict[int, list[Citation]] = {}
    ids = list(post_ids)
    if not ids:
        return found
    for c in db.session.scalars(
        select(Citation)
        .options(joinedload(Citation.confirmed_by))
        .where(Citation.post_id.in_(ids))
        .order_by(Citation.added_at, Citation.id)
    ):
        found.setdefault(c.post_id, []).append(c)
    return found


def label(citation: Citation) -> str:
    return f"doi:{citation.identifier}" if citation.kind == "doi" else f"PMID {citation.identifier}"
