"""One read model for a post: :class:`PostSummary`, read by :func:`fetch`.

A post has two shapes, each with one job:

* ``forum.models.Post``, the ORM object, is for **writes** (the services create,
  edit, retag, review and delete through it, and the session events that feed
  the search outbox and the audit log watch it) and for pages about **one
  post** (the post page, moderation's panels), which load it with its comments.
* :class:`PostSummary`, a frozen dataclass of plain values, is what every read
  of **many posts** gets: the listing cards (home, condition pages, profiles),
  the API's JSON (``forum.api.serializers.post_json``) and the search index
  documents (``search.index.documents``).

::

    writes, one post          every listing, the API, the index
    ─────────────────         ────────────────────────────────
    ORM Post  ──summarize()──▶ PostSummary ◀── fetch(select(Post)…)
                                   │  kind_label, outcomes,
                                   │  outcome_words, safety_label_text…
                    post_card / post_json / index document

What a post says in words (its kind, its safety label, its outcome counts,
"12 tried it · 9 worked") is defined here, on :class:`PostSummary`, and
nowhere else. A place that holds an ORM ``Post`` (the post page, moderation's
review list, and search hits, which ``search.query.service`` still loads as
ORM posts) turns it into its summary with :func:`summarize` (the ``summary``
template filter; the card macros apply it themselves, so ``post_card`` takes
either), which reads only what the ORM has already loaded.

Reading many posts, :func:`fetch` runs three queries whatever their number:
the post columns with the author's and the safety reviewer's joined, the
posts' conditions (by name) and their tags (by name), each grouped by post id
once. How much of the text it reads is the caller's choice (:data:`EXCERPT`
for cards, :data:`FULL` for the API, :data:`HTML` for the index): a card never
reads more than its excerpt needs. Cards read tags they don't show, one small
query more than they used to, so that a summary is the same whoever read it.

A summary holds every value a card shows and is hashable, so a card's
summary is also the key of its rendered HTML (``{% cache %}``,
``forum.caching.fragments``): equal summaries render alike, and a summary
whose post changed is a different key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import datetime

from sqlalchemy import Select, bindparam, func, null, select
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.followups.durability import Step, parse_durability
from forum.models import (
    EVIDENCE_LEVELS,
    KINDS,
    SAFETY_LABELS,
    Condition,
    Post,
    PostTag,
    User,
    post_conditions,
)
from forum.models.user import PersonWords
from forum.posts.excerpt import SOURCE_CHARS

# How much of a post's text :func:`fetch` reads (``body``, ``body_html``).
EXCERPT = "excerpt"  # body: its first SOURCE_CHARS characters (all the excerpt reads); no HTML
FULL = "full"  # both whole
HTML = "html"  # body_html whole, no source: what the index takes its words from

# Each result in a word or two, in the order of OUTCOME_RESULTS.
OUTCOME_WORDS = {
    "worked": "worked",
    "partly": "partly",
    "no_effect": "no effect",
    "worse": "made it worse",
    "stopped": "stopped",
}
# Fewer reports than this are told in words only: one "didn't work" is not a
# red bar across the card.
BAR_FROM = 3


@dataclass(frozen=True, slots=True)
class Person(PersonWords):
    """An author or safety reviewer, as cards, JSON and notes show them."""

    username: str
    perspective: str
    clinician_verified: bool
    role: str
    trust_level: int


# Person's fields, in order: the users columns every reader selects.
PERSON_FIELDS = ("username", "perspective", "clinician_verified", "role", "trust_level")


@dataclass(frozen=True, slots=True)
class ConditionRef:
    """A condition a post is about: enough to link and name it (and its id, for the index)."""

    id: int
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class PostSummary:
    """One post as every listing, the API and the index see it."""

    id: int
    kind: str
    title: str
    status: str
    created_at: datetime
    updated_at: datetime
    comment_count: int
    helped_count: int  # answers the asker marked "this helped" (questions)
    outcome_worked: int
    outcome_partly: int
    outcome_no_effect: int
    outcome_stopped: int
    outcome_worse: int
    thanks_count: int
    safety_label: str | None
    safety_reviewed_at: datetime | None
    safety_stale: bool
    safety_note_html: str  # the reviewer's note for readers, sanitized on write
    durability: str  # follow-up answers per step, "3:7:9 6:5:8" (forum.followups.durability)
    evidence_level: str  # a key of EVIDENCE_LEVELS (forum.evidence)
    evidence_reason: str  # why, in words
    adapted_from_id: int | None  # the post this one adapted (lineage)
    adaptation_count: int  # published adaptations of this post
    adaptation_note: str  # what an adaptation changed (plain text; "" when it adapts nothing)
    body: str | None  # the Markdown source, or its first SOURCE_CHARS characters (EXCERPT)
    body_html: str | None  # the sanitized HTML (FULL, HTML)
    author: Person
    safety_reviewer: Person | None
    conditions: tuple[ConditionRef, ...]  # by name
    tags: tuple[str, ...]  # by name

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def evidence_label(self) -> str:
        return EVIDENCE_LEVELS.get(self.evidence_level, EVIDENCE_LEVELS["one_story"])

    @property
    def evidence_words(self) -> str:
        """Why the post has its level, in words (a post never judged says "One story")."""
        return self.evidence_reason or "One story: the author's own experience"

    @property
    def safety_label_text(self) -> str:
        return SAFETY_LABELS.get(self.safety_label or "", "")

    @property
    def outcome_total(self) -> int:
        return (
            self.outcome_worked
            + self.outcome_partly
            + self.outcome_no_effect
            + self.outcome_stopped
            + self.outcome_worse
        )

    @property
    def outcomes(self) -> dict[str, int]:
        """Each result's count and the total (the API's ``outcomes``)."""
        return {
            "worked": self.outcome_worked,
            "partly": self.outcome_partly,
            "no_effect": self.outcome_no_effect,
            "worse": self.outcome_worse,
            "stopped": self.outcome_stopped,
            "total": self.outcome_total,
        }

    @property
    def is_question(self) -> bool:
        return self.kind == "question"

    @property
    def outcome_words(self) -> str:
        """ "12 tried it · 9 worked · 2 partly · 1 stopped" (zero parts left out);
        under :data:`BAR_FROM` reports, each one: "1 report: worked"."""
        outcomes = self.outcomes
        total = outcomes["total"]
        if not total:
            return "No one has reported trying this yet"
        said = [(outcomes[k], word) for k, word in OUTCOME_WORDS.items() if outcomes[k]]
        if total < BAR_FROM:
            reports = "1 report" if total == 1 else f"{total} reports"
            return f"{reports}: " + ", ".join(word if n == 1 else f"{n} {word}" for n, word in said)
        return " · ".join([f"{total} tried it", *(f"{n} {word}" for n, word in said)])

    @property
    def outcome_legend(self) -> list[tuple[str, str, int]]:
        """(result, its words, count) for every result someone reported, for the bar's legend."""
        outcomes = self.outcomes
        return [(k, word, outcomes[k]) for k, word in OUTCOME_WORDS.items() if outcomes[k]]

    @property
    def shows_outcome_bar(self) -> bool:
        return self.outcome_total >= BAR_FROM

    @property
    def durability_steps(self) -> tuple[Step, ...]:
        """Each follow-up step somebody answered, shortest first."""
        return parse_durability(self.durability)

    @property
    def durability_words(self) -> list[str]:
        """ "7 of 9 still using it after 6 months", one per answered step."""
        return [step.words for step in self.durability_steps]

    @property
    def durability_short(self) -> str:
        """ "7/9 still using at 6 mo" for the longest answered step ("" before any answer)."""
        steps = self.durability_steps
        return steps[-1].short if steps else ""

    @property
    def still_working(self) -> tuple[int, float]:
        """(still using, their share) at the longest step somebody answered: search's
        "still working" order. (0, 0.0) before any answer."""
        steps = self.durability_steps
        return (steps[-1].still, steps[-1].ratio) if steps else (0, 0.0)

    @property
    def helped_words(self) -> str:
        """ "2 answers helped" on a question ("" until one did)."""
        n = self.helped_count
        return "" if not n else f"{n} answer{'' if n == 1 else 's'} helped"


def _person(user: User | None) -> Person | None:
    return None if user is None else Person(*(getattr(user, name) for name in PERSON_FIELDS))


def summarize(post: Post | PostSummary) -> PostSummary:
    """The summary of an ORM post already loaded (no query: its author, reviewer,
    conditions and tags are loaded with it); a summary is returned as it is."""
    if isinstance(post, PostSummary):
        return post
    return PostSummary(
        id=post.id,
        kind=post.kind,
        title=post.title,
        status=post.status,
        created_at=post.created_at,
        updated_at=post.updated_at,
        comment_count=post.comment_count,
        helped_count=post.helped_count,
        outcome_worked=post.outcome_worked,
        outcome_partly=post.outcome_partly,
        outcome_no_effect=post.outcome_no_effect,
        outcome_stopped=post.outcome_stopped,
        thanks_count=post.thanks_count,
        outcome_worse=post.outcome_worse,
        safety_label=post.safety_label,
        safety_reviewed_at=post.safety_reviewed_at,
        safety_stale=post.safety_stale,
        safety_note_html=post.safety_note_html or "",
        durability=post.durability or "",
        evidence_level=post.evidence_level or "one_story",
        evidence_reason=post.evidence_reason or "",
        adapted_from_id=post.adapted_from_id,
        adaptation_count=post.adaptation_count or 0,
        adaptation_note=post.adaptation_note or "",
        body=post.body,
        body_html=post.body_html,
        author=_person(post.author),
        safety_reviewer=_person(post.safety_reviewer),
        conditions=tuple(ConditionRef(c.id, c.slug, c.name) for c in post.conditions),
        tags=tuple(post.tag_names),
    )


_users = User.__table__
_reviewers = _users.alias("reviewer")
_posts = Post.__table__
# The post's own columns, named and ordered by PostSummary's fields up to the
# text (rows are unpacked by position, so the two can never drift apart).
_POST_FIELDS = tuple(f.name for f in fields(PostSummary))
_POST_COLUMNS = tuple(_posts.c[name] for name in _POST_FIELDS[: _POST_FIELDS.index("body")])
_TEXT_COLUMNS = {
    EXCERPT: (func.substr(_posts.c.body, 1, SOURCE_CHARS).label("body"), null().label("body_html")),
    FULL: (_posts.c.body, _posts.c.body_html),
    HTML: (null().label("body"), _posts.c.body_html),
}
_PEOPLE_COLUMNS = (
    *(_users.c[name] for name in PERSON_FIELDS),
    *(_reviewers.c[name].label(f"reviewer_{name}") for name in PERSON_FIELDS),
)
# Built once per text choice: a statement SQLAlchemy has seen keeps its cache key.
_COLUMNS = {text: (*_POST_COLUMNS, *cols, *_PEOPLE_COLUMNS) for text, cols in _TEXT_COLUMNS.items()}
_FROM = _posts.join(_users, _posts.c.author_id == _users.c.id).outerjoin(
    _reviewers, _posts.c.safety_reviewer_id == _reviewers.c.id
)
_N_POST, _N_PERSON = len(_POST_COLUMNS) + 2, len(PERSON_FIELDS)

# The page's post ids are an expanding parameter: one cached statement for any count.
_conditions = Condition.__table__
_CONDITIONS_OF = (
    select(post_conditions.c.post_id, _conditions.c.id, _conditions.c.slug, _conditions.c.name)
    .join(_conditions, _conditions.c.id == post_conditions.c.condition_id)
    .where(post_conditions.c.post_id.in_(bindparam("post_ids", expanding=True)))
    .order_by(_conditions.c.name, _conditions.c.id)
)  # the order of Post.conditions
_tags = PostTag.__table__
_TAGS_OF = (
    select(_tags.c.post_id, _tags.c.name)
    .where(_tags.c.post_id.in_(bindparam("post_ids", expanding=True)))
    .order_by(_tags.c.post_id, _tags.c.name)
)  # the order of Post.tags


def fetch(
    stmt: Select, *, text: str = EXCERPT, session: Session | None = None
) -> list[PostSummary]:
    """The summaries of the posts ``stmt`` selects (a ``select(Post)`` with its
    filters, order, limit and offset), in its order. Three queries.

    ``text`` says how much of each post's text to read (:data:`EXCERPT`,
    :data:`FULL`, :data:`HTML`); ``session`` defaults to the app's.
    """
    session = session or db.session
    rows = session.execute(stmt.with_only_columns(*_COLUMNS[text]).select_from(_FROM)).all()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    conditions = _grouped(session, _CONDITIONS_OF, ids, ConditionRef)
    tags = _grouped(session, _TAGS_OF, ids, str)
    summaries = []
    for row in rows:
        reviewer = row[_N_POST + _N_PERSON :]
        summaries.append(
            PostSummary(
                *row[:_N_POST],
                author=Person(*row[_N_POST : _N_POST + _N_PERSON]),
                safety_reviewer=Person(*reviewer) if reviewer[0] is not None else None,
                conditions=conditions.get(row[0], ()),
                tags=tags.get(row[0], ()),
            )
        )
    return summaries


def _grouped(session: Session, statement: Select, post_ids: list[int], make) -> dict[int, tuple]:
    """``statement``'s rows (post id first) for ``post_ids``: ``make(*rest)`` per row, by post."""
    found: dict[int, list] = defaultdict(list)
    for post_id, *rest in session.execute(statement, {"post_ids": post_ids}):
        found[post_id].append(make(*rest))
    return {post_id: tuple(items) for post_id, items in found.items()}
