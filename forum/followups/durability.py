"""A post's durability: how many of those asked "is it still working?" still use it.

Kept on the post (``Post.durability``) as one short string, one part per
step somebody answered: ``"3:7:9 6:5:8"`` reads "after 3 months, 7 of the 9
who answered still use it; after 6 months, 5 of 8". A string keeps
:class:`~forum.posts.summary.PostSummary` hashable (it is its cards' cache
key) and costs listings no query. It is rewritten from the follow-ups
themselves in each answer's transaction (:func:`forum.followups.service.answer`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Step:
    """One step's answers: ``still`` of ``answered`` still use it after ``months``."""

    months: int
    still: int
    answered: int

    @property
    def ratio(self) -> float:
        return self.still / self.answered if self.answered else 0.0

    @property
    def words(self) -> str:
        return f"{self.still} of {self.answered} still using it after {months_words(self.months)}"

    @property
    def short(self) -> str:
        return f"{self.still}/{self.answered} still using at {self.months} mo"

    def as_json(self) -> dict:
        return {"months": self.months, "still_using": self.still, "answered": self.answered}


def months_words(months: int) -> str:
    return "1 month" if months == 1 else f"{months} months"


@lru_cache(maxsize=1024)
def parse_durability(text: str) -> tuple[Step, ...]:
    """The steps in ``text`` (``"3:7:9 6:5:8"``), shortest first; bad parts are left out."""
    steps = []
    for part in (text or "").split():
        try:
            months, still, answered = (int(n) for n in part.split(":"))
        except ValueError:
            continue
        if answered > 0 and 0 <= still <= answered:
            steps.append(Step(months, still, answered))
    return tuple(sorted(steps, key=lambda step: step.months))


def format_durability(counts: dict[int, tuple[int, int]]) -> str:
    """``{months: (still, answered)}`` as kept on the post (steps nobody answered left out)."""
    return " ".join(
        f"{months}:{still}:{answered}"
        for months, (still, answered) in sorted(counts.items())
        if answered
    )
