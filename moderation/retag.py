"""Fixing a post's conditions and tags: regulars, stewards and moderators.

The design lets trusted members (trust level ``MODERATION_RETAG_TRUST_LEVEL``,
2 by default) keep posts findable by correcting the conditions and tags of
posts they didn't write. The author's words are untouched, so this is not an
edit: the post is not marked as edited, a safety review stays current, and the
author changes their own post through the ordinary edit form. The change and
its one audit-log row commit together; search's session events see the
changed collections and re-index the post in the same transaction.
"""

from __future__ import annotations

from forum.extensions import db
from forum.models import Post, PostTag, User
from forum.models.timestamps import utcnow
from forum.policy import get_policy
from forum.services import rules
from forum.services.errors import NotAllowed
from forum.services.locks import lock_row
from forum.text import clean_line
from moderation import audit, trust
from moderation.models import ModerationAction

NOTE_MAX = 500


def can_retag(user: User) -> bool:
    """Regulars (the configured trust level and up), stewards and moderators, unless suspended."""
    if not user.is_authenticated or user.is_suspended():
        return False
    if user.is_moderator:
        return True
    # A deployment may raise the retag level above stewards'; stewards keep it.
    needed = min(trust.setting("RETAG_TRUST_LEVEL"), trust.setting("STEWARD_LEVEL"))
    return user.trust_level >= needed


def _note(value, errors: rules.Errors) -> str:
    value = clean_line(value) if isinstance(value, str) else ""
    if len(value) > NOTE_MAX:
        errors["reason"] = f"Keep the note to {NOTE_MAX} characters."
    return value


def retag_post(editor: User, post: Post, *, conditions, tags, reason=None) -> ModerationAction:
    """Set ``post``'s conditions (1–5) and tags (0–5); returns the log row.

    The same rules as the post form apply (``forum.services.rules``). Raises
    ValidationFailed for bad conditions or tags, NotAllowed for people who may
    not retag, the author (409: they edit their post instead), a post that
    isn't published or a change that changes nothing (409), and WriteRefused
    for a suspended member.
    """
    errors = rules.Errors()
    condition_rows = rules.conditions(conditions, errors)
    tag_names = rules.tags(tags, errors)
    # Staff acting on someone else's post always say why; others may add a note.
    note = rules.reason(reason, errors) if editor.is_moderator else _note(reason, errors)
    errors.raise_if_any()
    get_policy().check(editor, "review", post=post)
    if not can_retag(editor):
        raise NotAllowed(
            "Fixing conditions and tags is for regular members (trust level "
            f"{trust.setting('RETAG_TRUST_LEVEL')} and up), stewards and moderators."
        )
    if post.author_id == editor.id:
        raise NotAllowed(
            "This is your own post: change its conditions and tags with “Edit post”.",
            status=409,
        )
    lock_row(post)  # rereads it: compare with what is there now, not what the page showed
    if post.status != "published":
        raise NotAllowed(
            "Only published posts can have their conditions and tags fixed.", status=409
        )

    changes = {}
    before = sorted(c.name for c in post.conditions)
    after = sorted(c.name for c in condition_rows)
    if before != after:
        changes["conditions"] = {"from": before, "to": after}
    added = sorted(set(tag_names) - set(post.tag_names))
    dropped = set(post.tag_names) - set(tag_names)
    if added or dropped:
        # The log keeps the tags the editor added (their words) but only how many
        # of the author's it took away: the log outlives the author's deleting
        # the post, and a tag can name someone.
        changes["tags"] = {"added": added, "removed": len(dropped)}
    if not changes:
        raise NotAllowed("Those are already this post's conditions and tags.", status=409)

    post.conditions = condition_rows
    # Keep the rows of tags that stay: only added and dropped tags touch the table.
    kept = {t.name: t for t in post.tags}
    post.tags = [kept.get(name) or PostTag(name=name) for name in tag_names]
    # Not edited_at / edited_by_moderator / safety_stale: the words didn't change.
    post.updated_at = utcnow()
    row = audit.record(editor, "retag", post, reason=note, details=changes)
    db.session.commit()
    return row
