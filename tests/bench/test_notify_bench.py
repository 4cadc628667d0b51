"""The email part of bench/notify_bench.py runs end to end at a tiny size, so it cannot rot.

The figures aren't checked (a shared machine can't hold them); what is: every
email queued arrives once at the benchmark's own SMTP server (a separate
process), the table is printed with the command behind it, and an email that
didn't arrive marks the figures INVALID.
"""

from __future__ import annotations

import pytest

from bench import notify_bench

pytestmark = pytest.mark.bench


def test_the_email_benchmark_sends_every_email_once_and_prints_the_table(
    capsys, empty_database_url
):
    report = notify_bench.main(["--emails", "40", "--database-url", empty_database_url])
    assert report["sent"] == report["arrived"] == 40
    assert report["twice"] == 0 and report["errors"] == []
    assert report["states"] == {"sent": 40}
    out = capsys.readouterr().out
    assert "Measured with `.venv/bin/python -m bench.notify_bench --emails 40" in out
    assert "| build and send 40 emails |" in out
    assert "INVALID" not in out


def test_a_lost_email_marks_the_figures_invalid():
    report = {
        "emails": 10, "database": "sqlite", "build_s": 0.1, "send_s": 0.2,
        "send_cpu_s": 0.1, "sink_cpu_s": 0.1, "load_average": 1.0,
        "errors": ["9 of 10 emails arrived"],
    }  # fmt: skip
    table = notify_bench.markdown(report, "cmd")
    total = next(line for line in table.splitlines() if "build and send" in line)
    assert "INVALID" in total and "0.3 s" not in total
    assert "9 of 10 emails arrived" in table
