from datetime import date

import pytest

from dangvu.core.dates import add_months, add_years, day_before, format_date, full_years_between


@pytest.mark.parametrize(
    ("start", "months", "result"),
    [
        (date(2024, 3, 10), 12, date(2025, 3, 10)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 8, 31), 1, date(2024, 9, 30)),
        (date(2024, 11, 15), 2, date(2025, 1, 15)),  # crosses the year
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 1, 15), -1, date(2023, 12, 15)),
        (date(2024, 5, 5), 0, date(2024, 5, 5)),
    ],
)
def test_add_months_keeps_the_day_and_clamps_to_the_months_end(start, months, result):
    assert add_months(start, months) == result


def test_add_years_clamps_29_february():
    assert add_years(date(2020, 2, 29), 30) == date(2050, 2, 28)
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (date(2000, 3, 1), date(2030, 3, 1), 30),
        (date(2000, 3, 1), date(2030, 2, 28), 29),
        (date(2000, 3, 1), date(1999, 1, 1), 0),
        (date(2008, 1, 5), date(2026, 1, 4), 17),
    ],
)
def test_full_years_between_counts_completed_years(start, end, years):
    assert full_years_between(start, end) == years


def test_day_before_and_format_date():
    assert day_before(date(2025, 1, 1)) == date(2024, 12, 31)
    assert format_date(date(2025, 3, 9)) == "09/03/2025"
    assert format_date(None) == ""
