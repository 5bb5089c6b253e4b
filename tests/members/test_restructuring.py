import contextlib
from datetime import date, timedelta

import pytest

from dangvu.core.errors import DomainError
from dangvu.members.models import Member, MemberEvent
from dangvu.members.projection import rebuild_all
from dangvu.members.restructuring import org_dissolve, org_merge, org_split
from dangvu.members.selectors import headcount, subtree_headcounts
from dangvu.members.services import member_record_event
from dangvu.orgs.models import OrgEvent
from tests.factories import MemberFactory, OrgFactory
from tests.helpers import refused


def _all_counts(world, on):
    ids = [
        world.province.pk,
        world.bloc.pk,
        world.local.pk,
        world.committee.pk,
        world.cell_a.pk,
        world.cell_b.pk,
        world.cell_c.pk,
        world.cell_l.pk,
    ]
    return subtree_headcounts(ids, on)


DATES = [date(2008, 3, 1), date(2016, 6, 1), date(2025, 12, 31), date(2026, 1, 5), date(2026, 2, 28)]


def test_merge_moves_members_and_counts_as_of_earlier_dates_survive(world):
    before = {d: _all_counts(world, d) for d in DATES}
    org_merge(
        actor=world.officer, org=world.cell_b, into=world.cell_a, effective_on=date(2026, 3, 1), document="20-QĐ/ĐU"
    )
    world.binh.refresh_from_db()
    world.cell_b.refresh_from_db()
    assert world.binh.organization == world.cell_a
    assert world.cell_b.dissolved_on == date(2026, 3, 1)
    assert MemberEvent.objects.filter(member=world.binh, kind="org_merged", to_organization=world.cell_a).exists()
    assert {d: _all_counts(world, d) for d in DATES} == before
    assert headcount(world.cell_a, date(2026, 3, 1)) == 2
    assert headcount(world.cell_b, date(2026, 3, 1)) == 0
    assert headcount(world.committee, date(2026, 3, 1)) == 2
    assert rebuild_all(repair=False) == []


def test_merge_of_a_committee_moves_its_cells_under_the_receiving_committee(world):
    other = OrgFactory.create(
        actor=world.officer,
        kind="grassroots_committee",
        parent=world.bloc,
        name="Đảng bộ Sở Nội vụ",
        founded_on=date(2010, 1, 1),
    )
    before = {d: _all_counts(world, d) for d in DATES}
    org_merge(actor=world.officer, org=world.committee, into=other, effective_on=date(2026, 3, 1))
    for o in (world.cell_a, world.cell_b, world.committee):
        o.refresh_from_db()
    assert world.cell_a.parent == other and world.cell_b.parent == other
    assert world.cell_a.path.endswith(f".{other.pk}.{world.cell_a.pk}.")
    assert {d: _all_counts(world, d) for d in DATES} == before
    assert headcount(other, date(2026, 3, 1)) == 2
    assert headcount(world.committee, date(2026, 3, 1)) == 0
    assert headcount(world.committee, date(2026, 2, 28)) == 2


def test_merge_into_itself_or_its_own_cell_is_refused_as_a_cycle(world):
    refused("cycle", org_merge, actor=world.officer, org=world.cell_c, into=world.cell_c, effective_on=date(2026, 3, 1))
    refused(
        "cycle", org_merge, actor=world.officer, org=world.committee, into=world.cell_a, effective_on=date(2026, 3, 1)
    )


def test_merge_of_a_cell_with_members_into_a_committee_is_refused(world):
    refused(
        "member_in_cell",
        org_merge,
        actor=world.officer,
        org=world.cell_b,
        into=world.bloc,
        effective_on=date(2026, 3, 1),
    )


def test_merge_is_refused_before_a_members_later_event(world):
    refused(
        "event_order",
        org_merge,
        actor=world.officer,
        org=world.cell_b,
        into=world.cell_a,
        effective_on=date(2026, 1, 1),
    )  # Bình was admitted on 5/1/2026


def test_merge_is_refused_into_a_dissolved_organisation(world):
    old = OrgFactory.create(actor=world.officer, parent=world.bloc, founded_on=date(2010, 1, 1))
    org_dissolve(actor=world.officer, org=old, effective_on=date(2020, 1, 1))
    refused("org_dissolved", org_merge, actor=world.officer, org=world.cell_b, into=old, effective_on=date(2026, 3, 1))


def test_merge_dated_before_a_childs_founding_is_refused_not_a_crash(world):
    g1 = OrgFactory.create(
        actor=world.officer, kind="grassroots_committee", parent=world.bloc, founded_on=date(2010, 1, 1)
    )
    g2 = OrgFactory.create(
        actor=world.officer, kind="grassroots_committee", parent=world.bloc, founded_on=date(2010, 1, 1)
    )
    OrgFactory.create(actor=world.officer, kind="subordinate_cell", parent=g1, founded_on=date(2020, 1, 1))
    with pytest.raises(DomainError):
        org_merge(actor=world.officer, org=g1, into=g2, effective_on=date(2015, 1, 1))


def test_a_back_dated_merge_never_loses_a_member_from_the_province_headcount(world):
    c1 = OrgFactory.create(actor=world.officer, parent=world.bloc, founded_on=date(2010, 1, 1))
    m = MemberFactory.create(organization=c1)  # admitted 1/1/2016
    member_record_event(
        actor=world.officer, member=m, kind="transferred", effective_on=date(2021, 1, 1), to_organization=world.cell_c
    )
    mid = date(2020, 6, 1)
    before = headcount(world.province, mid)
    with contextlib.suppress(DomainError):  # refusing the back-dated merge is a fine answer too
        org_merge(actor=world.officer, org=c1, into=world.cell_c, effective_on=date(2020, 1, 1))
    assert headcount(world.province, mid) == before


def test_split_moves_the_chosen_members_to_the_new_organisation(world):
    a = MemberFactory.create(organization=world.cell_c)
    b = MemberFactory.create(organization=world.cell_c)
    before = {d: _all_counts(world, d) for d in DATES}
    new = org_split(
        actor=world.officer,
        org=world.cell_c,
        effective_on=date(2026, 3, 1),
        name="Chi bộ Công ty May Nam Sơn 2",
        member_ids=[b.pk],
        document="3-QĐ/ĐUK",
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.organization, b.organization) == (world.cell_c, new)
    assert (new.kind, new.parent, new.sector, new.founded_on) == (
        "grassroots_cell",
        world.bloc,
        "non_state_enterprise",
        date(2026, 3, 1),
    )
    assert OrgEvent.objects.get(organization=new, kind="founded").related == world.cell_c
    assert OrgEvent.objects.get(organization=world.cell_c, kind="split").related == new
    assert MemberEvent.objects.filter(member=b, kind="org_split", to_organization=new).exists()
    assert {d: _all_counts(world, d) for d in DATES} == before
    assert headcount(new, date(2026, 3, 1)) == 1 and headcount(world.cell_c, date(2026, 3, 1)) == 1
    assert headcount(world.bloc, date(2026, 3, 1)) == headcount(world.bloc, date(2026, 2, 28))
    assert rebuild_all(repair=False) == []


def test_split_refuses_a_member_not_in_the_organisation(world):
    a = MemberFactory.create(organization=world.cell_c)
    refused(
        "member_of_org",
        org_split,
        actor=world.officer,
        org=world.cell_c,
        effective_on=date(2026, 3, 1),
        name="Chi bộ mới",
        member_ids=[a.pk, world.hanh.pk],
    )
    refused(
        "member_of_org",
        org_split,
        actor=world.officer,
        org=world.cell_c,
        effective_on=date(2026, 3, 1),
        name="Chi bộ mới",
        member_ids=[10**9],
    )
    refused(
        "required",
        org_split,
        actor=world.officer,
        org=world.cell_c,
        effective_on=date(2026, 3, 1),
        name=" ",
        member_ids=[a.pk],
    )


def test_dissolve_is_refused_with_members_children_or_temporary_guests_and_for_the_root(world):
    refused("dissolve_with_members", org_dissolve, actor=world.officer, org=world.cell_b, effective_on=date(2026, 3, 1))
    refused("dissolve_with_children", org_dissolve, actor=world.admin, org=world.local, effective_on=date(2026, 3, 1))
    refused("root", org_dissolve, actor=world.admin, org=world.province, effective_on=date(2026, 3, 1))
    empty = OrgFactory.create(actor=world.officer, parent=world.bloc, founded_on=date(2010, 1, 1))
    member_record_event(
        actor=world.officer,
        member=world.hanh,
        kind="transferred",
        effective_on=date(2025, 1, 1),
        to_organization=empty,
        temporary=True,
        temporary_until=date(2025, 6, 1),
    )
    refused("dissolve_with_temporary", org_dissolve, actor=world.officer, org=empty, effective_on=date(2026, 3, 1))


def test_dissolve_is_refused_while_a_member_belonged_after_the_date(world):
    m = MemberFactory.create(organization=world.cell_c)
    member_record_event(
        actor=world.officer, member=m, kind="transferred", effective_on=date(2022, 1, 1), to_organization=world.cell_a
    )
    refused(
        "dissolve_with_members",
        org_dissolve,
        actor=world.officer,
        org=world.cell_c,
        effective_on=date(2021, 12, 31) + timedelta(days=0),
    )


def test_dissolve_an_empty_cell_ends_it_and_keeps_its_history(world):
    m = MemberFactory.create(organization=world.cell_c)
    member_record_event(
        actor=world.officer, member=m, kind="transferred", effective_on=date(2022, 1, 1), to_organization=world.cell_a
    )
    org_dissolve(actor=world.officer, org=world.cell_c, effective_on=date(2023, 1, 1), document="9-QĐ/ĐUK")
    world.cell_c.refresh_from_db()
    assert world.cell_c.dissolved_on == date(2023, 1, 1) and not world.cell_c.is_active
    assert headcount(world.cell_c, date(2021, 6, 1)) == 1
    assert headcount(world.cell_c, date(2023, 1, 1)) == 0
    assert Member.objects.filter(pk=m.pk, organization=world.cell_a).exists()


def test_merge_is_refused_while_the_organisation_hosts_temporary_members(world):
    member_record_event(
        actor=world.root_user, member=world.anh, kind="transferred", effective_on=date(2026, 2, 1),
        to_organization=world.cell_b, temporary=True, temporary_until=date(2026, 6, 1),
    )
    before = OrgEvent.objects.count()
    with pytest.raises(DomainError) as exc:
        org_merge(actor=world.root_user, org=world.cell_b, into=world.cell_a, effective_on=date(2026, 3, 1))
    assert exc.value.rule == "merge_with_temporary"
    assert OrgEvent.objects.count() == before
