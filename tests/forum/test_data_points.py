"""Entering a measure's data on its page (no JavaScript) and through the API:
who may, the CSV paste's rules and words, and nothing changed on bad input."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import DataPoint
from forum.services.accounts import issue_token
from tests.factories import make_post, make_user
from tests.runchart_factories import make_measure


def _world(app, values=(3, 4, 5)):
    with app.app_context():
        author = make_user("author")
        make_user("stranger")
        post = make_post(author, kind="change_idea", title="Morning huddle before clinic")
        measure = make_measure(post, "Missed labs", unit="labs", values=values)
        return post.id, measure.id, issue_token(author)


def _points(app, measure_id) -> dict[str, float]:
    with app.app_context():
        rows = db.session.execute(
            select(DataPoint.observed_on, DataPoint.value).where(DataPoint.measure_id == measure_id)
        )
        return {d.isoformat(): v for d, v in rows}


def _page(post_id, measure_id) -> str:
    return f"/posts/{post_id}/measures/{measure_id}/data"


def test_the_author_pastes_csv_with_a_header_and_reads_what_was_added_and_replaced(
    app, client, auth
):
    post_id, measure_id, _ = _world(app)
    auth.login("author")
    answer = client.post(
        _page(post_id, measure_id) + "/csv",
        data={"csv": 'date,value,note\n2025-01-06,9,"re-counted, twice"\n2025-06-02,2\n\n'},
        follow_redirects=True,
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "1 added, 1 replaced." in page
    assert "re-counted, twice" in page
    assert _points(app, measure_id)["2025-01-06"] == 9
    assert _points(app, measure_id)["2025-06-02"] == 2


def test_a_bad_line_saves_nothing_names_every_bad_line_and_keeps_the_text(app, client, auth):
    post_id, measure_id, _ = _world(app)
    before = _points(app, measure_id)
    auth.login("author")
    pasted = "2025-06-02,4\n2025-06-09,abc\n3/4/2025,5\n2025-02-30,1\n2025-06-02,6"
    answer = client.post(_page(post_id, measure_id) + "/csv", data={"csv": pasted})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Line 2: &#39;abc&#39; is not a number." in page
    assert "Line 3: &#39;3/4/2025&#39; could be read two ways" in page
    assert "Line 4: &#39;2025-02-30&#39; is not a real date." in page
    assert "Line 5: 2025-06-02 is already on line 1." in page
    assert "2025-06-09,abc" in page  # the pasted text is kept in the box
    assert _points(app, measure_id) == before


def test_more_than_500_lines_are_refused_in_words(app, client, auth):
    post_id, measure_id, _ = _world(app)
    auth.login("author")
    lines = "\n".join(f"2020-01-01,{i}" for i in range(501))
    answer = client.post(_page(post_id, measure_id) + "/csv", data={"csv": lines})
    assert answer.status_code == 400
    assert "Paste at most 500 lines at a time (this has 501)." in answer.get_data(as_text=True)


def test_one_point_by_form_with_messages_beside_the_fields(app, client, auth):
    post_id, measure_id, _ = _world(app)
    auth.login("author")
    bad = client.post(
        _page(post_id, measure_id), data={"observed_on": "", "value": "lots", "note": "x" * 201}
    )
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "The date is missing." in page
    assert "&#39;lots&#39; is not a number." in page
    assert "The note can be at most 200 characters" in page
    good = client.post(
        _page(post_id, measure_id),
        data={"observed_on": "2025-05-05", "value": "-2.5", "note": "bank holiday"},
        follow_redirects=True,
    )
    assert "1 added." in good.get_data(as_text=True)
    assert _points(app, measure_id)["2025-05-05"] == -2.5


def test_deleting_a_point(app, client, auth):
    post_id, measure_id, _ = _world(app)
    with app.app_context():
        point_id = db.session.scalar(
            select(func.min(DataPoint.id)).where(DataPoint.measure_id == measure_id)
        )
    auth.login("author")
    answer = client.post(f"{_page(post_id, measure_id)}/{point_id}/delete", follow_redirects=True)
    assert "The point of 6 January 2025 is deleted." in answer.get_data(as_text=True)
    assert "2025-01-06" not in _points(app, measure_id)


def test_nobody_else_may_enter_data_and_the_post_page_offers_the_link_only_to_the_author(
    app, client, auth
):
    post_id, measure_id, _ = _world(app)
    assert "Add or change data" not in client.get(f"/posts/{post_id}").get_data(as_text=True)
    auth.login("stranger")
    assert client.get(_page(post_id, measure_id)).status_code == 403
    assert (
        client.post(_page(post_id, measure_id) + "/csv", data={"csv": "2025-06-02,1"}).status_code
        == 403
    )
    assert "2025-06-02" not in _points(app, measure_id)
    auth.logout()
    auth.login("author")
    assert "Add or change data" in client.get(f"/posts/{post_id}").get_data(as_text=True)
    assert client.get(f"/posts/{post_id}/measures/{measure_id + 99}/data").status_code == 404


# ---------- the API ----------


def test_the_api_reads_points_with_the_analysis(app, client):
    values = [3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 8, 9, 8, 9, 8, 9]
    _, measure_id, _ = _world(app, values)
    body = client.get(f"/api/v1/measures/{measure_id}/points").json
    assert len(body["points"]) == 16 and body["measure"]["name"] == "Missed labs"
    analysis = body["analysis"]
    assert analysis["median"] == 4 and analysis["enough_points"]
    shift = [s for s in analysis["signals"] if s["rule"] == "shift"]
    assert shift and shift[0]["start_date"] == "2025-03-17"
    assert any(w.startswith("Shift: 6 points in a row above") for w in analysis["words"])


def test_the_api_adds_a_list_or_csv_with_the_pages_words(app, client):
    _, measure_id, token = _world(app)
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/measures/{measure_id}/points"
    added = client.post(url, json=[{"date": "2025-06-02", "value": 7}], headers=headers)
    assert added.status_code == 201 and added.json["added"] == 1
    csv = client.post(url, json={"csv": "2025-06-02,8\n2025-06-09,1"}, headers=headers)
    assert (csv.json["added"], csv.json["replaced"]) == (1, 1)
    bad = client.post(url, json={"csv": "2025-06-16,abc"}, headers=headers)
    assert bad.status_code == 400
    assert "Line 1: 'abc' is not a number." in bad.json["error"]["fields"]["csv"]
    bad_item = client.post(url, json={"points": [{"date": "soon", "value": 1}]}, headers=headers)
    assert "Point 1: 'soon' is not a date" in bad_item.json["error"]["fields"]["points"]
    assert "2025-06-16" not in _points(app, measure_id)
    point_id = csv.json["points"][-1]["id"]
    gone = client.delete(f"/api/v1/points/{point_id}", headers=headers)
    assert gone.status_code == 200 and gone.json["deleted"] is True
    assert client.delete(f"/api/v1/points/{point_id}", headers=headers).status_code == 404


def test_the_api_refuses_others_and_unknown_measures(app, client):
    _, measure_id, _ = _world(app)
    with app.app_context():
        stranger = issue_token(make_user("another"))
    answer = client.post(
        f"/api/v1/measures/{measure_id}/points",
        json=[{"date": "2025-06-02", "value": 7}],
        headers={"Authorization": f"Bearer {stranger}"},
    )
    assert answer.status_code == 403
    assert client.get(f"/api/v1/measures/{measure_id + 50}/points").status_code == 404
