"""How long the one sanitizer takes on Markdown written to be slow.

    .venv/bin/python -m bench.markup_bench [--length 20000] [--runs 7]

Renders every input of ``bench/adversarial_markdown.py`` at ``--length``
characters (default: the longest post allowed) through the whole of
``forum.markup.render_markdown`` and prints the median of ``--runs`` runs for
each, slowest first, after one untimed render that loads the parser: wall
time, and the CPU time the process used (the steadier figure on a machine
doing other work). Figures only: the budget is checked by
``tests/forum/test_markup_time.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.adversarial_markdown import adversarial  # noqa: E402
from bench.report import command_line, print_markdown  # noqa: E402
from forum.markup import render_markdown  # noqa: E402
from forum.services.rules import BODY_MAX  # noqa: E402

BUDGET_CPU_MS = 100  # per input: tests/forum/test_markup_time.py holds it


def measure(length: int, runs: int, only: str | None = None) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) render time in milliseconds for each adversarial input, by name."""
    render_markdown("*loads the parser and the sanitizer*")
    figures = {}
    for name, source in adversarial(length).items():
        if only and only not in name:
            continue
        wall, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            render_markdown(source)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        figures[name] = (median(wall) * 1000, median(cpu) * 1000)
    return figures


def main(argv: list[str] | None = None) -> dict[str, tuple[float, float]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--length", type=int, default=BODY_MAX)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", help="only the inputs whose names contain this")
    args = parser.parse_args(argv)
    figures = measure(args.length, args.runs, args.only)
    print(f"render_markdown, {args.length:,} characters, median of {args.runs} runs")
    print(f"  {'input':<24} {'wall ms':>8} {'CPU ms':>8}")
    for name, (wall, cpu) in sorted(figures.items(), key=lambda item: -item[1][1]):
        print(f"  {name:<24} {wall:8.2f} {cpu:8.2f}")
    ranked = sorted(figures.items(), key=lambda item: -item[1][1])
    rows = [
        (
            f"`{name}`, {args.length:,} characters (CPU ms, median of {args.runs})",
            f"{cpu:.1f} ms",
            f"≤ {BUDGET_CPU_MS} ms: {'met' if cpu <= BUDGET_CPU_MS else 'missed'}",
        )
        for name, (_, cpu) in ranked[:10]
    ]
    if ranked:
        name, (_, worst) = ranked[0]
        rows.append(
            (
                f"slowest of all {len(ranked)}",
                f"{worst:.1f} ms (`{name}`)",
                f"≤ {BUDGET_CPU_MS} ms: {'met' if worst <= BUDGET_CPU_MS else 'missed'}",
            )
        )
    print_markdown(command_line("bench.markup_bench", argv), rows)
    return figures


if __name__ == "__main__":
    main()
