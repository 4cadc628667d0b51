"""Citations: what the author types, what a verified clinician confirms, who
may remove one, through the post page's forms and the API alike."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.evidence import citations
from forum.extensions import db
from forum.models import Citation, Post
from forum.services import ValidationFailed
from forum.services.accounts import issue_token
from tests.factories import login_id, make_post, make_user


@pytest.mark.parametrize(
    "typed, kind, identifier",
    [
        ("10.1136/bmjqs.2010.046193", "doi", "10.1136/bmjqs.2010.046193"),
        ("  https://doi.org/10.1136/BMJQS.2010.046193 ", "doi", "10.1136/bmjqs.2010.046193"),
        ("doi:10.1056/NEJMoa2034577", "doi", "10.1056/nejmoa2034577"),
        ("https://dx.doi.org/10.1000%2F182", "doi", "10.1000/182"),
        ("21228075", "pmid", "21228075"),
        ("PMID: 21228075", "pmid", "21228075"),
        ("https://pubmed.ncbi.nlm.nih.gov/21228075/", "pmid", "21228075"),
        ("pubmed.ncbi.nlm.nih.gov/21228075", "pmid", "21228075"),
    ],
)
def test_dois_and_pubmed_ids_are_normalized(typed, kind, identifier):
    assert citations.parse(typed) == (kind, identifier)


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "123456789", "0", "10.1/x", "doi:", "https://example.org/10.1136/x",
     "10.1136/<script>", "javascript:alert(1)", "x" * 400, None, 42],
)  # fmt: skip
def test_anything_else_is_refused_with_a_clear_message(typed):
    with pytest.raises(ValidationFailed) as failure:
        citations.parse(typed)
    assert "DOI" in failure.value.fields["identifier"]


def _setup(app):
    with app.app_context():
        author = make_user("author")
        make_user("drlee", perspective="clinician", clinician_verified=True)
        make_user("unverified", perspective="clinician")
        make_user("mod", role="moderator")
        make_user("reader")
        return make_post(author, title="Quiet room at school").id


def _sign_in(client, app, name):
    with client.session_transaction() as session:
        session.clear()
        if name:
            with app.app_context():
                session["_user_id"] = login_id(_user(name))
            session["_fresh"] = True


def _user(name):
    from forum.models import User

    return db.session.scalar(select(User).where(User.username == name))


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Citation))


def _level(app, post_id):
    with app.app_context():
        return db.session.get(Post, post_id).evidence_level


def test_the_author_adds_a_citation_on_the_post_page(app, client):
    post_id = _setup(app)
    _sign_in(client, app, "author")
    page = client.get(f"/posts/{post_id}").text
    assert "DOI or PubMed ID" in page
    done = client.post(
        f"/posts/{post_id}/citations",
        data={"identifier": "https://doi.org/10.1136/bmjqs.2010.046193"},
        follow_redirects=True,
    )
    assert done.status_code == 200
    assert 'href="https://doi.org/10.1136/bmjqs.2010.046193"' in done.text
    assert "not yet confirmed by a verified clinician" in done.text
    assert "Confirm this citation" not in done.text  # never the author's to confirm


def test_a_mistake_comes_back_beside_the_field_and_changes_nothing(app, client):
    post_id = _setup(app)
    _sign_in(client, app, "author")
    page = client.post(f"/posts/{post_id}/citations", data={"identifier": "see the BMJ"})
    assert page.status_code == 400
    assert "There is a problem" in page.text and "Enter a DOI such as" in page.text
    assert 'aria-invalid="true"' in page.text
    assert _count(app) == 0


def test_at_most_ten_citations(app, client):
    post_id = _setup(app)
    _sign_in(client, app, "author")
    for n in range(10):
        client.post(f"/posts/{post_id}/citations", data={"identifier": str(1000 + n)})
    assert _count(app) == 10
    refused = client.post(f"/posts/{post_id}/citations", data={"identifier": "2000"})
    assert refused.status_code == 400
    assert "at most 10 citations" in refused.text
    assert _count(app) == 10


def test_a_reader_cannot_add_a_citation(app, client):
    post_id = _setup(app)
    _sign_in(client, app, "reader")
    assert "DOI or PubMed ID" not in client.get(f"/posts/{post_id}").text
    refused = client.post(f"/posts/{post_id}/citations", data={"identifier": "21228075"})
    assert refused.status_code == 403
    assert "author and co-authors can add citations" in refused.text
    assert _count(app) == 0


def _cited(app, post_id):
    with app.app_context():
        post = db.session.get(Post, post_id)
        return citations.add(post.author, post, "21228075").id


def test_a_verified_clinician_confirms_and_the_post_is_published(app, client):
    post_id = _setup(app)
    citation_id = _cited(app, post_id)
    _sign_in(client, app, "unverified")
    assert "Confirm this citation" not in client.get(f"/posts/{post_id}").text
    assert client.post(f"/citations/{citation_id}/confirm").status_code == 403
    assert _level(app, post_id) == "one_story"
    _sign_in(client, app, "drlee")
    assert "Confirm this citation" in client.get(f"/posts/{post_id}").text
    page = client.post(f"/citations/{citation_id}/confirm", follow_redirects=True).text
    assert "confirmed by drlee" in page
    assert "Evidence: Published" in page
    assert "Published: PMID 21228075 confirmed by drlee" in page  # the reason, in words
    assert _level(app, post_id) == "published"
    home = client.get("/?evidence=published").text
    assert "Quiet room at school" in home and "Evidence: Published" in home
    assert "Quiet room at school" not in client.get("/?evidence=repeated").text


def test_the_author_removes_an_unconfirmed_citation_but_not_a_confirmed_one(app, client):
    post_id = _setup(app)
    citation_id = _cited(app, post_id)
    second = _cited_doi(app, post_id)
    _sign_in(client, app, "author")
    client.post(f"/citations/{citation_id}/remove", follow_redirects=True)
    assert _count(app) == 1
    _sign_in(client, app, "drlee")
    client.post(f"/citations/{second}/confirm")
    _sign_in(client, app, "author")
    refused = client.post(f"/citations/{second}/remove")
    assert refused.status_code == 409 and "only be removed by a moderator" in refused.text
    assert _count(app) == 1


def _cited_doi(app, post_id):
    with app.app_context():
        post = db.session.get(Post, post_id)
        return citations.add(post.author, post, "10.1136/bmjqs.2010.046193").id


def test_a_moderator_removes_a_confirmed_citation_with_a_reason_on_the_record(app, client):
    from moderation.models import ModerationAction

    post_id = _setup(app)
    citation_id = _cited(app, post_id)
    _sign_in(client, app, "drlee")
    client.post(f"/citations/{citation_id}/confirm")
    _sign_in(client, app, "mod")
    page = client.post(f"/citations/{citation_id}/remove", data={"reason": ""})
    assert page.status_code == 400 and "goes in the moderation log" in page.text
    assert _count(app) == 1
    client.post(f"/citations/{citation_id}/remove", data={"reason": "Not the study described"})
    assert _count(app) == 0
    assert _level(app, post_id) == "one_story"
    with app.app_context():
        row = db.session.scalars(select(ModerationAction)).one()
        assert (row.action, row.post_id, row.reason) == (
            "remove_citation",
            post_id,
            "Not the study described",
        )


def test_the_api_adds_confirms_and_removes(app, client):
    post_id = _setup(app)
    with app.app_context():
        author_token = issue_token(_user("author"))
        clinician_token = issue_token(_user("drlee"))
        reader_token = issue_token(_user("reader"))

    def call(method, path, token, body=None):
        return client.open(
            path, method=method, json=body, headers={"Authorization": f"Bearer {token}"}
        )

    bad = call("POST", f"/api/v1/posts/{post_id}/citations", author_token, {"identifier": "no"})
    assert bad.status_code == 400 and "identifier" in bad.json["error"]["fields"]
    assert call("POST", f"/api/v1/posts/{post_id}/citations", reader_token,
                {"identifier": "21228075"}).status_code == 403  # fmt: skip
    made = call("POST", f"/api/v1/posts/{post_id}/citations", author_token,
                {"identifier": "pmid 21228075"})  # fmt: skip
    assert made.status_code == 201
    cited = made.json["citation"]
    assert cited["url"] == "https://pubmed.ncbi.nlm.nih.gov/21228075/"
    assert cited["confirmed"] is False
    citation_id = cited["id"]
    assert call("POST", f"/api/v1/citations/{citation_id}/confirm", author_token).status_code == 403
    confirmed = call("POST", f"/api/v1/citations/{citation_id}/confirm", clinician_token)
    assert confirmed.status_code == 200 and confirmed.json["citation"]["confirmed_by"] == "drlee"
    again = call("POST", f"/api/v1/citations/{citation_id}/confirm", clinician_token)
    assert again.status_code == 409
    post = client.get(f"/api/v1/posts/{post_id}").json["post"]
    assert post["evidence"] == {
        "level": "published",
        "label": "Published",
        "reason": "Published: PMID 21228075 confirmed by drlee",
    }
    assert [c["identifier"] for c in post["citations"]] == ["21228075"]
    listed = client.get("/api/v1/posts?evidence=published").json["posts"]
    assert [p["id"] for p in listed] == [post_id]
    assert client.get("/api/v1/posts?evidence=proven").status_code == 400
    assert call("DELETE", f"/api/v1/citations/{citation_id}", author_token).status_code == 409
    assert call("DELETE", "/api/v1/citations/999999", author_token).status_code == 404
