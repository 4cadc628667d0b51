"""Comments and "I tried this" reports for a corpus loaded by ``bench.corpus.bulk_load``.

    bulk_load_discussion(session, comments, outcomes, seed) -> counts

Comment bodies and report notes are drawn from bounded pools built from the
corpus phrases (``bench/corpus_data.py``), so each distinct body goes through
the real sanitizer once. Rows are inserted in bulk below the ORM; afterwards
every post's denormalized counters are recounted from the rows, so pages show
numbers that agree with what they list. One published post, the *showcase*,
gets exactly ``SHOWCASE_COMMENTS`` comments and ``SHOWCASE_OUTCOMES`` reports:
the post page the page benchmark measures.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from bench import corpus_data as data
from bench.corpus import CHUNK, _fill, _pick

COMMENT_VARIANTS = 400
NOTE_VARIANTS = 120
SHOWCASE_COMMENTS = 20
SHOWCASE_OUTCOMES = 30
COMMENT_STATUSES = {"published": 985, "hidden": 10, "removed": 5}  # per mille
RESULTS = {"worked": 50, "partly": 25, "no_effect": 15, "stopped": 10}

REPLIES = [
    "Thank you for writing this up. {Symptom} has been our biggest worry too.",
    "We tried something similar at {place} and it helped, though it took a few weeks.",
    "Did you need a letter from the team for this, or did {place} just agree?",
    "This is brilliant. Our nurse suggested {treatment} but we never thought of doing it this way.",
    "Saving this for our next clinic visit. {Problem} is exactly where we are stuck.",
    "How long before you noticed a difference with {symptom}?",
    "Our {age}-year-old refused at first; a sticker chart got us over the hump.",
]
NOTES = [
    "Six weeks in and {symptom} is much easier to manage.",
    "Helped at {place}, less so at home.",
    "We adapted it for a {age}-year-old and it mostly worked.",
    "Stopped after a month: it clashed with {treatment}.",
    "No real change for us, but it was easy to try.",
    "The school was on board within a week. Thank you.",
]


def _text(rng: random.Random, templates: list[str], extra: list[str], variant: int) -> str:
    slug = list(data.CONDITIONS)[variant % len(data.CONDITIONS)]
    topic = list(data.TOPICS)[variant % len(data.TOPICS)]
    words = _fill(rng, slug, topic)
    text = rng.choice(templates).format(**words)
    if extra and rng.random() < 0.6:
        text += "\n\n" + rng.choice(extra).format(**words)
    return text


def comment_bodies(seed: int = 0) -> list[str]:
    rng = random.Random(f"comments-{seed}")
    return [_text(rng, REPLIES, data.CONTEXT + data.TIPS, i) for i in range(COMMENT_VARIANTS)]


def outcome_notes(seed: int = 0) -> list[str]:
    rng = random.Random(f"notes-{seed}")
    return [_text(rng, NOTES, [], i) for i in range(NOTE_VARIANTS)]


def bulk_load_discussion(session: Session, comments: int, outcomes: int, seed: int = 0) -> dict:
    """Add ``comments`` comments and ``outcomes`` reports to the posts already loaded.

    Returns counts and the showcase post's id.
    """
    from forum.markup import render_markdown
    from forum.models import Comment, OutcomeReport, Post, User

    conn = session.connection()
    posts = conn.execute(
        select(Post.id, Post.author_id, Post.created_at, Post.status).order_by(Post.id)
    ).all()
    user_ids = list(conn.execute(select(User.id).order_by(User.id)).scalars())
    published = [p for p in posts if p.status == "published"]
    # A recent post: its page is the one people open most.
    showcase = published[-len(published) // 50 - 1]
    rng = random.Random(f"discussion-{seed}")

    bodies = [(b, render_markdown(b)) for b in comment_bodies(seed)]
    others = [p for p in posts if p.id != showcase.id]
    comment_targets = [showcase] * SHOWCASE_COMMENTS
    comment_targets += rng.choices(others, k=max(0, comments - SHOWCASE_COMMENTS))
    rows = []
    for post in comment_targets:
        body, html = rng.choice(bodies)
        when = post.created_at + timedelta(hours=rng.uniform(0.5, 24 * 60))
        status = "published" if post is showcase else _pick(rng, COMMENT_STATUSES)
        author = rng.choice(user_ids)
        rows.append(
            {
                "post_id": post.id,
                "author_id": author,
                "body": body,
                "body_html": html,
                "status": status,
                "created_at": when,
                "updated_at": when,
            }
        )
        if len(rows) == CHUNK:
            conn.execute(insert(Comment), rows)
            rows = []
    if rows:
        conn.execute(insert(Comment), rows)

    notes = outcome_notes(seed)
    taken: set[tuple[int, int]] = set()
    wanted = [(showcase, SHOWCASE_OUTCOMES)] + [(None, max(0, outcomes - SHOWCASE_OUTCOMES))]
    rows = []
    for fixed, count in wanted:
        while count > 0:
            post = fixed or rng.choice(published)
            user = rng.choice(user_ids)
            if user == post.author_id or (post.id, user) in taken:
                continue
            taken.add((post.id, user))
            count -= 1
            when = post.created_at + timedelta(days=rng.uniform(1, 90))
            note = rng.choice(notes) if rng.random() < 0.5 else ""
            rows.append(
                {
                    "post_id": post.id,
                    "user_id": user,
                    "result": _pick(rng, RESULTS),
                    "note": note,
                    "created_at": when,
                    "updated_at": when,
                }
            )
            if len(rows) == CHUNK:
                conn.execute(insert(OutcomeReport), rows)
                rows = []
    if rows:
        conn.execute(insert(OutcomeReport), rows)
    _recount(conn)
    session.commit()
    return {"comments": len(comment_targets), "outcomes": len(taken), "showcase_post": showcase.id}


def _recount(conn) -> None:
    """Counters from the rows, as the services keep them (published comments only)."""
    from forum.models import Comment, OutcomeReport, Post

    comment_count = (
        select(func.count(Comment.id))
        .where(Comment.post_id == Post.id, Comment.status == "published")
        .scalar_subquery()
    )
    counters = {
        f"outcome_{result}": select(func.count(OutcomeReport.id))
        .where(OutcomeReport.post_id == Post.id, OutcomeReport.result == result)
        .scalar_subquery()
        for result in RESULTS
    }
    conn.execute(update(Post).values(comment_count=comment_count, **counters))
