"""Questions that behave like questions: asked from anywhere, answers the asker
marks "this helped" (listed first, counted), unanswered ones listed per
condition, and no "I tried this" on a question."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Comment, OutcomeReport, Post
from forum.services.accounts import issue_token
from tests.factories import make_comment, make_post, make_user
from tests.forum.api_helpers import Api, snapshot
from tests.forum.picker_helpers import ticked
from tests.pages import card_titles, page_text


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def question(app) -> dict:
    """Asha asks about asthma; Ben answers, then Cleo; Asha thanks them herself."""
    with app.app_context():
        asha, ben, cleo = make_user("asha"), make_user("ben"), make_user("cleo")
        post = make_post(
            asha,
            kind="question",
            title="Spacers at nursery: who holds them?",
            conditions=["asthma"],
        )
        first = make_comment(post, ben, "Our nursery keeps one in the medicine box.")
        second = make_comment(post, cleo, "We send a spare in the bag, labelled.")
        own = make_comment(post, asha, "Thank you both!")
        return {
            "post": post.id,
            "first": first.id,
            "second": second.id,
            "own": own.id,
            "token": issue_token(asha),
            "ben_token": issue_token(ben),
        }


def _helped(app, comment_id: int) -> tuple[bool, int]:
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        return comment.helped, comment.post.helped_count


def _comment_order(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li id="comment-(\d+)"', html)]


# ---------- asking ----------


def test_ask_a_question_is_in_the_navigation_and_preselects_the_kind(client, auth, app):
    with app.app_context():
        make_user("dev")
    home = page_text(client.get("/"))
    assert (
        'href="/posts/new?kind=question">Ask<span class="wide-only"> a question</span></a>' in home
    )
    auth.login("dev")
    page = page_text(client.get("/posts/new?kind=question&condition=asthma"))
    assert ">Ask a question</h1>" in page
    assert re.search(r'checked id="kind-\d" name="kind" type="radio" value="question"', page)
    assert ticked(page) == ["asthma"]
    # Any other kind, or none, leaves the form as it was.
    plain = page_text(client.get("/posts/new?kind=nonsense"))
    assert ">Share what worked</h1>" in plain and "checked" not in plain


def test_a_condition_page_offers_to_ask_and_counts_its_unanswered_questions(client, app):
    with app.app_context():
        asha, ben = make_user("asha"), make_user("ben")
        waiting = make_post(
            asha, kind="question", title="Nebuliser at night?", conditions=["asthma"]
        )
        make_comment(waiting, asha, "Adding: he is 4.")  # the asker's own words answer nothing
        answered = make_post(asha, kind="question", title="Peak flow apps?", conditions=["asthma"])
        make_comment(answered, ben, "We use a paper chart.")
        make_post(asha, kind="hack", title="A spacer mask with stickers", conditions=["asthma"])
    page = page_text(client.get("/conditions/asthma"))
    assert 'href="/posts/new?kind=question&amp;condition=asthma"' in client.get(
        "/conditions/asthma"
    ).get_data(as_text=True)
    assert "Ask a question about Asthma" in page
    assert "Unanswered questions (1)" in page

    listed = client.get("/conditions/asthma/unanswered")
    assert listed.status_code == 200
    assert card_titles(listed) == ["Nebuliser at night?"]
    assert "Unanswered questions about Asthma (1)" in page_text(listed)
    assert card_titles(client.get("/questions/unanswered")) == ["Nebuliser at night?"]
    assert client.get("/conditions/no-such-thing/unanswered").status_code == 404


def test_a_held_or_hidden_answer_leaves_the_question_unanswered(client, app):
    with app.app_context():
        asha, ben = make_user("asha"), make_user("ben")
        post = make_post(
            asha, kind="question", title="Inhaler on school trips?", conditions=["asthma"]
        )
        comment = make_comment(post, ben, "Ask the teacher to carry it.")
        comment.status = "hidden"
        db.session.commit()
    assert card_titles(client.get("/questions/unanswered")) == ["Inhaler on school trips?"]


def test_the_home_page_links_to_the_unanswered_questions(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/questions/unanswered">Unanswered questions</a>' in html
    filtered = client.get("/?condition=asthma").get_data(as_text=True)
    assert 'href="/conditions/asthma/unanswered">Unanswered questions about Asthma</a>' in filtered


# ---------- no "I tried this" on a question ----------


def test_a_question_has_no_outcome_form_or_tally(client, auth, question):
    auth.login("ben")
    page = page_text(client.get(f"/posts/{question['post']}"))
    assert "I tried this" not in page
    assert 'name="result"' not in page
    assert "No one has reported trying this yet" not in page


def test_the_web_refuses_a_report_on_a_question_and_changes_nothing(app, client, auth, question):
    auth.login("ben")
    before = snapshot(app)
    response = client.post(f"/posts/{question['post']}/outcomes", data={"result": "worked"})
    assert response.status_code == 409
    assert "Questions don't take “I tried this” reports" in page_text(response)
    assert snapshot(app) == before


def test_the_api_refuses_a_report_on_a_question_and_changes_nothing(app, api, question):
    before = snapshot(app)
    response = api.post(
        f"/api/v1/posts/{question['post']}/outcomes",
        {"result": "worked"},
        token=question["ben_token"],
    )
    assert response.status_code == 409
    assert "Answer with a comment instead" in response.json["error"]["message"]
    assert snapshot(app) == before


# ---------- "this helped" ----------


def test_the_asker_marks_an_answer_that_helped_and_it_comes_first(app, client, auth, question):
    auth.login("asha")
    page = client.get(f"/posts/{question['post']}").get_data(as_text=True)
    assert _comment_order(page) == [question["first"], question["second"], question["own"]]
    assert page.count('class="helped-form"') == 2  # not on her own comment

    response = client.post(f"/comments/{question['second']}/helped", data={"helped": "yes"})
    assert response.status_code == 302
    assert f"comment={question['second']}" in response.headers["Location"]
    assert _helped(app, question["second"]) == (True, 1)

    page = client.get(f"/posts/{question['post']}").get_data(as_text=True)
    assert _comment_order(page) == [question["second"], question["first"], question["own"]]
    first_item = page.split(f'<li id="comment-{question["second"]}"')[1].split("</li>")[0]
    assert "Helped the asker" in first_item
    assert "1 answer helped" in page
    # Everyone sees it, and the question's card says so too.
    auth.logout()
    assert "Helped the asker" in client.get(f"/posts/{question['post']}").get_data(as_text=True)
    card = client.get("/?kind=question").get_data(as_text=True)
    assert "1 answer helped" in card


def test_sending_yes_twice_keeps_it_marked_and_no_takes_it_back(app, client, auth, question):
    auth.login("asha")
    for _ in range(2):
        client.post(f"/comments/{question['first']}/helped", data={"helped": "yes"})
    assert _helped(app, question["first"]) == (True, 1)
    client.post(f"/comments/{question['first']}/helped", data={"helped": "no"})
    assert _helped(app, question["first"]) == (False, 0)
    assert "answer helped" not in client.get(f"/posts/{question['post']}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("ben", "second", 403),  # not the asker
        ("asha", "own", 409),  # her own comment
    ],
)
def test_only_the_asker_marks_and_only_others_answers(
    app, client, auth, question, who, target, status
):
    auth.login(who)
    before = snapshot(app)
    response = client.post(f"/comments/{question[target]}/helped", data={"helped": "yes"})
    assert response.status_code == status
    assert snapshot(app) == before
    assert _helped(app, question[target]) == (False, 0)


def test_answers_on_other_kinds_of_post_cannot_be_marked(app, client, auth):
    with app.app_context():
        asha = make_user("asha")
        post = make_post(asha, title="A spacer mask with stickers")
        comment_id = make_comment(post, make_user("ben"), "Lovely idea.").id
    auth.login("asha")
    response = client.post(f"/comments/{comment_id}/helped", data={"helped": "yes"})
    assert response.status_code == 409
    assert "Only answers to a question" in page_text(response)
    assert _helped(app, comment_id)[0] is False


def test_a_garbled_helped_value_is_a_clear_400(app, client, auth, question):
    auth.login("asha")
    response = client.post(f"/comments/{question['first']}/helped", data={"helped": "maybe"})
    assert response.status_code == 400
    assert _helped(app, question["first"]) == (False, 0)


def test_a_helped_answer_deleted_by_its_author_stops_counting(app, client, auth, question):
    auth.login("asha")
    client.post(f"/comments/{question['first']}/helped", data={"helped": "yes"})
    auth.logout()
    auth.login("ben")
    assert client.post(f"/comments/{question['first']}/delete").status_code == 302
    assert _helped(app, question["first"]) == (True, 0)
    assert "answer helped" not in client.get(f"/posts/{question['post']}").get_data(as_text=True)


def test_the_asker_marks_through_the_api_and_comments_say_helped(app, api, question):
    path = f"/api/v1/comments/{question['first']}/helped"
    response = api.post(path, {"helped": True}, token=question["token"])
    assert response.status_code == 200
    assert response.json["comment"]["helped"] is True
    post = api.get(f"/api/v1/posts/{question['post']}").json["post"]
    assert post["answers_helped"] == 1

    refused = api.post(path, {"helped": False}, token=question["ben_token"])
    assert refused.status_code == 403
    missing = api.post(path, {}, token=question["token"])
    assert missing.status_code == 400 and "helped" in missing.json["error"]["fields"]
    assert _helped(app, question["first"]) == (True, 1)
    assert (
        api.post(path, {"helped": False}, token=question["token"]).json["comment"]["helped"]
        is False
    )


def test_an_answer_on_a_hidden_question_is_not_found(app, api, question):
    with app.app_context():
        db.session.get(Post, question["post"]).status = "hidden"
        db.session.commit()
    path = f"/api/v1/comments/{question['first']}/helped"
    assert api.post(path, {"helped": True}, token=question["ben_token"]).status_code == 404


def test_no_outcome_rows_come_from_a_question(app, question):
    with app.app_context():
        assert db.session.scalars(select(OutcomeReport)).all() == []
