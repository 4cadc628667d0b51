"""Citations on the post page: add (author, co-authors), confirm (a verified
clinician from outside the post), remove (the author while unconfirmed, a
moderator with a reason). Plain POST forms; a refusal or a mistake shows the
post page again with the message beside the field, nothing changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, g, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.changeideas.access import is_coauthor
from forum.evidence import citations
from forum.evidence.forms import CitationForm, ConfirmCitationForm, RemoveCitationForm
from forum.extensions import db
from forum.forms import apply_errors
from forum.models import Citation, Post
from forum.policy import WriteRefused
from forum.posts.page import render_post_page
from forum.posts.queries import visible_post_or_404
from forum.ratelimit_scopes import rate_limited
from forum.ratelimits import done
from forum.services import NotAllowed, ValidationFailed

bp = Blueprint("evidence", __name__)
ANCHOR = "evidence"


@dataclass
class Panel:
    """What the post page's evidence section shows for the viewer."""

    citations: list[Citation]
    can_add: bool
    form: CitationForm | None
    confirmable: set[int] = field(default_factory=set)
    removable: set[int] = field(default_factory=set)
    failed_id: int | None = None
    failed_form: RemoveCitationForm | None = None
    moderator: bool = False


def _insider(post: Post, user, record) -> bool:
    """The author or a co-author; from the page's record (forum.changeideas.record)
    when it has one, so the page reads no more for it."""
    if record is None:
        return post.author_id == user.id or is_coauthor(post, user)
    return post.author_id == user.id or user.username in record.coauthors


@bp.app_template_global("evidence_panel")
def evidence_panel(post: Post, record=None) -> Panel:
    """Read once per post page: the citations in one statement; who the viewer is
    to the post comes from ``record`` (the page's, with its co-authors)."""
    # The page's record read them already (one statement for the record's parts).
    cited = list(record.citations) if getattr(record, "citations", None) is not None else None
    if cited is None:
        cited = citations.for_post(post)
    user = current_user
    signed_in = user.is_authenticated
    insider = signed_in and _insider(post, user, record)
    contributor = (
        insider
        and user.is_active
        and post.kind != "question"
        and post.status not in ("removed", "deleted")
    )
    can_add = post.status == "published" and contributor
    form = g.get("citation_form")
    if form is None and can_add:
        form = CitationForm(formdata=None)
    confirmer = (
        signed_in
        and user.clinician_verified
        and post.status == "published"
        and any(c.confirmed_by_id is None for c in cited)
        and not insider
    )
    moderator = bool(signed_in and user.is_moderator)
    return Panel(
        cited,
        # A full list takes no more, but a refused try still shows why.
        can_add and (len(cited) < citations.MAX_CITATIONS or "citation_form" in g),
        form,
        {c.id for c in cited if confirmer and c.confirmed_by_id is None},
        {c.id for c in cited if moderator or (contributor and c.confirmed_by_id is None)},
        g.get("citation_failed_id"),
        g.get("citation_remove_form"),
        moderator,
    )


def _citation_or_404(citation_id: int) -> Citation:
    citation = db.session.get(Citation, citation_id) or abort(404)
    visible_post_or_404(citation.post_id)
    return citation


def _back(post_id: int) -> ResponseReturnValue:
    return redirect(url_for("posts.show", post_id=post_id, _anchor=ANCHOR))


def _refused(post: Post, refusal: NotAllowed | WriteRefused) -> ResponseReturnValue:
    db.session.rollback()
    flash(refusal.message, "error")
    return render_post_page(post, status=refusal.status)


@bp.post("/posts/<int:post_id>/citations")
@rate_limited("citation")
@login_required
def add(post_id: int) -> ResponseReturnValue:
    post = visible_post_or_404(post_id)
    form = CitationForm()
    if not form.validate_on_submit():
        g.citation_form = form
        return render_post_page(post, status=400)
    try:
        citations.add(current_user._get_current_object(), post, form.identifier.data)
    except ValidationFailed as failure:
        db.session.rollback()
        apply_errors(form, failure)
        g.citation_form = form
        return render_post_page(post, status=400)
    except (NotAllowed, WriteRefused) as refusal:
        return _refused(post, refusal)
    done()
    flash("Citation added. A verified clinician can now confirm it.", "success")
    return _back(post.id)


@bp.post("/citations/<int:citation_id>/confirm")
@rate_limited("citation")
@login_required
def confirm(citation_id: int) -> ResponseReturnValue:
    citation = _citation_or_404(citation_id)
    post = db.session.get(Post, citation.post_id)
    if not ConfirmCitationForm().validate_on_submit():
        abort(400)  # only the CSRF token can fail here
    try:
        citations.confirm(current_user._get_current_object(), citation)
    except (NotAllowed, WriteRefused) as refusal:
        return _refused(post, refusal)
    done()
    flash("Thank you: the citation is confirmed.", "success")
    return _back(post.id)


@bp.post("/citations/<int:citation_id>/remove")
@rate_limited("citation")
@login_required
def remove(citation_id: int) -> ResponseReturnValue:
    citation = _citation_or_404(citation_id)
    post = db.session.get(Post, citation.post_id)
    form = RemoveCitationForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        citations.remove(current_user._get_current_object(), citation, reason=form.reason.data)
    except ValidationFailed as failure:
        db.session.rollback()
        apply_errors(form, failure)
        g.citation_failed_id, g.citation_remove_form = citation_id, form
        return render_post_page(post, status=400)
    except (NotAllowed, WriteRefused) as refusal:
        return _refused(post, refusal)
    done()
    flash("Citation removed.", "success")
    return _back(post.id)
