"""Issue 14, run charts in a real browser: the author of a change idea pastes
30 lines of CSV whose second half sits above the median, and sees the chart
and its words flag a shift; axe finds nothing serious on the data page or the
post page. The forms are plain POSTs, so this runs with and without JavaScript."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import assert_accessible
from tests.e2e.actions import sign_in
from tests.factories import make_post, make_user
from tests.runchart_factories import make_cycle, make_measure

pytestmark = pytest.mark.e2e

_run = itertools.count(1)


def _csv() -> str:
    start = date(2025, 1, 6)
    lines = ["date,value,note"]
    for i in range(30):
        value = (4, 6, 5, 3, 5)[i % 5] if i < 15 else (11, 13, 12, 14, 12)[i % 5]
        lines.append(f"{(start + timedelta(weeks=i)).isoformat()},{value}")
    lines[16] += ",huddle started"
    return "\n".join(lines)


def test_the_author_pastes_30_points_and_the_chart_flags_a_shift(
    browse, server, device, javascript
):
    run = next(_run)
    with server.app_context():
        author = make_user(f"nurse-{device[:2]}-{run}-{int(javascript)}", perspective="clinician")
        post = make_post(
            author, kind="change_idea", title=f"Pre-visit huddle cut missed labs ({run})"
        )
        measure = make_measure(post, "Labs done before the visit", unit="per cent")
        make_cycle(post, date(2025, 4, 21))
        post_id, measure_id, username = post.id, measure.id, author.username

    page = browse()
    sign_in(page, username)
    page.goto(f"/posts/{post_id}")
    page.get_by_role("link", name="Add or change data for Labs done before the visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data for Labs done before the visit")

    page.get_by_label("Paste data").fill(_csv())
    page.get_by_role("button", name="Add these points").click()
    expect(page.get_by_role("status").filter(has_text="30 added.")).to_be_visible()
    chart = page.locator("#chart-data")
    expect(chart.locator("svg[role=img]")).to_be_visible()
    expect(chart.locator(".rc-words")).to_contain_text("Shift: 15 points in a row above the median")
    expect(chart.locator(".rc-legend")).to_contain_text("Part of a shift")
    expect(chart.locator("svg.rc-svg .rc-shift")).to_have_count(30)  # both halves are shifts
    if javascript:
        assert_accessible(page, "run chart data", device)

    page.get_by_role("link", name="Back to").click()
    figure = page.locator(f"#chart-m{measure_id}")
    expect(figure.locator(".rc-words")).to_contain_text(
        "Shift: 15 points in a row above the median"
    )
    expect(figure.locator("svg.rc-svg")).to_contain_text("Cycle 1")
    if javascript:
        assert_accessible(page, "post with run chart", device)
