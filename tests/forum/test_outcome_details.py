"""A richer "I tried this": how long, the age band, whether the care team knew,
"made it worse" as its own answer; the tally in words under three reports and a
bar with a legend from three; "people like you" for members who said who they are."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Condition, OutcomeReport, Post, User
from forum.services.accounts import issue_token
from tests.factories import make_outcome, make_post, make_user
from tests.forum.api_helpers import Api, snapshot
from tests.forum.test_query_budget import BUDGET, _fill, _measure
from tests.pages import page_text


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def post_id(app) -> int:
    with app.app_context():
        dana = make_user("dana")
        make_user("eli", care_age_band="6-11")
        return make_post(dana, title="Standing bathroom pass at school").id


def _report(app) -> tuple:
    with app.app_context():
        report = db.session.scalars(select(OutcomeReport)).one()
        post = db.session.get(Post, report.post_id)
        return (
            report.result, report.duration, report.age_band, report.care_team_knew,
            post.outcome_worse, post.outcome_stopped,
        )  # fmt: skip


def test_a_report_keeps_its_details_and_the_notes_show_them(app, client, auth, post_id):
    auth.login("eli")
    form = page_text(client.get(f"/posts/{post_id}"))
    assert ">It made things worse or caused side effects</label>" in form
    # A first report starts from the member's own age band.
    assert re.search(r'checked id="age_band-\d" name="age_band" type="radio" value="6-11"', form)
    response = client.post(
        f"/posts/{post_id}/outcomes",
        data={"result": "worse", "duration": "weeks", "age_band": "6-11",
              "care_team_knew": "yes", "note": "Tummy aches after two weeks."},
    )  # fmt: skip
    assert response.status_code == 302
    assert _report(app) == ("worse", "weeks", "6-11", "yes", 1, 0)
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "1 report: made it worse" in page
    assert "Tried for: a few weeks · Age: 6 to 11 · The care team knew" in page


def test_not_saying_is_kept_as_not_said_and_an_update_can_take_a_detail_back(
    app, client, auth, post_id
):
    auth.login("eli")
    data = {"result": "worked", "duration": "months", "age_band": "6-11", "care_team_knew": "no"}
    client.post(f"/posts/{post_id}/outcomes", data=data)
    client.post(
        f"/posts/{post_id}/outcomes",
        data={**data, "result": "stopped", "duration": "", "care_team_knew": ""},
    )
    assert _report(app) == ("stopped", None, "6-11", None, 0, 1)


@pytest.mark.parametrize(
    ("field", "value"), [("duration", "forever"), ("age_band", "40"), ("care_team_knew", "maybe")]
)
def test_an_unknown_detail_is_a_clear_error_and_nothing_is_saved(
    app, client, auth, post_id, field, value
):
    auth.login("eli")
    before = snapshot(app)
    response = client.post(f"/posts/{post_id}/outcomes", data={"result": "worked", field: value})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_the_api_takes_the_details_and_an_age_band_left_out_is_the_profiles(app, api, post_id):
    with app.app_context():
        eli = db.session.scalar(select(User).where(User.username == "eli"))
        token = issue_token(eli)
    path = f"/api/v1/posts/{post_id}/outcomes"
    first = api.post(path, {"result": "worse", "duration": "days"}, token=token)
    assert first.status_code == 201
    outcome = first.json["outcome"]
    assert (outcome["result"], outcome["duration"], outcome["age_band"]) == (
        "worse",
        "days",
        "6-11",
    )
    assert outcome["care_team_knew"] is None
    # null says "not said", even with a band on the profile.
    again = api.post(path, {"result": "partly", "age_band": None}, token=token)
    assert again.status_code == 200 and again.json["outcome"]["age_band"] is None
    counts = api.get(f"/api/v1/posts/{post_id}").json["post"]["outcomes"]
    assert counts == {
        "worked": 0,
        "partly": 1,
        "no_effect": 0,
        "worse": 0,
        "stopped": 0,
        "total": 1,
    }
    bad = api.post(path, {"result": "worked", "duration": "forever"}, token=token)
    assert bad.status_code == 400 and "duration" in bad.json["error"]["fields"]


def _tally(client, post_id: int) -> str:
    html = client.get(f"/posts/{post_id}").get_data(as_text=True)
    return html.split('id="outcomes-title"')[1].split("</div>")[0]


def test_fewer_than_three_reports_are_words_not_a_bar(app, client, post_id):
    with app.app_context():
        post = db.session.get(Post, post_id)
        make_outcome(post, result="no_effect")
    one = _tally(client, post_id)
    assert "1 report: no effect" in one
    assert "outcome-bar" not in one
    with app.app_context():
        make_outcome(db.session.get(Post, post_id), result="no_effect")
    assert "2 reports: 2 no effect" in _tally(client, post_id)
    assert "outcome-bar" not in _tally(client, post_id)


def test_three_reports_draw_the_bar_with_a_legend_of_counts(app, client, post_id):
    with app.app_context():
        post = db.session.get(Post, post_id)
        for result in ("worked", "worked", "worse"):
            make_outcome(post, result=result)
    html = client.get(f"/posts/{post_id}").get_data(as_text=True)
    section = html.split('id="outcomes-title"')[1].split("</section>")[0]
    assert "3 tried it · 2 worked · 1 made it worse" in section
    assert 'class="outcome-bar"' in section
    legend = section.split('class="outcome-legend"')[1].split("</ul>")[0]
    items = re.findall(r'<li class="legend-(\w+)">([^<]+)</li>', legend)
    assert items == [
        ("worked", "It worked: 2"),
        ("worse", "It made things worse or caused side effects: 1"),
    ]


# ---------- people like you ----------


@pytest.fixture
def like_me(app) -> dict:
    """A post about Crohn's with reports from three people caring for 6-11s
    (two say it worked) and one caring for a toddler; Fran cares for a 6-11
    and follows IBD, a parent of Crohn's disease."""
    with app.app_context():
        author = make_user("dana")
        post = make_post(
            author, title="Enteral nutrition with a straw cup", conditions=["crohns-disease"]
        )
        for name, band, result in [
            ("r1", "6-11", "worked"), ("r2", "6-11", "worked"), ("r3", "6-11", "no_effect"),
            ("r4", "under-2", "worked"),
        ]:  # fmt: skip
            make_outcome(post, make_user(name, care_age_band=band), result=result)
        ibd = db.session.scalar(select(Condition).where(Condition.slug == "ibd"))
        fran = make_user("fran", care_age_band="6-11")
        fran.conditions = [ibd]
        make_user("gus", care_age_band="6-11")  # no conditions
        db.session.commit()
        return {"post": post.id}


LINE = "People like you: 2 of 3 said it worked"


def test_people_like_you_on_the_post_page_and_its_card(client, auth, like_me):
    auth.login("fran")
    assert LINE in page_text(client.get(f"/posts/{like_me['post']}"))
    assert LINE in page_text(client.get("/"))
    assert LINE in page_text(client.get("/conditions/ibd"))


@pytest.mark.parametrize("who", [None, "gus", "dana"])
def test_no_people_like_you_without_a_band_and_conditions(client, auth, like_me, who):
    if who:
        auth.login(who)
    assert "People like you" not in page_text(client.get(f"/posts/{like_me['post']}"))
    assert "People like you" not in page_text(client.get("/"))


def test_people_like_you_is_not_cached_into_anyone_elses_card(client, auth, like_me):
    auth.login("fran")
    assert LINE in page_text(client.get("/"))
    auth.logout()
    auth.login("gus")
    assert "People like you" not in page_text(client.get("/"))


def test_pages_cost_the_same_few_queries_for_a_member_like_the_reporters(app, client, auth):
    """The budget of test_query_budget, for a viewer with a band and conditions."""
    with app.app_context():
        reader = make_user("reader", care_age_band="6-11")
        reader.conditions = db.session.scalars(
            select(Condition).where(Condition.slug.in_(["asthma", "ibd"]))
        ).all()
        db.session.commit()
    auth.login("reader")
    few = _measure(app, client, _fill(app, 2, "a"))
    many = _measure(app, client, _fill(app, 25, "b"))
    assert {page: n for page, (n, _) in many.items()} == {page: n for page, (n, _) in few.items()}
    assert max(n for n, _ in many.values()) <= BUDGET, " ".join(
        f"{p}={n}" for p, (n, _) in many.items()
    )
    assert not [(page, writes) for page, (_, writes) in many.items() if writes]
