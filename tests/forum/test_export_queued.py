"""A large export: queued, built by the worker, announced by a notification
whose link works for its owner only, until it expires."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from forum.export import worker
from forum.extensions import db
from forum.models import ExportJob, Notification, Post, User
from forum.models.timestamps import utcnow
from tests.conftest import AuthActions
from tests.factories import make_post, make_user
from tests.forum.export_helpers import checked_data, read_zip
from tests.pages import page_text


@pytest.fixture
def auth_for():
    """A client of ``app`` and its sign-in helper."""

    def make(app):
        client = app.test_client()
        return client, AuthActions(client)

    return make


def _bulk_posts(user: User, count: int) -> None:
    """``count`` posts in one statement: the export is under test, not posting."""
    db.session.execute(
        insert(Post),
        [
            {
                "author_id": user.id,
                "kind": "hack",
                "title": f"Bulk post number {n}",
                "body": f"What we did, time {n}.",
                "body_html": f"<p>What we did, time {n}.</p>",
            }
            for n in range(1, count + 1)
        ],
    )
    db.session.commit()


def _run_worker(app, now=None) -> int:
    with app.app_context():
        return worker.run(now or utcnow())


def _queue(client) -> None:
    response = client.post("/account/export")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account#export"


def _fetch(client, link: str):
    """GET ``link``, read it and close it (a download streams the file)."""
    response = client.get(link)
    response.get_data()
    response.close()
    return response


def _link(app, username: str) -> str:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        job = db.session.scalar(select(ExportJob).where(ExportJob.user_id == user.id))
        return f"/account/export/{job.token}"


def test_a_member_with_a_thousand_posts_gets_them_all_through_the_worker(
    make_app, tmp_path, auth_for
):
    app = make_app(EXPORT_DIR=str(tmp_path / "exports"))
    client, auth = auth_for(app)
    with app.app_context():
        _bulk_posts(make_user("ex_prolific"), 1000)
    auth.login("ex_prolific")

    _queue(client)
    assert "preparing your export in the background" in page_text(client.get("/account"))
    assert _run_worker(app) == 1

    notifications = client.get("/notifications")
    link = _link(app, "ex_prolific")
    assert "Your data export is ready" in page_text(notifications)
    assert f'href="{link}"' in notifications.text
    download = _fetch(client, link)
    assert download.status_code == 200
    assert "no-store" in download.headers["Cache-Control"]  # never kept by a cache
    assert download.headers["Content-Disposition"].startswith(
        'attachment; filename="middle-ground-ex_prolific-'
    )
    files = read_zip(download.data)
    markdown = [name for name in files if name.startswith("posts/") and name.endswith(".md")]
    assert len(markdown) == 1000
    data = checked_data(files)
    assert len(data["posts"]) == 1000
    assert {p["title"] for p in data["posts"]} == {f"Bulk post number {n}" for n in range(1, 1001)}
    [written] = list((tmp_path / "exports").iterdir())
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_one_queued_export_per_member(make_app, tmp_path, auth_for):
    app = make_app(EXPORT_DIR=str(tmp_path / "exports"), EXPORT_INLINE_MAX=1)
    client, auth = auth_for(app)
    with app.app_context():
        _bulk_posts(make_user("ex_twice"), 2)
    auth.login("ex_twice")

    _queue(client)
    _queue(client)

    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ExportJob)) == 1
    page = client.get("/account")
    assert "Your export is being prepared" in page_text(page)
    assert "Download my data" not in page.text


def test_the_link_says_so_before_it_is_ready_and_after_it_expires(make_app, tmp_path, auth_for):
    app = make_app(EXPORT_DIR=str(tmp_path / "exports"), EXPORT_INLINE_MAX=1, EXPORT_LINK_HOURS=24)
    client, auth = auth_for(app)
    with app.app_context():
        _bulk_posts(make_user("ex_expiring"), 2)
    auth.login("ex_expiring")
    _queue(client)
    link = _link(app, "ex_expiring")

    waiting = client.get(link)
    assert waiting.status_code == 200
    assert "still being prepared" in page_text(waiting)

    _run_worker(app)
    assert _fetch(client, link).status_code == 200
    assert "Your export is ready" in page_text(client.get("/account"))
    folder = Path(tmp_path / "exports")
    assert len(list(folder.iterdir())) == 1

    _run_worker(app, utcnow() + timedelta(hours=25))

    gone = client.get(link)
    assert gone.status_code == 410
    assert "This download link has expired" in page_text(gone)
    assert list(folder.iterdir()) == []
    assert "Download my data" in client.get("/account").text  # they may ask again


def test_the_link_is_expired_at_its_hour_even_before_the_worker_comes(make_app, tmp_path, auth_for):
    app = make_app(EXPORT_DIR=str(tmp_path / "exports"), EXPORT_INLINE_MAX=1)
    client, auth = auth_for(app)
    with app.app_context():
        _bulk_posts(make_user("ex_late"), 2)
    auth.login("ex_late")
    _queue(client)
    _run_worker(app)
    with app.app_context():
        job = db.session.scalar(select(ExportJob))
        job.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()

    assert client.get(_link(app, "ex_late")).status_code == 410


def test_someone_elses_link_is_not_found(make_app, tmp_path, auth_for):
    app = make_app(EXPORT_DIR=str(tmp_path / "exports"), EXPORT_INLINE_MAX=1)
    client, auth = auth_for(app)
    with app.app_context():
        _bulk_posts(make_user("ex_linkowner"), 2)
        make_user("ex_snoop")
    auth.login("ex_linkowner")
    _queue(client)
    _run_worker(app)
    link = _link(app, "ex_linkowner")
    auth.logout()

    assert client.get(link).status_code == 302  # a visitor is asked to sign in
    auth.login("ex_snoop")
    assert client.get(link).status_code == 404
    assert client.get("/account/export/not-a-token").status_code == 404


def test_the_notification_is_only_the_owners(make_app, tmp_path, auth_for):
    app = make_app(EXPORT_DIR=str(tmp_path / "exports"), EXPORT_INLINE_MAX=1)
    client, auth = auth_for(app)
    with app.app_context():
        owner = make_user("ex_told")
        owner_id = owner.id
        _bulk_posts(owner, 2)
        make_post(make_user("ex_bystander"))
    auth.login("ex_told")
    _queue(client)
    _run_worker(app)

    with app.app_context():
        # (The owner's sign-in from a new browser brought its own notice.)
        told = db.session.execute(
            select(Notification.user_id, Notification.kind).where(Notification.kind == "export")
        ).all()
        assert told == [(owner_id, "export")]


def test_files_no_export_names_are_swept_and_a_ready_one_is_kept(make_app, tmp_path, auth_for):
    folder = tmp_path / "exports"
    app = make_app(EXPORT_DIR=str(folder), EXPORT_INLINE_MAX=1, EXPORT_LINK_HOURS=48)
    client, auth = auth_for(app)
    with app.app_context():
        _bulk_posts(make_user("ex_kept"), 2)
    auth.login("ex_kept")
    _queue(client)
    _run_worker(app)
    [ready] = list(folder.iterdir())
    stray = folder / "left-by-a-deleted-account.zip"
    stray.write_bytes(b"old words")
    half = folder / "a-dead-worker.zip.part"
    half.write_bytes(b"half")

    _run_worker(app)  # both are new: one may still be being written
    assert {p.name for p in folder.iterdir()} == {ready.name, stray.name, half.name}

    _run_worker(app, utcnow() + timedelta(hours=24))

    assert list(folder.iterdir()) == [ready]  # within its 48 hours
    assert _fetch(client, _link(app, "ex_kept")).status_code == 200


def test_the_export_reads_posts_in_batches_not_one_by_one(app):
    """Statements grow with batches of 200 posts, never with each post (no N+1)."""
    import io

    from forum.export import builder
    from tests.sql import statements

    counts = {}
    for name, count in (("ex_few", 10), ("ex_many", 400)):
        with app.app_context():
            user = make_user(name)
            _bulk_posts(user, count)
        with statements(app) as seen, app.app_context():
            user = db.session.scalar(select(User).where(User.username == name))
            builder.build(user, io.BytesIO(), utcnow())
        counts[name] = len(seen)

    assert counts["ex_many"] - counts["ex_few"] <= 8  # one more batch of 200
    assert counts["ex_many"] < 40
