"""axe-core in the page (via axe-playwright-python) and the checks around it.

``assert_accessible`` fails on serious or critical violations and prints the
rule, the elements and axe's own advice. Every result is also remembered per
page type, so the end of a run shows what axe found on each page.
"""

from __future__ import annotations

from collections import Counter

from axe_playwright_python.sync_playwright import Axe

from tests.e2e.summary import AXE as RESULTS

BLOCKING = ("serious", "critical")
# WCAG 2.2 A and AA plus axe's best practices (landmarks, one h1, skip link...).
RUN_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}

_axe = Axe()
# RESULTS: page type -> device -> Counter of "impact rule-id"; printed at the end
# of the run (tests.e2e.summary).


def violations(page) -> list[dict]:
    # After a click the new page's text can be there before its stylesheet is:
    # judged unstyled, every link is a 17-pixel touch target. Wait for "load".
    page.wait_for_load_state("load")
    return _axe.run(page, options=RUN_OPTIONS).response["violations"]


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, page_type: str, device: str = "") -> list[dict]:
    """No serious or critical axe violations; returns the minor ones for the record."""
    found = violations(page)
    counts = Counter(f"{v['impact'] or 'unknown'} {v['id']}" for v in found)
    RESULTS.setdefault(page_type, {})[device or "-"] = counts
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {page_type} ({device}) {page.url}:\n{describe(blocking)}"
    return found
