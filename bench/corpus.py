"""A realistic forum corpus for benchmarks: posts like the demo's, at any size.

    generate_users(n, seed)  -> user dicts
    generate_posts(n, seed)  -> post dicts (title, body, kind, conditions, tags, author, ...)
    bulk_load(session, n)    -> inserts users, posts, conditions and tags in bulk

Kinds, conditions and lengths follow the demo content. Each body is built for
its own post: the condition- and topic-specific phrases real families and
clinicians use (``bench/corpus_data.py``, which the relevance queries need),
sampled and ordered afresh, mixed with free-text sentences whose words follow a
Zipf law over a vocabulary of common English words, the phrases' own words and
generated words for the long tail (:func:`vocabulary`). So nearly every post
has a body of its own (``bulk_load`` reports the share; at least 95% is the
bar) and term frequencies fall off as in real text. Every body goes through the
real sanitizer; 100,000 posts generate and render in well under a minute.
Everything is deterministic for a seed.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import islice

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from bench import corpus_data as data

ZIPF_EXPONENT = 1.05  # word frequency ~ 1 / rank^s, as in English text
GENERATED_WORDS = 20_000  # the long tail of the vocabulary
STATUSES = {"published": 970, "hidden": 15, "removed": 10, "pending": 5}  # per mille
PASSWORD = "benchmark password"
START = datetime(2023, 1, 1, tzinfo=UTC)
CHUNK = 2000


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def generate_users(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(f"users-{seed}")
    users = []
    for i in range(n):
        name = rng.choice(data.NAMES).lower()
        username = f"{name}_{chr(97 + rng.randrange(26))}{seed}x{i}"
        users.append({"username": username, "perspective": _pick(rng, data.PERSPECTIVES)})
    return users


def _fill(rng: random.Random, condition: str, topic: str) -> dict:
    _, name, symptoms, treatments, _ = data.CONDITIONS[condition]
    _, place, problem = data.TOPICS[topic]
    symptom, treatment = rng.choice(symptoms), rng.choice(treatments)
    return {
        "cond": name, "child": rng.choice(data.NAMES), "age": rng.choice(data.AGES),
        "problem": problem, "Problem": problem[0].upper() + problem[1:],
        "place": place, "Place": place[0].upper() + place[1:],
        "symptom": symptom, "Symptom": symptom[0].upper() + symptom[1:], "treatment": treatment,
    }  # fmt: skip


@lru_cache(maxsize=4)
def vocabulary(seed: int = 0) -> tuple[list[str], list[float]]:
    """(words by rank, cumulative Zipf weights): common English words first, then
    the corpus phrases' own words, then ``GENERATED_WORDS`` made-up words."""
    rng = random.Random(f"vocabulary-{seed}")
    phrase_words = re.findall(r"[a-z]{3,}", " ".join(_phrases()).lower())
    words = list(dict.fromkeys([*data.ENGLISH, *sorted(set(phrase_words))]))
    seen = set(words)
    while len(words) < len(data.ENGLISH) + len(phrase_words) + GENERATED_WORDS:
        word = "".join(
            rng.choice(data.ONSETS) + rng.choice(data.NUCLEI) + rng.choice(data.CODAS)
            for _ in range(rng.choice((2, 2, 2, 3)))
        )
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(words) + 1)]
    return words, list(itertools.accumulate(weights))


def _phrases() -> list[str]:
    texts = [*data.STEPS, *data.CONTEXT, *data.TIPS]
    for group in (data.OPENERS, data.RESULTS, data.TOPIC_STEPS, data.TITLES):
        texts += [t for ts in group.values() for t in ts]
    return [re.sub(r"\{\w+\}", " ", t) for t in texts]


def _free_text(rng: random.Random, words: list[str], cum: list[float], low: int, high: int) -> str:
    """One sentence of Zipf-drawn words."""
    drawn = rng.choices(words, cum_weights=cum, k=rng.randint(low, high))
    return " ".join(drawn).capitalize() + "."


def _body(rng: random.Random, kind: str, topic: str, condition: str, seed: int) -> str:
    words = _fill(rng, condition, topic)
    vocab, cum = vocabulary(seed)
    opener = rng.choice(data.OPENERS[kind]).format(**words)
    steps = rng.sample(data.TOPIC_STEPS[topic], rng.randint(3, 5))
    steps += rng.sample(data.STEPS, rng.randint(0, 2))
    context = [s.format(**words) for s in rng.sample(data.CONTEXT, rng.randint(1, 5))]
    for _ in range(rng.randint(1, 4)):  # free text among the phrases, as people write
        context.insert(rng.randrange(len(context) + 1), _free_text(rng, vocab, cum, 6, 18))
    parts = [opener + " " + " ".join(context), rng.choice(data.HEADINGS[kind])]
    items = [s.format(**words) for s in steps]
    if rng.random() < 0.5:
        items.insert(rng.randrange(len(items) + 1), _free_text(rng, vocab, cum, 4, 10))
    parts.append("\n".join(f"- {s}" for s in items))
    parts.append(rng.choice(data.RESULTS[kind]).format(**words))
    if rng.random() < 0.6:
        parts.append(rng.choice(data.TIPS).format(**words))
    if rng.random() < 0.5:
        parts.append(" ".join(_free_text(rng, vocab, cum, 5, 14) for _ in range(rng.randint(1, 3))))
    return "\n\n".join(parts)


def generate_posts(n: int, seed: int = 0, n_users: int | None = None) -> Iterator[dict]:
    """``n`` posts, oldest first; ``author`` indexes ``generate_users(n_users, seed)``."""
    users = generate_users(n_users or max(10, n // 20), seed)
    clinicians = [i for i, u in enumerate(users) if u["perspective"] == "clinician"] or [0]
    rng = random.Random(f"posts-{seed}")
    weights = {slug: spec[0] for slug, spec in data.CONDITIONS.items()}
    span = (datetime(2026, 1, 1, tzinfo=UTC) - START).total_seconds()
    for i in range(n):
        kind = _pick(rng, data.KINDS)
        topic = (
            "clinic"
            if kind == "change_idea" and rng.random() < 0.5
            else _pick(rng, {t: 1 for t in data.TOPICS if t != "clinic"})
        )
        conditions = [_pick(rng, weights)]
        for _ in range(rng.choices([0, 1, 2], weights=[72, 25, 3])[0]):
            extra = _pick(rng, weights)
            if extra not in conditions:
                conditions.append(extra)
        words = _fill(rng, conditions[0], topic)
        pool = data.TOPICS[topic][0] + data.CONDITIONS[conditions[0]][4]
        tags = sorted(set(rng.sample(pool, min(len(pool), rng.randint(1, 4)))))
        tried = 0 if kind == "question" or rng.random() < 0.4 else rng.randint(1, 14)
        worked = round(tried * rng.uniform(0.3, 0.9))
        partly = rng.randint(0, tried - worked)
        stopped = rng.randint(0, tried - worked - partly)
        author = rng.choice(clinicians) if kind == "change_idea" else rng.randrange(len(users))
        yield {
            "title": rng.choice(data.TITLES[kind]).format(**words)[:150],
            "body": _body(rng, kind, topic, conditions[0], seed),
            "kind": kind,
            "conditions": conditions,
            "tags": tags,
            "author": author,
            "status": _pick(rng, STATUSES),
            "created_at": START + timedelta(seconds=span * (i + rng.random()) / n),
            "outcomes": {
                "worked": worked,
                "partly": partly,
                "no_effect": tried - worked - partly - stopped,
                "stopped": stopped,
            },  # fmt: skip
        }


def bulk_load(session: Session, n: int, seed: int = 0, n_users: int | None = None) -> dict:
    """Insert ``n`` posts (and their authors, conditions and tags) with bulk statements.

    Runs on the session's connection, below the ORM, so no per-row events fire
    (no search outbox rows: rebuild the index afterwards). Returns counts.
    """
    from forum.conditions.catalog import sync_conditions
    from forum.markup import render_markdown
    from forum.models import Condition, Post, PostTag, User, post_conditions

    sync_conditions()
    conn = session.connection()
    condition_ids = dict(conn.execute(select(Condition.slug, Condition.id)).all())
    n_users = n_users or max(10, n // 20)
    password_hash = generate_password_hash(PASSWORD)
    now = datetime.now(UTC)
    user_rows = [
        {
            "username": u["username"],
            "username_key": u["username"],
            "email": f"{u['username']}@bench.example",
            "password_hash": password_hash,
            "perspective": u["perspective"],
            "trust_level": 1,
            "created_at": START,
            "updated_at": now,
        }  # fmt: skip
        for u in generate_users(n_users, seed)
    ]
    user_ids = _insert_returning(conn, User, user_rows)
    digests: set[bytes] = set()  # 8 bytes a body, not the bodies: 100,000 fit in a few MB
    posts = generate_posts(n, seed, n_users)
    loaded = 0
    while chunk := list(islice(posts, CHUNK)):
        rows = []
        for p in chunk:
            digests.add(hashlib.blake2b(p["body"].encode(), digest_size=8).digest())
            rows.append(_post_row(p, user_ids, render_markdown(p["body"])))
        post_ids = _insert_returning(conn, Post, rows)
        conn.execute(
            insert(post_conditions),
            [{"post_id": pid, "condition_id": condition_ids[slug]}
             for pid, p in zip(post_ids, chunk, strict=True) for slug in p["conditions"]],
        )  # fmt: skip
        conn.execute(
            insert(PostTag),
            [{"post_id": pid, "name": tag}
             for pid, p in zip(post_ids, chunk, strict=True) for tag in p["tags"]],
        )  # fmt: skip
        loaded += len(chunk)
    session.commit()
    total = session.scalar(select(func.count()).select_from(Post))
    return {
        "users": len(user_ids),
        "posts": loaded,
        "distinct_bodies": len(digests),
        "distinct_body_share": len(digests) / max(1, loaded),
        "total_posts": total,
    }


def _post_row(p: dict, user_ids: list[int], body_html: str) -> dict:
    o = p["outcomes"]
    return {
        "author_id": user_ids[p["author"]], "kind": p["kind"], "title": p["title"],
        "body": p["body"], "body_html": body_html, "status": p["status"],
        "created_at": p["created_at"], "updated_at": p["created_at"],
        "outcome_worked": o["worked"], "outcome_partly": o["partly"],
        "outcome_no_effect": o["no_effect"], "outcome_stopped": o["stopped"],
    }  # fmt: skip


def _insert_returning(conn, model, rows: list[dict]) -> list[int]:
    ids: list[int] = []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    for start in range(0, len(rows), CHUNK):
        ids += conn.execute(statement, rows[start : start + CHUNK]).scalars().all()
    return ids
