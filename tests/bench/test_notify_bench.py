"""bench/notify_bench.py runs all three parts end to end at a tiny size, so it cannot rot.

The figures aren't checked (a shared machine can't hold them); what is: every
post is answered 201 by the real server, the fan-out writes one notification
per watcher, every digest arrives once at the benchmark's own SMTP server (a
separate process), the table is printed with the command behind it, and a
failure marks the figures it touches INVALID.
"""

from __future__ import annotations

import pytest

from bench import notify_bench

pytestmark = pytest.mark.bench


def test_the_benchmark_runs_its_three_parts_and_prints_the_table(capsys, empty_database_url):
    argv = ["--watchers", "30", "--members", "20", "--samples", "4", "--warm-up", "1"]
    report = notify_bench.main([*argv, "--database-url", empty_database_url])
    fanout, digests = report["fanout"], report["digests"]
    for run in ("deployed", "control"):
        requests = report["requests"][run]
        assert requests["errors"] == []
        assert requests["watched"]["n"] == requests["quiet"]["n"] == 4
    assert fanout["errors"] == [] and fanout["events"] == 1 and fanout["notifications"] == 30
    assert digests["errors"] == [] and digests["queued"] == digests["sent"] == 20
    assert digests["arrived"] == 20 and digests["twice"] == 0
    assert digests["states"] == {"sent": 20}
    out = capsys.readouterr().out
    assert "Measured with `.venv/bin/python -m bench.notify_bench --watchers 30" in out
    assert "| extra request time with 30 watchers, as deployed: p50 / p95 " in out
    assert "| extra request time with 30 watchers, search index synced off the request: " in out
    assert "| server CPU per post, as deployed: with 30 watchers; with none | " in out
    assert "| one worker fans the post out to 30 watchers | " in out
    assert "| build and send 20 daily digests (20 arrived) |" in out
    assert "INVALID" not in out and "Errors: none" in out


def _report(**broken) -> dict:
    timing = {"n": 4, "p50": 20.0, "p95": 30.0, "cpu_ms": 10.0}
    requests = {
        "errors": [],
        "cpu_ms": 20.0,
        "watched": timing,
        "quiet": timing,
        "p95_interval": (-1.0, 1.0),
    }
    report = {
        "watchers": 10, "members": 10, "samples": 4, "warm_up": 1, "database": "sqlite",
        "load_average": 1.0, "requests": {"deployed": requests, "control": dict(requests)},
        "fanout": {"errors": [], "seconds": 0.5, "notifications": 10, "cpu_s": 0.4},
        "digests": {"errors": [], "build_s": 0.1, "send_s": 0.2, "sent": 10, "arrived": 10,
                    "build_cpu_s": 0.1, "send_cpu_s": 0.1, "sink_cpu_s": 0.1},
    }  # fmt: skip
    for part, error in broken.items():
        where = report["requests"] if part in ("deployed", "control") else report
        where[part] = {**where[part], "errors": [error]}
    return report


def _row(table: str, words: str) -> str:
    return next(line for line in table.splitlines() if words in line)


def test_a_lost_digest_marks_the_digest_figures_invalid_and_only_them():
    table = notify_bench.markdown(_report(digests="9 of 10 digests arrived"), "cmd")
    total = _row(table, "build and send")
    assert "INVALID" in total and "0.3 s" not in total
    assert "INVALID" not in _row(table, "fans the post out")
    assert "9 of 10 digests arrived" in table


def test_a_failed_request_or_a_missing_notification_marks_its_figure_invalid():
    table = notify_bench.markdown(
        _report(deployed="1 × 500 oops", fanout="9 notifications written for 10 watchers"), "cmd"
    )
    assert "INVALID" in _row(table, "extra request time with 10 watchers, as deployed")
    assert "INVALID" not in _row(table, "extra request time with 10 watchers, search index")
    assert "INVALID" in _row(table, "fans the post out")
    assert "1 × 500 oops" in table and "9 notifications written" in table


def test_the_overhead_target_is_met_only_when_chance_cannot_carry_it_over():
    assert notify_bench.overhead_verdict((-2.0, 4.9), 5) == "p95 < 5 ms: met"
    assert notify_bench.overhead_verdict((-20.0, 30.0), 5).endswith(
        "not resolved (the interval spans it)"
    )
    assert notify_bench.overhead_verdict((6.0, 9.0), 5) == "p95 < 5 ms: missed"


def test_the_interval_is_narrow_when_both_sides_agree_and_wide_when_they_scatter():
    steady = [20.0 + (n % 7) * 0.1 for n in range(100)]
    low, high = notify_bench.p95_difference_interval(steady, steady)
    assert -1 < low <= 0 <= high < 1
    scattered = [20.0 if n % 20 else 300.0 for n in range(100)]
    low, high = notify_bench.p95_difference_interval(scattered, steady)
    assert high - low > 100
