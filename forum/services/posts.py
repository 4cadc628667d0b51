"""Creating, editing and removing posts."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from forum import signals
from forum.extensions import db
from forum.lineage import service as lineage
from forum.markup import render_markdown
from forum.models import Comment, Post, PostRevision, PostTag, User
from forum.models.timestamps import utcnow
from forum.policy import WriteRefused, get_policy
from forum.services import rules
from forum.services.drafts import NEW_POST, forget_draft, forget_drafts_of, target_for
from forum.services.errors import NotAllowed, ValidationFailed
from forum.services.locks import lock_row
from forum.services.watching import watch_by_default
from forum.visibility import can_delete, can_edit_post


def _validated(title, body, kind, conditions, tags, aim=None, setting=None, errors=None) -> tuple:
    errors = rules.Errors() if errors is None else errors
    values = (
        rules.title(title, errors),
        rules.body(body, errors),
        kind := rules.kind(kind, errors),
        rules.conditions(conditions, errors),
        rules.tags(tags, errors),
        rules.aim(aim, kind, errors),
        rules.setting(setting, kind, errors),
    )
    errors.raise_if_any()
    return values


def aim_of(post: Post) -> dict:
    """A post's aim as ``create_post`` and ``edit_post`` take it."""
    return {"what": post.aim_what, "target": post.aim_target, "by": post.aim_by}


def setting_of(post: Post) -> dict:
    """A post's setting as ``create_post`` and ``edit_post`` take it."""
    return {"kind": post.setting_kind, "size": post.setting_size, "people": post.setting_people}


def _apply_record_fields(post: Post, aim: dict, setting: dict) -> None:
    post.aim_what, post.aim_target, post.aim_by = aim["what"], aim["target"], aim["by"]
    post.setting_kind, post.setting_size = setting["kind"], setting["size"]
    post.setting_people = setting["people"]


def create_post(
    author: User,
    *,
    title,
    body,
    kind,
    conditions,
    tags=None,
    adapted_from=None,
    adaptation_note=None,
    copy=None,
    aim=None,
    setting=None,
    from_draft: bool = False,
) -> Post:
    """Validate and publish a post (or hold it, if the policy says so).

    ``adapted_from`` (a post or its id) makes it an adaptation of that post,
    saying what changed (``adaptation_note``) and copying the parts named in
    ``copy`` (``forum.lineage.service.COPY_CHOICES``), in the same transaction.
    ``aim`` (``{"what", "target", "by"}``) and ``setting`` (``{"kind", "size",
    "people"}``): a change idea needs ``aim["what"]``, a hack may have them, a
    question may not. ``from_draft``: the web form's draft of a new post is
    deleted with it.
    Raises ValidationFailed for bad input and WriteRefused when the policy refuses.
    """
    errors = rules.Errors()
    adaptation = lineage.validate(author, adapted_from, adaptation_note, copy, errors)
    filled = lineage.fill_in(
        adaptation,
        {
            "title": title,
            "body": body,
            "kind": kind,
            "conditions": conditions,
            "tags": tags,
            "aim": aim,
            "setting": setting,
        },
    )
    if adaptation is not None and filled["kind"] == "question":
        errors["kind"] = "An adaptation is something you tried: what worked or a change idea."
    title, body, kind, condition_rows, tag_names, aim, setting = _validated(**filled, errors=errors)
    policy = get_policy()
    policy.check(author, "post", text=body)
    post = Post(
        author=author,
        kind=kind,
        title=title,
        body=body,
        body_html=render_markdown(body),
        status=policy.initial_status(author, "post", text=body),
        conditions=condition_rows,
        tags=[PostTag(name=t) for t in tag_names],
    )
    _apply_record_fields(post, aim, setting)
    db.session.add(post)
    if from_draft:
        forget_draft(author, target_for(NEW_POST))
    db.session.flush()
    if adaptation is not None:
        lineage.apply(post, adaptation)  # the link, the copies and the original's count
    watch_by_default(author, post)  # you hear about what happens on your own post
    db.session.commit()
    signals.post_created.send(current_app._get_current_object(), user=author, post=post)
    return post


def edit_post(
    editor: User,
    post: Post,
    *,
    title,
    body,
    kind,
    conditions,
    tags=None,
    aim=None,
    setting=None,
    reason=None,
    from_draft: bool = False,
) -> Post:
    """Apply an edit by the author, or by a moderator with a ``reason`` (which
    goes on the record in the same transaction); marks the post as edited.
    ``aim`` or ``setting`` left as None stay as they are.
    ``from_draft``: the editor's draft of this edit is deleted when it is saved."""
    if not can_edit_post(post, editor):
        raise NotAllowed("You can only edit your own posts.")
    errors = rules.Errors()
    by_staff = editor.id != post.author_id
    if by_staff:
        reason = rules.reason(reason, errors)
    try:
        title, body, kind, condition_rows, tag_names, aim, setting = _validated(
            title,
            body,
            kind,
            conditions,
            tags,
            aim_of(post) if aim is None else aim,
            setting_of(post) if setting is None else setting,
        )
    except ValidationFailed as failure:
        raise ValidationFailed({**errors, **failure.fields}) from None
    errors.raise_if_any()
    policy = get_policy()
    policy.check(editor, "edit_post", text=body, post=post)
    changed = [
        name
        for name, differs in (
            ("title", title != post.title),
            ("body", body != post.body),
            ("kind", kind != post.kind),
            ("conditions", [c.id for c in condition_rows] != [c.id for c in post.conditions]),
            ("tags", tag_names != post.tag_names),
            ("aim", aim != aim_of(post)),
            ("setting", setting != setting_of(post)),
        )
        if differs
    ]
    if from_draft:
        forget_draft(editor, target_for("edit", post.id))
    if not changed:
        if from_draft:
            db.session.commit()  # nothing to change but the draft, which is done with
        return post
    if post.safety_label and (body != post.body or title != post.title):
        post.safety_stale = True  # the review was of different words
    now = utcnow()
    if title != post.title or body != post.body or tag_names != post.tag_names:
        # The words this edit replaces: its author's export carries the history.
        db.session.add(
            PostRevision(
                post_id=post.id,
                editor_id=editor.id,
                title=post.title,
                body=post.body,
                tags=" ".join(post.tag_names),
                edited_at=now,
            )
        )
    post.title, post.kind = title, kind
    if body != post.body:
        post.body, post.body_html = body, render_markdown(body)
    post.conditions = condition_rows
    _apply_record_fields(post, aim, setting)
    if tag_names != post.tag_names:
        post.tags = [PostTag(name=t) for t in tag_names]
    post.updated_at = post.edited_at = now
    post.edited_by_moderator = by_staff
    if by_staff:
        policy.record(editor, "moderator_edit", post, reason=reason, details={"changed": changed})
    db.session.commit()
    signals.post_edited.send(current_app._get_current_object(), user=editor, post=post)
    return post


def delete_post(user: User, post: Post) -> None:
    """Its author takes a post back: nobody but moderators sees it from now on,
    and only for the retention period (then ``forum.services.purge`` erases it).

    Only authors delete; moderators take others' posts down with Remove, which
    asks for a reason and goes in the log.
    """
    policy = get_policy()
    policy.check(user, "delete", post=post)  # a suspension says so
    lock_row(post)  # a decision on it at the same moment waits, then sees "deleted"
    if post.status == "deleted":
        return  # the second click: nothing more to do
    if not can_delete(post, user):
        raise NotAllowed("Only its author can delete a post.")
    mark_deleted(post)
    forget_drafts_of(post.id)
    policy.author_deleted(post)
    db.session.commit()


def mark_deleted(item: Post | Comment) -> None:
    """Set ``item`` deleted by its author, inside the caller's transaction."""
    item.status = "deleted"
    item.deleted_at = item.updated_at = utcnow()
    if isinstance(item, Post):
        lineage.recount_adaptations(item.adapted_from_id)  # no longer a published adaptation


def set_post_status(post: Post, status: str) -> None:
    """Change a post's status inside the caller's transaction (moderation uses this)."""
    post.status = status
    post.updated_at = utcnow()
    lineage.recount_adaptations(post.adapted_from_id)  # counted only while published


def recount_comments(post: Post) -> None:
    """Recompute the published-comment count, and of those the answers the
    asker said helped, inside the caller's transaction (so a helped answer
    deleted, hidden or removed stops counting)."""
    published = (Comment.post_id == post.id, Comment.status == "published")
    post.comment_count = select(func.count(Comment.id)).where(*published).scalar_subquery()
    post.helped_count = (
        select(func.count(Comment.id)).where(*published, Comment.helped).scalar_subquery()
    )


__all__ = [
    "WriteRefused",
    "aim_of",
    "create_post",
    "delete_post",
    "edit_post",
    "mark_deleted",
    "recount_comments",
    "set_post_status",
    "setting_of",
]
