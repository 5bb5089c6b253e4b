"""Dates: today in the deployment's time zone, months arithmetic, Vietnamese formats."""

import calendar
import functools
from datetime import date, timedelta

import holidays
from django.utils import timezone


def today() -> date:
    return timezone.localdate()


def add_months(d: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31/1 + 1 month = 28 or 29/2)."""
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def full_years_between(start: date, end: date) -> int:
    """Completed years from start to end (0 if end is before start)."""
    if end < start:
        return 0
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


@functools.cache
def _public_holidays() -> holidays.HolidayBase:
    # The Labour Code's public holidays with the lunar Tết and Giỗ Tổ dates and the Government's announced
    # substitute days off, from the maintained `holidays` package (years filled in as they are asked for).
    return holidays.country_holidays("VN")


def is_working_day(d: date) -> bool:
    """Monday to Friday, not a public holiday or a day off given in its place."""
    return d.weekday() < 5 and d not in _public_holidays()


def add_working_days(d: date, days: int) -> date:
    """The `days`-th working day after `d` (the deadlines "within N working days" of the Party's rules)."""
    out = d
    while days > 0:
        out += timedelta(days=1)
        if is_working_day(out):
            days -= 1
    return out


def day_before(d: date) -> date:
    return d - timedelta(days=1)


def format_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])
