"""Whatever a client sends to the moderation pages, the answer is clear and never a 500."""

from __future__ import annotations

import pytest

from tests.moderation.helpers import log_rows, new_post, setup_cast, sign_in, token_for

GETS = [
    "/moderation/queue?page=99999999999999999999999",
    "/moderation/queue?page=-1&reason=%3Cscript%3E",
    "/moderation/queue?reason=privacy&page=%C2%B2",
    "/moderation/log?user=%00%01&action=drop%20table",
    "/moderation/log?page=99999999999999999999999",
    "/moderation/log?user=" + "x" * 5000,
    "/moderation/reviews?state=%00&page=0",
    "/moderation/users/" + "a" * 31,
    "/moderation/users/%E2%80%AEadmin",
    "/moderation/posts/99999999999/flag",
]


@pytest.mark.parametrize("url", GETS)
def test_odd_urls_get_a_clear_answer(app, client, url):
    setup_cast(app, "moderator")
    sign_in(client, "moderator")
    assert client.get(url).status_code in (200, 404, 405)


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "remove", "reason": "\x00" * 10},
        {"decision": "remove", "reason": "r" * 100_000},
        {"decision": "explode", "reason": "Not a decision"},
        {"reason": "No decision at all"},
    ],
)
def test_odd_decisions_change_nothing(app, client, data):
    setup_cast(app, "moderator", "author")
    post_id = new_post(app)
    sign_in(client, "moderator")
    response = client.post(f"/moderation/queue/posts/{post_id}", data=data)
    assert response.status_code in (303, 400, 413)
    assert log_rows(app) == []


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b'{"reason": "spam", "note": "\\ud800"}', b'{"reason": null}'],
)
def test_odd_api_flags_are_400(app, client, body):
    setup_cast(app, "member", "author")
    post_id = new_post(app)
    response = client.post(
        f"/api/v1/posts/{post_id}/flags",
        data=body,
        headers={"Authorization": f"Bearer {token_for(app, 'member')}"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]
