"""Leaving for good: /account/delete, both ways, and what is left of a member after.

Each deletion is checked by walking every table the app knows: no column that
refers to users still holds the deleted id, and no text anywhere holds their
username or email address.
"""

from __future__ import annotations

import html
import time
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from forum.auth.factors import PASSKEY_PROVED
from forum.deletion import names
from forum.deletion.service import FORMER_MEMBER, delete_account, former_member_account
from forum.extensions import db
from forum.models import (
    Comment,
    FollowUp,
    FormerMember,
    LoginSession,
    Measure,
    OutcomeReport,
    Passkey,
    Post,
    ReservedName,
    User,
)
from forum.models.timestamps import utcnow
from forum.services import ValidationFailed, accounts
from tests.factories import PASSWORD, login_id, make_user
from tests.forum.deletion_helpers import (
    EMAIL,
    NAME,
    World,
    account,
    build_world,
    columns_naming,
    text_holding,
)


@pytest.fixture
def world(app_ctx) -> World:
    return build_world()


def _sign_in(client, user_id: int, *, passkey_just_now: bool = True) -> None:
    """Signed in; the world's member has a passkey, proved just now unless told otherwise
    (so only the password is asked: forum.auth.factors.confirm)."""
    with client.session_transaction() as session:
        session["_user_id"] = login_id(db.session.get(User, user_id))
        if passkey_just_now:
            session[PASSKEY_PROVED] = {"user": user_id, "at": int(time.time())}


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _delete(client, **data):
    return client.post("/account/delete", data={"password": PASSWORD, "mode": "keep", **data})


def _nothing_names_them(world: World) -> None:
    db.session.expire_all()
    assert account(NAME) is None
    assert columns_naming(world.leaver_id) == []
    assert text_holding(NAME, EMAIL) == []
    signed_in = select(func.count()).where(LoginSession.user_id == world.leaver_id)
    assert db.session.scalar(signed_in) == 0


def test_the_account_page_links_to_deletion_and_the_page_says_what_happens(world, client):
    _sign_in(client, world.leaver_id)
    hub = client.get("/account").get_data(as_text=True)
    assert "Delete your account" in hub and "/account/delete" in hub
    page = client.get("/account/delete")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "can't be undone" in text
    assert "former member" in text and "Remove everything I wrote" in text
    keep = (
        text.split('value="keep"')[0].rsplit("<input", 1)[1]
        + text.split('value="keep"')[1].split(">")[0]
    )
    assert "checked" in keep  # keeping is the default


def test_keep_mode_leaves_posts_readable_under_former_member_and_nothing_of_them(world, client):
    before = db.session.get(Post, world.others_post_id)
    counts = (before.outcome_worked, before.comment_count, before.thanks_count)
    _sign_in(client, world.leaver_id)

    response = _delete(client, mode="keep")

    assert response.status_code == 303 and response.location.endswith("/account/deleted")
    assert "Your account is deleted" in client.get("/account/deleted").get_data(as_text=True)
    assert client.get("/account").status_code in (302, 401)  # signed out
    _nothing_names_them(world)
    own = db.session.get(Post, world.own_post_id)
    assert own.status == "published" and own.author.username == FORMER_MEMBER
    page = client.get(f"/posts/{world.own_post_id}").get_data(as_text=True)
    assert "Cold flannel before bed" in page and FORMER_MEMBER in page and NAME not in page
    profile = _text(client.get("/users/former%20member"))
    assert "members who have left" in profile and "Cold flannel before bed" in profile
    comment = db.session.get(Comment, world.their_comment_id)
    assert comment.status == "published" and comment.body == "Worked for our son as well."
    assert comment.author.username == FORMER_MEMBER
    assert db.session.scalar(select(func.count(Measure.id))) == 1  # their change idea's record
    after = db.session.get(Post, world.others_post_id)
    assert (after.outcome_worked, after.comment_count, after.thanks_count) == counts
    # Read as columns: an anonymous report has no member to load with it.
    reports = db.session.execute(
        select(OutcomeReport.user_id, OutcomeReport.note, OutcomeReport.result)
    ).all()
    assert reports == [(None, "", "worked")]
    follow_ups = db.session.execute(select(FollowUp.user_id, FollowUp.answer, FollowUp.reason))
    assert follow_ups.all() == [(None, "stopped", "")]  # the questions not yet asked went
    former = db.session.get(FormerMember, world.leaver_id)
    assert former.mode == "keep" and not former.by_staff
    assert former.pseudonym.startswith("Former member ")


def test_remove_mode_takes_down_and_erases_what_they_wrote_now(world, client):
    _sign_in(client, world.leaver_id)

    assert _delete(client, mode="remove").status_code == 303

    _nothing_names_them(world)
    for post_id in (world.own_post_id, world.change_idea_id):
        post = db.session.get(Post, post_id)
        assert post.status == "deleted" and post.title == post.body == post.body_html == ""
        assert client.get(f"/posts/{post_id}").status_code == 404
    comment = db.session.get(Comment, world.their_comment_id)
    assert comment.status == "deleted" and comment.body == ""
    assert "Worked for our son" not in client.get(f"/posts/{world.others_post_id}").get_data(
        as_text=True
    )
    reply = db.session.get(Comment, world.others_comment_id)  # a reply by someone else stays
    assert reply.body == "We tried this too, thank you." and reply.status == "published"
    assert db.session.scalar(select(func.count(Measure.id))) == 0
    others = db.session.get(Post, world.others_post_id)
    assert others.comment_count == 0 and others.outcome_worked == 1  # the report still counts
    assert db.session.get(FormerMember, world.leaver_id).mode == "remove"


def test_a_wrong_password_changes_nothing(world, client):
    _sign_in(client, world.leaver_id)
    response = _delete(client, password="not my password at all")
    assert response.status_code == 400
    assert "That isn't your password." in _text(response)
    db.session.expire_all()
    assert account(NAME) is not None
    assert db.session.scalar(select(func.count(FormerMember.user_id))) == 0


def test_an_unknown_choice_is_refused_with_a_message(world, client):
    _sign_in(client, world.leaver_id)
    response = _delete(client, mode="everything")
    assert response.status_code == 400
    assert "Choose whether to keep or remove" in _text(response)
    assert account(NAME) is not None


def test_with_a_second_factor_a_wrong_code_changes_nothing_and_a_right_one_deletes(
    world, client, monkeypatch
):
    from forum.twofactor import recovery, totp

    leaver = account(NAME)
    leaver.totp_secret, leaver.totp_enabled_at = "JBSWY3DPEHPK3PXP", utcnow()
    db.session.execute(delete(Passkey))
    db.session.commit()
    monkeypatch.setattr(totp, "verify", lambda user, code: code == "123456")
    monkeypatch.setattr(recovery, "use", lambda user, code: False)
    _sign_in(client, world.leaver_id, passkey_just_now=False)
    assert "authenticator app" in _text(client.get("/account/delete"))

    wrong = _delete(client, code="654321")
    assert wrong.status_code == 400 and "That code isn't right" in _text(wrong)
    missing = _delete(client)
    assert missing.status_code == 400 and "That code isn't right" in _text(missing)
    assert account(NAME) is not None

    assert _delete(client, code="123456").status_code == 303
    db.session.expire_all()
    assert account(NAME) is None


def test_the_username_is_reserved_for_30_days_then_free(world, client):
    _sign_in(client, world.leaver_id)
    _delete(client)
    row = db.session.scalar(select(ReservedName))
    assert NAME not in row.name_hash  # a keyed hash, not the name

    def register():
        return accounts.register(
            username=NAME.upper(), email="", password="a long new passphrase", perspective="other"
        )

    row.deleted_at = utcnow() - timedelta(days=29)
    db.session.commit()
    with pytest.raises(ValidationFailed) as refused:
        register()
    assert refused.value.fields["username"] == "That username is taken."

    row.deleted_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert register().username_key == NAME


def test_content_purge_forgets_reservations_older_than_the_period(world, runner):
    delete_account(account(NAME))
    db.session.scalar(select(ReservedName)).deleted_at = utcnow() - timedelta(days=31)
    db.session.commit()
    result = runner.invoke(args=["content", "purge"])
    assert "Freed 1 username(s)" in result.output
    assert db.session.scalar(select(func.count()).select_from(ReservedName)) == 0
    assert not names.is_reserved(NAME)


def test_the_former_member_account_can_never_sign_in_or_be_registered(world, client):
    delete_account(account(NAME))
    placeholder = account(FORMER_MEMBER)
    assert placeholder.email is None
    assert not accounts.password_matches(placeholder, "!")
    assert not accounts.password_matches(placeholder, "")
    with pytest.raises(ValidationFailed):
        accounts.register(
            username=FORMER_MEMBER, email="", password="a long new passphrase", perspective="other"
        )


def test_two_members_leaving_share_one_former_member_and_get_different_pseudonyms(world):
    second = make_user("second_leaver")
    delete_account(account(NAME))
    delete_account(second, mode="remove")
    rows = db.session.scalars(select(FormerMember)).all()
    assert len({r.pseudonym for r in rows}) == 2
    assert db.session.scalar(
        select(func.count()).where(Post.author_id == account(FORMER_MEMBER).id)
    )


def test_the_command_line_deletes_an_account(world, runner):
    result = runner.invoke(args=["users", "delete", NAME, "--remove", "--reason", "Asked by email"])
    assert result.exit_code == 0, result.output
    assert "Former member" in result.output
    assert account(NAME) is None
    assert db.session.scalar(select(FormerMember)).by_staff
    missing = runner.invoke(args=["users", "delete", "nobody_here", "--keep", "--reason", "x"])
    assert missing.exit_code != 0


@pytest.mark.needs_plugin("search")
def test_search_relabels_kept_posts_and_drops_removed_ones(app, client):
    with app.app_context():
        build_world()
        keeper = make_user("keeper_of_words")
        from tests.factories import make_post

        make_post(keeper, title="Marigold salve recipe", body="Calendula in beeswax.")
        delete_account(account(NAME), mode="remove")
        delete_account(account("keeper_of_words"), mode="keep")
    removed = client.get("/search?q=flannel").get_data(as_text=True)
    assert "Cold flannel before bed" not in removed
    kept = client.get("/search?q=marigold").get_data(as_text=True)
    assert "Marigold salve recipe" in kept
    assert "keeper_of_words" not in kept and FORMER_MEMBER in kept


def test_a_deleted_accounts_id_is_never_given_to_a_new_account(app_ctx):
    former_member_account()  # made first, so the member below holds the highest id
    db.session.commit()
    newest = make_user("newest_member")
    old_id = newest.id
    delete_account(newest)  # the highest id: SQLite would hand it out again without AUTOINCREMENT
    assert make_user("next_member").id > old_id


def test_the_api_deletes_the_callers_account_with_their_password(world, client):
    db.session.execute(delete(Passkey))  # no second factor: the password is all it asks
    db.session.commit()
    token = accounts.issue_token(account(NAME), label="leaving")
    headers = {"Authorization": f"Bearer {token}"}

    wrong = client.delete("/api/v1/account", json={"password": "nope"}, headers=headers)
    assert wrong.status_code == 400
    assert wrong.json["error"]["fields"] == {"password": "That isn't your password."}
    bad_mode = client.delete(
        "/api/v1/account", json={"password": PASSWORD, "mode": "all"}, headers=headers
    )
    assert bad_mode.status_code == 400 and "mode" in bad_mode.json["error"]["fields"]
    assert account(NAME) is not None

    gone = client.delete(
        "/api/v1/account", json={"password": PASSWORD, "mode": "remove"}, headers=headers
    )
    assert gone.status_code == 204
    db.session.expire_all()
    assert account(NAME) is None
    assert db.session.get(FormerMember, world.leaver_id).mode == "remove"
    assert columns_naming(world.leaver_id) == []
    assert accounts.user_for_token(token) is None  # the token went with the account


def test_a_passkey_holder_can_confirm_with_it_on_the_delete_page(world, client):
    _sign_in(client, world.leaver_id, passkey_just_now=False)

    page = _text(client.get("/account/delete"))

    assert "Confirm with your passkey" in page
    # The passkey is proved by script outside the deletion form, which is sent after.
    assert page.index("Confirm with your passkey") < page.index('action="/account/delete"')
