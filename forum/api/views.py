"""JSON API v1, mounted at /api/v1 (docs/api.md; OpenAPI at /api/v1/openapi.json).

Reads are public and show only what the caller may see; writes need a bearer
token and act as its user through the same services, and count in the same
rate-limit scopes, as the web forms.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from forum import ratelimits
from forum.api import lineage_refs
from forum.api.auth import (
    api_viewer,
    current_api_user,
    token_required,
    unauthorized,
    visible_comment_or_404,
    visible_post_or_404,
)
from forum.api.errors import register_error_handlers
from forum.api.inputs import (
    FLAG,
    TEXT,
    TEXT_LIST,
    TEXT_OBJECT,
    json_object,
    query_int,
    read_json,
)
from forum.api.openapi import DOCUMENT
from forum.api.privacy import CONFIRM, check_privacy, record_texts
from forum.api.serializers import (
    comment_json,
    condition_json,
    one_post_json,
    outcome_json,
    posts_json,
    profile_json,
)
from forum.auth import factors, throttle
from forum.conditions.tree import load_tree
from forum.extensions import db
from forum.models import EVIDENCE_LEVELS, KINDS
from forum.pagination import count
from forum.posts import summary
from forum.posts.queries import published_posts
from forum.ratelimit_scopes import rate_limited
from forum.services import accounts, answers, comments, outcomes, posts
from forum.services.errors import ValidationFailed

bp = Blueprint("api", __name__)
register_error_handlers(bp)

MAX_PER_PAGE = 100
# Far beyond any real listing; keeps OFFSET inside what every database accepts.
MAX_PAGE = 100_000

# Ids are 32-bit integers in PostgreSQL; a larger one in the URL is a plain 404.
POST_ID = "<int:post_id>"


@bp.before_request
def _refuse_dead_tokens() -> None:
    """A token that was sent but is unknown or revoked is a 401 on every
    endpoint, reads included, so a client notices at once. Asking for a new
    token is the way out, so that endpoint ignores the old one."""
    if request.endpoint != "api.create_token":
        api_viewer()


@bp.post("/tokens")
@rate_limited("sign-in")
def create_token():
    """Exchange a username (or email) and password for a new API token."""
    data = read_json({"username": TEXT, "password": TEXT, "code": TEXT})
    missing = {
        name: message
        for name, message in (
            ("username", "Enter your username or email."),
            ("password", "Enter your password."),
        )
        if not data[name]
    }
    if missing:
        raise ValidationFailed(missing)
    user = throttle.sign_in(data["username"], data["password"], door="API token request")
    if user is None:
        # One message whether or not the account exists.
        raise unauthorized("That username or password isn't right.")
    if factors.has_second_factor(user):
        _check_second_factor(user, data["code"])
    ratelimits.hit("tokens", f"user:{user.id}")  # the bucket of the profile page's token button
    token = accounts.issue_token(user, label="Created through the API")
    response = jsonify(token=token)
    response.headers["Cache-Control"] = "private, no-store"  # a credential: never cached
    return response, 201


def _check_second_factor(user, code: str | None) -> None:
    """A token is a sign-in: with a second factor, the password alone isn't enough.

    Only after the right password, so these words say nothing about accounts
    to someone who doesn't know it. A passkey can't be proved here (no
    browser), so a member with only passkeys makes tokens on their profile page.
    """
    if not factors.has_totp(user):
        raise unauthorized(
            "This account signs in with a passkey. Create a token from your profile page instead."
        )
    if not code:
        raise unauthorized(
            'This account has two-factor sign-in: send "code", the code your authenticator '
            "app shows now (or a recovery code)."
        )
    attempt = throttle.count_password_check(user, door="API token request, second factor")
    if factors.check_code(user, code) is None:
        throttle.failed(attempt)
        db.session.rollback()
        raise unauthorized("That code didn't work. Send the code your app shows now.")
    throttle.succeeded(attempt)
    db.session.commit()  # the code is spent


@bp.get("/conditions")
def list_conditions():
    """Every condition, parents before their children, in catalogue order."""
    tree = load_tree()
    return jsonify(
        conditions=[
            condition_json(node.condition, getattr(tree.parent(node.condition), "slug", None))
            for node in tree.walk()
        ]
    )


@bp.get("/posts")
def list_posts():
    """Published posts, newest first; ``condition`` includes its descendants.

    An unknown condition slug or kind is a 400 naming the argument, so a typo
    is not mistaken for "nobody has posted about this".
    """
    errors: dict[str, str] = {}
    page = query_int("page", 1, 1, MAX_PAGE, errors)
    default_per_page = min(current_app.config["POSTS_PER_PAGE"], MAX_PER_PAGE)
    per_page = query_int("per_page", default_per_page, 1, MAX_PER_PAGE, errors)
    kind = request.args.get("kind", "").strip()
    if kind and kind not in KINDS:
        errors["kind"] = f"kind must be one of: {', '.join(KINDS)}."
    evidence = request.args.get("evidence", "").strip()
    if evidence and evidence not in EVIDENCE_LEVELS:
        errors["evidence"] = f"evidence must be one of: {', '.join(EVIDENCE_LEVELS)}."
    slug = request.args.get("condition", "").strip()
    condition_ids = None
    if slug:
        tree = load_tree()
        condition = tree.by_slug.get(slug)
        if condition is None:
            errors["condition"] = "There is no condition with that slug (see /api/v1/conditions)."
        else:
            condition_ids = tree.subtree_ids(condition)
    if errors:
        raise ValidationFailed(errors)

    query = published_posts(
        kind=kind or None, condition_ids=condition_ids, evidence=evidence or None
    )
    total = count(query)  # shared with the web listings, remembered until the next commit
    page_of_posts = summary.fetch(
        query.limit(per_page).offset((page - 1) * per_page), text=summary.FULL
    )
    lineage_refs.preload(page_of_posts)  # the originals' titles, in one statement
    return jsonify(posts=posts_json(page_of_posts), page=page, per_page=per_page, total=total)


@bp.post("/posts")
@rate_limited("writing", "post")
@token_required
def create_post():
    data = read_json(
        {"title": TEXT, "body": TEXT, "kind": TEXT, "conditions": TEXT_LIST, "tags": TEXT_LIST,
         "adaptation_note": TEXT, "copy": TEXT_LIST,
         "aim": TEXT_OBJECT, "setting": TEXT_OBJECT, CONFIRM: FLAG}
    )  # fmt: skip
    data["adapted_from"] = lineage_refs.adapted_from_input()
    check_privacy(
        data,
        title=data["title"],
        body=data["body"],
        tags=data["tags"],
        adaptation_note=data["adaptation_note"],
        **record_texts(data),
    )
    del data[CONFIRM]
    post = posts.create_post(current_api_user(), **data)
    ratelimits.done()  # a post was published: it counts against the posting limits
    response = jsonify(post=one_post_json(post))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_post", post_id=post.id, _external=True)
    return response


@bp.get(f"/posts/{POST_ID}")
def get_post(post_id: int):
    """One post; pending and hidden posts only for their author and reviewers."""
    return jsonify(post=one_post_json(visible_post_or_404(post_id)))


@bp.patch(f"/posts/{POST_ID}")
@rate_limited("writing", "edit")
@token_required
def edit_post(post_id: int):
    """Change a post: its author (or a moderator, with a ``reason``). Fields left
    out stay as they are; ``aim`` and ``setting`` may be sent in part."""
    post = visible_post_or_404(post_id)
    data = read_json(
        {"title": TEXT, "body": TEXT, "kind": TEXT, "conditions": TEXT_LIST, "tags": TEXT_LIST,
         "aim": TEXT_OBJECT, "setting": TEXT_OBJECT, "reason": TEXT, CONFIRM: FLAG}
    )  # fmt: skip
    sent = json_object()
    current = {
        "title": post.title,
        "body": post.body,
        "kind": post.kind,
        "conditions": [c.slug for c in post.conditions],
        "tags": post.tag_names,
    }
    values = {name: data[name] if name in sent else value for name, value in current.items()}
    values["aim"] = {**posts.aim_of(post), **(data["aim"] or {})}
    values["setting"] = {**posts.setting_of(post), **(data["setting"] or {})}
    check_privacy(
        data,
        **{name: values[name] for name in ("title", "body", "tags") if name in sent},
        **record_texts(data),
    )
    post = posts.edit_post(current_api_user(), post, **values, reason=data["reason"])
    ratelimits.done()  # an edit was saved: it counts against the editing limits
    return jsonify(post=one_post_json(post))


@bp.get("/users/<username>")
def get_user(username: str):
    """A member's public profile (the web's /users/<username>, without their lists)."""
    user = accounts.find_member(username)
    if user is None:
        abort(404)
    return jsonify(user=profile_json(user))


@bp.post(f"/posts/{POST_ID}/comments")
@rate_limited("writing", "comment")
@token_required
def add_comment(post_id: int):
    post = visible_post_or_404(post_id)
    data = read_json({"body": TEXT, CONFIRM: FLAG})
    check_privacy(data, body=data["body"])
    comment = comments.add_comment(current_api_user(), post, data["body"])
    ratelimits.done()  # a comment was made: it counts against the commenting limits
    return jsonify(comment=comment_json(comment)), 201


@bp.post(f"/posts/{POST_ID}/outcomes")
@rate_limited("outcome")
@token_required
def report_outcome(post_id: int):
    """ "I tried this": 201 for a first report, 200 when it replaces the caller's earlier one."""
    post = visible_post_or_404(post_id)
    details = ("duration", "age_band", "care_team_knew")
    data = read_json({"result": TEXT, "note": TEXT, **dict.fromkeys(details, TEXT), CONFIRM: FLAG})
    check_privacy(data, note=data["note"])
    user = current_api_user()
    earlier = outcomes.existing_report(post, user) is not None
    # An age band left out is the caller's own (their profile's); null says "not said".
    sent = {name: data[name] for name in details if name in json_object()}
    report = outcomes.report_outcome(user, post, result=data["result"], note=data["note"], **sent)
    return jsonify(outcome=outcome_json(report)), 200 if earlier else 201


@bp.post("/comments/<int:answer_id>/helped")
@rate_limited("helped")
@token_required
def mark_helped(answer_id: int):
    """The question's asker says an answer (a comment on their question) helped
    them (``true``) or takes it back."""
    comment = visible_comment_or_404(answer_id)
    data = read_json({"helped": FLAG})
    if data["helped"] is None:
        raise ValidationFailed({"helped": "Send true or false."})
    comment = answers.mark_helped(current_api_user(), comment, data["helped"])
    return jsonify(comment=comment_json(comment))


@bp.get("/openapi.json")
def openapi():
    """This API as an OpenAPI 3.1 document: public, the same for everyone, so
    shared caches may keep it for an hour and clients revalidate with its ETag."""
    response = current_app.response_class(DOCUMENT.body, mimetype="application/json")
    response.set_etag(DOCUMENT.etag)
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response.make_conditional(request)
