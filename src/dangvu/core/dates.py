"""Dates: today in the deployment's time zone, months arithmetic, Vietnamese formats."""

import calendar
from datetime import date, timedelta

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


def add_working_days(d: date, days: int) -> date:
    """The `days`-th working day (Monday to Friday) after `d`; public holidays are not known here."""
    out = d
    while days > 0:
        out += timedelta(days=1)
        if out.weekday() < 5:
            days -= 1
    return out


def day_before(d: date) -> date:
    return d - timedelta(days=1)


def format_date(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])
