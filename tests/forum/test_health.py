"""``GET /health`` tells a load balancer whether this host can serve."""

from __future__ import annotations


def test_healthy_when_the_database_answers(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_unavailable_when_the_database_does_not(app, make_app, tmp_path):
    (tmp_path / "gone.db").mkdir()  # a directory where the database should be: can't be opened
    broken = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'gone.db'}")
    response = broken.test_client().get("/health")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}
    assert response.headers["Retry-After"] == "10"
