"""Deleting an account, all in one transaction.

Two ways (``mode``):

``keep`` (the default): what the member wrote stays readable, answers others
relied on included, under the one "former member" account; their name is gone.
``remove``: their posts and comments are taken down and their words erased at
once (the rows stay, empty, as an author's delete leaves them after the
retention period: replies by others keep their place), with their change-idea
records (measures, data points, PDSA cycles, citations) and the edit history
of their posts and comments.

Either way the account row goes, and with it (foreign keys ON DELETE CASCADE)
its sign-ins, API tokens, watches, mutes, drafts, saved items, thanks,
notifications to them, recovery codes, passkeys, co-authorships, condition
choices and requests. What others rely on stays without them: outcome reports
and follow-up answers as anonymous rows (their member and notes gone, so every
count stays as it was), flags they raised as anonymous weight (the plugin's
``member_leaving``), citations they added or confirmed with nobody named. Any
other column that names them (a post's author, a reviewer, whoever decided a
request) is pointed at the "former member" account, found from the tables'
foreign keys so a table added later is covered too. The moderation log keeps
their old id, which ``FormerMember`` resolves to a stable pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from forum.evidence import levels
from forum.extensions import db
from forum.models import (
    Citation,
    Comment,
    CommentRevision,
    FollowUp,
    FormerMember,
    Measure,
    OutcomeReport,
    OutgoingEmail,
    PdsaCycle,
    Post,
    PostRevision,
    User,
    post_coauthors,
)
from forum.policy import get_policy
from forum.services import posts as post_service
from forum.services.errors import NotAllowed
from forum.services.purge import erase_now

from . import names

# The one account kept content is reassigned to. A space can't be in a
# username anyone registers (forum.services.accounts), so no member can hold it.
FORMER_MEMBER = "former member"
# Its password hash matches no password (werkzeug reads "!" as no hash at all).
_NO_PASSWORD = "!"
# Its profile says whose posts these are (rendered by the profile page, as any bio).
_ABOUT = (
    "Posts and comments by members who have left Middle Ground. "
    "Their names are gone; what they wrote stays so that answers others relied on stay readable."
)
# Rows that outlive their member (SET NULL) or go with them (CASCADE) are left
# to the database; these hold their old id on purpose.
_KEEPS_OLD_IDS = {"moderation_actions", "former_members"}


def former_member_account() -> User:
    """The "former member" account, made the first time someone leaves."""
    found = db.session.scalar(select(User).where(User.username_key == FORMER_MEMBER))
    if found is not None:
        return found
    placeholder = User(
        username=FORMER_MEMBER,
        username_key=FORMER_MEMBER,
        email=None,
        password_hash=_NO_PASSWORD,
        bio=_ABOUT,
        perspective="other",
        role="member",
    )
    try:
        with db.session.begin_nested():
            db.session.add(placeholder)
    except IntegrityError:  # someone else left at the same moment and made it
        return db.session.scalars(select(User).where(User.username_key == FORMER_MEMBER)).one()
    return placeholder


def is_former_member_account(user: User) -> bool:
    return user.username_key == FORMER_MEMBER


def pseudonym_for(user_id: int) -> str:
    """A stable pseudonym ("Former member 7F3A") for an old id: keyed, so it
    tells nothing about the id, and longer when a shorter one is taken."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"former-member:{user_id}".encode(), hashlib.sha256).hexdigest()
    for length in range(4, len(digest) + 1, 2):
        name = f"Former member {digest[:length].upper()}"
        taken = select(FormerMember.user_id).where(FormerMember.pseudonym == name)
        if db.session.scalar(taken) is None:
            return name
    raise RuntimeError("no free pseudonym")  # 2**256 former members


def check_staff_may_delete(actor: User, member: User) -> None:
    """A moderator deletes members; an admin also moderators; nobody an admin,
    themselves (they use their own account page) or the "former member" account."""
    if not actor.is_moderator:
        raise NotAllowed("Only moderators can delete someone's account.")
    if actor.id == member.id:
        raise NotAllowed("To delete your own account, use your account page.", status=409)
    if is_former_member_account(member):
        raise NotAllowed("This account holds what members who left wrote; it can't be deleted.")
    if member.is_admin:
        raise NotAllowed("An admin's account can't be deleted here.")
    if member.is_moderator and not actor.is_admin:
        raise NotAllowed("Only an admin can delete a moderator's account.")


def delete_account(
    user: User,
    *,
    mode: str = "keep",
    by: User | None = None,
    staff: bool = False,
    reason: str = "",
) -> FormerMember:
    """Delete ``user``'s account and commit. ``by``: the staff member doing it;
    ``staff`` without ``by``: an operator at the command line; neither: the
    member themselves. Who may is the caller's check (the member's password
    and second factor; ``check_staff_may_delete``)."""
    staff = staff or by is not None
    if mode not in ("keep", "remove"):
        raise ValueError(f"unknown deletion mode {mode!r}")
    if is_former_member_account(user):
        raise NotAllowed("This account holds what members who left wrote; it can't be deleted.")
    placeholder = former_member_account()
    uid = user.id
    touched = _posts_they_touch(uid)
    if mode == "remove":
        touched |= _remove_what_they_wrote(uid)
    _anonymise_reports(uid)
    _forget_mail(user)
    former = FormerMember(
        user_id=uid,
        pseudonym=pseudonym_for(uid),
        mode=mode,
        by_staff=staff,
    )
    db.session.add(former)
    get_policy().member_leaving(
        user, by=by, staff=staff, reason=reason, pseudonym=former.pseudonym, mode=mode
    )
    names.reserve(user.username_key)
    db.session.flush()
    _point_at_placeholder(uid, placeholder.id)
    db.session.delete(user)
    db.session.flush()
    db.session.expire_all()  # bulk updates above: nothing loaded may still name them
    levels.refresh(touched)
    db.session.commit()
    return former


def _posts_they_touch(uid: int) -> set[int]:
    """Posts whose evidence level may rest on this member: theirs, co-written,
    reported on, or cited by them."""
    found: set[int] = set()
    for query in (
        select(Post.id).where(Post.author_id == uid),
        select(post_coauthors.c.post_id).where(post_coauthors.c.user_id == uid),
        select(OutcomeReport.post_id).where(OutcomeReport.user_id == uid),
        select(Citation.post_id).where(
            or_(Citation.added_by_id == uid, Citation.confirmed_by_id == uid)
        ),
    ):
        found.update(db.session.scalars(query))
    return found


def _remove_what_they_wrote(uid: int) -> set[int]:
    """Take down and erase their posts and comments now; returns the posts
    whose counts changed (theirs, and those they commented on)."""
    touched: set[int] = set()
    mine = db.session.scalars(select(Post).where(Post.author_id == uid)).all()
    for post in mine:
        touched.add(post.id)
        if post.status != "deleted":
            post_service.mark_deleted(post)
            get_policy().author_deleted(post)  # its open flags close, on the record
        erase_now(post)
        if post.adapted_from_id:
            touched.add(post.adapted_from_id)
    post_ids = [p.id for p in mine]
    if post_ids:
        measures = select(Measure.id).where(Measure.post_id.in_(post_ids))
        db.session.execute(delete(Measure).where(Measure.id.in_(measures)))  # data points cascade
        db.session.execute(delete(PdsaCycle).where(PdsaCycle.post_id.in_(post_ids)))
        db.session.execute(delete(Citation).where(Citation.post_id.in_(post_ids)))
        # The words their edits replaced are their words too.
        db.session.execute(delete(PostRevision).where(PostRevision.post_id.in_(post_ids)))
    comments = db.session.scalars(select(Comment).where(Comment.author_id == uid)).all()
    db.session.execute(
        delete(CommentRevision).where(CommentRevision.comment_id.in_([c.id for c in comments]))
    )
    for comment in comments:
        if comment.status != "deleted":
            post_service.mark_deleted(comment)
            get_policy().author_deleted(comment)
        erase_now(comment)
        touched.add(comment.post_id)
    db.session.flush()
    for post in db.session.scalars(select(Post).where(Post.id.in_(touched))):
        post_service.recount_comments(post)
    return touched


def _anonymise_reports(uid: int) -> None:
    """Reports and answered follow-ups stay as counts; their words go. Questions
    not yet asked go: there is nobody to ask. (The member column is cleared by
    the database, ON DELETE SET NULL, when the account row goes.)"""
    db.session.execute(update(OutcomeReport).where(OutcomeReport.user_id == uid).values(note=""))
    db.session.execute(
        delete(FollowUp).where(FollowUp.user_id == uid, FollowUp.answered_at.is_(None))
    )
    db.session.execute(update(FollowUp).where(FollowUp.user_id == uid).values(reason=""))


def _forget_mail(user: User) -> None:
    """Mail not yet sent to them holds their address: it goes."""
    to = [a for a in (user.email, user.email_pending) if a]
    clauses = [OutgoingEmail.user_id == user.id]
    if to:
        clauses.append(OutgoingEmail.to_address.in_(to))
    db.session.execute(delete(OutgoingEmail).where(or_(*clauses)))


def _point_at_placeholder(uid: int, placeholder_id: int) -> None:
    """Every column that names them and neither cascades nor clears itself now
    names "former member" (a post's or comment's author, a safety reviewer,
    whoever decided a request), in every table the app knows."""
    for table in db.metadata.sorted_tables:
        if table.name in _KEEPS_OLD_IDS or table.name == "users":
            continue
        for column in table.columns:
            if any(
                fk.column.table.name == "users" and fk.ondelete is None
                for fk in column.foreign_keys
            ):
                db.session.execute(
                    update(table).where(column == uid).values({column.name: placeholder_id})
                )
