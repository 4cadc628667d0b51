"""Moderation's part of a member's export: the flags they raised, and nobody else's."""

from __future__ import annotations

from forum.extensions import db
from moderation.flags import flag
from tests.factories import make_post, make_user
from tests.forum.export_helpers import checked_data, read_zip


def test_the_export_holds_my_flags_and_not_who_else_flagged(app, client, auth):
    with app.app_context():
        me = make_user("flag_exporter")
        other = make_user("flag_other", email="flag-other@example.org")
        post = make_post(make_user("flag_author"), title="Stop all medicines at once")
        flag(me, post, reason="unsafe_advice", note="Dangerous advice, my note")
        flag(other, post, reason="unsafe_advice", note="Someone else's note")
        db.session.commit()
        post_id = post.id
    auth.login("flag_exporter")

    response = client.post("/account/export")

    files = read_zip(response.data)
    data = checked_data(files)
    [mine] = data["flags"]
    assert (mine["post_id"], mine["reason"]) == (post_id, "unsafe_advice")
    assert mine["note"] == "Dangerous advice, my note" and mine["status"] == "open"
    everything = b"".join(files.values())
    assert b"Someone else's note" not in everything
    assert b"flag_other" not in everything and b"flag-other@example.org" not in everything
    assert "flags" in files["README.txt"].decode()
