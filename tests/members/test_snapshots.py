"""Month-end snapshots plus the changes since equal the raw computation for any date, also after back-dated
changes that lower the watermark."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvu.core.dates import add_months
from dangvu.members.models import MonthEndHeadcount, SnapshotWatermark
from dangvu.members.services import member_record, member_record_event
from dangvu.members.snapshots import (
    _raw_counts,
    headcount_by_top,
    month_end_on_or_before,
    org_counts_on,
    refresh_snapshots,
)
from tests.factories import MemberFactory

TODAY_ISH = date(2026, 6, 30)
dates = st.dates(min_value=date(2012, 1, 1), max_value=date(2026, 6, 30))


@pytest.fixture
def busy(world):
    """A few years of admissions, recognitions, transfers and departures across the tree."""
    ms = [MemberFactory.create(organization=o, admitted_on=date(2016 + i % 8, 1 + i % 12, 1 + i % 27))
          for i, o in enumerate([world.cell_a, world.cell_b, world.cell_c, world.cell_l] * 4)]
    for i, m in enumerate(ms):
        if i % 3 == 0:
            member_record_event(actor=world.root_user, member=m, kind="recognised_full",
                                effective_on=add_months(m.ceremony_on or m.admitted_on, 13))
        if i % 4 == 1:
            member_record_event(actor=world.root_user, member=m, kind="transferred", effective_on=date(2024, 3, 5),
                                to_organization=world.cell_l if m.organization_id != world.cell_l.pk else world.cell_c)
        if i % 5 == 2:
            member_record_event(actor=world.root_user, member=m, kind="deceased", effective_on=date(2025, 7, 9))
    refresh_snapshots(until=TODAY_ISH)
    return ms


def test_refresh_writes_every_month_end_and_sets_the_watermark(world, busy):
    mark = SnapshotWatermark.objects.get()
    assert mark.clean_through == month_end_on_or_before(TODAY_ISH) == date(2026, 6, 30)
    ends = set(MonthEndHeadcount.objects.values_list("month_end", flat=True))
    assert date(2025, 12, 31) in ends and date(2026, 6, 30) in ends and date(2026, 6, 29) not in ends


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(on=dates)
def test_snapshot_plus_changes_equals_the_raw_count_on_any_date(world, busy, on):
    assert org_counts_on(on) == _raw_counts(on)


def test_a_back_dated_change_lowers_the_watermark_and_figures_stay_exact(world, busy):
    m = member_record(actor=world.root_user, organization=world.cell_c, full_name="Hà Văn Lâm", sex="M",
                      birth_date=date(1990, 1, 1), admitted_on=date(2023, 4, 10))
    assert SnapshotWatermark.objects.get().clean_through == date(2023, 4, 9)
    for on in (date(2023, 4, 9), date(2023, 4, 10), date(2023, 4, 30), date(2025, 1, 31), TODAY_ISH):
        assert org_counts_on(on) == _raw_counts(on)
    refresh_snapshots(until=TODAY_ISH)
    assert SnapshotWatermark.objects.get().clean_through == TODAY_ISH
    assert org_counts_on(date(2025, 1, 31)) == _raw_counts(date(2025, 1, 31))
    assert org_counts_on(date(2025, 1, 31))[world.cell_c.pk] == _raw_counts(date(2025, 1, 31))[world.cell_c.pk]
    assert m.pk


def test_headcount_by_top_adds_up_each_committee(world, busy):
    on = date(2026, 1, 15)
    by_top = headcount_by_top(on, depth=2)
    raw = _raw_counts(on)
    assert sum(by_top.values()) == sum(f + p for f, p in raw.values())
    assert set(by_top) <= {world.bloc.pk, world.local.pk}
    assert by_top.get(world.local.pk, 0) == sum(raw.get(world.cell_l.pk, (0, 0)))


def test_rebuild_check_finds_a_tampered_snapshot_and_rebuild_repairs_it(world, busy):
    from django.core.management import call_command

    row = MonthEndHeadcount.objects.filter(month_end=date(2025, 12, 31)).first()
    assert row is not None
    MonthEndHeadcount.objects.filter(pk=row.pk).update(full=row.full + 5)
    with pytest.raises(SystemExit):
        call_command("rebuild", "--check")
    call_command("rebuild")
    call_command("rebuild", "--check")  # clean again: no SystemExit
