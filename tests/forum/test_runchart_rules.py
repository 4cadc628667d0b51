"""The run-chart rules (forum.runcharts.rules) on worked examples in the
manner of Perla, Provost and Murray (BMJ Qual Saf 2011;20:46-51) and IHI's
run-chart guidance, and on the edge cases people's data really has."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from forum.runcharts.rules import MIN_POINTS, analyse, runs_limits, signals_after


def rules_of(values) -> list[str]:
    return [s.rule for s in analyse(values).signals]


# ---------- worked examples: each rule alone ----------

# A baseline that wanders around 12, then a change: the last 8 points sit above.
BASELINE = [12, 10, 13, 11, 12, 14, 11, 13, 12, 10]
SHIFTED = BASELINE + [15, 16, 15, 17, 16, 15, 17, 16]


def test_a_shift_of_points_above_the_median_after_a_change():
    analysis = analyse(SHIFTED)
    shifts = analysis.of("shift")
    assert len(shifts) == 1
    assert (shifts[0].start, shifts[0].end) == (10, 17)
    assert "8 points in a row above the median" in shifts[0].words


def test_five_points_in_a_row_on_one_side_are_not_a_shift():
    values = [5, 4, 8, 9, 8, 9, 8, 3, 4, 5, 9, 4]
    analysis = analyse(values)
    assert analysis.median == 6.5
    assert not analysis.of("shift")  # at most five in a row above or below


def test_a_trend_of_five_points_going_down():
    values = [20, 22, 21, 23, 20, 19, 17, 15, 13, 22, 21, 20]
    trends = analyse(values).of("trend")
    assert [(t.start, t.end) for t in trends] == [(3, 8)]
    assert "6 points in a row all going down" in trends[0].words


def test_four_steps_in_one_direction_are_five_points_and_a_trend_but_three_are_not():
    assert "trend" in rules_of([3, 1, 4, 1, 2, 3, 4, 5, 2, 3])
    assert "trend" not in rules_of([3, 1, 4, 1, 2, 3, 4, 2, 3, 2])


def test_too_few_runs_when_the_data_crosses_the_median_once():
    values = [1, 2, 1, 3, 2, 1, 2, 3, 1, 2, 8, 9, 8, 7, 9, 8, 7, 9, 8, 9]
    analysis = analyse(values)
    assert analysis.runs == 2
    assert "too_few_runs" in rules_of(values)
    assert "Too few runs: 2 runs" in analysis.of("too_few_runs")[0].words


def test_too_many_runs_when_the_data_zigzags_across_the_median():
    values = [1, 9] * 10
    analysis = analyse(values)
    assert analysis.runs == 20
    assert rules_of(values) == ["too_many_runs"]


def test_an_astronomical_point_is_named_by_its_place_and_value():
    values = [12, 11, 13, 12, 11, 12, 13, 12, 60, 12, 11, 13]
    odd = analyse(values).of("astronomical")
    assert [(s.start, s.end) for s in odd] == [(8, 8)]
    assert "point 9 (60)" in odd[0].words


def test_random_looking_data_has_no_signal_and_says_so():
    values = [12, 14, 13, 11, 12, 15, 14, 11, 10, 13, 14, 12, 11, 13]
    analysis = analyse(values)
    assert analysis.signals == ()
    assert analysis.words == [
        "No signal of change: the points vary around the median as chance would."
    ]


# ---------- points on the median ----------


def test_points_on_the_median_neither_break_a_shift_nor_add_to_it():
    # Median 5: six points above with two on the median among them is a shift of six.
    broken_up = [1, 2, 1, 2, 1, 6, 7, 5, 6, 5, 7, 6, 7, 3]
    analysis = analyse(broken_up)
    assert analysis.median == 5
    shift = analysis.of("shift")
    assert shift[0].words == (
        "Shift: 6 points in a row above the median (points 6 to 13; 2 on the median not counted)."
    )
    # Five above with one on the median among them: not a shift.
    values = [1, 2, 1, 9, 9, 5, 9, 9, 9, 2, 1, 5, 5, 2]
    assert analyse(values).median == 5
    assert "shift" not in rules_of(values)


def test_points_on_the_median_are_not_useful_observations():
    values = [5, 5, 5, 1, 9, 1, 9, 1, 9, 1, 9, 5]
    analysis = analyse(values)
    assert analysis.median == 5
    assert analysis.points == 12 and analysis.useful == 8
    assert analysis.runs_limits is None  # fewer than 10 useful: the runs rule isn't read


# ---------- ties in a trend ----------


def test_a_repeated_value_counts_once_in_a_trend():
    # 1, 2, 2, 3, 4, 5 is five distinct steps up: a trend.
    assert "trend" in rules_of([9, 1, 2, 2, 3, 4, 5, 3, 9, 2])
    # 1, 2, 3, 3, 4 is four distinct values: not a trend, however long the tie.
    assert "trend" not in rules_of([9, 1, 2, 3, 3, 3, 3, 4, 2, 9])


# ---------- few points, no points, odd numbers ----------


@pytest.mark.parametrize("count", [0, 1, 2, 9])
def test_fewer_than_ten_points_apply_no_rule_and_say_so(count):
    values = list(range(count))  # nine points going up would otherwise be a trend
    analysis = analyse(values)
    assert analysis.signals == ()
    assert not analysis.enough
    assert analysis.words == [
        f"Too few points to read the run-chart rules: {MIN_POINTS} are needed, "
        f"this chart has {count}."
    ]


def test_no_points_have_no_median_and_one_point_is_its_own():
    assert analyse([]).median is None
    one = analyse([7.5])
    assert (one.median, one.points, one.useful, one.runs) == (7.5, 1, 0, 0)


def test_all_values_equal_is_no_signal():
    analysis = analyse([4] * 25)
    assert analysis.median == 4 and analysis.useful == 0 and analysis.runs == 0
    assert analysis.signals == ()


def test_negative_and_fractional_values():
    values = [-0.5, -0.25, -0.75, -0.5, -0.25, -0.6, -0.4, 0.5, 0.75, 0.6, 0.8, 0.7, 0.9, 0.65]
    analysis = analyse(values)
    assert analysis.median == pytest.approx(0.125)
    assert [s.words for s in analysis.of("shift")] == [
        "Shift: 7 points in a row below the median (points 1 to 7).",
        "Shift: 7 points in a row above the median (points 8 to 14).",
    ]


# ---------- the runs table ----------


def test_runs_limits_start_at_ten_useful_observations():
    assert runs_limits(9) is None
    assert runs_limits(10) == (3, 9)


@pytest.mark.parametrize("useful", range(10, 61))
def test_runs_limits_bracket_the_expected_number_of_runs(useful):
    fewest, most = runs_limits(useful)
    expected = 1 + useful / 2  # the mean number of runs, half above and half below
    assert 2 <= fewest < expected < most <= useful
    # The range widens with the data, never narrows.
    if useful > 10:
        before = runs_limits(useful - 1)
        assert fewest >= before[0] and most >= before[1]


# ---------- evidence: signals after the change ----------


def test_signals_after_the_first_cycle_count_and_those_before_do_not():
    days = [date(2025, 1, 6) + timedelta(weeks=i) for i in range(len(SHIFTED))]
    analysis = analyse(SHIFTED)
    assert signals_after(days, analysis, days[10]) == analysis.of("shift")
    assert signals_after(days, analysis, days[11]) == ()


def test_a_level_that_moved_for_good_is_a_shift_not_a_string_of_astronomical_points():
    # A long baseline, then a lasting improvement far outside its spread: every point
    # after the change is beyond the baseline's fences, but together they are a shift.
    values = [30, 31, 29, 30, 32, 30, 31, 29, 30, 31, 30, 29] * 2 + [10, 11, 9, 10, 12, 10, 11, 9]
    found = analyse(values)
    assert found.of("astronomical") == ()
    assert any(s.start <= 24 and s.end == 31 for s in found.of("shift"))
    # One point on its own, that far out, still is one.
    assert [s.start for s in analyse([*values[:20], 90, *values[21:]]).of("astronomical")] == [20]
