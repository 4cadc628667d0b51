"""What the browser tests report at the end of a run: how many were skipped
(no Chromium) and what axe found per page type.

Kept apart from the fixtures so the top conftest can print it: under
pytest-xdist the tests run in worker processes, each sends its part here in
``workeroutput`` when it finishes, and the controller, which loads no
tests/e2e module of its own, merges the parts and prints one summary.
"""

from __future__ import annotations

from collections import Counter

# page type -> device -> Counter of "impact rule-id"
AXE: dict[str, dict[str, Counter]] = {}
SKIPPED: list[str] = []


def export() -> dict:
    """This process's part, in types execnet can send."""
    axe = {
        page: {device: dict(counts) for device, counts in by.items()} for page, by in AXE.items()
    }
    return {"axe": axe, "skipped": list(SKIPPED)}


def merge(part: dict | None) -> None:
    if not part:
        return
    for page, by in part["axe"].items():
        for device, counts in by.items():
            AXE.setdefault(page, {})[device] = Counter(counts)
    # Every worker collects every test, so each names the same skipped ones.
    SKIPPED.extend(nodeid for nodeid in part["skipped"] if nodeid not in SKIPPED)


def write(reporter) -> None:
    if SKIPPED:
        from tests.e2e.harness import SKIP_REASON

        reporter.write_sep(
            "-", f"browser tests: {len(SKIPPED)} skipped. {SKIP_REASON}", yellow=True
        )
    if not AXE:
        return
    reporter.write_sep("-", "axe-core results per page type")
    for page_type in sorted(AXE):
        parts = []
        for device, counts in sorted(AXE[page_type].items()):
            text = ", ".join(f"{n}x {what}" for what, n in sorted(counts.items())) or "clean"
            parts.append(f"{device}: {text}")
        reporter.write_line(f"{page_type:<28} {'; '.join(parts)}")
