"""A member with something in (nearly) every table, and the walks that check
what is left of them after their account is deleted (tests/forum/test_account_deletion.py,
tests/moderation/test_delete_member.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import JSON, String, Text, insert, select

from forum.extensions import db
from forum.models import (
    Citation,
    DataPoint,
    Draft,
    FollowUp,
    Measure,
    MutedMember,
    Notification,
    OutgoingEmail,
    Passkey,
    PdsaCycle,
    RecoveryCode,
    User,
    Watch,
    post_coauthors,
)
from forum.models.timestamps import utcnow
from forum.services import accounts, bookmarks, thanks
from tests.factories import login_id, make_comment, make_outcome, make_post, make_user

# Distinctive, so finding them in any text column means they were left behind.
NAME = "zanzibar_quill"
EMAIL = "zq-private-address@example.org"


@dataclass
class World:
    leaver_id: int
    own_post_id: int  # their hack, with a comment by someone else under it
    change_idea_id: int  # their change idea with measures, data and a cycle
    others_post_id: int  # someone else's post they commented on, reported on, co-wrote
    their_comment_id: int
    others_comment_id: int  # a reply by someone else on their post


def build_world() -> World:
    """The leaver and everything they touch, through the services where cheap."""
    leaver = make_user(NAME, email=EMAIL, trust_level=2)
    other = make_user("steady_reader")
    own = make_post(leaver, title="Cold flannel before bed", body="It calmed the itching.")
    idea = make_post(
        leaver, title="Fewer missed doses", kind="change_idea", body="A chart on the fridge."
    )
    others = make_post(other, title="Oat baths twice a week", body="Lukewarm, ten minutes.")
    reply = make_comment(own, other, "We tried this too, thank you.")
    theirs = make_comment(others, leaver, "Worked for our son as well.")
    report = make_outcome(others, leaver, result="worked", note="Our son slept through.")

    measure = Measure(post_id=idea.id, name="Missed doses a week", unit="doses", kind="outcome")
    db.session.add(measure)
    db.session.flush()
    db.session.add(DataPoint(measure_id=measure.id, observed_on=date(2026, 1, 5), value=4.0,
                             entered_by_id=leaver.id))  # fmt: skip
    db.session.add(PdsaCycle(post_id=idea.id, started_on=date(2026, 1, 1), plan="Try the chart"))
    db.session.add(Citation(post_id=others.id, kind="pmid", identifier="21228075",
                            added_by_id=leaver.id, confirmed_by_id=leaver.id))  # fmt: skip
    db.session.execute(insert(post_coauthors).values(post_id=others.id, user_id=leaver.id))
    db.session.add(
        Watch(user_id=leaver.id, target_kind="tag", target_key="sleep", level="watching")
    )
    db.session.add(MutedMember(user_id=leaver.id, muted_id=other.id))
    db.session.add(MutedMember(user_id=other.id, muted_id=leaver.id))
    db.session.add(Draft(user_id=leaver.id, target="post", fields={"title": "Half-written"}))
    db.session.add(RecoveryCode(user_id=leaver.id, code_hash="x" * 40))
    db.session.add(Passkey(user_id=leaver.id, credential_id="cred-1", public_key=b"k",
                           name="My phone", transports=""))  # fmt: skip
    db.session.add(Notification(user_id=leaver.id, kind="comment", post_id=own.id,
                                actor_id=other.id))  # fmt: skip
    db.session.add(Notification(user_id=other.id, kind="comment", post_id=others.id,
                                actor_id=leaver.id))  # fmt: skip
    db.session.add(OutgoingEmail(user_id=leaver.id, to_address=EMAIL, kind="notifications",
                                 subject="New comment", text_body="Hello"))  # fmt: skip
    # Reporting made its follow-up questions: the first is answered, the rest wait.
    first = db.session.scalars(
        select(FollowUp).where(FollowUp.report_id == report.id).order_by(FollowUp.months)
    ).first()
    first.answered_at, first.answer = utcnow(), "stopped"
    first.reason = "It stopped helping after a month."
    db.session.commit()
    bookmarks.set_saved(leaver, others, True)
    thanks.set_thanked(leaver, others, True)
    accounts.issue_token(leaver, label="my script")
    login_id(leaver)  # a sign-in
    return World(leaver.id, own.id, idea.id, others.id, theirs.id, reply.id)


def columns_naming(user_id: int) -> list[str]:
    """Every column, in every table the app knows, that refers to users and still
    holds ``user_id`` (the moderation log and former_members hold old ids on
    purpose and have no foreign key to users)."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                hit = db.session.scalar(
                    select(db.func.count()).select_from(table).where(column == user_id)
                )
                if hit:
                    found.append(f"{table.name}.{column.name}")
    return found


def text_holding(*needles: str) -> list[str]:
    """Every text column value, in every table, that contains any of ``needles``."""
    found = []
    for table in db.metadata.sorted_tables:
        texts = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        for column in texts:
            for value in db.session.scalars(select(column).where(column.is_not(None))):
                words = str(value).casefold()
                if any(n.casefold() in words for n in needles):
                    found.append(f"{table.name}.{column.name}: {str(value)[:80]}")
    return found


def account(name: str) -> User | None:
    return db.session.scalar(select(User).where(User.username_key == name))
