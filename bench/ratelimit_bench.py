"""What one rate-limit count costs in the database storage.

    .venv/bin/python -m bench.ratelimit_bench [--counts 2000] [--database URL]

Counts ``--counts`` hits, each on its own key (as distinct visitors and
accounts would), through ``forum.ratelimit_storage.DatabaseStorage`` and prints
the median and 95th-percentile time of one count: by default on a fresh
SQLite counters file (as `make serve` uses beside the forum's database), and
with ``--database postgresql://…`` on that database (its rate_limit_counters
table must exist: ``flask --app wsgi db upgrade`` makes it). Every count is a
real committed upsert. Figures only; nothing is checked.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path
from statistics import median, quantiles

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.report import command_line, print_markdown  # noqa: E402
from forum.ratelimit_storage import PREFIX, DatabaseStorage  # noqa: E402


def measure(uri: str, counts: int) -> list[float]:
    """Milliseconds for each of ``counts`` hits on distinct keys."""
    storage = DatabaseStorage(uri)
    storage.incr("warm-up", 60)  # the connection and the table exist before timing
    run = uuid.uuid4().hex[:8]
    times = []
    for n in range(counts):
        start = time.perf_counter()
        storage.incr(f"bench/{run}/{n}", 60)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, default=2000)
    parser.add_argument("--database", help="a PostgreSQL URL (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        database = args.database or f"sqlite:///{Path(tmp) / 'counters.db'}"
        if database.startswith("postgresql://"):
            database = "postgresql+psycopg://" + database[len("postgresql://") :]
        times = measure(PREFIX + database, args.counts)
    p95 = quantiles(times, n=20)[-1]
    name = database.split(":", 1)[0]
    print(f"{name}: {args.counts} counts, median {median(times):.3f} ms, p95 {p95:.3f} ms")
    where = "PostgreSQL" if name.startswith("postgresql") else "SQLite's counters file"
    rows = [
        (
            f"one committed count on {where} ({args.counts:,} distinct keys), median / p95",
            f"{median(times):.3f} / {p95:.3f} ms",
            "",
        )
    ]
    print_markdown(command_line("bench.ratelimit_bench", argv), rows)
    return {"database": name, "median_ms": median(times), "p95_ms": p95, "counts": len(times)}


if __name__ == "__main__":
    main()
