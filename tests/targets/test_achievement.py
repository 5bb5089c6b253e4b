"""Achievement arithmetic and wording at the edges (RULES.md, Chỉ tiêu)."""

from decimal import Decimal

import pytest

from dangvu.targets.achievement import achievement, tally, tally_label

D = Decimal


def ach(comparison, value, actual, *, value_max=None, ended=True):
    return achievement(
        comparison=comparison, value=D(value), value_max=None if value_max is None else D(value_max),
        actual=None if actual is None else D(actual), ended=ended,
    )


def test_admissions_103_of_80_is_vuot_28_75_percent():
    a = ach("at_least", 80, 103)
    assert a.percent == D("128.75") and a.status == "exceeded" and a.status_label == "Vượt 28,75%"


def test_the_articles_other_figures():
    assert ach("at_least", 15, 16).status_label == "Vượt 6,67%"  # the article rounds to 6,6%
    assert ach("at_least", 13, 14).status_label == "Vượt 7,69%"
    assert ach("at_least", 3, 3).status_label == "Đạt"


def test_exactly_met_is_dat_at_100_percent():
    a = ach("at_least", 80, 80)
    assert a.status == "met" and a.percent == D("100.00") and a.status_label == "Đạt"


def test_short_of_the_target_after_the_period_is_khong_dat():
    a = ach("at_least", 300, 265)
    assert a.status == "not_met" and a.status_label == "Không đạt" and a.percent == D("88.33")


def test_a_year_in_progress_not_yet_met_is_dang_thuc_hien_and_met_early_counts():
    assert ach("at_least", 300, 120, ended=False).status_label == "Đang thực hiện"
    assert ach("at_least", 300, 301, ended=False).status_label == "Vượt 0,33%"


@pytest.mark.parametrize(
    ("actual", "status", "label", "percent"),
    [(0, "not_met", "Không đạt", "0.00"), (1, "met", "Đạt", "50.00"), (2, "met", "Đạt", "100.00"),
     (3, "exceeded", "Vượt 50%", "150.00")],
)
def test_between_1_and_2(actual, status, label, percent):
    a = ach("between", 1, actual, value_max=2)
    assert (a.status, a.status_label, a.percent) == (status, label, D(percent))


def test_between_below_the_range_while_the_year_runs():
    assert ach("between", 1, 0, value_max=2, ended=False).status == "in_progress"


def test_at_most():
    assert ach("at_most", 5, 3).status_label == "Đạt"
    assert ach("at_most", 5, 5).status == "met"
    assert ach("at_most", 5, 6).status_label == "Không đạt"
    assert ach("at_most", 5, 3, ended=False).status == "in_progress"
    assert ach("at_most", 5, 6, ended=False).status == "not_met"  # already over the limit
    assert ach("at_most", 0, 0).percent is None and ach("at_most", 0, 0).status == "met"


def test_exactly_and_no_data():
    assert ach("exactly", 10, 10).status == "met"
    assert ach("exactly", 10, 11).status == "not_met"
    assert ach("exactly", 10, 10, ended=False).status == "in_progress"
    assert ach("at_least", 85, None).status == "not_met" and ach("at_least", 85, None).percent is None
    assert ach("at_least", 85, None, ended=False).status == "in_progress"


def test_percent_targets_and_tally():
    a = ach("at_least", 85, "94.00")
    assert a.percent == D("110.59") and a.status_label == "Vượt 10,59%"
    items = [ach("at_least", 80, 103), ach("at_least", 3, 3), ach("at_least", 300, 1)]
    assert tally(items) == (2, 3) and tally_label(*tally(items)) == "Đạt 2/3 chỉ tiêu"
