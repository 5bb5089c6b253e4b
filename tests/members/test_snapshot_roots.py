"""Month-end snapshot rows carry their organisation's root (province) of that month end (issue 16, n1): the headcount
by province is one grouped scan of one month end's rows. History does not move: a province merged into another
after a snapshot keeps its own root on the earlier month ends. Snapshot + changes since equals the raw computation
for random dates, before and after the merger is refreshed; the migration fills the column; `rebuild --check` checks
it; a refresh writes month by month and stops before a month end changed under it."""

import importlib
from collections import defaultdict
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.core.dates import add_months
from dangvu.members import snapshots
from dangvu.members.models import MonthEndHeadcount, SnapshotWatermark
from dangvu.members.restructuring import org_merge
from dangvu.members.services import member_record_event
from dangvu.members.snapshots import (
    _raw_counts,
    check_snapshots,
    headcount_by_root,
    refresh_snapshots,
    snapshots_invalidate,
)
from dangvu.orgs.models import OrgPathSpan
from dangvu.orgs.selectors import on_date_q
from dangvu.orgs.services import org_found, org_move
from tests.factories import MemberFactory

BEFORE = date(2025, 6, 30)  # snapshots written through here, then the merger
MERGED_ON = date(2025, 7, 1)
UNTIL = date(2026, 6, 30)
dates = st.dates(min_value=date(2014, 1, 1), max_value=UNTIL)


def raw_by_root(on: date) -> dict[int, int]:
    """Members at the end of `on` under each root, from the spans and the paths of that day (no snapshot)."""
    paths = dict(OrgPathSpan.objects.filter(on_date_q(on)).values_list("organization_id", "path"))
    out: dict[int, int] = defaultdict(int)
    for org_id, (f, p) in _raw_counts(on).items():
        out[int(paths[org_id].split(".")[0])] += f + p
    return {k: v for k, v in out.items() if v}


@pytest.fixture
def two(world: Any) -> Any:
    """A second province (Hà Nam) with a city committee and two cells, members in both provinces (admissions,
    recognitions, transfers, deaths), snapshots through June 2025; then Hà Nam merged into
    Ninh Bình on 1/7/2025 (its committees and cells move under Ninh Bình's root), not yet refreshed."""
    root = world.root_user
    ha_nam = org_found(actor=root, name="Đảng bộ tỉnh Hà Nam", kind="provincial_committee", parent=None,
                       founded_on=date(1997, 1, 1))
    phu_ly = org_found(actor=root, name="Đảng bộ thành phố Phủ Lý", kind="local_committee", parent=ha_nam,
                       founded_on=date(1997, 1, 1))
    cell_1 = org_found(actor=root, name="Chi bộ phường Lam Hạ", kind="grassroots_cell", parent=phu_ly,
                       founded_on=date(2000, 1, 1))
    cell_2 = org_found(actor=root, name="Chi bộ phường Quang Trung", kind="grassroots_cell", parent=phu_ly,
                       founded_on=date(2000, 1, 1))
    ms = [MemberFactory.create(organization=o, admitted_on=date(2014 + i % 8, 1 + i % 12, 1 + i % 27))
          for i, o in enumerate([cell_1, cell_2, world.cell_l, world.cell_a] * 4)]
    for i, m in enumerate(ms):
        if i % 3 == 0:
            member_record_event(actor=root, member=m, kind="recognised_full",
                                effective_on=add_months(m.ceremony_on or m.admitted_on, 13))
        if i % 4 == 1:  # inside Hà Nam before the merger
            member_record_event(actor=root, member=m, kind="transferred", effective_on=date(2024, 3, 5),
                                to_organization=cell_1)
        if i % 5 == 2:
            member_record_event(actor=root, member=m, kind="deceased", effective_on=date(2025, 9, 9))
    refresh_snapshots(until=BEFORE)
    org_merge(actor=root, org=ha_nam, into=world.province, effective_on=MERGED_ON)
    return ha_nam, phu_ly, cell_1, cell_2


def test_rows_carry_the_root_of_their_month_end_and_keep_it_after_the_merger(world, two):
    ha_nam, _phu_ly, cell_1, _cell_2 = two
    assert MonthEndHeadcount.objects.get(month_end=BEFORE, organization=cell_1).root_id == ha_nam.pk
    assert MonthEndHeadcount.objects.get(month_end=BEFORE, organization=world.cell_l).root_id == world.province.pk
    refresh_snapshots(until=UNTIL)
    # Earlier month ends keep Hà Nam; from the merger on, its cells count under Ninh Bình.
    assert MonthEndHeadcount.objects.get(month_end=BEFORE, organization=cell_1).root_id == ha_nam.pk
    assert MonthEndHeadcount.objects.get(month_end=date(2025, 7, 31), organization=cell_1).root_id == world.province.pk
    assert set(headcount_by_root(BEFORE)) == {ha_nam.pk, world.province.pk}
    assert set(headcount_by_root(date(2025, 7, 31))) == {world.province.pk}
    assert check_snapshots() == []


def test_days_after_the_merger_read_june_and_move_the_merged_counts_to_the_new_root(world, two):
    ha_nam = two[0]
    for on in (MERGED_ON, date(2025, 7, 15), date(2025, 8, 31), date(2025, 9, 28)):
        by_root = headcount_by_root(on)
        assert by_root == raw_by_root(on) and ha_nam.pk not in by_root


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(on=dates)
def test_by_root_through_snapshots_equals_the_raw_count_before_the_refresh(world, two, on):
    """Not refreshed since the merger: dates after it read June's rows (old root) and move the merged
    organisations' counts to their new root."""
    assert headcount_by_root(on) == raw_by_root(on)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(on=dates)
def test_by_root_through_snapshots_equals_the_raw_count_after_the_refresh(world, two, on):
    refresh_snapshots(until=UNTIL)
    assert headcount_by_root(on) == raw_by_root(on)


def test_a_back_dated_move_to_another_root_lowers_the_watermark(world, two):
    ha_nam, phu_ly, _cell_1, _cell_2 = two
    refresh_snapshots(until=UNTIL)
    assert SnapshotWatermark.objects.get().clean_through == UNTIL
    org_move(actor=world.root_user, org=world.cell_c, parent=world.local, effective_on=date(2026, 2, 10))
    assert SnapshotWatermark.objects.get().clean_through == date(2026, 2, 9)
    for on in (date(2026, 1, 31), date(2026, 2, 10), date(2026, 3, 31), UNTIL):
        assert headcount_by_root(on) == raw_by_root(on)
    refresh_snapshots(until=UNTIL)
    assert check_snapshots() == []
    assert ha_nam.pk and phu_ly.pk


def test_headcount_by_root_is_two_statements_on_a_month_end_and_three_after(world, two):
    refresh_snapshots(until=UNTIL)
    with CaptureQueriesContext(connection) as ctx:
        headcount_by_root(date(2026, 5, 31))
    assert len(ctx.captured_queries) == 2  # the watermark, then one grouped scan of the month end's rows
    assert "orgpathspan" not in ctx.captured_queries[-1]["sql"].lower()  # no join to the paths
    with CaptureQueriesContext(connection) as ctx:
        headcount_by_root(date(2026, 6, 17))
    assert len(ctx.captured_queries) == 3


class _Editor:
    """What the migration's RunPython uses of a schema editor: its connection and execute()."""

    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cur:
            cur.execute(sql)


def test_the_migration_fills_the_root_of_each_row_from_the_paths_of_its_date(world, two):
    refresh_snapshots(until=UNTIL)
    written = dict(MonthEndHeadcount.objects.values_list("id", "root_id"))
    MonthEndHeadcount.objects.update(root=None)
    assert check_snapshots()  # every month end reported
    migration = importlib.import_module("dangvu.members.migrations.0011_month_end_headcount_root")
    migration.fill_roots(apps, _Editor())
    assert dict(MonthEndHeadcount.objects.values_list("id", "root_id")) == written
    assert check_snapshots() == []


def test_rebuild_check_reports_a_wrong_root_and_rebuild_repairs_it(world, two):
    from django.core.management import call_command

    ha_nam = two[0]
    refresh_snapshots(until=UNTIL)
    MonthEndHeadcount.objects.filter(month_end=date(2025, 3, 31), root_id=ha_nam.pk).update(root=world.province)
    lines = check_snapshots()
    assert len(lines) == 1 and lines[0].startswith("Số liệu cuối tháng 31/03/2025: ") and "tổ chức gốc" in lines[0]
    with pytest.raises(SystemExit):
        call_command("rebuild", "--check")
    call_command("rebuild")
    call_command("rebuild", "--check")  # clean again: no SystemExit
    assert MonthEndHeadcount.objects.filter(month_end=date(2025, 3, 31), root_id=ha_nam.pk).exists()


def test_the_refresh_writes_month_by_month_and_stops_before_a_month_changed_under_it(world, two, monkeypatch):
    """A change committed after the sweep read the spans (here: effective 10/3/2026) lowers `refreshing_through`:
    the month ends before it are written and clean, the rest left to the next refresh."""
    sweep = snapshots._sweep

    def sweep_then_a_write(months: list[date]) -> Any:
        out = sweep(months)
        snapshots_invalidate(date(2026, 3, 10))
        return out

    monkeypatch.setattr(snapshots, "_sweep", sweep_then_a_write)
    written = refresh_snapshots(until=UNTIL)
    mark = SnapshotWatermark.objects.get()
    assert mark.clean_through == date(2026, 2, 28) and written == 8  # July 2025 – February 2026
    assert not MonthEndHeadcount.objects.filter(month_end__gt=date(2026, 2, 28)).exists()
    monkeypatch.setattr(snapshots, "_sweep", sweep)
    assert refresh_snapshots(until=UNTIL) == 4
    mark = SnapshotWatermark.objects.get()
    assert mark.clean_through == UNTIL and mark.refreshing_through is None
    assert check_snapshots() == []
