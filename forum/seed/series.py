"""Measured values for the demo's run charts, written the way real ones look.

Each function returns a tuple of rounded values, the same on every run (the
noise is seeded from a name). ``tests/forum/test_seed.py`` reads each demo
chart with ``forum.runcharts.rules.analyse`` and checks that it shows what its
post says: a shift or a trend after the first PDSA cycle, or nothing at all.
"""

from __future__ import annotations

import random


def _noise(seed: str, n: int, spread: float) -> list[float]:
    rng = random.Random(seed)
    return [rng.uniform(-spread, spread) for _ in range(n)]


def _rounded(values: list[float], digits: int) -> tuple[float, ...]:
    return tuple(
        round(max(v, 0.0), digits) if digits else float(round(max(v, 0.0))) for v in values
    )


def step(
    seed: str,
    n: int,
    change: int,
    before: float,
    after: float,
    spread: float,
    ramp: int = 0,
    digits: int = 0,
) -> tuple[float, ...]:
    """A level that moves from ``before`` to ``after`` at ``change`` (over ``ramp``
    points), with noise of ``spread`` either way: a shift on the chart."""
    noise = _noise(seed, n, spread)
    values = []
    for i in range(n):
        if i < change:
            level = before
        elif i < change + ramp:
            level = before + (after - before) * (i - change + 1) / (ramp + 1)
        else:
            level = after
        values.append(level + noise[i])
    return _rounded(values, digits)


def climb(
    seed: str,
    n: int,
    change: int,
    before: float,
    after: float,
    steps: int,
    spread: float,
    digits: int = 0,
) -> tuple[float, ...]:
    """Noise around ``before``; at ``change`` a point just beyond the noise on the
    far side (things often get worse before they get better), then ``steps``
    points climbing (or falling) without noise to ``after``, then noise around
    it: a trend that starts with the change, not before it."""
    noise = _noise(seed, n, spread)
    start = before - 1.5 * spread if after > before else before + 1.5 * spread
    values = []
    for i in range(n):
        if i < change:
            values.append(before + noise[i])
        elif i <= change + steps:
            values.append(start + (after - start) * (i - change) / steps)
        else:
            values.append(after + noise[i])
    return _rounded(values, digits)


def steady(seed: str, n: int, level: float, spread: float, digits: int = 0) -> tuple[float, ...]:
    """Noise around one level: nothing changed."""
    return _rounded([level + e for e in _noise(seed, n, spread)], digits)
