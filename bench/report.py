"""What every benchmark prints last: a README-ready Markdown table and the command behind it.

    command_line("bench.search_bench", argv) -> "python -m bench.search_bench --posts 500"
    markdown_table(command, rows, notes)     -> the table, one row per figure

A row is (figure, measured, target); the target says whether it was met. A
figure from a run with failed requests is marked INVALID instead of a number
anyone could quote.
"""

from __future__ import annotations

import shlex
import sys

INVALID = "INVALID"


def command_line(module: str, argv: list[str] | None) -> str:
    """The command that reproduces this run (from the project root)."""
    args = sys.argv[1:] if argv is None else argv
    return shlex.join([".venv/bin/python", "-m", module, *args])


def verdict(value: float, op: str, goal: float) -> str:
    met = value <= goal if op == "≤" else value >= goal
    return f"{op} {goal:g}: {'met' if met else 'missed'}"


def markdown_table(command: str, rows: list[tuple[str, str, str]], notes: list[str] = ()) -> str:
    lines = [
        f"Measured with `{command}`:",
        "",
        "| figure | measured | target |",
        "|---|---|---|",
        *(f"| {figure} | {measured} | {target or '—'} |" for figure, measured, target in rows),
    ]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def print_markdown(command: str, rows: list[tuple[str, str, str]], notes: list[str] = ()) -> str:
    text = markdown_table(command, rows, notes)
    print("\n" + text + "\n", flush=True)
    return text
