"""The export through the API: the same ZIP, the same queue, the same words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from forum.export import worker
from forum.export.jobs import EXPIRED_WORDS, NOT_READY_WORDS, QUEUED_WORDS
from forum.extensions import db
from forum.models import ExportJob, Post, User
from forum.models.timestamps import utcnow
from forum.services.accounts import issue_token
from tests.factories import make_post, make_user
from tests.forum.api_helpers import bearer, check_answer
from tests.forum.export_helpers import checked_data, read_zip
from tests.forum.test_openapi import assert_fits


@pytest.fixture
def small_app(make_app, tmp_path):
    return make_app(EXPORT_DIR=str(tmp_path / "exports"), EXPORT_INLINE_MAX=1)


def _member(app, username: str, posts: int = 0) -> str:
    with app.app_context():
        user = make_user(username)
        if posts:
            db.session.execute(
                insert(Post),
                [
                    {"author_id": user.id, "kind": "hack", "title": f"Post {n}",
                     "body": "Words.", "body_html": "<p>Words.</p>"}
                    for n in range(posts)
                ],
            )  # fmt: skip
            db.session.commit()
        return issue_token(user, label="exporter")


def _bytes(response) -> bytes:
    data = response.get_data()
    response.close()
    return data


def test_a_small_export_is_the_zip_at_once(app, client):
    token = _member(app, "api_ex_small")
    with app.app_context():
        make_post(
            db.session.scalar(select(User).where(User.username == "api_ex_small")),
            title="My own post",
        )

    response = client.post("/api/v1/export", headers=bearer(token))

    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="middle-ground-api_ex_small-'
    )
    data = checked_data(read_zip(_bytes(response)))
    assert [p["title"] for p in data["posts"]] == ["My own post"]
    assert data["sign_ins"]["api_tokens"][0]["label"] == "exporter"


def test_a_large_export_is_queued_then_downloaded(small_app):
    client = small_app.test_client()
    token = _member(small_app, "api_ex_large", posts=3)

    queued = client.post("/api/v1/export", headers=bearer(token))
    check_answer(queued)
    assert queued.status_code == 202
    assert_fits(queued.json, "/api/v1/export", "post", 202)
    export = queued.json["export"]
    assert queued.json["message"] == QUEUED_WORDS
    assert export["status"] == "queued" and export["download_url"] is None
    assert queued.headers["Location"] == export["url"] == f"/api/v1/export/{export['id']}"

    again = client.post("/api/v1/export", headers=bearer(token))
    assert again.status_code == 202 and again.json["export"]["id"] == export["id"]

    early = client.get(f"{export['url']}/download", headers=bearer(token))
    check_answer(early)
    assert early.status_code == 409 and early.json["error"]["message"] == NOT_READY_WORDS
    assert_fits(early.json, "/api/v1/export/{job_id}/download", "get", 409)

    with small_app.app_context():
        worker.run(utcnow())

    told = client.get("/api/v1/notifications", headers=bearer(token)).json["notifications"]
    assert [(n["kind"], n["data"]["export_id"]) for n in told] == [("export", export["id"])]
    status = client.get(export["url"], headers=bearer(token))
    check_answer(status)
    assert_fits(status.json, "/api/v1/export/{job_id}", "get", 200)
    ready = status.json["export"]
    assert ready["status"] == "ready" and ready["size"] > 0
    assert ready["download_url"] == f"/api/v1/export/{export['id']}/download"
    download = client.get(ready["download_url"], headers=bearer(token))
    assert download.status_code == 200
    assert "no-store" in download.headers["Cache-Control"]
    assert len(checked_data(read_zip(_bytes(download)))["posts"]) == 3

    with small_app.app_context():
        worker.run(utcnow() + timedelta(hours=25))
    expired = client.get(ready["download_url"], headers=bearer(token))
    check_answer(expired)
    assert expired.status_code == 410 and expired.json["error"]["message"] == EXPIRED_WORDS
    assert expired.json["error"]["code"] == "gone"
    assert_fits(expired.json, "/api/v1/export/{job_id}/download", "get", 410)
    assert client.get(export["url"], headers=bearer(token)).json["export"]["status"] == "expired"


def test_someone_elses_export_is_not_found(small_app):
    client = small_app.test_client()
    owner = _member(small_app, "api_ex_owner", posts=3)
    snoop = _member(small_app, "api_ex_snoop")
    job_id = client.post("/api/v1/export", headers=bearer(owner)).json["export"]["id"]
    with small_app.app_context():
        worker.run(utcnow())

    for path in (f"/api/v1/export/{job_id}", f"/api/v1/export/{job_id}/download"):
        response = client.get(path, headers=bearer(snoop))
        check_answer(response)
        assert response.status_code == 404
    assert client.get("/api/v1/export/99999999999", headers=bearer(snoop)).status_code == 404


def test_without_a_token_nothing_is_exported(small_app):
    client = small_app.test_client()

    response = client.post("/api/v1/export")

    check_answer(response)
    assert response.status_code == 401
    with small_app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ExportJob)) == 0


def test_asking_on_the_page_and_through_the_api_count_together(make_app):
    from tests.moderation.helpers import setup_cast, sign_in, token_for
    from tests.ratelimits import assert_friendly_429, limited_app

    app = limited_app(make_app, export="1 per minute")
    setup_cast(app, "member")
    web = sign_in(app.test_client(), "member")
    assert web.post("/account/export").status_code == 200

    response = app.test_client().post("/api/v1/export", headers=bearer(token_for(app, "member")))

    assert_friendly_429(response, "asked for your data several times")
