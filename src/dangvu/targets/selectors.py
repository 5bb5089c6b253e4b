"""Reads on targets: indicator values for a subtree and period, a committee's targets and their achievement
on a date. Scoped to the user; every figure delegates to the indicator registry."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q

from dangvu.core.errors import DomainError, NotVisible
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import names_on

from .achievement import Achievement, achievement, tally
from .indicators import INDICATORS, Indicator, Span, manual_value
from .models import Target

PARTY_FOUNDED = date(1930, 2, 3)


def _visible(user: Any, org: Organization) -> None:
    if not scope_of(user).sees(org.pk):
        raise NotVisible


def indicator_or_error(code: str) -> Indicator:
    ind = INDICATORS.get(code)
    if ind is None:
        raise DomainError(f"Chỉ tiêu '{code}' không có trong danh mục.", field="code", rule="indicator_unknown")
    return ind


def _check_period(start: date, end: date) -> None:
    if start > end:
        raise DomainError("Ngày bắt đầu (from) phải trước hoặc bằng ngày kết thúc (to).", field="from",
                          rule="period_order")
    if start < PARTY_FOUNDED:
        raise DomainError("Kỳ tính bắt đầu từ 03/02/1930 trở về sau.", field="from", rule="period_range")


def indicator_value(
    user: Any, code: str, org: Organization, *, start: date, end: date, memo: dict[Any, Any] | None = None
) -> Decimal | None:
    """The indicator's value for the organisation's subtree over [start, end] (both included); None when there
    is no data yet (no closed rating round, no manual entry)."""
    _visible(user, org)
    ind = indicator_or_error(code)
    _check_period(start, end)
    if ind.compute is None:
        mv = manual_value(org, code, start.year, end.year)
        return None if mv is None else mv.value
    return ind.compute(Span(user, org, start, end, {} if memo is None else memo))


def indicator_link(user: Any, code: str, org: Organization, *, start: date, end: date) -> str:
    ind = indicator_or_error(code)
    return ind.list_url(Span(user, org, start, end)) if ind.list_url else ""


@dataclass
class TargetRow:
    target: Target
    indicator: Indicator
    organization_name: str
    start: date
    end: date
    achievement: Achievement
    link: str = ""
    shares: list["TargetRow"] = field(default_factory=list)

    @property
    def assigned(self) -> Decimal:
        return sum((s.target.value for s in self.shares), Decimal(0))


@dataclass
class TargetReport:
    organization: Organization
    year: int
    on: date
    rows: list[TargetRow]

    @property
    def met(self) -> int:
        return tally([r.achievement for r in self.rows])[0]

    @property
    def total(self) -> int:
        return len(self.rows)


def _row(user: Any, t: Target, on: date, names: dict[int, str], cache: dict[tuple[Any, ...], Any]) -> TargetRow:
    ind = INDICATORS[t.indicator]
    start, end = date(t.start_year, 1, 1), date(t.end_year, 12, 31)
    dissolved = t.organization.dissolved_on
    if dissolved is not None and dissolved <= end:
        end = max(start, dissolved - timedelta(days=1))  # a committee dissolved mid-term: assessed to its last day
    upto = min(end, on)
    key = (t.indicator, t.organization_id, start, upto)
    if key not in cache:
        cache[key] = None if upto < start else indicator_value(
            user, t.indicator, t.organization, start=start, end=upto, memo=cache
        )
    actual = cache[key]
    ach = achievement(comparison=t.comparison, value=t.value, value_max=t.value_max, actual=actual,
                      ended=on >= end)
    link = ind.list_url(Span(user, t.organization, start, upto)) if ind.list_url and upto >= start else ""
    return TargetRow(t, ind, names.get(t.organization_id, t.organization.name), start, end, ach, link)


def targets_of(user: Any, org: Organization, year: int) -> list[Target]:
    """The organisation's standing targets whose period holds `year` (the year's own, then term targets)."""
    _visible(user, org)
    return list(
        Target.objects.filter(organization=org, withdrawn_at__isnull=True, start_year__lte=year, end_year__gte=year)
        .select_related("organization").order_by("-start_year", "end_year", "id")
    )


def target_report(user: Any, org: Organization, *, year: int, on: date, shares: bool = True) -> TargetReport:
    """The committee's targets for `year` with their achievement on `on`, and the share given to each
    subordinate organisation with its own achievement; met/total counts the committee's own targets."""
    _visible(user, org)
    own = targets_of(user, org, year)
    children: list[Target] = []
    if shares and own:
        children = list(
            Target.objects.filter(parent__in=own, withdrawn_at__isnull=True).select_related("organization")
            .order_by("organization__path", "id")
        )
    names = names_on([org.pk] + [c.organization_id for c in children], on)
    cache: dict[tuple[Any, ...], Any] = {}
    rows = [_row(user, t, on, names, cache) for t in own]
    by_parent: dict[int, list[TargetRow]] = {}
    scope = scope_of(user)
    for c in children:
        if scope.sees(c.organization_id):
            by_parent.setdefault(c.parent_id or 0, []).append(_row(user, c, on, names, cache))
    for r in rows:
        r.shares = by_parent.get(r.target.pk, [])
    return TargetReport(org, year, on, rows)


def target_get(user: Any, target_id: Any) -> Target:
    try:
        t = Target.objects.select_related("organization").get(pk=int(target_id))
    except (Target.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible from None
    _visible(user, t.organization)
    return t


def target_years(org: Organization) -> list[int]:
    """Years that have targets for the organisation, newest first."""
    years: set[int] = set()
    for sy, ey in Target.objects.filter(Q(organization=org), withdrawn_at__isnull=True).values_list(
        "start_year", "end_year"
    ):
        years.update(range(sy, ey + 1))
    return sorted(years, reverse=True)
