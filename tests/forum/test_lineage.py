"""Lineage: "Adapt this", the link both pages show, the count kept on the
original, the tree of adaptations, and the same through the API."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.lineage import tree
from forum.models import Measure, PdsaCycle, Post, User
from forum.services.posts import create_post, delete_post, set_post_status
from tests.factories import make_post, make_user
from tests.forum.api_helpers import bearer
from tests.forum.walk_helpers import sign_in
from tests.sql import statements

NOTE = "We ran it in a school, not a clinic, and asked weekly instead of daily."


def _text(response) -> str:
    """The page's words, tags stripped, spaces squeezed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def _field_error(response, field: str) -> str | None:
    found = re.search(rf'id="{field}-error">(.*?)</p>', response.get_data(as_text=True), re.S)
    if not found:
        return None
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).replace("Error:", "").strip()


def _original(app, **fields) -> dict:
    """A change idea with an aim, a setting, two measures with data and a PDSA
    cycle, by its author; and another member who will adapt it."""
    with app.app_context():
        author = make_user("nurse_ann", perspective="clinician")
        post = make_post(
            author,
            title="Pre-visit planning huddle cut missed labs",
            body="Each morning the team checks **who needs labs** before clinic.",
            kind="change_idea",
            conditions=["crohns-disease", "asthma"],
            tags=["huddle", "labs"],
            **fields,
        )
        post.aim_what, post.aim_target = "Fewer missed labs", "from 30% to 10%"
        post.aim_by = date(2026, 6, 1)
        post.setting_kind, post.setting_size = "clinic", "a clinic of about 300 children"
        post.setting_people = "two nurses and a doctor"
        labs = Measure(post_id=post.id, position=0, name="Missed labs", unit="%", kind="outcome")
        huddles = Measure(post_id=post.id, position=1, name="Huddles held", unit="per week")
        huddles.kind = "process"
        db.session.add_all([labs, huddles])
        db.session.flush()
        from forum.models import DataPoint

        db.session.add(DataPoint(measure_id=labs.id, observed_on=date(2026, 1, 5), value=30))
        db.session.add(
            PdsaCycle(post_id=post.id, started_on=date(2026, 1, 1), plan="Try a 10-minute huddle")
        )
        db.session.commit()
        adapter = make_user("school_nurse")
        return {"post": post.id, "author": author.id, "adapter": adapter.id}


def _adapt_form(post_id: int, **fields) -> dict:
    return {
        "title": "A huddle for the school nurse's office",
        "body": "We adapted the huddle for a school: the nurse checks on Mondays.",
        "kind": "change_idea",
        "conditions": ["crohns-disease"],
        "tags": "school",
        "adapted_from": str(post_id),
        "copy": "measures,cycles,aim",
        "adaptation_note": NOTE,
        **fields,
    }


def _count(app, post_id: int) -> int:
    with app.app_context():
        return db.session.get(Post, post_id).adaptation_count


# --- "Adapt this" --------------------------------------------------------------------


def test_adapt_page_offers_each_part_and_leads_to_the_new_post_form(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    page = client.get(f"/posts/{made['post']}")
    assert f'href="/posts/{made["post"]}/adapt"' in page.get_data(as_text=True)
    assert "Adapt this" in _text(page)

    adapt = client.get(f"/posts/{made['post']}/adapt")
    assert adapt.status_code == 200
    words = _text(adapt)
    for label in ("The title and text", "The conditions and tags", "The aim and setting"):
        assert label in words
    assert "never their data" in words and "The PDSA cycles' plans" in words
    html = adapt.get_data(as_text=True)
    assert 'method="get" action="/posts/new"' in html
    assert f'name="adapt" value="{made["post"]}"' in html


def test_the_new_post_form_is_filled_with_what_was_chosen(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    form = client.get(f"/posts/new?adapt={made['post']}&copy=text&copy=conditions&copy=measures")
    assert form.status_code == 200
    html = unescape(form.get_data(as_text=True))
    assert "Share your adaptation" in html
    assert 'value="Pre-visit planning huddle cut missed labs"' in html  # the title
    assert "Each morning the team checks **who needs labs** before clinic." in html
    assert 'value="huddle, labs"' in html
    assert re.search(r'value="crohns-disease"[^>]*checked|checked[^>]*value="crohns-disease"', html)
    assert f'name="adapted_from" type="hidden" value="{made["post"]}"' in html
    assert 'name="copy" type="hidden" value="text,conditions,measures"' in html
    assert "What did you change?" in html
    assert f'href="/posts/{made["post"]}"' in html  # the link to the original


def test_nothing_ticked_starts_an_empty_form_that_still_adapts(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    html = unescape(client.get(f"/posts/new?adapt={made['post']}").get_data(as_text=True))
    form = html.split('class="post-form"', 1)[1].split("What did you change?")[0]
    assert "Pre-visit planning" not in form
    assert f'name="adapted_from" type="hidden" value="{made["post"]}"' in html


def test_publishing_links_copies_the_measures_without_data_and_counts(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    response = client.post("/posts/new", data=_adapt_form(made["post"]))
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        adaptation = db.session.get(Post, new_id)
        assert adaptation.adapted_from_id == made["post"]
        assert adaptation.adaptation_note == NOTE
        measures = db.session.scalars(
            select(Measure).where(Measure.post_id == new_id).order_by(Measure.position)
        ).all()
        assert [(m.name, m.unit, m.kind) for m in measures] == [
            ("Missed labs", "%", "outcome"),
            ("Huddles held", "per week", "process"),
        ]
        from forum.models import DataPoint

        copied_points = select(func.count(DataPoint.id)).where(
            DataPoint.measure_id.in_([m.id for m in measures])
        )
        assert db.session.scalar(copied_points) == 0  # never the data
        cycles = db.session.scalars(select(PdsaCycle).where(PdsaCycle.post_id == new_id)).all()
        assert [(c.plan, c.decision, c.done) for c in cycles] == [
            ("Try a 10-minute huddle", None, "")
        ]
        assert adaptation.aim_what == "Fewer missed labs"
        assert adaptation.setting_size == "a clinic of about 300 children"
        assert adaptation.aim_by is None  # their own date, not the original's
    assert _count(app, made["post"]) == 1

    # Both pages show the link.
    adapted_page = _text(client.get(f"/posts/{new_id}"))
    assert "Adapted from “Pre-visit planning huddle cut missed labs”" in adapted_page
    assert "What was changed" in adapted_page and NOTE in adapted_page
    original_page = _text(client.get(f"/posts/{made['post']}"))
    assert "Adapted 1 time" in original_page
    assert "A huddle for the school nurse's office" in original_page


def test_copying_nothing_copies_no_measures_cycles_or_aim(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    # A hack, so nothing asks for an aim that wasn't copied.
    response = client.post("/posts/new", data=_adapt_form(made["post"], copy="", kind="hack"))
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Measure.post_id == new_id)) == 0
        assert db.session.scalar(select(func.count()).where(PdsaCycle.post_id == new_id)) == 0
        assert db.session.get(Post, new_id).aim_what == ""


def test_what_changed_is_required_and_the_choice_survives_the_error(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    response = client.post("/posts/new", data=_adapt_form(made["post"], adaptation_note="  "))
    assert response.status_code == 400
    assert _field_error(response, "adaptation_note") == "Say what you changed from the original."
    html = response.get_data(as_text=True)
    assert f'name="adapted_from" type="hidden" value="{made["post"]}"' in html
    assert 'name="copy" type="hidden" value="measures,cycles,aim"' in html
    too_long = client.post("/posts/new", data=_adapt_form(made["post"], adaptation_note="x" * 2001))
    assert _field_error(too_long, "adaptation_note").startswith("This can be at most 2,000")
    assert _count(app, made["post"]) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == 1  # nothing was saved


def test_the_choice_survives_a_preview(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    response = client.post("/posts/new", data=_adapt_form(made["post"], preview="Preview"))
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert "This is how your post will look" in html
    assert f'name="adapted_from" type="hidden" value="{made["post"]}"' in html
    assert NOTE in html
    published = client.post("/posts/new", data=_adapt_form(made["post"]))
    assert published.status_code == 302
    assert _count(app, made["post"]) == 1


def test_adapting_an_adaptation_grows_the_tree(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    child = client.post("/posts/new", data=_adapt_form(made["post"]))
    child_id = int(child.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        third = make_user("dad_of_two").id
    sign_in(app, client, third)
    grandchild = client.post(
        "/posts/new",
        data=_adapt_form(
            child_id,
            title="The huddle at home, for our family",
            copy="measures",
            aim_what="Fewer missed doses at home",
        ),
    )
    grandchild_id = int(grandchild.headers["Location"].rsplit("/", 1)[1])
    assert _count(app, made["post"]) == 1 and _count(app, child_id) == 1
    page = client.get(f"/posts/{made['post']}").get_data(as_text=True)
    tree_html = page.split('class="lineage-tree"', 1)[1]
    assert tree_html.index(f'href="/posts/{child_id}"') < tree_html.index(
        f'href="/posts/{grandchild_id}"'
    )
    with app.app_context():
        measures = select(Measure.name).where(Measure.post_id == grandchild_id)
        assert sorted(db.session.scalars(measures)) == ["Huddles held", "Missed labs"]


def test_editing_keeps_the_lineage(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    child = client.post("/posts/new", data=_adapt_form(made["post"]))
    child_id = int(child.headers["Location"].rsplit("/", 1)[1])
    edited = {
        **_adapt_form(made["post"]),
        "title": "A huddle, edited later",
        "adapted_from": "",
        "aim_what": "Fewer missed labs",
    }
    edited.pop("copy")
    assert client.post(f"/posts/{child_id}/edit", data=edited).status_code == 302
    with app.app_context():
        post = db.session.get(Post, child_id)
        assert post.title == "A huddle, edited later"
        assert post.adapted_from_id == made["post"] and post.adaptation_note == NOTE
    assert _count(app, made["post"]) == 1


# --- who may adapt what ---------------------------------------------------------------


def test_signed_out_readers_are_sent_to_sign_in_and_see_no_button(app, client):
    made = _original(app)
    assert client.get(f"/posts/{made['post']}/adapt").status_code == 302
    assert "Adapt this" not in _text(client.get(f"/posts/{made['post']}"))


def test_a_question_cannot_be_adapted(app, client):
    with app.app_context():
        question = make_post(kind="question", title="What helped with night feeds?").id
        member = make_user().id
    sign_in(app, client, member)
    assert client.get(f"/posts/{question}/adapt").status_code == 403
    assert "Adapt this" not in _text(client.get(f"/posts/{question}"))
    refused = client.post("/posts/new", data=_adapt_form(question))
    assert refused.status_code == 400
    assert "A question can't be adapted" in _text(refused)


@pytest.mark.parametrize("bad", ["999999", "abc", "-1", "0", "1" * 40])
def test_bad_ids_are_refused_and_change_nothing(app, client, bad):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    assert client.get(f"/posts/new?adapt={bad}").status_code == 404
    response = client.post("/posts/new", data=_adapt_form(bad))
    assert response.status_code == 400
    assert "There is no post with that id that you can adapt." in _text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(Post.id))) == 1


def test_a_removed_post_cannot_be_adapted(app, client):
    made = _original(app, status="removed")
    sign_in(app, client, made["adapter"])
    assert client.get(f"/posts/{made['post']}/adapt").status_code == 404
    assert client.get(f"/posts/new?adapt={made['post']}").status_code == 404
    assert client.post("/posts/new", data=_adapt_form(made["post"])).status_code == 400


def test_an_unknown_part_to_copy_is_refused(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    response = client.post("/posts/new", data=_adapt_form(made["post"], copy="measures,data"))
    assert response.status_code == 400
    assert "“data” can't be copied" in _text(response)


def test_a_suspended_member_is_refused(app, client):
    from datetime import timedelta

    from forum.models.timestamps import utcnow

    made = _original(app)
    with app.app_context():
        db.session.get(User, made["adapter"]).suspended_until = utcnow() + timedelta(days=3)
        db.session.commit()
    sign_in(app, client, made["adapter"])
    assert "Adapt this" not in _text(client.get(f"/posts/{made['post']}"))
    response = client.post("/posts/new", data=_adapt_form(made["post"]))
    assert response.status_code in (403, 302)
    assert _count(app, made["post"]) == 0


# --- the count follows visibility -----------------------------------------------------


def _adaptation(app, made, **extra) -> int:
    with app.app_context():
        adapter = db.session.get(User, made["adapter"])
        return create_post(adapter, **_service_values(made["post"]), **extra).id


def _service_values(original_id: int) -> dict:
    return {
        "title": "Our own version of the huddle",
        "body": "We tried it at home.",
        "kind": "hack",
        "conditions": ["asthma"],
        "adapted_from": original_id,
        "adaptation_note": NOTE,
    }


def test_the_count_follows_every_status_change(app):
    made = _original(app)
    child = _adaptation(app, made)
    assert _count(app, made["post"]) == 1
    with app.app_context():
        post = db.session.get(Post, child)
        for status, expected in (("hidden", 0), ("published", 1), ("removed", 0), ("pending", 0)):
            set_post_status(post, status)
            db.session.commit()
            assert db.session.get(Post, made["post"]).adaptation_count == expected, status
        set_post_status(post, "published")
        db.session.commit()
        delete_post(db.session.get(User, made["adapter"]), post)
        assert db.session.get(Post, made["post"]).adaptation_count == 0


@pytest.mark.needs_plugin("moderation")
def test_moderators_decisions_move_the_count(app):
    from moderation.decisions import decide

    made = _original(app)
    child = _adaptation(app, made)
    with app.app_context():
        moderator = make_user("mod_maria", role="moderator")
        post = db.session.get(Post, child)
        decide(moderator, post, decision="remove", reason="Spam link in the text")
        assert db.session.get(Post, made["post"]).adaptation_count == 0
        decide(moderator, post, decision="approve", reason="Fixed after a talk")
        assert db.session.get(Post, made["post"]).adaptation_count == 1


def test_only_published_adaptations_count_and_the_api_agrees(app):
    made = _original(app)
    _adaptation(app, made)
    _adaptation(app, made)
    with app.app_context():
        adapter = db.session.get(User, made["adapter"])
        held = create_post(adapter, **_service_values(made["post"]))
        set_post_status(held, "pending")
        db.session.commit()
        assert db.session.get(Post, made["post"]).adaptation_count == 2


# --- the tree -------------------------------------------------------------------------


def _chain(app) -> dict:
    """original ← child ← grandchild, and a second child; by three members."""
    with app.app_context():
        a, b, c = make_user("first_family"), make_user("second_family"), make_user("third")
        original = make_post(a, title="Bathroom pass at school", kind="hack").id
        values = {"body": "Ours.", "kind": "hack", "conditions": ["crohns-disease"]}
        child = create_post(
            b, title="Bathroom pass at college", adapted_from=original, adaptation_note="College",
            **values,
        ).id  # fmt: skip
        grandchild = create_post(
            c, title="Bathroom pass at work", adapted_from=child, adaptation_note="At work",
            **values,
        ).id  # fmt: skip
        second = create_post(
            c, title="Bathroom pass on the bus", adapted_from=original, adaptation_note="Bus",
            **values,
        ).id  # fmt: skip
        reader = make_user("reader").id
        return {
            "original": original, "child": child, "grandchild": grandchild, "second": second,
            "reader": reader, "author_b": b.id,
        }  # fmt: skip


def test_a_removed_node_shows_as_removed_and_its_descendants_stay(app, client):
    ids = _chain(app)
    with app.app_context():
        set_post_status(db.session.get(Post, ids["child"]), "removed")
        db.session.commit()
    sign_in(app, client, ids["reader"])
    page = client.get(f"/posts/{ids['original']}")
    words = _text(page)
    assert "Adapted 1 time" in words  # the removed child no longer counts
    assert "A post that was removed" in words
    assert "Bathroom pass at college" not in words  # no title, no link
    assert f'href="/posts/{ids["child"]}"' not in page.get_data(as_text=True)
    assert "Bathroom pass at work" in words  # its adaptation stays
    assert "Bathroom pass on the bus" in words


def test_a_removed_original_shows_as_removed_on_its_adaptation(app, client):
    ids = _chain(app)
    with app.app_context():
        set_post_status(db.session.get(Post, ids["child"]), "removed")
        db.session.commit()
    sign_in(app, client, ids["reader"])
    page = client.get(f"/posts/{ids['grandchild']}")
    words = _text(page)
    assert "Adapted from a post that was removed" in words
    assert "Bathroom pass at college" not in words
    assert "At work" in words


def test_moderators_see_the_removed_node_by_name(app, client):
    ids = _chain(app)
    with app.app_context():
        set_post_status(db.session.get(Post, ids["child"]), "removed")
        db.session.commit()
        moderator = make_user("mod_sam", role="moderator").id
    sign_in(app, client, moderator)
    assert "Bathroom pass at college" in _text(client.get(f"/posts/{ids['original']}"))


def test_the_tree_shows_outcomes_of_each_adaptation(app, client):
    from tests.factories import make_outcome

    ids = _chain(app)
    with app.app_context():
        make_outcome(db.session.get(Post, ids["second"]), make_user(), result="worked")
    words = _text(client.get(f"/posts/{ids['original']}"))
    assert "Bathroom pass on the bus What worked for us · 1 report: worked" in words
    assert "No one has reported trying this yet" in words


def test_the_tree_is_read_in_a_fixed_number_of_statements(app):
    ids = _chain(app)
    with app.test_request_context():
        original = db.session.get(Post, ids["original"])
        with statements(app) as seen:
            small = tree.read(original)
        for i in range(6):
            user = make_user(f"extra{i}")
            create_post(
                user, title=f"Another version {i}", body="Ours.", kind="hack",
                conditions=["asthma"], adapted_from=ids["grandchild"], adaptation_note="Mine",
            )  # fmt: skip
        db.session.expire_all()
        original = db.session.get(Post, ids["original"])
        with statements(app) as seen_more:
            bigger = tree.read(original)
    assert len(seen) == len(seen_more) <= 4
    assert small.shown == 3 and bigger.shown == 9


def test_a_post_without_lineage_reads_nothing(app):
    with app.test_request_context():
        post = make_post()
        assert post.adaptation_count == 0  # loaded, as the post page has it
        with statements(app) as seen:
            assert tree.read(post) is None
        assert seen == []


def test_the_tree_stops_at_fifty_and_three_levels(app, monkeypatch):
    monkeypatch.setattr(tree, "MAX_NODES", 4)
    ids = _chain(app)
    with app.test_request_context():
        user = make_user("many")
        for i in range(4):
            create_post(
                user, title=f"Version number {i}", body="Ours.", kind="hack",
                conditions=["asthma"], adapted_from=ids["original"], adaptation_note="Mine",
            )  # fmt: skip
        lineage = tree.read(db.session.get(Post, ids["original"]))
    assert lineage.shown == 4 and lineage.more
    assert lineage.count == 6


def test_long_titles_and_notes_do_not_break_the_pages(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    long_note = ("We changed the day, the people and the measure. " * 40)[:2000]
    response = client.post(
        "/posts/new",
        data=_adapt_form(made["post"], title="T" * 150, adaptation_note=long_note),
    )
    assert response.status_code == 302
    assert long_note.strip() in _text(client.get(response.headers["Location"]))
    assert "T" * 150 in _text(client.get(f"/posts/{made['post']}"))


def test_the_note_is_plain_text(app, client):
    made = _original(app)
    sign_in(app, client, made["adapter"])
    note = "<script>alert(1)</script> **not bold**"
    response = client.post("/posts/new", data=_adapt_form(made["post"], adaptation_note=note))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **not bold**" in html
    assert "<script>alert(1)" not in html


# --- the API --------------------------------------------------------------------------


def _token(app, user_id: int) -> str:
    from forum.services.accounts import issue_token

    with app.app_context():
        return issue_token(db.session.get(User, user_id), label="test")


def test_api_adapts_with_copies_and_shows_the_link(app, client):
    made = _original(app)
    token = _token(app, made["adapter"])
    response = client.post(
        "/api/v1/posts",
        json={
            "title": "",
            "body": "",
            "adapted_from": made["post"],
            "adaptation_note": NOTE,
            "copy": ["text", "conditions", "measures", "aim"],
        },
        headers=bearer(token),
    )
    assert response.status_code == 201, response.get_json()
    post = response.get_json()["post"]
    assert post["adapted_from"] == {
        "id": made["post"],
        "title": "Pre-visit planning huddle cut missed labs",
    }
    assert post["adaptation_note"] == NOTE
    assert post["title"] == "Pre-visit planning huddle cut missed labs"  # copied, as asked
    assert post["conditions"] == ["asthma", "crohns-disease"] or set(post["conditions"]) == {
        "asthma",
        "crohns-disease",
    }
    assert post["kind"] == "change_idea"
    original = client.get(f"/api/v1/posts/{made['post']}").get_json()["post"]
    assert original["adaptation_count"] == 1 and original["adapted_from"] is None
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Measure.post_id == post["id"])) == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"adapted_from": "12"}, "adapted_from", "Send the id of the post you adapted"),
        ({"adapted_from": True}, "adapted_from", "Send the id of the post you adapted"),
        ({"adapted_from": 10**12}, "adapted_from", "Send the id of the post you adapted"),
        ({"adapted_from": 999999}, "adapted_from", "There is no post with that id"),
        ({"adaptation_note": ""}, "adaptation_note", "Say what you changed"),
        ({"adaptation_note": 5}, "adaptation_note", "Send this as text"),
        ({"copy": ["data"]}, "copy", "“data” can't be copied"),
        ({"copy": "measures"}, "copy", "Send this as a list of text"),
    ],
)
def test_api_refuses_bad_adaptations(app, client, fields, field, message):
    made = _original(app)
    token = _token(app, made["adapter"])
    body = {
        "title": "Our version of the huddle",
        "body": "We tried it.",
        "kind": "hack",
        "conditions": ["asthma"],
        "adapted_from": made["post"],
        "adaptation_note": NOTE,
        **fields,
    }
    response = client.post("/api/v1/posts", json=body, headers=bearer(token))
    assert response.status_code == 400
    assert message in response.get_json()["error"]["fields"][field]
    assert _count(app, made["post"]) == 0


def test_api_tree_and_removed_original(app, client):
    ids = _chain(app)
    with app.app_context():
        set_post_status(db.session.get(Post, ids["child"]), "removed")
        db.session.commit()
    tree_json = client.get(f"/api/v1/posts/{ids['original']}/adaptations").get_json()
    assert tree_json["adaptation_count"] == 1
    first, second = tree_json["adaptations"]
    assert first == {
        "id": ids["child"],
        "removed": True,
        "adaptations": [first["adaptations"][0]],
    }
    assert first["adaptations"][0]["title"] == "Bathroom pass at work"
    assert second["title"] == "Bathroom pass on the bus"
    assert second["outcome_words"] == "No one has reported trying this yet"
    grandchild = client.get(f"/api/v1/posts/{ids['grandchild']}").get_json()["post"]
    assert grandchild["adapted_from"] == {"id": ids["child"], "removed": True}
    listing = client.get("/api/v1/posts").get_json()["posts"]
    by_id = {p["id"]: p for p in listing}
    assert by_id[ids["second"]]["adapted_from"]["title"] == "Bathroom pass at school"
    assert client.get("/api/v1/posts/999999/adaptations").status_code == 404
    assert client.get(f"/api/v1/posts/{ids['child']}/adaptations").status_code == 404


def test_api_listing_reads_the_originals_once(app, client):
    ids = _chain(app)
    client.get("/api/v1/posts")  # warm-up
    with statements(app) as seen:
        client.get("/api/v1/posts")
    with app.app_context():
        user = make_user("fourth")
        for i in range(3):
            create_post(
                user, title=f"Yet another one {i}", body="Ours.", kind="hack",
                conditions=["asthma"], adapted_from=ids["second"], adaptation_note="Mine",
            )  # fmt: skip
    with statements(app) as seen_more:
        client.get("/api/v1/posts")
    assert len(seen_more) == len(seen)


def test_purge_erases_what_the_adapter_said_they_changed(app):
    from datetime import timedelta

    from forum.models.timestamps import utcnow
    from forum.services.purge import purge_deleted

    made = _original(app)
    child = _adaptation(app, made)
    with app.app_context():
        post = db.session.get(Post, child)
        delete_post(db.session.get(User, made["adapter"]), post)
        post.deleted_at = utcnow() - timedelta(days=400)
        db.session.commit()
        purge_deleted()
        post = db.session.get(Post, child)
        assert post.adaptation_note == "" and post.title == ""
        assert post.adapted_from_id == made["post"]  # its place in the tree stays
        assert db.session.get(Post, made["post"]).adaptation_count == 0


def test_the_adapt_page_offers_only_what_the_original_has(app, client):
    with app.app_context():
        hack = make_post(title="A sticker chart for medicines").id
        member = make_user().id
    sign_in(app, client, member)
    words = _text(client.get(f"/posts/{hack}/adapt"))
    assert "The title and text" in words and "The conditions and tags" in words
    assert "The aim and setting" not in words
    assert "never their data" not in words and "PDSA" not in words
