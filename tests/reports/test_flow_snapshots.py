"""Flows through the month-end snapshots (issue 16): whole clean months read from MonthEndFlow, the rest from the
spans, opening and closing from the month-end headcounts plus the changes since — equal to the raw computation for
random periods and subtrees, also around a restructuring (an organisation moved to another committee) and after
back-dated changes that lower the watermark. Query counts fixed whatever the number of months."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.core.dates import add_months
from dangvu.members.models import MonthEndFlow
from dangvu.members.selectors import headcount, headcount_via_snapshots
from dangvu.members.services import member_record, member_record_event
from dangvu.members.snapshots import clean_months, refresh_snapshots, subtree_flow_months
from dangvu.orgs.services import org_move
from dangvu.reports import selectors as report_selectors
from dangvu.reports.selectors import membership_flow
from tests.factories import MemberFactory

UNTIL = date(2026, 6, 30)
MOVED_ON = date(2024, 6, 15)
days = st.dates(min_value=date(2015, 1, 1), max_value=UNTIL)


@pytest.fixture
def busy(world):
    """Admissions, recognitions, transfers inside and across committees, departures, and cell_c moved from the
    bloc to the city committee in the middle of June 2024."""
    ms = [MemberFactory.create(organization=o, admitted_on=date(2016 + i % 8, 1 + i % 12, 1 + i % 27))
          for i, o in enumerate([world.cell_a, world.cell_b, world.cell_c, world.cell_l] * 5)]
    for i, m in enumerate(ms):
        if i % 3 == 0:
            member_record_event(actor=world.root_user, member=m, kind="recognised_full",
                                effective_on=add_months(m.ceremony_on or m.admitted_on, 13))
        if i % 4 == 1:
            to = world.cell_l if m.organization_id != world.cell_l.pk else world.cell_a
            member_record_event(actor=world.root_user, member=m, kind="transferred",
                                effective_on=date(2024, 1 + i % 12, 5), to_organization=to)
        if i % 4 == 2 and m.organization_id == world.cell_a.pk:
            member_record_event(actor=world.root_user, member=m, kind="transferred",
                                effective_on=date(2025, 3, 1), to_organization=world.cell_b)
        if i % 5 == 2:
            member_record_event(actor=world.root_user, member=m, kind="deceased", effective_on=date(2025, 7, 9))
    org_move(actor=world.root_user, org=world.cell_c, parent=world.local, effective_on=MOVED_ON)
    refresh_snapshots(until=UNTIL)
    return ms


def _raw(monkeypatch, world, org, start, end):
    with monkeypatch.context() as mp:
        mp.setattr(report_selectors, "clean_months", lambda _s, _e: [])
        mp.setattr(report_selectors, "headcount_via_snapshots", headcount)
        return membership_flow(world.root_user, org, start=start, end=end)


def _same(a, b) -> None:
    assert (a.opening, a.closing, a.inflows, a.outflows) == (b.opening, b.closing, b.inflows, b.outflows)


def test_the_sweep_writes_flows_and_the_month_of_the_move_is_left_to_the_spans(world, busy):
    assert MonthEndFlow.objects.filter(kind="admitted").exists()
    assert MonthEndFlow.objects.filter(kind="recognised").exists()
    assert MonthEndFlow.objects.filter(kind="transferred_in", shared__gte=1).exists()
    months = clean_months(date(2024, 1, 1), date(2024, 12, 31))
    assert date(2024, 5, 31) in months and date(2024, 6, 30) not in months and len(months) == 11


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=days, b=days, which=st.sampled_from(["province", "bloc", "local", "committee", "cell_c", "cell_a"]))
def test_flow_through_snapshots_equals_the_raw_flow(world, busy, monkeypatch, a, b, which):
    start, end = min(a, b), max(a, b)
    org = getattr(world, which)
    ours = membership_flow(world.root_user, org, start=start, end=end)
    _same(ours, _raw(monkeypatch, world, org, start, end))
    assert ours.balanced


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(on=days, which=st.sampled_from(["province", "bloc", "local", "cell_c"]))
def test_headcount_via_snapshots_equals_headcount(world, busy, on, which):
    org = getattr(world, which)
    assert headcount_via_snapshots(org, on) == headcount(org, on)


def test_year_flows_around_the_move_and_after_a_back_dated_change(world, busy, monkeypatch):
    for org in (world.province, world.bloc, world.local, world.cell_c):
        for year in (2023, 2024, 2025):
            _same(membership_flow(world.root_user, org, start=date(year, 1, 1), end=date(year, 12, 31)),
                  _raw(monkeypatch, world, org, date(year, 1, 1), date(year, 12, 31)))
    member_record(actor=world.root_user, organization=world.cell_c, full_name="Hà Văn Lâm", sex="M",
                  birth_date=date(1990, 1, 1), admitted_on=date(2024, 9, 10))
    assert clean_months(date(2024, 1, 1), date(2024, 12, 31))[-1] == date(2024, 8, 31)
    for org in (world.province, world.local):
        _same(membership_flow(world.root_user, org, start=date(2024, 1, 1), end=date(2024, 12, 31)),
              _raw(monkeypatch, world, org, date(2024, 1, 1), date(2024, 12, 31)))


def test_national_flow_counts_no_move(world, busy):
    months = clean_months(date(2024, 1, 1), date(2024, 12, 31))
    whole = subtree_flow_months(None, months)
    assert "transferred_in" not in whole and "transferred_out" not in whole
    province = subtree_flow_months(world.province.path, months)
    assert {k: v for k, v in province.items() if not k.startswith("transferred")} == whole


def test_flow_query_count_does_not_grow_with_the_months(world, busy):
    def count(start, end):
        with CaptureQueriesContext(connection) as ctx:
            membership_flow(world.root_user, world.province, start=start, end=end)
        return len(ctx.captured_queries)

    one, many = count(date(2025, 1, 1), date(2025, 1, 31)), count(date(2015, 1, 1), date(2025, 12, 31))
    assert one <= many <= 14


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=days, b=days)
def test_national_flow_equals_the_flow_of_the_only_root(world, busy, monkeypatch, a, b):
    """With one province in the database the country is that province: the national flow (snapshots for whole
    months, span edges around them) equals the raw flow of the province; the national headcount by root too."""
    from dangvu.members.snapshots import headcount_by_root, national_flow

    start, end = min(a, b), max(a, b)
    raw = _raw(monkeypatch, world, world.province, start, end)
    counts = {k: v for k, v in national_flow(start, end).items() if k != "recognised" and v}
    assert counts == {k: v for k, v in {**raw.inflows, **raw.outflows}.items() if v}
    assert headcount_by_root(end) == ({world.province.pk: raw.closing} if raw.closing else {})
