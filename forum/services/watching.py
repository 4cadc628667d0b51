"""Watching: a member's level on a post, a condition or a tag, and muted members.

Public to plugins (through ``forum.services``). The levels and what wins when
several watches cover one post are ``forum.models.watch``'s; who hears about a
post is ``forum.watching.audience``'s. Here: setting and reading one member's
levels, validated, and the default watches written with a member's own post,
comment or "I tried this" report (:func:`watch_by_default`, inside the
caller's transaction, never lowering a level the member chose).

A level on a condition or a tag at ``normal`` is the same as no row, so
setting ``normal`` there deletes it. On a post, ``normal`` is kept: it says
"not this one" against a louder condition or tag (the post's own level wins),
and stops the defaults from watching it again when the member comments.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, delete, select
from sqlalchemy.exc import IntegrityError

from forum.conditions.tree import load_tree
from forum.extensions import db
from forum.models import LEVELS, MAX_ID, TARGET_KINDS, MutedMember, Post, PostTag, User, Watch
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.errors import NotAllowed, ValidationFailed
from forum.text import clean_line
from forum.visibility import can_view_post

DEFAULT_LEVEL = "watching"  # what your own posts, comments and reports give you
NAME_MAX = 60  # longest tag or slug looked at; anything longer names nothing


@dataclass(frozen=True, slots=True)
class Target:
    """A thing that can be watched: ``kind`` (post, condition, tag) and its
    ``key`` as the ``watches`` table keeps it (an id as text, or a tag's name)."""

    kind: str
    key: str


def level_arg(value: object) -> str:
    """A known level, or ValidationFailed naming the field ``level``."""
    if not isinstance(value, str) or value not in LEVELS:
        choices = ", ".join(LEVELS)
        raise ValidationFailed({"level": f"Choose one of: {choices}."})
    return value


def post_target(user: User, post_id: object) -> Target:
    """The post ``user`` may see with id ``post_id``; LookupError when there is none
    they may see (nobody learns that a hidden post exists)."""
    if isinstance(post_id, bool) or not isinstance(post_id, int | str):
        raise LookupError("post")
    try:
        number = int(post_id)
    except ValueError:
        raise LookupError("post") from None
    post = db.session.get(Post, number) if 0 < number <= MAX_ID else None
    if post is None or not can_view_post(post, user):
        raise LookupError("post")
    return Target("post", str(post.id))


def condition_target(slug_or_id: object) -> Target:
    """The condition named by its slug (or id); LookupError when there is none."""
    tree = load_tree()
    entry = None
    if isinstance(slug_or_id, str) and len(slug_or_id) <= NAME_MAX:
        entry = tree.by_slug.get(slug_or_id)
        if entry is None and slug_or_id.isdigit():
            slug_or_id = int(slug_or_id)
    if isinstance(slug_or_id, int) and not isinstance(slug_or_id, bool):
        entry = next((c for c in tree.by_slug.values() if c.id == slug_or_id), None)
    if entry is None:
        raise LookupError("condition")
    return Target("condition", str(entry.id))


def tag_name(value: object) -> str | None:
    """``value`` as tags are kept ("Night Feeds" is night-feeds), or None if it can't be one."""
    if not isinstance(value, str) or len(value) > NAME_MAX:
        return None
    errors = rules.Errors()
    names = rules.tags([clean_line(value) or ""], errors)
    return names[0] if names and not errors else None


def tag_in_use(name: str) -> bool:
    """Some published post carries tag ``name``."""
    stmt = (
        select(PostTag.post_id)
        .join(Post, Post.id == PostTag.post_id)
        .where(PostTag.name == name, Post.status == "published")
        .limit(1)
    )
    return db.session.scalar(stmt) is not None


def tag_target(value: object) -> Target:
    """The tag ``value`` names, if a published post carries it; LookupError otherwise."""
    name = tag_name(value)
    if name is None or not tag_in_use(name):
        raise LookupError("tag")
    return Target("tag", name)


def target_for(user: User, kind: object, ident: object) -> Target:
    """Validate ``kind`` and what it names for ``user``: ValidationFailed for a
    kind we don't know, LookupError for a thing that isn't there (or hidden)."""
    if kind == "post":
        return post_target(user, ident)
    if kind == "condition":
        return condition_target(ident)
    if kind == "tag":
        return tag_target(ident)
    raise ValidationFailed({"target": f"Choose one of: {', '.join(TARGET_KINDS)}."})


def _row(user: User, target: Target) -> Watch | None:
    return db.session.scalar(
        select(Watch).where(
            Watch.user_id == user.id,
            Watch.target_kind == target.kind,
            Watch.target_key == target.key,
        )
    )


def level_of(user: User, target: Target) -> str:
    """``user``'s level on ``target`` itself (``normal`` when they set none)."""
    if not getattr(user, "is_authenticated", False):
        return "normal"
    row = _row(user, target)
    return row.level if row is not None else "normal"


def set_level(user: User, target: Target, level: object) -> bool:
    """Set ``user``'s level on ``target`` (already validated by ``target_for``)
    and commit; True if that changed anything."""
    level = level_arg(level)
    get_policy().check(user, "watch")  # a suspension says so
    changed = _write(user, target, level)
    db.session.commit()
    return changed


def _write(user: User, target: Target, level: str) -> bool:
    row = _row(user, target)
    if level == "normal" and target.kind != "post":
        if row is None:
            return False
        db.session.delete(row)
        return True
    if row is not None:
        if row.level == level:
            return False
        row.level, row.updated_at = level, utcnow()
        return True
    return _insert(user, target, level)


def _insert(user: User, target: Target, level: str) -> bool:
    """Add the row; on PostgreSQL a request at the same moment may have added
    it first, and the unique constraint refuses ours inside a savepoint."""
    try:
        with db.session.begin_nested():
            db.session.add(
                Watch(user_id=user.id, target_kind=target.kind, target_key=target.key, level=level)
            )
    except IntegrityError:
        return False
    return True


def watch_by_default(user: User, post: Post) -> None:
    """``user`` wrote ``post``, commented on it or reported on it: they watch it,
    unless they already chose a level for it (muted stays muted). Inside the
    caller's transaction; the post must have its id (flush first)."""
    target = Target("post", str(post.id))
    if _row(user, target) is None:
        _insert(user, target, DEFAULT_LEVEL)


def watches_of(user: User, kind: str) -> Select:
    """``user``'s watches of one ``kind``, the latest changed first; a post kept at
    ``normal`` (only there to say "not this one") is left out."""
    stmt = select(Watch).where(Watch.user_id == user.id, Watch.target_kind == kind)
    if kind == "post":
        stmt = stmt.where(Watch.level != "normal")
    return stmt.order_by(Watch.updated_at.desc(), Watch.id.desc())


def all_watches(user: User) -> list[Watch]:
    """Every watch ``user`` has set, by kind, the latest changed first within each."""
    order = {kind: n for n, kind in enumerate(TARGET_KINDS)}
    rows = db.session.scalars(
        select(Watch).where(Watch.user_id == user.id).order_by(Watch.updated_at.desc(), Watch.id)
    )
    kept = [w for w in rows if not (w.target_kind == "post" and w.level == "normal")]
    return sorted(kept, key=lambda w: order.get(w.target_kind, len(order)))


def watch_conditions(user: User, slugs: object, *, most: int = 20) -> list[str]:
    """``user`` watches each condition of ``slugs`` (the sign-up step); their
    names, in catalogue order. Commits once."""
    tree = load_tree()
    if not isinstance(slugs, list | tuple) or not all(isinstance(s, str) for s in slugs):
        raise ValidationFailed({"conditions": "Choose conditions from the list."})
    chosen = list(dict.fromkeys(slugs))
    if not chosen:
        raise ValidationFailed(
            {"conditions": "Choose at least one condition to watch, or skip this step."}
        )
    if len(chosen) > most:
        raise ValidationFailed({"conditions": f"Choose at most {most} conditions."})
    unknown = [s for s in chosen if s not in tree.by_slug]
    if unknown:
        raise ValidationFailed({"conditions": "Choose conditions from the list."})
    get_policy().check(user, "watch")
    entries = sorted((tree.by_slug[s] for s in chosen), key=lambda c: (c.position, c.name))
    for entry in entries:
        _write(user, Target("condition", str(entry.id)), "watching")
    db.session.commit()
    return [entry.name for entry in entries]


# ---------- muted members ----------


def is_muted(user: User, member: User) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(MutedMember, {"user_id": user.id, "muted_id": member.id}) is not None


def may_mute(user: User, member: User) -> str | None:
    """Why ``user`` may not mute ``member`` (None: they may)."""
    if user.id == member.id:
        return "You can't mute yourself."
    if member.role in ("moderator", "admin"):
        return "Moderators can't be muted: what they tell you about your posts must reach you."
    return None


def set_muted(user: User, member: User, muted: bool) -> bool:
    """Mute ``member`` for ``user`` (or unmute); True if that changed anything.
    Unmuting is always allowed (a member muted before becoming a moderator)."""
    if muted and (refusal := may_mute(user, member)):
        raise NotAllowed(refusal)
    if user.id == member.id:
        raise NotAllowed("You can't mute yourself.")
    get_policy().check(user, "watch")
    if muted:
        changed = False
        if not is_muted(user, member):
            try:
                with db.session.begin_nested():
                    db.session.add(MutedMember(user_id=user.id, muted_id=member.id))
                changed = True
            except IntegrityError:
                changed = False
    else:
        gone = delete(MutedMember).where(
            MutedMember.user_id == user.id, MutedMember.muted_id == member.id
        )
        changed = db.session.execute(gone).rowcount > 0
    db.session.commit()
    return changed


def muted_members(user: User) -> Select:
    """The members ``user`` muted, the latest first."""
    return (
        select(User)
        .join(MutedMember, MutedMember.muted_id == User.id)
        .where(MutedMember.user_id == user.id)
        .order_by(MutedMember.created_at.desc(), User.id)
    )


def set_hide_muted(user: User, hide: bool) -> bool:
    """Whether posts in ``user``'s muted conditions and tags (and muted posts) are
    left out of their latest posts; True if that changed."""
    get_policy().check(user, "watch")
    changed = bool(user.hide_muted) != hide
    user.hide_muted = hide
    db.session.commit()
    return changed
