"""The four run-chart rules, read from a measure's values in time order.

A run chart is a measure plotted over time with its median as the centre
line. The probability-based rules of Perla, Provost and Murray (BMJ Quality &
Safety 2011;20:46-51) each point to non-random variation, a signal that the
process changed:

* **Shift**: six or more consecutive points all above, or all below, the
  median. Points on the median neither add to a shift nor break it.
* **Trend**: five or more consecutive points all going up, or all going
  down. A value repeated from the point before counts once (it neither adds
  to the trend nor breaks it).
* **Runs**: a run is one or more consecutive points on the same side of the
  median (points on it are skipped). Fewer or more runs than expected for
  the number of *useful* observations (those not on the median) is a signal;
  :func:`runs_limits` gives the expected range.
* **Astronomical point**: a value obviously different from the rest. People
  judge this by eye; here it is a point beyond Tukey's far-out fences (more
  than three interquartile ranges outside the quartiles) whose neighbours are
  not beyond the same fence, so that the chart and the words agree on which
  point it is, and a level that moved for good (a long baseline, then a
  lasting improvement) reads as the shift it is, not as many odd points.

Below :data:`MIN_POINTS` points the median is too unsteady to read, and no
rule is applied: the chart is drawn and says so. Pure functions, no database:
``forum.runcharts`` draws what :func:`analyse` finds, and ``forum.evidence``
asks :func:`signals_after` whether a change idea's data moved after the change.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from math import comb

MIN_POINTS = 10
SHIFT = 6  # points on one side of the median
TREND = 5  # points all going up or all going down
FAR_OUT = 3.0  # interquartile ranges beyond the quartiles: an astronomical point
RUNS_ALPHA = 0.05  # two-sided: too few or too many runs, each tail 2.5%

RULES = {
    "shift": "Shift",
    "trend": "Trend",
    "too_few_runs": "Too few runs",
    "too_many_runs": "Too many runs",
    "astronomical": "Astronomical point",
}


@dataclass(frozen=True, slots=True)
class Signal:
    """One rule met: which, over which points (indexes into the values, both
    ends included; the runs rules span the whole chart), and in words."""

    rule: str  # a key of RULES
    start: int
    end: int
    words: str

    @property
    def label(self) -> str:
        return RULES[self.rule]


@dataclass(frozen=True, slots=True)
class Analysis:
    median: float | None  # None with no values
    points: int
    useful: int  # points not on the median
    runs: int
    runs_limits: tuple[int, int] | None  # (fewest, most) runs expected; None: too few useful
    signals: tuple[Signal, ...]

    @property
    def enough(self) -> bool:
        """Enough points to apply the rules at all."""
        return self.points >= MIN_POINTS

    def of(self, rule: str) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if s.rule == rule)

    @property
    def words(self) -> list[str]:
        """What the rules found, one sentence each, for the text beside the chart."""
        if not self.enough:
            return [
                f"Too few points to read the run-chart rules: {MIN_POINTS} are needed, "
                f"this chart has {self.points}."
            ]
        if not self.signals:
            return ["No signal of change: the points vary around the median as chance would."]
        return [s.words for s in self.signals]


def _sides(values: Sequence[float], median: float) -> list[tuple[int, int]]:
    """(index, +1 above / -1 below) for each point not on the median."""
    return [(i, 1 if v > median else -1) for i, v in enumerate(values) if v != median]


def _shifts(sides: list[tuple[int, int]]) -> list[Signal]:
    found, group = [], []
    for index, side in [*sides, (None, 0)]:  # a sentinel closes the last group
        if group and side != group[0][1]:
            if len(group) >= SHIFT:
                where = "above" if group[0][1] > 0 else "below"
                first, last = group[0][0], group[-1][0]
                on = last - first + 1 - len(group)  # points on the median in between
                skipped = f"; {on} on the median not counted" if on else ""
                found.append(
                    Signal(
                        "shift",
                        first,
                        last,
                        f"Shift: {len(group)} points in a row {where} the median "
                        f"(points {first + 1} to {last + 1}{skipped}).",
                    )
                )
            group = []
        if index is not None:
            group.append((index, side))
    return found


def _trends(values: Sequence[float]) -> list[Signal]:
    # A value equal to the one before counts once: keep the first of each repeat.
    distinct = [i for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
    found, start = [], 0
    # Walk the distinct points; a trend is a maximal stretch whose steps all go one way.
    while start < len(distinct) - 1:
        up = values[distinct[start + 1]] > values[distinct[start]]
        end = start + 1
        while end + 1 < len(distinct) and (values[distinct[end + 1]] > values[distinct[end]]) == up:
            end += 1
        if end - start + 1 >= TREND:
            first, last = distinct[start], distinct[end]
            found.append(
                Signal(
                    "trend",
                    first,
                    last,
                    f"Trend: {end - start + 1} points in a row all going {'up' if up else 'down'} "
                    f"(points {first + 1} to {last + 1}).",
                )
            )
        start = end  # the turning point starts the next stretch
    return found


@cache
def runs_limits(useful: int) -> tuple[int, int] | None:
    """The fewest and most runs expected by chance among ``useful`` observations
    (points not on the median), half above and half below: fewer than the first
    or more than the second is a signal. From the exact distribution of the
    number of runs (Swed and Eisenhart, 1943), each tail at most 2.5%, the basis
    of the published run-chart tables; None below :data:`MIN_POINTS`."""
    if useful < MIN_POINTS:
        return None
    above = useful // 2
    below = useful - above
    total = comb(useful, above)

    def chance(runs: int) -> float:
        k = runs // 2
        if runs % 2 == 0:
            ways = 2 * comb(above - 1, k - 1) * comb(below - 1, k - 1)
        else:
            ways = comb(above - 1, k - 1) * comb(below - 1, k) + comb(above - 1, k) * comb(
                below - 1, k - 1
            )
        return ways / total

    tail = RUNS_ALPHA / 2
    possible = range(2, useful + 1)
    fewest, cumulative = 2, 0.0
    for runs in possible:
        cumulative += chance(runs)
        if cumulative > tail:
            fewest = runs
            break
    most, cumulative = useful, 0.0
    for runs in reversed(possible):
        cumulative += chance(runs)
        if cumulative > tail:
            most = runs
            break
    return fewest, most


def _astronomical(values: Sequence[float], median: float) -> list[Signal]:
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    spread = q3 - q1
    if spread > 0:
        low, high = q1 - FAR_OUT * spread, q3 + FAR_OUT * spread
        side = [(v > high) - (v < low) for v in values]  # +1 above, -1 below, 0 within
        # One point on its own: a run of them beyond the same fence is a level
        # that moved (a shift says so), not a point unlike all the others.
        odd = [
            i
            for i, s in enumerate(side)
            if s and (i == 0 or side[i - 1] != s) and (i == len(side) - 1 or side[i + 1] != s)
        ]
    else:
        # At least half the values are the same: a value unlike them is
        # astronomical only when it is rare (at most one point in ten).
        odd = [i for i, v in enumerate(values) if v != median]
        if len(odd) * 10 > len(values):
            odd = []
    return [
        Signal(
            "astronomical",
            i,
            i,
            f"Astronomical point: point {i + 1} ({_number(values[i])}) is far from all the others.",
        )
        for i in odd
    ]


def _number(value: float) -> str:
    return f"{value:g}"


def analyse(values: Sequence[float]) -> Analysis:
    """What the run-chart rules find in ``values`` (in time order)."""
    values = [float(v) for v in values]
    if not values:
        return Analysis(None, 0, 0, 0, None, ())
    median = statistics.median(values)
    sides = _sides(values, median)
    runs = (
        1 + sum(1 for a, b in zip(sides, sides[1:], strict=False) if a[1] != b[1]) if sides else 0
    )
    limits = runs_limits(len(sides))
    if len(values) < MIN_POINTS:
        return Analysis(median, len(values), len(sides), runs, limits, ())
    signals = [*_shifts(sides), *_trends(values)]
    if limits is not None:
        fewest, most = limits
        last = len(values) - 1
        if runs < fewest:
            signals.append(
                Signal(
                    "too_few_runs",
                    0,
                    last,
                    f"Too few runs: {runs} runs where at least {fewest} are expected "
                    f"for {len(sides)} points off the median.",
                )
            )
        elif runs > most:
            signals.append(
                Signal(
                    "too_many_runs",
                    0,
                    last,
                    f"Too many runs: {runs} runs where at most {most} are expected "
                    f"for {len(sides)} points off the median.",
                )
            )
    signals.extend(_astronomical(values, median))
    signals.sort(key=lambda s: (s.start, s.end, s.rule))
    return Analysis(median, len(values), len(sides), runs, limits, tuple(signals))


def signals_after(
    dates: Sequence[date],
    analysis: Analysis,
    changed_on: date,
    rules: tuple[str, ...] = ("shift", "trend"),
) -> tuple[Signal, ...]:
    """The signals of ``rules`` that start on or after ``changed_on`` (the
    first PDSA cycle's start): evidence that the data moved after the change,
    not before it. ``dates`` are the points' dates, in the values' order."""
    return tuple(s for s in analysis.signals if s.rule in rules and dates[s.start] >= changed_on)
