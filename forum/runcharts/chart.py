"""A run chart's geometry, for ``templates/runcharts/_chart.html`` to draw as SVG.

Pure: from a measure's points (oldest first), its post's PDSA cycle start
dates and what :func:`forum.runcharts.rules.analyse` finds, :func:`build`
works out the scales, the ticks on both axes, the line through the points,
the median line, a vertical mark per cycle and how each point is drawn. The
template only places what it is given, so every number on the chart comes
from here and is tested here.

Why our own SVG rather than a charting library: the chart is a line, a
median and a few marks. A Python library (matplotlib, pygal) would draw it
with a dependency of megabytes, its own markup that we'd have to make
accessible after the fact (role, title, desc, legend text) and, for most,
JavaScript to read it; a template gives exactly the markup a screen reader
needs and costs nothing per request but arithmetic.

The x axis is time (dates to scale, so gaps in the data show as gaps and
cycle marks fall where they happened); the y axis is the measure's unit,
with "nice" ticks (1, 2 or 5 times a power of ten) around the values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from forum.runcharts.rules import Analysis, analyse

WIDTH, HEIGHT = 720, 340
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 40, 56  # margins: axis labels and cycle labels
TICKS = 6  # at most, on each axis

# How a point is drawn, strongest signal first: a point in several is drawn as the first.
MARKS = {
    "astronomical": "Astronomical point",
    "shift": "Part of a shift",
    "trend": "Part of a trend",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    observed_on: date
    value: float
    note: str
    mark: str | None  # a key of MARKS, or None for an ordinary point


@dataclass(frozen=True, slots=True)
class Tick:
    at: float  # x or y in the SVG
    label: str


@dataclass(frozen=True, slots=True)
class CycleMark:
    x: float
    label: str  # "Cycle 1"
    started_on: date
    label_y: float  # staggered so neighbours' labels don't overlap


@dataclass(frozen=True, slots=True)
class Chart:
    points: tuple[Point, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    median_y: float | None
    path: str  # the line through the points ("M x y L x y …"); "" for fewer than 2
    cycles: tuple[CycleMark, ...]
    analysis: Analysis
    marks_used: tuple[str, ...]  # keys of MARKS present, for the legend

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def first(self) -> date | None:
        return self.points[0].observed_on if self.points else None

    @property
    def last(self) -> date | None:
        return self.points[-1].observed_on if self.points else None


def nice_step(span: float, ticks: int = TICKS) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` ticks."""
    raw = span / max(ticks - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def _value_range(values: Sequence[float]) -> tuple[float, float, float]:
    """(low, high, step) of the y axis: nice numbers around the values."""
    low, high = min(values), max(values)
    if high == low:  # all equal: a band around the one value
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def number(value: float) -> str:
    """A value as people write it: 12, 12.5, -0.25, 1,200 (no float noise)."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1e-4 else f"{value:.3g}"


def long_date(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _date_ticks(first: date, last: date, x_of) -> tuple[Tick, ...]:
    span = (last - first).days
    if span == 0:
        return (Tick(x_of(first), f"{first.day} {MONTHS[first.month - 1]} {first.year}"),)
    if span > 62:
        # First days of months, every few months so there are at most TICKS.
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        every = max(1, math.ceil(months / TICKS))
        year, month = first.year, first.month
        if first.day != 1:
            month += 1
        ticks = []
        while True:
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            day = date(year, month, 1)
            if day > last:
                break
            ticks.append(Tick(x_of(day), f"{MONTHS[month - 1]} {year}"))
            month += every
        return tuple(ticks)
    every = max(1, math.ceil(span / (TICKS - 1)))
    return tuple(
        Tick(x_of(first + timedelta(days=d)), _short(first + timedelta(days=d)))
        for d in range(0, span + 1, every)
    )


def _short(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def _marks(analysis: Analysis, count: int) -> list[str | None]:
    marks: list[str | None] = [None] * count
    for rule in reversed(MARKS):  # weakest first, so the strongest is written last
        for signal in analysis.of(rule):
            for i in range(signal.start, signal.end + 1):
                marks[i] = rule
    return marks


def build(
    points: Sequence,  # DataPoint-like: observed_on, value, note; oldest first
    cycle_starts: Sequence[date] = (),
    analysis: Analysis | None = None,
) -> Chart:
    """The chart of ``points`` with a mark at each of ``cycle_starts``."""
    values = [float(p.value) for p in points]
    analysis = analysis if analysis is not None else analyse(values)
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    if not points:
        return Chart((), (), (), None, "", (), analysis, ())
    days = [p.observed_on for p in points]
    first = min(days[0], *cycle_starts) if cycle_starts else days[0]
    last = max(days[-1], *cycle_starts) if cycle_starts else days[-1]
    span = (last - first).days

    def x_of(day: date) -> float:
        if span == 0:
            return round((LEFT + right) / 2, 1)
        return round(LEFT + (day - first).days / span * (right - LEFT), 1)

    low, high, step = _value_range(values)

    def y_of(value: float) -> float:
        return round(bottom - (value - low) / (high - low) * (bottom - TOP), 1)

    marks = _marks(analysis, len(points))
    drawn = tuple(
        Point(x_of(p.observed_on), y_of(v), p.observed_on, v, p.note or "", mark)
        for p, v, mark in zip(points, values, marks, strict=True)
    )
    path = "M " + " L ".join(f"{p.x} {p.y}" for p in drawn) if len(drawn) > 1 else ""
    y_ticks = []
    tick = low
    while tick <= high + step / 2:
        y_ticks.append(Tick(y_of(tick), number(round(tick, 10))))
        tick += step
    cycles = tuple(
        CycleMark(x_of(day), f"Cycle {n}", day, TOP - 8 - 14 * ((n - 1) % 2))
        for n, day in enumerate(cycle_starts, 1)
    )
    used = tuple(rule for rule in MARKS if rule in marks)
    return Chart(
        drawn,
        _date_ticks(first, last, x_of),
        tuple(y_ticks),
        y_of(analysis.median) if analysis.median is not None else None,
        path,
        cycles,
        analysis,
        used,
    )


def description(chart: Chart, name: str, unit: str) -> str:
    """The chart in a sentence or three, for its ``<desc>``."""
    if not chart.points:
        return f"No data yet for {name}."
    unit_words = f" {unit}" if unit else ""
    count = len(chart.points)
    parts = [
        f"Run chart of {name}: {count} point{'s' if count != 1 else ''} "
        f"from {long_date(chart.first)} to {long_date(chart.last)}, "
        f"median {number(chart.analysis.median)}{unit_words}."
    ]
    if chart.cycles:
        parts.append(
            "PDSA cycles started on "
            + ", ".join(long_date(c.started_on) for c in chart.cycles)
            + "."
        )
    parts.extend(chart.analysis.words)
    return " ".join(parts)
