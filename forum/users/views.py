"""Profiles, "Edit profile", and the API tokens a member manages from their own profile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import Select, select

from forum.auth.forms import ActionForm
from forum.auth.sessions import refused_status, safe_next
from forum.conditions.tree import load_tree
from forum.extensions import db
from forum.forms import apply_errors
from forum.markup import render_markdown
from forum.models import BIO_MAX, ApiToken, Comment, OutcomeReport, Post, User
from forum.models.post import ReportWords
from forum.pagination import paginate
from forum.policy import WriteRefused
from forum.posts import summary
from forum.posts.privacy_check import findings_to_confirm
from forum.privacy import Finding
from forum.ratelimit_scopes import rate_limited
from forum.services import accounts
from forum.services.errors import ValidationFailed
from forum.users.forms import ProfileForm, TokenForm
from forum.users.suggestions import posts_for_your_conditions
from forum.visibility import visible_comments_clause, visible_posts_clause

bp = Blueprint("users", __name__)
# The home page's "For your conditions" (templates/users/_for_your_conditions.html).
bp.add_app_template_global(posts_for_your_conditions)

REPORTS_PER_PAGE = 10
COMMENTS_PER_PAGE = 10
TOKENS_PER_PAGE = 10
_PAGE_ARGS = ("page", "comments_page", "reports_page", "tokens_page")


@bp.get("/<username>")
def profile(username: str) -> ResponseReturnValue:
    user = _user_or_404(username)
    if user.username != username:
        # /users/John and /users/Ｊｏｈｎ are john's page; keep one address for it.
        paging = {k: v for k, v in request.args.items() if k in _PAGE_ARGS}
        return redirect(url_for("users.profile", username=user.username, **paging), 301)
    return _render_profile(user, None)


@bp.route("/<username>/edit", methods=["GET", "POST"])
@rate_limited("profile")
@login_required
def edit_profile(username: str) -> ResponseReturnValue:
    user = _own_account_or_403(username, "You can only edit your own profile.")
    if request.method == "GET":
        # A suspended member gets the page with the reason in place of the form.
        return _render_edit(ProfileForm.for_user(user), user, status=refused_status())
    form = ProfileForm()
    if not form.validate_on_submit():  # only the CSRF token can fail here
        return _render_edit(form, user, status=400)
    if findings := findings_to_confirm(form, form.bio.data):
        return _render_edit(form, user, findings=findings)  # not saved: the member decides
    try:
        accounts.update_profile(user, **form.values())
    except ValidationFailed as failure:
        apply_errors(form, failure)
        return _render_edit(form, user, status=400)
    except WriteRefused as refusal:
        form.form_errors.append(refusal.message)
        return _render_edit(form, user, status=refusal.status)
    flash("Your profile is saved.", "success")
    return redirect(url_for("users.profile", username=user.username))


def _render_edit(
    form: ProfileForm, user: User, *, findings: list[Finding] | None = None, status: int = 200
) -> tuple[str, int]:
    form.conditions.use_tree(load_tree())
    page = render_template(
        "users/edit.html",
        form=form,
        user=user,
        privacy_findings=findings or [],
        bio_max=BIO_MAX,
    )
    return page, status


@bp.post("/<username>/tokens")
@rate_limited("tokens")
@login_required
def create_token(username: str) -> ResponseReturnValue:
    user = _own_account_or_403(username)
    form = TokenForm()
    if not form.validate_on_submit():
        return _render_profile(user, form), 400
    try:
        raw = accounts.issue_token(user, form.label.data or "")
    except WriteRefused as refusal:  # a suspended member makes no new tokens
        form.form_errors.append(refusal.message)
        return _render_profile(user, form), refusal.status
    # Shown this once and never again: only its hash is stored. Like every
    # signed-in page it is sent "no-store" (forum.security), so it doesn't
    # linger in a cache or the browser's history.
    return render_template("users/token_created.html", user=user, token=raw)


@bp.post("/<username>/tokens/<int:token_id>/revoke")
@rate_limited("tokens")
@login_required
def revoke_token(username: str, token_id: int) -> ResponseReturnValue:
    user = _own_account_or_403(username)
    if not accounts.revoke_token(user, token_id):
        abort(404)
    flash("Token revoked. Anything using it can no longer act for you.", "success")
    # Back to the list it was revoked from: the profile's, or the account page's.
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for("users.profile", username=user.username, _anchor="tokens"))


def _user_or_404(username: str) -> User:
    return accounts.find_member(username) or abort(404)


def _own_account_or_403(
    username: str, refusal: str = "You can only manage your own API tokens."
) -> User:
    user = _user_or_404(username)
    if user.id != current_user.id:
        abort(403, refusal)
    return user


def _render_profile(user: User, token_form: TokenForm | None) -> str:
    viewer = current_user
    is_owner = viewer.is_authenticated and viewer.id == user.id
    # Authors and reviewers see what is waiting for review or hidden, marked as
    # such; what was taken down is never listed here, even for moderators.
    listed = visible_posts_clause(viewer) & Post.status.in_(("published", "pending", "hidden"))
    # Each list pages on its own argument; a page past the end of any is a 404.
    posts = paginate(
        select(Post)
        .where(Post.author_id == user.id, listed)
        .order_by(Post.created_at.desc(), Post.id.desc()),
        fetch=summary.fetch,
    )
    comments = paginate(
        select(Comment)
        .join(Post, Comment.post_id == Post.id)
        .where(Comment.author_id == user.id, _listed_comments(viewer), listed)
        .order_by(Comment.created_at.desc(), Comment.id.desc()),
        per_page=COMMENTS_PER_PAGE,
        param="comments_page",
        fetch=_comment_lines,
    )
    reports = paginate(
        select(OutcomeReport)
        .join(OutcomeReport.post)
        .where(OutcomeReport.user_id == user.id, listed)
        .order_by(OutcomeReport.updated_at.desc(), OutcomeReport.id.desc()),
        per_page=REPORTS_PER_PAGE,
        param="reports_page",
        fetch=_report_lines,
    )
    tokens = None
    if is_owner:
        tokens = paginate(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()),
            per_page=TOKENS_PER_PAGE,
            param="tokens_page",
        )
    return render_template(
        "users/profile.html",
        user=user,
        is_owner=is_owner,
        # Rendered here rather than stored: a bio is at most BIO_MAX characters,
        # one per page, and anonymous readers get the page from the page cache.
        bio_html=render_markdown(user.bio) if user.bio else None,
        posts=posts,
        comments=comments,
        reports=reports,
        tokens=tokens,
        # Forms only for the owner: building one puts a CSRF token in the
        # session, and a reader who isn't signed in should get no cookie at all.
        token_form=token_form or (TokenForm() if is_owner else None),
        revoke_form=ActionForm() if is_owner else None,
    )


@dataclass(frozen=True, slots=True)
class PostLink:
    id: int
    title: str


@dataclass(frozen=True, slots=True)
class ReportLine(ReportWords):
    """One "I tried this" report on a profile: what it said, and about which post."""

    result: str
    note: str
    updated_at: datetime
    post: PostLink


def _report_lines(stmt: Select) -> list[ReportLine]:
    """The reports ``stmt`` selects, with only the columns the profile shows."""
    columns = (OutcomeReport.result, OutcomeReport.note, OutcomeReport.updated_at)
    rows = db.session.execute(stmt.with_only_columns(*columns, Post.id, Post.title))
    return [ReportLine(result, note, at, PostLink(*post)) for result, note, at, *post in rows]


def _listed_comments(viewer):
    # As with posts: held comments to those who may see them, never what was taken down.
    return visible_comments_clause(viewer) & Comment.status.in_(("published", "pending", "hidden"))


@dataclass(frozen=True, slots=True)
class CommentLine:
    """One comment on a profile: its status, when, an excerpt, and on which post."""

    id: int
    body: str
    status: str
    created_at: datetime
    post: PostLink


def _comment_lines(stmt: Select) -> list[CommentLine]:
    """The comments ``stmt`` selects, with only the columns the profile shows."""
    columns = (Comment.id, Comment.body, Comment.status, Comment.created_at)
    rows = db.session.execute(stmt.with_only_columns(*columns, Post.id, Post.title))
    return [
        CommentLine(id_, body, status, at, PostLink(*post)) for id_, body, status, at, *post in rows
    ]
