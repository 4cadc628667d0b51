"""What's working for a condition: the summary above its latest posts.

For a condition and every condition below it, over published posts only:

- the posts most reported to work, ranked by the lower bound of the Wilson
  score interval (95%) on "worked or partly" out of all reports, so 3 of 3
  does not outrank 45 of 50 (:func:`wilson_lower_bound`, the definition; the
  database sorts by the same formula, :func:`_wilson_sql`);
- how many people reported outcomes and how the reports split by result;
- how many of those asked after 6 months still use what they tried (the
  follow-ups' latest answers);
- the most adapted ideas, and change ideas with a tested (or published) result.

Two statements whatever the number of posts: one of aggregates, one of the
three short ranked lists (``UNION ALL``). Both are remembered until the next
commit (``forum.caching.pages.remember``), so the page and the API share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import sqrt

from sqlalchemy import Float, and_, case, cast, func, literal, or_, select, true, union_all

from forum.caching.pages import remember
from forum.extensions import db
from forum.models import EVIDENCE_LEVELS, FollowUp, OutcomeReport, Post, post_conditions
from forum.posts.summary import OUTCOME_WORDS

# z for a two-sided 95% interval.
Z = 1.96
TOP_WORKING = 5
TOP_ADAPTED = 3
TOP_TESTED = 3
DURABLE_MONTHS = 6
TESTED_LEVELS = ("published", "tested")  # best first
# Each result's words on the chart and in the API, in the order of OUTCOME_RESULTS.
RESULTS = tuple(OUTCOME_WORDS)


def wilson_lower_bound(k: int, n: int, z: float = Z) -> float:
    """The lower bound of the Wilson score interval for ``k`` successes in ``n``
    trials: the share we can be about 95% sure is at least this high. 0 for no trials.

    3 of 3 gives 0.44; 45 of 50 gives 0.79, so 45 of 50 ranks first.
    """
    if n <= 0:
        return 0.0
    p = k / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    spread = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre - spread) / (1 + z2 / n)


def _wilson_sql(k, n):
    """:func:`wilson_lower_bound` as a SQL expression (``n`` > 0 where it is used)."""
    k, n = cast(k, Float), cast(n, Float)
    p = k / n
    z2 = Z * Z
    return (p + z2 / (2 * n) - Z * func.sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n)


@dataclass(frozen=True, slots=True)
class RankedPost:
    """A post in one of the summary's lists: enough to link it and say why it is there."""

    id: int
    title: str
    kind: str
    evidence_level: str
    adaptation_count: int
    counts: tuple[tuple[str, int], ...]  # (result, reports), in RESULTS order

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def evidence_label(self) -> str:
        return EVIDENCE_LEVELS.get(self.evidence_level, self.evidence_level)

    @property
    def worked_or_partly(self) -> int:
        counts = dict(self.counts)
        return counts["worked"] + counts["partly"]

    @property
    def lower_bound(self) -> float:
        return wilson_lower_bound(self.worked_or_partly, self.total)

    @property
    def words(self) -> str:
        """ "45 of 50 said it worked or partly"."""
        return f"{self.worked_or_partly} of {self.total} said it worked or partly"

    @property
    def bound_words(self) -> str:
        """The lower bound in plain words."""
        return f"we can be fairly sure (95%) at least {percent(self.lower_bound)} find it works"


@dataclass(frozen=True, slots=True)
class Summary:
    """What's working for one condition (with everything below it)."""

    reporters: int  # distinct people who reported an outcome
    counts: tuple[tuple[str, int], ...]  # reports per result, in RESULTS order
    still_using: int  # answered "still using it" at DURABLE_MONTHS
    asked: int  # answered the follow-up at DURABLE_MONTHS at all
    working: tuple[RankedPost, ...]
    adapted: tuple[RankedPost, ...]
    tested: tuple[RankedPost, ...]

    @property
    def reports(self) -> int:
        return sum(n for _, n in self.counts)

    @property
    def is_empty(self) -> bool:
        return self.reports == 0 and not self.adapted and not self.tested

    @property
    def split(self) -> list[tuple[str, str, int, int]]:
        """(result, its words, reports, whole percent) for every result, in order."""
        total = self.reports
        return [
            (key, OUTCOME_WORDS[key], n, round(100 * n / total) if total else 0)
            for key, n in self.counts
        ]

    @property
    def split_words(self) -> str:
        """ "120 reports: 70 worked, 25 partly, …" (results nobody chose left out)."""
        parts = [f"{n} {words}" for _, words, n, _ in self.split if n]
        return f"{self.reports} report{'' if self.reports == 1 else 's'}: " + ", ".join(parts)

    @property
    def durable_words(self) -> str:
        """ "7 of 9 asked after 6 months are still using what they tried" ("" before any answer)."""
        if not self.asked:
            return ""
        return (
            f"{self.still_using} of {self.asked} asked after {DURABLE_MONTHS} months "
            "are still using what they tried"
        )


def percent(share: float) -> str:
    return f"{round(100 * share)}%"


def published_about(condition_ids: list[int]):
    """Published posts about one of ``condition_ids`` (EXISTS: a post under two counts once)."""
    about = (
        select(post_conditions.c.post_id)
        .where(
            post_conditions.c.post_id == Post.id,
            post_conditions.c.condition_id.in_(condition_ids),
        )
        .exists()
    )
    return and_(Post.status == "published", about)


COUNT_COLUMNS = {
    "worked": Post.outcome_worked,
    "partly": Post.outcome_partly,
    "no_effect": Post.outcome_no_effect,
    "worse": Post.outcome_worse,
    "stopped": Post.outcome_stopped,
}


def summarize_condition(condition_ids: list[int]) -> Summary:
    """The summary for posts about any of ``condition_ids`` (a condition's subtree),
    remembered until the next commit."""
    key = ("condition-working", tuple(sorted(condition_ids)))
    return remember(key, lambda: _read(condition_ids))


def _read(condition_ids: list[int]) -> Summary:
    published = published_about(condition_ids)
    on_published = select(Post.id).where(published).scalar_subquery()
    reports = select(
        func.count(func.distinct(OutcomeReport.user_id)),
        *(
            func.coalesce(func.sum(case((OutcomeReport.result == k, 1), else_=0)), 0)
            for k in RESULTS
        ),
    ).where(OutcomeReport.post_id.in_(on_published))
    durable = (
        select(
            func.count(FollowUp.id),
            func.coalesce(func.sum(case((FollowUp.answer == "still_using", 1), else_=0)), 0),
        )
        .where(
            FollowUp.months == DURABLE_MONTHS,
            FollowUp.answer.is_not(None),
            FollowUp.post_id.in_(on_published),
        )
        .subquery()
    )
    totals = reports.subquery()
    row = db.session.execute(
        select(totals, durable).select_from(totals.join(durable, true()))
    ).one()
    reporters, *counts, asked, still = (int(v or 0) for v in row)
    working, adapted, tested = _ranked(published)
    return Summary(
        reporters=reporters,
        counts=tuple(zip(RESULTS, counts, strict=True)),
        still_using=still,
        asked=asked,
        working=working,
        adapted=adapted,
        tested=tested,
    )


def _ranked(published) -> tuple[tuple[RankedPost, ...], ...]:
    """The three lists in one statement: each branch ranked and cut on its own."""
    total = sum(COUNT_COLUMNS.values())
    good = Post.outcome_worked + Post.outcome_partly
    columns = (Post.id, Post.title, Post.kind, Post.evidence_level, Post.adaptation_count)
    columns += tuple(COUNT_COLUMNS.values())

    def branch(name: str, where, order, limit: int):
        stmt = select(literal(name).label("list"), *columns).where(published, where)
        return select(stmt.order_by(*order).limit(limit).subquery())

    level_rank = case((Post.evidence_level == TESTED_LEVELS[0], 0), else_=1)
    stmt = union_all(
        branch(
            "working",
            good > 0,  # 0 of 5 is not "reported to work", however sure we are of it
            (_wilson_sql(good, total).desc(), total.desc(), Post.id),
            TOP_WORKING,
        ),
        branch(
            "adapted",
            Post.adaptation_count > 0,
            (Post.adaptation_count.desc(), Post.id),
            TOP_ADAPTED,
        ),
        branch(
            "tested",
            and_(
                Post.kind == "change_idea", or_(*(Post.evidence_level == v for v in TESTED_LEVELS))
            ),
            (level_rank, good.desc(), Post.id.desc()),
            TOP_TESTED,
        ),
    )
    lists: dict[str, list[RankedPost]] = {"working": [], "adapted": [], "tested": []}
    for name, id_, title, kind, level, adaptations, *counts in db.session.execute(stmt):
        lists[name].append(
            RankedPost(
                id_, title, kind, level, adaptations, tuple(zip(RESULTS, counts, strict=True))
            )
        )
    # UNION ALL keeps each branch's rows but not their order across the union:
    # sort again in Python by the same keys (the lists are at most five long).
    lists["working"].sort(key=lambda p: (-p.lower_bound, -p.total, p.id))
    lists["adapted"].sort(key=lambda p: (-p.adaptation_count, p.id))
    lists["tested"].sort(
        key=lambda p: (p.evidence_level != TESTED_LEVELS[0], -p.worked_or_partly, -p.id)
    )
    return tuple(lists["working"]), tuple(lists["adapted"]), tuple(lists["tested"])
