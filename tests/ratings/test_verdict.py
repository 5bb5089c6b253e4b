"""A cell's year is not called "not Tốt" while months are still to be recorded."""

from dangvu.ratings.verdict import GOOD, NOT_GOOD, PENDING, year_verdict

G, F, A = "good", "fair", "average"


def test_eleven_good_months_and_december_pending_is_not_a_failure():
    v = year_verdict([G] * 11 + [None])
    assert v.state == PENDING and v.missing == (12,) and "còn tháng 12" in v.text and "không đạt" not in v.text.lower()


def test_twelve_months_judge_the_year():
    assert year_verdict([G] * 7 + [F] * 5).state == GOOD
    assert year_verdict([G] * 6 + [F] * 6).state == NOT_GOOD


def test_a_month_below_fair_or_too_few_good_months_left_decide_early():
    assert year_verdict([A] + [None] * 11).state == NOT_GOOD
    v = year_verdict([F] * 5 + [None] * 7)  # seven months left: all seven Tốt would still do
    assert v.state == PENDING and "ít nhất 7 tháng Tốt" in v.text
    assert year_verdict([F] * 6 + [None] * 6).state == NOT_GOOD  # six months left cannot make seven Tốt
