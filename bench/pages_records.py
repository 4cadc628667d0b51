"""The page benchmark's change-idea pages: a record with three run charts, and a
condition whose "what's working" summary has something in every part.

    seed_records(session, showcase_post, seed) -> targets

On a corpus loaded by ``bench.corpus`` and ``bench.discussion``: the busiest
condition outside the IBD family (the ``condition`` row already reads IBD) is
the *working* condition. One of its published change ideas (not the showcase
post) gets an aim, a setting, three measures of :data:`POINTS` weekly points
each (a shift, a trend, a steady one) and three PDSA cycles, and is marked
*Tested* as the evidence rules would; a few of the condition's posts become
adaptations of others, with ``adaptation_count`` recounted. Rows go in with
bulk statements below the services, like the rest of the benchmark's seed.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, aliased

POINTS = 50  # per measure: three run charts of 50 points
MEASURES = (
    ("Visits with a needed lab missing", "% of visits", "process"),
    ("Days in hospital", "days a month per 100 children", "outcome"),
    ("Clinic sessions that ran late", "sessions a week", "balancing"),
)
CYCLE_AT = (20, 24, 30)  # points at which each PDSA cycle starts
ADAPTATIONS = 12
FIRST_DAY = date(2025, 1, 6)


def _values(rng: random.Random, kind: int) -> list[float]:
    if kind == 0:  # a shift down at the first cycle
        return [round(30 + rng.uniform(-3, 3) if i < 20 else 12 + rng.uniform(-3, 3))
                for i in range(POINTS)]  # fmt: skip
    if kind == 1:  # a trend down after the first cycle, then a new level
        return [round(9 + rng.uniform(-1, 1), 1) if i < 20 else
                round(max(3.0, 8.0 - 0.8 * (i - 20)) + (rng.uniform(-0.5, 0.5) if i > 26 else 0), 1)
                for i in range(POINTS)]  # fmt: skip
    return [float(round(3 + rng.uniform(-2, 2))) for _ in range(POINTS)]


def working_condition(session: Session) -> str:
    """The condition outside the IBD family and "other" with the most published posts."""
    from forum.models import Condition, Post, post_conditions

    return session.execute(
        select(Condition.slug)
        .join(post_conditions, post_conditions.c.condition_id == Condition.id)
        .join(Post, Post.id == post_conditions.c.post_id)
        .where(
            Post.status == "published",
            Condition.slug.not_in(
                ["ibd", "crohns-disease", "ulcerative-colitis", "ibd-unclassified", "other"]
            ),
        )
        .group_by(Condition.slug)
        .order_by(func.count().desc(), Condition.slug)
        .limit(1)
    ).scalar_one()


def seed_records(session: Session, showcase_post: int, seed: int = 0) -> dict:
    from forum.models import Condition, DataPoint, Measure, PdsaCycle, Post, post_conditions

    slug = working_condition(session)
    in_condition = (
        select(Post.id, Post.kind, Post.author_id, Post.created_at)
        .join(post_conditions, post_conditions.c.post_id == Post.id)
        .join(Condition, Condition.id == post_conditions.c.condition_id)
        .where(Condition.slug == slug, Post.status == "published", Post.id != showcase_post)
        .order_by(Post.id)
    )
    posts = session.execute(in_condition).all()
    ideas = [p for p in posts if p.kind == "change_idea"] or session.execute(
        select(Post.id, Post.kind, Post.author_id, Post.created_at)
        .where(Post.kind == "change_idea", Post.status == "published", Post.id != showcase_post)
        .order_by(Post.id)
        .limit(5)
    ).all()  # a tiny site may have none in that condition
    idea = ideas[len(ideas) // 2]
    rng = random.Random(f"records-{seed}")
    conn = session.connection()
    for position, (name, unit, kind) in enumerate(MEASURES):
        measure_id = conn.execute(
            insert(Measure).returning(Measure.id),
            {"post_id": idea.id, "position": position, "name": name, "unit": unit, "kind": kind,
             "created_at": idea.created_at},
        ).scalar_one()  # fmt: skip
        conn.execute(
            insert(DataPoint),
            [{"measure_id": measure_id, "observed_on": FIRST_DAY + timedelta(weeks=i),
              "value": value, "note": "", "entered_by_id": idea.author_id,
              "created_at": datetime(2025, 1, 6, tzinfo=UTC) + timedelta(weeks=i)}
             for i, value in enumerate(_values(rng, position))],
        )  # fmt: skip
    starts = [FIRST_DAY + timedelta(weeks=at, days=-2) for at in CYCLE_AT]
    ends = [s - timedelta(days=1) for s in starts[1:]] + [starts[-1] + timedelta(weeks=8)]
    conn.execute(
        insert(PdsaCycle),
        [{"post_id": idea.id, "started_on": start, "ended_on": end,
          "plan": f"Cycle {n}: test the change with one provider's patients for a month.",
          "done": "Ran as planned; counted every visit.",
          "learned": "Missed labs fell; the sheet needs a row for drug levels.",
          "decision": ("adapt", "adapt", "adopt")[n - 1],
          "created_at": datetime.combine(start, datetime.min.time(), UTC),
          "updated_at": datetime.combine(end, datetime.min.time(), UTC)}
         for n, (start, end) in enumerate(zip(starts, ends, strict=True), 1)],
    )  # fmt: skip
    conn.execute(
        update(Post)
        .where(Post.id == idea.id)
        .values(
            aim_what="Fewer clinic visits where a needed lab is missing",
            aim_target="from 30% of visits to under 12%",
            aim_by=FIRST_DAY + timedelta(weeks=40),
            setting_kind="clinic",
            setting_size="A specialty clinic, about 60 visits a week",
            setting_people="A nurse, a medical assistant and one provider",
            evidence_level="tested",
            evidence_reason=f"Tested: the run chart of ‘{MEASURES[0][0]}’ shows a shift after "
            f"the change (from {starts[0].day} {starts[0]:%B %Y})",
        )
    )
    _adaptations(conn, [p for p in posts if p.id != idea.id], rng)
    session.commit()
    return {"change_idea_post": idea.id, "working_condition": slug}


def _adaptations(conn, posts: list, rng: random.Random) -> None:
    """The condition's oldest few posts adapted by later ones, two levels deep."""
    from forum.models import Post

    if len(posts) < 4:
        return
    originals = posts[:3]
    later = posts[3 : 3 + ADAPTATIONS]
    parents = list(originals)
    for post in later:
        parent = rng.choice(parents)
        conn.execute(
            update(Post)
            .where(Post.id == post.id)
            .values(
                adapted_from_id=parent.id,
                adaptation_note="Kept the idea; changed who does it and when, for our setting.",
            )
        )
        parents.append(post)
    child = aliased(Post)
    count = (
        select(func.count(child.id))
        .where(child.adapted_from_id == Post.id, child.status == "published")
        .scalar_subquery()
    )
    conn.execute(update(Post).values(adaptation_count=count))
