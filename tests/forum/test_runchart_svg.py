"""The run chart drawn on the server (forum.runcharts.chart and
templates/runcharts/_chart.html): an accessible SVG with words and numbers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from forum.runcharts.chart import build, nice_step, number
from tests.factories import make_post, make_user
from tests.runchart_factories import make_cycle, make_measure


def points(values, start=date(2025, 1, 6)):
    return [
        SimpleNamespace(observed_on=start + timedelta(weeks=i), value=v, note="")
        for i, v in enumerate(values)
    ]


@pytest.mark.parametrize("count", [0, 1, 2, 500])
def test_the_geometry_holds_for_any_number_of_points(count):
    chart = build(points([i % 7 for i in range(count)]))
    assert len(chart.points) == count
    for p in chart.points:
        assert chart.left <= p.x <= chart.right and chart.top <= p.y <= chart.bottom
    assert (chart.path != "") == (count > 1)


def test_equal_values_sit_mid_chart_with_ticks_around_them():
    chart = build(points([5] * 12))
    ys = {p.y for p in chart.points}
    assert len(ys) == 1 and chart.top < ys.pop() < chart.bottom
    assert "5" in [t.label for t in chart.y_ticks]


def test_nice_ticks_and_numbers():
    assert nice_step(10) == 2 and nice_step(0.7) == 0.2 and nice_step(100, 6) == 20
    assert number(1200.0) == "1,200" and number(2.5) == "2.5" and number(-0.25) == "-0.25"


def test_signal_points_are_drawn_differently_from_the_others():
    chart = build(points([3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 8, 9, 8, 9, 8, 9]))
    assert {p.mark for p in chart.points[10:]} == {"shift"}
    assert "shift" in chart.marks_used


@pytest.fixture
def change_idea(app):
    with app.app_context():
        post = make_post(make_user("author"), kind="change_idea")
        make_measure(
            post,
            "<script>alert(1)</script>",
            unit="visits",
            values=[3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 8, 9, 8, 9, 8, 9, 30],
        )
        make_cycle(post, date(2025, 3, 10))
        make_cycle(post, date(2025, 4, 7))
        return post.id


def test_the_post_page_draws_an_accessible_chart(client, change_idea):
    page = client.get(f"/posts/{change_idea}").get_data(as_text=True)
    svg = re.search(r"<svg class=\"rc-svg\".*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg
    labelled = re.search(r'aria-labelledby="([^"]+) ([^"]+)"', svg)
    assert f'<title id="{labelled.group(1)}">' in svg and f'<desc id="{labelled.group(2)}">' in svg
    assert ">Date</text>" in svg and ">visits</text>" in svg  # the axes, with the unit
    assert "Median 4" in svg
    assert (
        svg.count('class="rc-cycle"') == 2 and ">Cycle 1</text>" in svg and ">Cycle 2</text>" in svg
    )
    assert svg.count("rc-shift") == 6 and svg.count("rc-astronomical") == 1
    # The legend says what the shapes mean; the words say what the rules found.
    assert "Part of a shift" in page and "Astronomical point" in page
    assert "Shift: 7 points in a row above the median" in page
    # The numbers, in a table.
    assert "<caption>Data for &lt;script&gt;alert(1)&lt;/script&gt;</caption>" in page
    assert '<th scope="row">6 January 2025</th><td>3</td>' in page
    assert "<script>alert(1)" not in page


def test_a_measure_without_data_says_so(app, client):
    with app.app_context():
        post = make_post(make_user(), kind="change_idea")
        make_measure(post, "Calls returned")
        post_id = post.id
    page = client.get(f"/posts/{post_id}").get_data(as_text=True)
    assert "No data yet" in page
