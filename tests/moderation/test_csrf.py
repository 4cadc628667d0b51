"""Every moderation form carries a CSRF token, and a POST without one changes nothing."""

from __future__ import annotations

from tests.moderation.helpers import (
    ctx,
    flag_count,
    log_rows,
    new_post,
    setup_cast,
    sign_in,
    token_in,
    user,
)


def test_flagging_needs_the_pages_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    setup_cast(app, "author", "member")
    post_id = new_post(app)
    client = sign_in(app.test_client(), "member")
    url = f"/moderation/posts/{post_id}/flag"
    assert client.post(url, data={"reason": "spam"}).status_code == 400
    assert flag_count(app) == 0
    token = token_in(client.get(f"/posts/{post_id}").get_data(as_text=True))
    assert client.post(url, data={"reason": "spam", "csrf_token": token}).status_code == 303
    assert flag_count(app) == 1


def test_the_account_forms_carry_their_own_tokens(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    setup_cast(app, "moderator", "member")
    client = sign_in(app.test_client(), "moderator")
    page = client.get("/moderation/users/member").get_data(as_text=True)
    data = {"suspend-days": "1", "suspend-reason": "Cooling off after a row"}
    assert client.post("/moderation/users/member/suspend", data=data).status_code == 400
    data["suspend-csrf_token"] = token_in(page, "suspend-csrf_token")
    assert client.post("/moderation/users/member/suspend", data=data).status_code == 303
    with ctx(app):
        assert user("member").is_suspended()
    assert [row[0] for row in log_rows(app)] == ["suspend"]
