"""Watching as a member uses it: the level controls on posts, conditions and
tags, muting a member on their profile, the "What you watch" page and the
optional "Pick conditions to watch" step after joining.

Every control is a plain POST form (CSRF token, rate limited in the ``watch``
scope) that sends the member back to the page they pressed it on, with a
flash saying what changed. No JavaScript is needed.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import func, select

from forum.auth.sessions import safe_next
from forum.conditions.tree import load_tree
from forum.extensions import db
from forum.models import Post, User
from forum.pagination import paginate
from forum.policy import WriteRefused
from forum.ratelimit_scopes import rate_limited
from forum.services import NotAllowed, ValidationFailed
from forum.services import watching as service
from forum.visibility import can_view_post
from forum.watching.forms import LEVEL_WORDS, MuteForm, PickConditionsForm, WatchForm

bp = Blueprint("watching", __name__)
PER_PAGE = 30  # of each kind on /watching
# A global, not a context value: the controls' macros are imported without context.
bp.add_app_template_global(LEVEL_WORDS, "WATCH_LEVEL_WORDS")


@bp.app_template_global("watch_level")
def watch_level(kind: str, key: object) -> str:
    """The signed-in member's own level on a post, condition (id) or tag."""
    if not current_user.is_authenticated:
        return "normal"
    return service.level_of(current_user, service.Target(kind, str(key)))


@bp.app_template_global("muted_member")
def muted_member(member: User) -> bool:
    return current_user.is_authenticated and service.is_muted(current_user, member)


@bp.app_template_global("here_for_back")
def here_for_back() -> str:
    """This page's path and query, for a control's ``next``."""
    return request.full_path.rstrip("?")


def _back(form, default: str) -> str:
    return safe_next(form.next.data) or default


def _set_level(target: service.Target, what: str, default_back: str) -> ResponseReturnValue:
    form = WatchForm()
    if not form.validate_on_submit():
        abort(400)  # only the CSRF token can fail here
    try:
        changed = service.set_level(current_user._get_current_object(), target, form.level.data)
    except ValidationFailed as failure:
        abort(400, f"{failure.fields['level']} Go back and choose again.")
    except (NotAllowed, WriteRefused) as refusal:
        db.session.rollback()
        abort(refusal.status, refusal.message)
    level = form.level.data
    if changed:
        flash(f"{what}: {LEVEL_WORDS[level]}.", "success")
    else:
        flash(f"{what} was already at {LEVEL_WORDS[level].split(':')[0]}.", "info")
    return redirect(_back(form, default_back))


def _or_404(find, *args) -> service.Target:
    try:
        return find(*args)
    except LookupError:
        abort(404)


@bp.post("/watching/posts/<int:post_id>")
@rate_limited("watch")
@login_required
def watch_post(post_id: int) -> ResponseReturnValue:
    target = _or_404(service.post_target, current_user, post_id)
    back = url_for("posts.show", post_id=post_id, _anchor="watch")
    return _set_level(target, "This post", back)


@bp.post("/watching/conditions/<slug>")
@rate_limited("watch")
@login_required
def watch_condition(slug: str) -> ResponseReturnValue:
    target = _or_404(service.condition_target, slug)
    name = load_tree().by_slug[slug].name
    return _set_level(target, name, url_for("conditions.show", slug=slug))


@bp.post("/watching/tags/<tag>")
@rate_limited("watch")
@login_required
def watch_tag(tag: str) -> ResponseReturnValue:
    target = _or_404(service.tag_target, tag)
    return _set_level(target, f"#{target.key}", url_for("tags.show", tag=target.key))


@bp.post("/users/<username>/mute")
@rate_limited("watch")
@login_required
def mute_member(username: str) -> ResponseReturnValue:
    member = db.session.scalar(select(User).where(User.username == username)) or abort(404)
    form = MuteForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = form.wanted()
    if wanted is None:
        abort(400, "That button sent something unexpected. Reload the page and try again.")
    try:
        service.set_muted(current_user._get_current_object(), member, wanted)
    except (NotAllowed, WriteRefused) as refusal:
        db.session.rollback()
        abort(refusal.status, refusal.message)
    if wanted:
        flash(f"{member.username} is muted: nothing they do will notify you.", "success")
    else:
        flash(f"{member.username} is no longer muted.", "success")
    return redirect(_back(form, url_for("users.profile", username=member.username)))


@bp.post("/watching/latest")
@rate_limited("watch")
@login_required
def hide_muted() -> ResponseReturnValue:
    form = WatchForm()  # for its CSRF token; the checkbox is read as sent
    if not form.validate_on_submit():
        abort(400)
    value = request.form.get("hide_muted")
    if value not in (None, "y"):
        abort(400, "That checkbox sent something unexpected. Reload the page and try again.")
    hide = value == "y"
    try:
        service.set_hide_muted(current_user._get_current_object(), hide)
    except (NotAllowed, WriteRefused) as refusal:
        db.session.rollback()
        abort(refusal.status, refusal.message)
    if hide:
        flash("Posts in what you muted are now left out of your latest posts.", "success")
    else:
        flash("Your latest posts show everything again.", "success")
    return redirect(url_for("watching.index", _anchor="latest"))


@bp.get("/watching")
@login_required
def index() -> ResponseReturnValue:
    """What the signed-in member watches, by kind, each with its control."""
    user = current_user._get_current_object()
    tree = load_tree()
    by_id = {c.id: c for c in tree.by_slug.values()}
    posts = paginate(service.watches_of(user, "post"), per_page=PER_PAGE, param="posts_page")
    post_ids = [int(w.target_key) for w in posts.items]
    found = {p.id: p for p in db.session.scalars(select(Post).where(Post.id.in_(post_ids)))}
    post_rows = [
        (w, p if (p := found.get(int(w.target_key))) and can_view_post(p, user) else None)
        for w in posts.items
    ]
    conditions = paginate(
        service.watches_of(user, "condition"), per_page=PER_PAGE, param="conditions_page"
    )
    condition_rows = [(w, by_id.get(int(w.target_key))) for w in conditions.items]
    tags = paginate(service.watches_of(user, "tag"), per_page=PER_PAGE, param="tags_page")
    members = paginate(service.muted_members(user), per_page=PER_PAGE, param="members_page")
    return render_template(
        "watching/index.html",
        posts=posts,
        post_rows=post_rows,
        conditions=conditions,
        condition_rows=condition_rows,
        tags=tags,
        members=members,
        form=WatchForm(formdata=None),
    )


@bp.route("/welcome/conditions", methods=["GET", "POST"])
@rate_limited("watch")
@login_required
def pick_conditions() -> ResponseReturnValue:
    """The optional step after joining: conditions to watch, or skip."""
    tree = load_tree()
    form = PickConditionsForm(tree)
    status = 200
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next"))
    elif form.validate_on_submit():
        try:
            names = service.watch_conditions(
                current_user._get_current_object(), form.conditions.data
            )
        except ValidationFailed as failure:
            form.conditions.errors = [failure.fields["conditions"]]
            status = 400
        except (NotAllowed, WriteRefused) as refusal:
            db.session.rollback()
            form.form_errors.append(refusal.message)
            status = refusal.status
        else:
            flash(
                f"You're watching {_joined(names)}. Change this any time on What you watch.",
                "success",
            )
            return redirect(_back(form, url_for("posts.home")))
    else:
        status = 400
    skip_to = safe_next(form.next.data) or url_for("posts.home")
    watched = db.session.scalar(
        select(func.count()).select_from(service.watches_of(current_user, "condition").subquery())
    )
    html = render_template("watching/pick.html", form=form, skip_to=skip_to, watched=watched)
    return html, status


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
