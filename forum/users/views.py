"""Profiles, and the API tokens a member manages from their own profile."""

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
from sqlalchemy import Select, func, select

from forum.auth.forms import ActionForm
from forum.caching.pages import remember
from forum.extensions import db
from forum.models import ApiToken, Comment, OutcomeReport, Post, User
from forum.models.post import ReportWords
from forum.pagination import paginate
from forum.policy import WriteRefused
from forum.posts import summary
from forum.ratelimit_scopes import rate_limited
from forum.services import accounts
from forum.text import clean_line, username_key
from forum.users.forms import TokenForm
from forum.visibility import visible_posts_clause

bp = Blueprint("users", __name__)

REPORTS_PER_PAGE = 10
TOKENS_PER_PAGE = 10
_PAGE_ARGS = ("page", "reports_page", "tokens_page")


@bp.get("/<username>")
def profile(username: str) -> ResponseReturnValue:
    user = _user_or_404(username)
    if user.username != username:
        # /users/John and /users/Ｊｏｈｎ are john's page; keep one address for it.
        paging = {k: v for k, v in request.args.items() if k in _PAGE_ARGS}
        return redirect(url_for("users.profile", username=user.username, **paging), 301)
    return _render_profile(user, None)


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
    return redirect(url_for("users.profile", username=user.username, _anchor="tokens"))


def _user_or_404(username: str) -> User:
    key = username_key(clean_line(username) or "")
    if not key or len(key) > 64:
        abort(404)
    return db.one_or_404(select(User).where(User.username_key == key))


def _own_account_or_403(username: str) -> User:
    user = _user_or_404(username)
    if user.id != current_user.id:
        abort(403, "You can only manage your own API tokens.")
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
    reports = paginate(
        select(OutcomeReport)
        .join(OutcomeReport.post)
        .where(OutcomeReport.user_id == user.id, listed)
        .order_by(OutcomeReport.updated_at.desc(), OutcomeReport.id.desc()),
        per_page=REPORTS_PER_PAGE,
        param="reports_page",
        fetch=_report_lines,
    )
    comment_count = remember(("published-comments-by", user.id), lambda: _comment_count(user))
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
        posts=posts,
        reports=reports,
        comment_count=comment_count,
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


def _comment_count(user: User) -> int:
    """Published comments by ``user`` on published posts."""
    return db.session.scalar(
        select(func.count(Comment.id))
        .join(Post, Comment.post_id == Post.id)
        .where(
            Comment.author_id == user.id,
            Comment.status == "published",
            Post.status == "published",
        )
    )
