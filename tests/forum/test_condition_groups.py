"""Conditions sit under the right body-system group, in the catalogue, on the post
form's picker and in a database migrated from before the groups (0013)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import func, select, text

from forum.conditions.catalog import load_catalog
from forum.conditions.picker import UNGROUPED, picker_groups
from forum.conditions.tree import CatalogEntry, ConditionTree
from forum.extensions import db
from forum.models import Post
from forum.services.accounts import issue_token
from tests.factories import make_user
from tests.forum import migration_history as history
from tests.forum.api_helpers import Api
from tests.forum.picker_helpers import group_of, groups_on_page, ticked
from tests.forum.test_migrations import _migrate, empty_database_url, engine  # noqa: F401

# Every condition of the catalogue and the group a person looks for it under.
GROUP = {
    "food-allergy": "Allergic conditions",
    "sickle-cell-disease": "Blood conditions",
    "epilepsy": "Brain and nerve conditions",
    "infantile-spasms": "Brain and nerve conditions",
    "dravet-syndrome": "Brain and nerve conditions",
    "ibd": "Digestive conditions",
    "crohns-disease": "Digestive conditions",
    "ulcerative-colitis": "Digestive conditions",
    "ibd-unclassified": "Digestive conditions",
    "celiac-disease": "Digestive conditions",
    "eosinophilic-esophagitis": "Digestive conditions",
    "heart-failure": "Heart conditions",
    "congenital-heart-disease": "Heart conditions",
    "single-ventricle": "Heart conditions",
    "tetralogy-of-fallot": "Heart conditions",
    "type-1-diabetes": "Hormone conditions",
    "juvenile-idiopathic-arthritis": "Joint and immune conditions",
    "lupus": "Joint and immune conditions",
    "lupus-nephritis": "Joint and immune conditions",
    "chronic-kidney-disease": "Kidney conditions",
    "dialysis": "Kidney conditions",
    "kidney-transplant": "Kidney conditions",
    "asthma": "Lung and breathing conditions",
    "cystic-fibrosis": "Lung and breathing conditions",
    "preterm-birth": "Newborn conditions",
    "bronchopulmonary-dysplasia": "Newborn conditions",
    "other": "Rare and other conditions",
}
# Conditions that are a kind of another condition in their group.
KIND_OF = {
    "crohns-disease": "ibd",
    "ulcerative-colitis": "ibd",
    "ibd-unclassified": "ibd",
    "infantile-spasms": "epilepsy",
    "dravet-syndrome": "epilepsy",
    "single-ventricle": "congenital-heart-disease",
    "tetralogy-of-fallot": "congenital-heart-disease",
    "dialysis": "chronic-kidney-disease",
    "kidney-transplant": "chronic-kidney-disease",
    "lupus-nephritis": "lupus",
    "bronchopulmonary-dysplasia": "preterm-birth",
}
# How the catalogue was before the groups: each of these at the top level, except
# the children below (the shape a database loaded then still has).
OLD_PARENTS = {
    **{slug: parent for slug, parent in KIND_OF.items()},
    "eosinophilic-esophagitis": "food-allergy",
}
OLD_ORDER = [
    "ibd", "crohns-disease", "ulcerative-colitis", "ibd-unclassified",
    "juvenile-idiopathic-arthritis", "chronic-kidney-disease", "dialysis", "kidney-transplant",
    "heart-failure", "type-1-diabetes", "epilepsy", "infantile-spasms", "dravet-syndrome",
    "cystic-fibrosis", "asthma", "sickle-cell-disease", "congenital-heart-disease",
    "single-ventricle", "tetralogy-of-fallot", "preterm-birth", "bronchopulmonary-dysplasia",
    "celiac-disease", "lupus", "lupus-nephritis", "food-allergy", "eosinophilic-esophagitis",
    "other",
]  # fmt: skip


def _groups_in(rows: list[tuple[str, str | None, str]]) -> tuple[dict, dict]:
    """(slug, parent slug, name) rows → (condition slug → group name, slug → parent slug)."""
    parent = {slug: p for slug, p, _ in rows}
    names = {slug: name for slug, _, name in rows}
    group = {}
    for slug in parent:
        top = slug
        while parent[top]:
            top = parent[top]
        if top != slug:
            group[slug] = names[top]
    return group, parent


def test_every_condition_of_the_catalogue_is_in_its_group():
    entries = load_catalog()
    group, parent = _groups_in([(e["slug"], e.get("parent"), e["name"]) for e in entries])
    assert group == GROUP
    assert {slug: p for slug, p in parent.items() if p in GROUP} == KIND_OF
    # The top level is groups only: headings, with no ICD-10 code of their own.
    tops = [e for e in entries if not e.get("parent")]
    assert sorted(e["name"] for e in tops) == sorted(set(GROUP.values()))
    assert all(e["icd10"] is None for e in tops)


def test_the_post_form_offers_each_condition_under_its_group(app, client, auth):
    with app.app_context():
        make_user("dana")
    auth.login("dana")
    html = client.get("/posts/new").get_data(as_text=True)
    assert group_of(html) == GROUP
    groups = groups_on_page(html)
    assert list(groups) == sorted(groups)  # groups in a predictable order
    digestive = [c.slug for c in groups["Digestive conditions"]]
    assert digestive.index("ibd") < digestive.index("crohns-disease")  # parent, then its kinds
    # Checkboxes posting under the name the form always had, and no "hold Ctrl".
    assert {c.input_name for cs in groups.values() for c in cs} == {"conditions"}
    assert "<select" not in html.split('id="conditions"')[1].split("</fieldset>\n</div>")[0]
    assert "Ctrl" not in html
    # The filter box is there for JavaScript to show, hidden without it.
    assert '<div class="picker-filter" hidden>' in html
    assert '<label for="conditions-filter">Filter conditions</label>' in html
    assert "condition_filter.js" in html


def _form(**fields):
    data = {"title": "A pass that worked at school", "body": "The nurse gave us a pass."}
    return {**data, "kind": "hack", **fields}


def _posts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Post))


def test_chosen_conditions_stay_ticked_when_the_form_comes_back(app, client, auth):
    with app.app_context():
        make_user("dana")
    auth.login("dana")
    response = client.post(
        "/posts/new", data=_form(title="", conditions=["asthma", "juvenile-idiopathic-arthritis"])
    )
    assert response.status_code == 400
    assert ticked(response.get_data(as_text=True)) == ["juvenile-idiopathic-arthritis", "asthma"]
    assert _posts(app) == 0


def test_more_conditions_than_allowed_are_refused_and_kept(app, client, auth):
    with app.app_context():
        make_user("dana")
    auth.login("dana")
    six = ["asthma", "lupus", "epilepsy", "heart-failure", "type-1-diabetes", "other"]
    response = client.post("/posts/new", data=_form(conditions=six))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose between 1 and 5 conditions." in html
    assert sorted(ticked(html)) == sorted(six)
    assert 'aria-describedby="conditions-hint conditions-error"' in html
    assert _posts(app) == 0

    response = client.post("/posts/new", data=_form(conditions=six[:5]))
    assert response.status_code == 302
    assert _posts(app) == 1


def test_a_group_is_a_heading_not_a_condition_to_post_about(app, client, auth):
    with app.app_context():
        token = issue_token(make_user("dana"))
    auth.login("dana")
    response = client.post("/posts/new", data=_form(conditions=["heart-conditions"]))
    assert response.status_code == 400
    message = "“Heart conditions” is a group: choose conditions in it instead."
    assert message in response.get_data(as_text=True)

    api = Api(client)
    body = {**_form(conditions=["asthma", "digestive-conditions"]), "tags": []}
    response = api.post("/api/v1/posts", body, token=token)
    assert response.status_code == 400
    assert "is a group" in response.json["error"]["fields"]["conditions"]
    assert _posts(app) == 0


def test_the_browse_page_shows_conditions_under_their_groups(client):
    page = client.get("/conditions").get_data(as_text=True)
    heart = page.split('href="/conditions/heart-conditions">')[1].split("hormone-conditions")[0]
    assert 'href="/conditions/heart-failure"' in heart
    assert 'href="/conditions/congenital-heart-disease"' in heart
    assert "juvenile-idiopathic-arthritis" not in page.split("joint-and-immune-conditions")[0]


def _conditions(db_engine) -> list[tuple[str, str | None, str]]:
    with db_engine.connect() as conn:
        rows = conn.execute(text("SELECT id, slug, parent_id, name, position FROM conditions"))
        rows = rows.all()
    slugs = {id_: slug for id_, slug, *_ in rows}
    return [(slug, slugs.get(parent_id), name) for _, slug, parent_id, name, _ in rows]


def _positions(db_engine) -> list[str]:
    with db_engine.connect() as conn:
        return conn.scalars(text("SELECT slug FROM conditions ORDER BY position, id")).all()


def test_0013_puts_an_old_catalogue_in_its_groups(empty_database_url, engine, tmp_path):  # noqa: F811
    _migrate(empty_database_url, tmp_path, "upgrade", "0003")
    conditions = sa.table(
        "conditions", sa.column("slug"), sa.column("parent_id"), sa.column("position")
    )
    with engine.begin() as conn:  # the catalogue as the data file had it before the groups
        conn.execute(conditions.update().values(parent_id=None))
        conn.execute(conditions.delete().where(conditions.c.slug.not_in(OLD_ORDER)))
        ids = dict(conn.execute(sa.select(conditions.c.slug, sa.text("id"))).all())
        for position, slug in enumerate(OLD_ORDER):
            parent_id = ids.get(OLD_PARENTS.get(slug))
            conn.execute(
                conditions.update()
                .where(conditions.c.slug == slug)
                .values(parent_id=parent_id, position=position)
            )
    assert _positions(engine) == OLD_ORDER
    history.insert(engine)  # posts 1 and 3 on the first condition, 1 and 4 on the second
    if engine.dialect.name == "postgresql":  # rows written with their ids leave the sequence behind
        with engine.begin() as conn:
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('search_outbox', 'id'), max(id))"
                    " FROM search_outbox"
                )
            )
    with engine.connect() as conn:
        on_a_condition = conn.scalars(
            text("SELECT DISTINCT post_id FROM post_conditions ORDER BY post_id")
        ).all()
        last_queued = conn.scalar(text("SELECT coalesce(max(id), 0) FROM search_outbox"))

    _migrate(empty_database_url, tmp_path, "upgrade")

    group, parent = _groups_in(_conditions(engine))
    assert group == GROUP
    assert {slug: p for slug, p in parent.items() if p in GROUP} == KIND_OF
    catalogue = [e["slug"] for e in load_catalog()]
    assert _positions(engine) == catalogue
    with engine.connect() as conn:  # their ancestors changed: the search index must hear
        queued = conn.scalars(
            text("SELECT post_id FROM search_outbox WHERE id > :last ORDER BY id"),
            {"last": last_queued},
        ).all()
    assert queued == on_a_condition

    # The groups stay on the way down (0002 loads them too), and a second pass changes nothing.
    _migrate(empty_database_url, tmp_path, "downgrade", "0008")
    _migrate(empty_database_url, tmp_path, "upgrade")
    assert _groups_in(_conditions(engine))[0] == GROUP
    with engine.connect() as conn:
        total = conn.scalar(
            text("SELECT count(*) FROM search_outbox WHERE id > :last"), {"last": last_queued}
        )
    assert total == len(queued)


def test_a_top_level_condition_without_a_group_is_still_offered_last():
    # A database whose catalogue predates the groups, or an operator's own condition.
    def entry(id_, slug, parent_id=None):
        return CatalogEntry(id_, slug, slug.title(), (), None, parent_id, id_)

    tree = ConditionTree(
        [entry(1, "heart-conditions"), entry(2, "heart-failure", 1), entry(3, "rare-thing")]
    )
    assert [(g.name, [o.slug for o in g.options]) for g in picker_groups(tree)] == [
        ("Heart-Conditions", ["heart-failure"]),
        (UNGROUPED, ["rare-thing"]),
    ]
    assert tree.is_group(tree.by_slug["heart-conditions"])
    assert not tree.is_group(tree.by_slug["rare-thing"])
