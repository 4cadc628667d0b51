"""Post pages: the home listing, a post, and writing, editing and deleting posts.

Comments are in ``forum.posts.comments``, "I tried this" reports in ``forum.posts.outcomes``.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.auth.sessions import refused_status
from forum.conditions.tree import load_tree
from forum.forms import apply_errors
from forum.lineage import views as lineage
from forum.markup import render_markdown
from forum.models import Draft, Post
from forum.pagination import paginate
from forum.policy import WriteRefused, get_policy
from forum.posts import drafting, people_like_me, queries, summary
from forum.posts.excerpt import excerpt
from forum.posts.forms import KIND_HINTS, ConfirmForm, PostForm, PreviewForm
from forum.posts.page import render_post_page
from forum.posts.privacy_check import as_json, findings_to_confirm
from forum.privacy import Finding, find_personal_information
from forum.ratelimit_scopes import rate_limited
from forum.ratelimits import done
from forum.services import NotAllowed, ValidationFailed, rules
from forum.services.drafts import NEW_POST, target_for
from forum.services.posts import create_post, delete_post, edit_post
from forum.text import clean_line
from forum.visibility import can_edit_post
from forum.watching.latest import muted_for

bp = Blueprint("posts", __name__)
bp.add_app_template_filter(excerpt, "excerpt")  # cards on every listing page use it
# "People like you" on listing cards and the post page, for the viewer (never cached).
bp.add_app_template_global(people_like_me.tallies, "people_like_you")


@bp.get("/")
def home() -> ResponseReturnValue:
    """Latest published posts, filtered by ``?kind=``, ``?condition=`` (with its
    descendants), ``?tag=`` and ``?evidence=`` (a level). An unknown condition is a
    404, an unknown kind or level is ignored."""
    tree = load_tree()
    kind = queries.kind_arg(request.args.get("kind"))
    evidence = queries.evidence_arg(request.args.get("evidence"))
    tag = queries.tag_arg(request.args.get("tag"))
    condition = None
    if slug := request.args.get("condition"):
        condition = tree.by_slug.get(slug) or abort(404)
    condition_ids = tree.subtree_ids(condition) if condition else None
    stmt = queries.published_posts(
        kind=kind, condition_ids=condition_ids, tag=tag, evidence=evidence
    )
    # A member who asked for it doesn't see what they muted (only them: the
    # anonymous page cache never holds a member's page).
    hiding = current_user.is_authenticated and current_user.hide_muted
    if hiding:
        stmt = stmt.where(~muted_for(current_user, tree))
    page = paginate(stmt, keyset=queries.NEWEST_FIRST, fetch=summary.fetch)
    return render_template(
        "posts/home.html",
        page=page,
        kind=kind,
        evidence=evidence,
        tag=tag,
        condition=condition,
        tree=tree,
        hiding_muted=hiding,
    )


@bp.get("/posts/<int:post_id>")
def show(post_id: int) -> ResponseReturnValue:
    return render_post_page(queries.visible_post_or_404(post_id))


def _refused_new_post(message: str) -> ResponseReturnValue | None:
    """A publish (or preview) a rate limit refused: the form as typed, saying when to retry."""
    if not current_user.is_authenticated:
        return None
    form = PostForm(load_tree())
    form.form_errors.append(message)
    drafting.keep(form, NEW_POST)
    return _render_form(form)


@bp.route("/posts/new", methods=["GET", "POST"])
@rate_limited("writing", "post", refused=_refused_new_post)
@login_required
def new() -> ResponseReturnValue:
    tree = load_tree()
    if request.method == "GET":
        if adapting := lineage.adapt_args():  # from "Adapt this": filled from the original
            form = PostForm(tree, formdata=None)
            lineage.prefill(form, *adapting)
            return _render_form(form)
        form, draft = drafting.restored_post_form(tree, NEW_POST)
        if form is None:
            form = PostForm(tree)
            if (slug := request.args.get("condition")) in tree.by_slug:
                form.conditions.data = [slug]  # arriving from a condition page
            if kind := queries.kind_arg(request.args.get("kind")):
                form.kind.data = kind  # "Ask a question" links say ?kind=question
            if title := clean_line(request.args.get("title") or ""):
                form.title.data = title[:150]  # "Adapted from …" (a follow-up's "changed it")
        return _render_form(form, draft=draft)
    form = PostForm(tree)
    if not form.validate_on_submit():
        return _render_form(form, status=400)
    findings = findings_to_confirm(form, *form.published_texts())
    if form.preview.data:
        drafting.keep(form, NEW_POST)  # without JavaScript, Preview is how a draft is kept
        return _render_preview(form, findings=findings)
    if findings:
        return _render_form(form, findings=findings)  # not saved: the author decides
    try:
        post = create_post(
            current_user._get_current_object(),
            **form.values(),
            **form.adaptation(),
            from_draft=True,
        )
    except ValidationFailed as failure:
        apply_errors(form, failure)
        return _render_form(form, status=400)
    except (NotAllowed, WriteRefused) as refusal:
        form.form_errors.append(refusal.message)
        return _render_form(form, status=refusal.status)
    done()  # a post was published: it counts against the posting limits
    if post.status == "pending":
        # The post page's banner says it is waiting for review: once is enough.
        flash("Thank you for sharing.", "success")
    else:
        flash("Your post is published. Thank you for sharing.", "success")
    return redirect(url_for("posts.show", post_id=post.id))


def _refused_edit(message: str, post_id: int) -> ResponseReturnValue | None:
    """An edit a rate limit refused: the form as typed, saying when to retry."""
    if not current_user.is_authenticated:
        return None
    post = editable_post_or_abort(post_id)
    form = PostForm(load_tree())
    form.form_errors.append(message)
    drafting.keep(form, target_for("edit", post.id))
    return _render_form(form, post=post)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@rate_limited("writing", "edit", refused=_refused_edit)
@login_required
def edit(post_id: int) -> ResponseReturnValue:
    post = editable_post_or_abort(post_id)
    tree = load_tree()
    target = target_for("edit", post.id)
    if request.method == "GET":
        form, draft = drafting.restored_post_form(tree, target)
        if form is not None:
            form.fill_record_from(post)
        form = form or PostForm.for_post(tree, post)
        return _render_form(form, post=post, draft=draft, status=refused_status())
    form = PostForm(tree)
    if not form.validate_on_submit():
        return _render_form(form, post=post, status=400)
    findings = findings_to_confirm(form, *form.published_texts())
    if form.preview.data:
        drafting.keep(form, target)
        return _render_preview(form, post=post, findings=findings)
    if findings:
        return _render_form(form, post=post, findings=findings)
    try:
        edit_post(
            current_user._get_current_object(),
            post,
            **form.values(),
            reason=form.reason.data,
            from_draft=True,
        )
    except ValidationFailed as failure:
        apply_errors(form, failure)
        return _render_form(form, post=post, status=400)
    except (NotAllowed, WriteRefused) as refusal:
        form.form_errors.append(refusal.message)
        return _render_form(form, post=post, status=refusal.status)
    done()  # an edit was saved: it counts against the editing limits
    flash("Your changes are saved." if post.author_id == current_user.id else "The post is saved.")
    return redirect(url_for("posts.show", post_id=post.id))


@bp.post("/posts/<int:post_id>/delete")
@rate_limited("delete")
@login_required
def delete(post_id: int) -> ResponseReturnValue:
    post = queries.visible_post_or_404(post_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        delete_post(current_user._get_current_object(), post)
    except (NotAllowed, WriteRefused) as refusal:
        abort(refusal.status, refusal.message)
    flash("Your post was deleted.", "success")
    return redirect(url_for("posts.home"))


def editable_post_or_abort(post_id: int) -> Post:
    """404 when the post can't be seen; 403 when it can be seen but not edited.
    A member who may write nothing now (suspended) gets the form's page with the
    reason in place of the form (``refused_status``), not "only your own"."""
    post = queries.visible_post_or_404(post_id)
    if not can_edit_post(post) and refused_status() != 403:
        abort(403, "You can only edit your own posts.")
    return post


@bp.post("/posts/preview")
@rate_limited("preview")
def live_preview() -> ResponseReturnValue:
    """The live preview as the author types (static/js/preview.js): sanitized HTML
    from the one sanitizer, and what the privacy guard would point out. Saves nothing."""
    if not current_user.is_authenticated:
        return jsonify({"error": {"code": "unauthorized", "message": "Sign in to preview."}}), 401
    form = PreviewForm()
    if not form.validate_on_submit():  # only the CSRF token can fail here
        return jsonify({"error": {"code": "bad_request", "message": "Reload the page."}}), 400
    try:
        get_policy().check(current_user._get_current_object(), "preview")
    except WriteRefused as refusal:  # a suspended member: say so while they type
        return jsonify({"error": {"code": "forbidden", "message": refusal.message}}), 403
    errors = rules.Errors()
    body = rules.body(form.body.data, errors)
    if errors:  # empty, or too long to publish (and so not worth rendering)
        return jsonify({"html": "", "privacy": [], "message": errors["body"]})
    return jsonify(
        {"html": render_markdown(body), "privacy": as_json(find_personal_information(body))}
    )


def _render_form(
    form: PostForm,
    *,
    post: Post | None = None,
    preview_html: str | None = None,
    findings: list[Finding] | None = None,
    draft: Draft | None = None,
    status: int = 200,
) -> tuple[str, int]:
    if post is not None:
        form.submit.label.text = "Save changes"
    html = render_template(
        "posts/form.html",
        form=form,
        post=post,
        # The post a new post adapts ("Adapt this"), shown with a link above the form.
        adapting=None if post else lineage.original_for(form.adapted_from.data, current_user),
        preview_html=preview_html,
        privacy_findings=findings or [],
        kind_hints=KIND_HINTS,
        draft=draft,
        draft_target=target_for("edit", post.id) if post is not None else NEW_POST,
    )
    return html, status


def _render_preview(
    form: PostForm, *, post: Post | None = None, findings: list[Finding]
) -> tuple[str, int]:
    """Show the body as it will look, through the same sanitizer; nothing is saved."""
    errors = rules.Errors()
    body = rules.body(form.body.data, errors)
    if errors:
        apply_errors(form, ValidationFailed(dict(errors)))
        return _render_form(form, post=post, findings=findings, status=400)
    html = render_markdown(body)
    return _render_form(form, post=post, preview_html=html, findings=findings)
