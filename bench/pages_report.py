"""The page benchmark's report: the table it prints and the Markdown for the README."""

from __future__ import annotations

# page -> the fraction of hello-world's requests/s it must reach
TARGETS = {
    "home": 0.20,
    "condition": 0.20,
    "post": 0.20,
    "change_idea": 0.20,  # a change idea's post page: three run charts of 50 points
    "working": 0.20,  # a condition page with its "what's working" summary
    "search_common": 0.10,
    "search_rare": 0.10,
}
RSS_TARGET_MIB = 80
# cached: a reader who isn't signed in, as deployed; uncached: the same with the
# page cache off; member: a signed-in member on the deployed server.
MODES = ("cached", "uncached", "member")


def print_table(report: dict) -> None:
    pages, queries = report["pages"], report["queries"]
    member_queries = report.get("member_queries", queries)
    print(
        f"\nPage benchmark ({report['generator']}, {report['seconds']:g} s x {report['rounds']} "
        "rounds, medians; one sync worker each on core 0; ratio = req/s against hello-world, "
        "CPU ratio = hello-world's CPU time per request against the page's)"
    )
    print("SQL: statements per page for a reader who isn't signed in / for the member")
    head = f"{'page':15}{'SQL':>6}{'hello/s':>9}"
    for mode in MODES:
        head += f" | {mode + ' req/s':>14}{'p50':>7}{'p99':>7}{'ratio':>7}{'CPU ms':>8}{'CPU r':>7}"
    print(head + "  target")
    for name, row in pages.items():
        sql = f"{queries[name]['queries']}/{member_queries[name]['queries']}"
        line = f"{name:15}{sql:>6}{row['hello_rps']:>9.0f}"
        for mode in MODES:
            m = row[mode]
            line += (
                f" | {m['rps']:>14.1f}{m['p50_ms']:>7.1f}{m['p99_ms']:>7.1f}{m['ratio']:>7.3f}"
                f"{m['cpu_ms']:>8.2f}{m['cpu_ratio']:>7.3f}"
            )
        if goal := TARGETS.get(name):
            verdict = "met" if row["cached"]["ratio"] >= goal else "MISSED"
            line += f"  >= {goal:.0%} (cached) {verdict}"
        if row.get("hello_invalid") or any(row[m].get("invalid") for m in MODES):
            line += "  INVALID (failed requests)"
        print(line)
    for name in ("cached", "uncached", "hello"):
        mem = report["memory_mib"][name]
        print(
            f"worker memory, {name:8}: RSS {mem['rss']:.1f} MiB (anon {mem['anon']:.1f}, "
            f"file {mem['file']:.1f}, peak {mem['peak']:.1f}, PSS {mem.get('pss', 0):.1f})"
        )
    print(
        f"(after this run's few URLs only; the memory figure against its target of "
        f"{RSS_TARGET_MIB} MiB comes from bench.rss_bench)"
    )


def _cell(row: dict, text: str) -> str:
    return "INVALID (failed requests)" if row.get("invalid") else text


def markdown_table(report: dict, command: str = "") -> str:
    """The figures as a Markdown table, for the README, under the command that made them."""
    member_queries = report.get("member_queries", report["queries"])
    generator = report.get("generator", "wrk")
    lines = [
        f"Measured with `{command}` (load from {generator}):" if command else "",
        "",
        "| page | SQL statements (reader / member) | hello-world req/s "
        "| reader not signed in (page cache): req/s, ratio, p50/p99 ms "
        "| page cache off: req/s, ratio, CPU ms "
        "| signed-in member: req/s, ratio, CPU ms | target |",
        "|---|---:|---:|---|---|---|---|",
    ]
    for name, row in report["pages"].items():
        cached, uncached, member = row["cached"], row["uncached"], row["member"]
        goal = TARGETS.get(name)
        target = ""
        if goal:
            target = f"≥ {goal:.0%}: {'met' if cached['ratio'] >= goal else 'missed'}"
            if cached.get("invalid") or row.get("hello_invalid"):
                target = "INVALID"
        hello = "INVALID" if row.get("hello_invalid") else f"{row['hello_rps']:.0f}"
        lines.append(
            f"| {name} | {report['queries'][name]['queries']} / "
            f"{member_queries[name]['queries']} | {hello} "
            + "| "
            + _cell(
                cached,
                f"{cached['rps']:.0f}, {cached['ratio']:.0%}, {cached['p50_ms']:.1f}/"
                f"{cached['p99_ms']:.0f}",
            )
            + " | "
            + _cell(
                uncached,
                f"{uncached['rps']:.0f}, {uncached['ratio']:.1%}, {uncached['cpu_ms']:.1f}",
            )
            + " | "
            + _cell(member, f"{member['rps']:.0f}, {member['ratio']:.1%}, {member['cpu_ms']:.1f}")
            + f" | {target} |"
        )
    mem = report["memory_mib"]["cached"]
    lines.append(
        f"\nWorker memory after this short run: RSS {mem['rss']:.0f} MiB, PSS "
        f"{mem.get('pss', 0):.0f} MiB, peak {mem['peak']:.0f} MiB; hello-world "
        f"{report['memory_mib']['hello']['rss']:.0f} MiB (the figure against the "
        f"{RSS_TARGET_MIB} MiB target: `bench.rss_bench`)."
    )
    return "\n".join(lines).lstrip("\n")
