"""Writing, reading, editing and deleting posts through the real pages."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post, User
from forum.policy import WritePolicy, WriteRefused
from tests.factories import PASSWORD, make_post, make_user
from tests.forum.picker_helpers import group_of, ticked
from tests.pages import page_text

GOOD = {
    "title": "A bathroom pass that worked at school",
    "body": "We asked the school nurse for a **standing pass**.\n\n- no questions asked",
    "kind": "hack",
    "conditions": ["crohns-disease", "ulcerative-colitis"],
    "tags": " School, SCHOOL ,bathroom-pass, ",
}


def field_error(response, field: str) -> str | None:
    """The message shown beside a field (None when the field has no error)."""
    match = re.search(rf'id="{field}-error">(.*?)</p>', response.get_data(as_text=True), re.S)
    return (
        unescape(re.sub(r"<[^>]+>", "", match.group(1))).replace("Error:", "").strip()
        if match
        else None
    )


def post_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Post.id)))


def setup_users(app, *names, **roles):
    with app.app_context():
        for name in names:
            make_user(name, role=roles.get(name, "member"))


def setup_post(app, author: str = "author", **fields) -> int:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == author)) or make_user(author)
        return make_post(user, **fields).id


# --- writing a post ---------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), [("get", "/posts/new"), ("post", "/posts/new")])
def test_writing_needs_an_account(client, method, path):
    response = getattr(client, method)(path, data=GOOD)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_new_post_form_offers_every_field(app, client, auth):
    setup_users(app, "dana")
    auth.login("dana")
    page = page_text(client.get("/posts/new?condition=crohns-disease"))
    for label in ("What worked for us", "Change idea", "Question"):
        assert f">{label}</label>" in page
    assert 'name="preview"' in page
    assert "Formatting help" in page and "**bold**" in page
    # Under its group, and preselected when arriving from a condition page.
    assert group_of(page)["crohns-disease"] == "Digestive conditions"
    assert ticked(page) == ["crohns-disease"]
    assert 'name="tags"' in page and 'name="title"' in page and 'name="body"' in page


def test_publishing_a_post_shows_it_with_its_details(app, client, auth):
    setup_users(app, "dana")
    auth.login("dana")
    response = client.post("/posts/new", data=GOOD)
    assert response.status_code == 302
    post_url = response.headers["Location"]
    assert re.fullmatch(r"/posts/\d+", post_url)

    page = page_text(client.get(post_url))
    assert "<h1" in page and GOOD["title"] in page
    assert "What worked for us" in page
    assert "<strong>standing pass</strong>" in page  # rendered once, through the sanitizer
    assert 'href="/conditions/crohns-disease"' in page
    assert 'href="/conditions/ulcerative-colitis"' in page
    assert 'href="/tags/school"' in page and 'href="/tags/bathroom-pass"' in page
    assert "Parent or carer" in page  # the author's badge
    assert "edited" not in page
    with app.app_context():
        post = db.session.scalar(select(Post))
        assert post.tag_names == ["bathroom-pass", "school"]  # lowercased, trimmed, deduplicated
        assert post.author.username == "dana"


def test_preview_renders_the_body_and_saves_nothing(app, client, auth):
    setup_users(app, "dana")
    auth.login("dana")
    data = {**GOOD, "body": "Try *this*.\n\n<script>alert(1)</script>", "preview": "Preview"}
    response = client.post("/posts/new", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<em>this</em>" in html
    assert "<script>alert(1)</script>" not in html
    assert "It is not saved yet" in html
    assert GOOD["title"] in unescape(html)  # the form keeps what was typed
    assert post_count(app) == 0


def test_preview_of_an_empty_body_says_so(app, client, auth):
    setup_users(app, "dana")
    auth.login("dana")
    response = client.post("/posts/new", data={**GOOD, "body": "  ", "preview": "Preview"})
    assert response.status_code == 400
    assert field_error(response, "body") == "This can't be empty."
    assert post_count(app) == 0


TOO_MANY = ["asthma", "epilepsy", "lupus", "celiac-disease", "heart-failure", "other"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "Tiny"}, "title", "The title needs at least 5 characters."),
        ({"title": "   \x00  "}, "title", "The title needs at least 5 characters."),
        ({"title": "x" * 151}, "title", "The title can be at most 150 characters."),
        ({"body": ""}, "body", "This can't be empty."),
        ({"body": "x" * 20_001}, "body", "This can be at most 20,000 characters (it has 20,001)."),
        ({"kind": "rant"}, "kind", "Choose what kind of post this is."),
        ({"kind": None}, "kind", "Choose what kind of post this is."),
        ({"conditions": []}, "conditions", "Choose between 1 and 5 conditions."),
        ({"conditions": TOO_MANY}, "conditions", "Choose between 1 and 5 conditions."),
        ({"conditions": ["made-up"]}, "conditions", "One of the chosen conditions does not exist."),
        ({"tags": "a, b, c, d, e, f"}, "tags", "Use at most 5 tags."),
        ({"tags": "night/feeds"}, "tags", "this one isn't: night/feeds"),
        ({"tags": "x" * 31}, "tags", "this one isn't: " + "x" * 31),
        ({"tags": "<b>"}, "tags", "this one isn't: <b>"),
    ],
)
def test_each_bad_field_gets_a_message_and_nothing_is_written(
    app, client, auth, changes, field, message
):
    setup_users(app, "dana")
    auth.login("dana")
    data = {k: v for k, v in {**GOOD, **changes}.items() if v is not None}
    response = client.post("/posts/new", data=data)
    assert response.status_code == 400
    assert message in field_error(response, field)
    summary = page_text(response).split('class="error-summary"')[1].split("</div>")[0]
    assert f'href="#{field}"' in summary  # the summary links to the field
    assert post_count(app) == 0


def test_limits_themselves_are_accepted(app, client, auth):
    setup_users(app, "dana")
    auth.login("dana")
    unbroken = "W" * 150
    data = {**GOOD, "title": unbroken, "body": "x" * 20_000, "tags": ",".join(["t" * 30] * 1)}
    data["conditions"] = TOO_MANY[:5]
    response = client.post("/posts/new", data=data)
    assert response.status_code == 302
    page = page_text(client.get(response.headers["Location"]))
    assert f'class="post-title">{unbroken}</h1>' in page


def test_a_long_post_and_hostile_title_render_safely(app, client, auth):
    words = " ".join(["glucose"] * 2000)
    post_id = setup_post(app, title='<script>alert("x")</script> night plan', body=words)
    response = client.get(f"/posts/{post_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert html.count("glucose") >= 2000
    assert 'class="post-body"' in html


def test_refused_by_the_write_policy_keeps_the_text_and_shows_why(app, client, auth):
    class Suspended(WritePolicy):
        def check(self, user, action, *, text="", post=None):
            raise WriteRefused("Your account is suspended until 3 March 2026.", status=403)

    app.extensions["forum.policy"] = Suspended()
    setup_users(app, "dana")
    auth.login("dana")
    response = client.post("/posts/new", data=GOOD)
    assert response.status_code == 403
    page = page_text(response)
    assert "Your account is suspended until 3 March 2026." in page
    assert GOOD["title"] in page
    assert post_count(app) == 0


def test_a_held_post_is_visible_to_its_author_with_a_banner_and_to_no_one_else(app, client, auth):
    class HoldEverything(WritePolicy):
        def initial_status(self, user, action, *, text=""):
            return "pending"

    app.extensions["forum.policy"] = HoldEverything()
    setup_users(app, "dana", "eli")
    auth.login("dana")
    response = client.post("/posts/new", data=GOOD, follow_redirects=True)
    assert "waiting for a moderator's review; only you can see it" in page_text(response)
    with app.app_context():
        post_id = db.session.scalar(select(Post.id))
    assert GOOD["title"] not in page_text(client.get("/"))
    auth.logout()
    assert client.get(f"/posts/{post_id}").status_code == 404
    auth.login("eli")
    assert client.get(f"/posts/{post_id}").status_code == 404
    assert client.get(f"/posts/{post_id}/edit").status_code == 404


def test_unknown_post_is_404(client):
    assert client.get("/posts/999999").status_code == 404
    assert client.get("/posts/99999999999999999999999").status_code == 404


# --- editing ------------------------------------------------------------------------------


def test_edit_form_is_prefilled_and_saves_changes(app, client, auth):
    post_id = setup_post(
        app, "dana", title="Night feeds plan", kind="question", tags=["sleep", "feeds"]
    )
    auth.login("dana")
    page = page_text(client.get(f"/posts/{post_id}/edit"))
    assert 'value="Night feeds plan"' in page
    assert re.search(r'checked id="kind-\d" name="kind" type="radio" value="question"', page)
    assert ticked(page) == ["crohns-disease"]
    assert 'value="feeds, sleep"' in page

    data = {**GOOD, "title": "Night feeds plan, updated", "conditions": ["asthma"]}
    response = client.post(f"/posts/{post_id}/edit", data=data)
    assert response.status_code == 302
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "Night feeds plan, updated" in page
    assert re.search(r"edited <time[^>]*>\d{1,2} \w+ \d{4}</time>", page)
    assert "edited by a moderator" not in page
    assert 'href="/conditions/asthma"' in page
    assert 'href="/conditions/crohns-disease"' not in page


def test_edit_preview_saves_nothing(app, client, auth):
    post_id = setup_post(app, "dana", title="Night feeds plan")
    auth.login("dana")
    data = {**GOOD, "title": "Changed title", "body": "New **words**", "preview": "Preview"}
    response = client.post(f"/posts/{post_id}/edit", data=data)
    assert response.status_code == 200
    assert "<strong>words</strong>" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Post, post_id).title == "Night feeds plan"


def test_a_bad_edit_changes_nothing(app, client, auth):
    post_id = setup_post(app, "dana", title="Night feeds plan")
    auth.login("dana")
    response = client.post(f"/posts/{post_id}/edit", data={**GOOD, "title": "Nah"})
    assert response.status_code == 400
    assert field_error(response, "title") == "The title needs at least 5 characters."
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert (post.title, post.edited_at) == ("Night feeds plan", None)


def test_editing_someone_elses_post_is_403(app, client, auth):
    post_id = setup_post(app, "dana", title="Night feeds plan")
    setup_users(app, "eli")
    auth.login("eli")
    assert client.get(f"/posts/{post_id}/edit").status_code == 403
    assert client.post(f"/posts/{post_id}/edit", data=GOOD).status_code == 403
    assert "Edit post" not in page_text(client.get(f"/posts/{post_id}"))
    with app.app_context():
        assert db.session.get(Post, post_id).title == "Night feeds plan"


def test_a_moderator_may_edit_and_the_post_says_so(app, client, auth):
    post_id = setup_post(app, "dana", title="Night feeds plan")
    setup_users(app, "mod", mod="moderator")
    auth.login("mod")
    assert "Edit post" in page_text(client.get(f"/posts/{post_id}"))
    response = client.post(f"/posts/{post_id}/edit", data={**GOOD, "title": "Night feeds plan"})
    assert response.status_code == 400  # a moderator says why they edit someone's words
    assert "Give a short reason: it goes in the moderation log." in page_text(response)
    response = client.post(
        f"/posts/{post_id}/edit",
        data={**GOOD, "title": "Night feeds plan", "reason": "Fixed a broken link"},
    )
    assert response.status_code == 302
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "edited by a moderator" in page
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert post.edited_by_moderator and post.author.username == "dana"


# --- deleting -------------------------------------------------------------------------------


def test_deleting_own_post_removes_it_everywhere_but_keeps_the_row(app, client, auth):
    post_id = setup_post(app, "dana", title="Night feeds plan", conditions=["crohns-disease"])
    auth.login("dana")
    assert "Night feeds plan" in page_text(client.get("/"))
    response = client.post(f"/posts/{post_id}/delete", follow_redirects=True)
    assert response.request.path == "/"
    page = page_text(response)
    assert "Your post was deleted." in page
    assert "Night feeds plan" not in page
    assert "Night feeds plan" not in page_text(client.get("/conditions/crohns-disease"))
    assert "Night feeds plan" not in page_text(client.get("/conditions/ibd"))
    assert client.get(f"/posts/{post_id}").status_code == 404  # the author too
    auth.logout()
    assert client.get(f"/posts/{post_id}").status_code == 404
    with app.app_context():
        assert db.session.get(Post, post_id).status == "deleted"


def test_deleting_someone_elses_post_is_403(app, client, auth):
    post_id = setup_post(app, "dana")
    setup_users(app, "eli")
    auth.login("eli")
    assert client.post(f"/posts/{post_id}/delete").status_code == 403
    with app.app_context():
        assert db.session.get(Post, post_id).status == "published"


@pytest.mark.needs_plugin("moderation")  # removes through moderation
def test_a_moderator_takes_a_post_down_with_remove_not_delete(app, client, auth):
    post_id = setup_post(app, "dana")
    setup_users(app, "mod", mod="moderator")
    auth.login("mod")
    page = page_text(client.get(f"/posts/{post_id}"))
    assert "Yes, delete this post" not in page and "Remove post" in page
    assert client.post(f"/posts/{post_id}/delete").status_code == 403
    response = client.post(
        f"/moderation/posts/{post_id}/remove", data={"reason": "Advertising a product"}
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Post, post_id).status == "removed"


def test_delete_needs_an_account_and_a_post(app, client, auth):
    post_id = setup_post(app, "dana")
    assert "/auth/login" in client.post(f"/posts/{post_id}/delete").headers["Location"]
    assert client.get(f"/posts/{post_id}/delete").status_code == 405
    setup_users(app, "eli")
    auth.login("eli")
    assert client.post("/posts/424242/delete").status_code == 404


def _token(response) -> str:
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', response.get_data(as_text=True))
    return re.search(r'value="([^"]+)"', tag.group(0)).group(1)


def test_every_form_works_with_its_csrf_token_and_not_without(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    setup_users(app, "dana", "eli")

    def sign_in(username):
        token = _token(client.get("/auth/login"))
        data = {"username": username, "password": PASSWORD, "csrf_token": token}
        assert client.post("/auth/login", data=data).status_code == 302

    sign_in("dana")
    assert client.post("/posts/new", data=GOOD).status_code == 400
    assert post_count(app) == 0
    token = _token(client.get("/posts/new"))
    response = client.post("/posts/new", data={**GOOD, "csrf_token": token})
    assert response.status_code == 302
    post_url = response.headers["Location"]
    client.post("/auth/logout", data={"csrf_token": _token(client.get(post_url))})

    sign_in("eli")
    page = client.get(post_url)
    assert client.post(f"{post_url}/comments", data={"body": "Hi"}).status_code == 400
    assert client.post(f"{post_url}/outcomes", data={"result": "worked"}).status_code == 400
    data = {"body": "Thank you", "csrf_token": _token(page)}
    assert client.post(f"{post_url}/comments", data=data).status_code == 302
    data = {"result": "worked", "csrf_token": _token(page)}
    assert client.post(f"{post_url}/outcomes", data=data).status_code == 302
    with app.app_context():
        post = db.session.scalar(select(Post))
        assert (post.comment_count, post.outcome_worked) == (1, 1)
