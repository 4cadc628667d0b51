"""Search fixtures: a small forum where the right answer to each query is known."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Post
from search import store
from search.index.documents import searchable_clause
from search.query.params import SearchParams
from search.query.service import search
from tests.factories import make_outcome, make_post, make_user


def run(q: str = "", **params) -> list[str]:
    """Titles of the hits of a search, in order."""
    return [hit.post.title for hit in search(SearchParams(q=q, **params)).hits]


def indexed_ids() -> set[int]:
    with store.searcher() as searcher:
        return {int(f["post_id"]) for f in searcher.reader().all_stored_fields()}


def searchable_ids() -> set[int]:
    return set(db.session.scalars(select(Post.id).where(searchable_clause())))


@pytest.fixture
def corpus(app_ctx) -> dict[str, Post]:
    carer = make_user("carer", perspective="caregiver")
    nurse = make_user("nurse", perspective="clinician")
    teen = make_user("teen", perspective="patient")
    posts = {
        "bathroom": make_post(
            carer,
            title="Bathroom pass at school",
            body="Our son has Crohn's. A laminated card lets him leave class without asking.",
            conditions=["crohns-disease"],
            tags=["school", "bathroom-pass"],
        ),
        "exams": make_post(
            carer,
            title="Rest breaks in exams during a flare",
            body="The school agreed to rest breaks and a seat near the door for her exams.",
            kind="question",
            conditions=["ulcerative-colitis"],
        ),
        "walk": make_post(
            teen,
            title="Evening routine for stiff knees",
            body="I walk for twenty minutes after dinner and my knees loosen up.",
            conditions=["juvenile-idiopathic-arthritis"],
        ),
        "huddle": make_post(
            nurse,
            title="Pre-visit planning huddle cut missed labs",
            body="A five minute huddle before clinic. We also send school letters on time.",
            kind="change_idea",
            conditions=["type-1-diabetes"],
        ),
        "feeds": make_post(
            carer,
            title="Overnight tube feeds without the beeping",
            body="We moved the pump to a padded box and set the volume low.",
            conditions=["crohns-disease"],
        ),
        "inhaler": make_post(
            teen,
            title="Inhaler spacer in the sports bag",
            body="Keeping a spacer in the sports bag means PE never stops me.",
            conditions=["asthma"],
        ),
    }
    for _ in range(3):
        make_outcome(posts["feeds"], result="worked")
    make_outcome(posts["walk"], result="worked")
    return posts
