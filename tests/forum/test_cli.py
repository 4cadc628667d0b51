"""`flask seed conditions` and the `flask users ...` commands, success and failure."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Condition, User
from forum.services.accounts import user_for_token
from tests.factories import make_user, signs_in

STRONG = "plum-kettle-orbit-harbor"


def _user(app, username: str) -> User | None:
    with app.app_context():
        return db.session.scalar(select(User).where(User.username_key == username))


def _user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


# seed conditions


def test_seed_conditions_restores_an_edited_condition(app, runner):
    result = runner.invoke(args=["seed", "conditions"])
    assert result.exit_code == 0
    assert "0 changed" in result.output

    with app.app_context():
        crohns = db.session.scalar(select(Condition).where(Condition.slug == "crohns-disease"))
        crohns.name = "Crohns (typo)"
        db.session.commit()

    result = runner.invoke(args=["seed", "conditions"])
    assert result.exit_code == 0
    assert "1 changed" in result.output
    with app.app_context():
        name = db.session.scalar(select(Condition.name).where(Condition.slug == "crohns-disease"))
    assert name == "Crohn's disease"


# users create-admin


def test_create_admin_with_password_option(app, runner):
    result = runner.invoke(
        args=["users", "create-admin", "Site_Admin", "--email", "Admin@Example.org",
              "--password", STRONG]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Created admin site_admin" in result.output
    with app.app_context():
        admin = signs_in("site_admin", STRONG)
        assert admin is not None
        assert (admin.role, admin.email, admin.perspective) == (
            "admin",
            "admin@example.org",
            "other",
        )


def test_create_admin_prompts_for_hidden_password_twice(app, runner):
    result = runner.invoke(
        args=["users", "create-admin", "night_admin", "--email", "night@example.org",
              "--perspective", "clinician"],
        input=f"{STRONG}\n{STRONG}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output
    assert "Repeat for confirmation:" in result.output
    assert STRONG not in result.output  # hidden input is never echoed
    with app.app_context():
        admin = signs_in("night_admin", STRONG)
        assert admin is not None and admin.role == "admin" and admin.perspective == "clinician"


def test_create_admin_gives_up_when_confirmation_never_matches(app, runner):
    result = runner.invoke(
        args=["users", "create-admin", "night_admin", "--email", "night@example.org"],
        input=f"{STRONG}\nsomething-else-entirely\n",
    )
    assert result.exit_code == 1
    assert "do not match" in result.output
    assert _user(app, "night_admin") is None


def test_create_admin_refuses_a_weak_password(app, runner):
    result = runner.invoke(
        args=["users", "create-admin", "site_admin", "--email", "a@example.org",
              "--password", "password123"]
    )  # fmt: skip
    assert result.exit_code == 1
    assert "password: This password is too easy to guess." in result.stderr
    assert result.stdout == ""
    assert _user(app, "site_admin") is None


@pytest.mark.parametrize(
    ("username", "email", "message"),
    [
        ("x", "x@example.org", "username: Usernames are 3–30 characters"),
        ("has space", "x@example.org", "username: Usernames are 3–30 characters"),
        ("fine_name", "not-an-email", "email: Enter an email address"),
    ],
)
def test_create_admin_refuses_what_registration_refuses(app, runner, username, email, message):
    before = _user_count(app)
    result = runner.invoke(
        args=["users", "create-admin", username, "--email", email, "--password", STRONG]
    )
    assert result.exit_code == 1
    assert message in result.stderr
    assert _user_count(app) == before


def test_create_admin_refuses_a_taken_username_and_points_to_set_role(app, runner):
    with app.app_context():
        make_user("taken_name")
    result = runner.invoke(
        args=["users", "create-admin", "Taken_Name", "--email", "new@example.org",
              "--password", STRONG]
    )  # fmt: skip
    assert result.exit_code == 1
    assert "That username is taken." in result.stderr
    assert "flask users set-role Taken_Name admin" in result.stderr
    assert _user(app, "taken_name").role == "member"


def test_create_admin_refuses_a_password_made_of_the_username(app, runner):
    result = runner.invoke(
        args=["users", "create-admin", "marigoldwhisper", "--email", "m@example.org",
              "--password", "marigoldwhisper1"]
    )  # fmt: skip
    assert result.exit_code == 1
    assert "too easy to guess" in result.stderr


# users token


def test_token_prints_only_a_working_token(app, runner, client):
    with app.app_context():
        make_user("token_owner")
    result = runner.invoke(args=["users", "token", "Token_Owner"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and result.stdout == lines[0] + "\n"
    token = lines[0]
    with app.app_context():
        assert user_for_token(token).username == "token_owner"

    response = client.post(
        "/api/v1/posts",
        headers={"Authorization": f"Bearer {token}"},
        json={"title": "Posted with a CLI token", "body": "It works.", "kind": "question",
              "conditions": ["asthma"]},
    )  # fmt: skip
    assert response.status_code == 201
    assert response.get_json()["post"]["author"]["username"] == "token_owner"


def test_token_is_new_each_time(app, runner):
    with app.app_context():
        make_user("token_owner")
    first = runner.invoke(args=["users", "token", "token_owner"]).stdout.strip()
    second = runner.invoke(args=["users", "token", "token_owner"]).stdout.strip()
    assert first != second
    with app.app_context():
        assert user_for_token(first) is not None and user_for_token(second) is not None


def test_token_for_unknown_user_fails_without_stdout(runner):
    result = runner.invoke(args=["users", "token", "nobody_here"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "No user is called 'nobody_here'." in result.stderr


# users set-role


def test_set_role_grants_and_reports_the_change(app, runner):
    with app.app_context():
        make_user("future_mod")
    result = runner.invoke(args=["users", "set-role", "future_mod", "moderator"])
    assert result.exit_code == 0
    assert "future_mod is now moderator (was member)." in result.output
    assert _user(app, "future_mod").role == "moderator"

    result = runner.invoke(args=["users", "set-role", "future_mod", "Admin"])
    assert result.exit_code == 0
    assert _user(app, "future_mod").role == "admin"


def test_set_role_to_the_same_role_says_so(app, runner):
    with app.app_context():
        make_user("steady", role="moderator")
    result = runner.invoke(args=["users", "set-role", "steady", "moderator"])
    assert result.exit_code == 0
    assert "already has the role moderator" in result.output


def test_set_role_refuses_an_unknown_role(app, runner):
    with app.app_context():
        make_user("hopeful")
    result = runner.invoke(args=["users", "set-role", "hopeful", "superuser"])
    assert result.exit_code == 1
    assert "'superuser' is not a role. Roles: member, moderator, admin." in result.stderr
    assert _user(app, "hopeful").role == "member"


def test_set_role_refuses_an_unknown_user(runner):
    result = runner.invoke(args=["users", "set-role", "ghost", "admin"])
    assert result.exit_code == 1
    assert "No user is called 'ghost'." in result.stderr


# content rerender


def test_rerender_brings_old_posts_and_comments_up_to_the_current_renderer(app, runner, client):
    from forum.models import Comment, Post
    from tests.factories import make_comment, make_post

    typed = "**Measures.**\n- Outcome: days at school\n- Process: plan used"
    with app.app_context():
        author = make_user("renderer")
        post = make_post(author, body=typed)
        comment = make_comment(post, author, body=typed)
        # As a renderer before lists typed straight after a line would have stored it.
        post.body_html = comment.body_html = "<p><strong>Measures.</strong> - Outcome …</p>"
        edited_at = post.edited_at
        db.session.commit()
        post_id, comment_id = post.id, comment.id

    result = runner.invoke(args=["content", "rerender"])
    assert result.exit_code == 0, result.output
    assert "1 post(s) and 1 comment(s) changed" in result.output

    page = client.get(f"/posts/{post_id}").get_data(as_text=True)
    assert page.count("<li") >= 4  # both lists, post and comment, are lists again
    with app.app_context():
        assert db.session.get(Post, post_id).edited_at == edited_at  # not an edit
        assert "<ul" in db.session.get(Comment, comment_id).body_html

    again = runner.invoke(args=["content", "rerender"])
    assert "0 post(s) and 0 comment(s) changed" in again.output
