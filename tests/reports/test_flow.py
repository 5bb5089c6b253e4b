from datetime import date

import pytest

from dangvu.core.errors import DomainError, NotVisible
from dangvu.members.restructuring import org_merge
from dangvu.members.services import member_record_event
from dangvu.orgs.services import org_move
from dangvu.reports.selectors import membership_flow
from tests.factories import MemberFactory, OrgFactory

Y2024 = dict(start=date(2024, 1, 1), end=date(2024, 12, 31))


def nonzero(d):
    return {k: v for k, v in d.items() if v}


def ev(world, member, kind, on, **kw):
    return member_record_event(actor=world.root_user, member=member, kind=kind, effective_on=on, **kw)


def test_flow_counts_admissions_transfers_and_deaths_but_not_internal_moves(world):
    m1 = MemberFactory.create(organization=world.cell_c, admitted_on=date(2024, 3, 1))
    m2, m3, m4 = (MemberFactory.create(organization=world.cell_c) for _ in range(3))
    ev(world, m2, "transferred", date(2024, 4, 1), to_organization=world.cell_l)  # out of the bloc
    ev(world, world.anh, "transferred", date(2024, 5, 1), to_organization=world.cell_a)  # into the bloc
    ev(world, m3, "transferred", date(2024, 6, 1), to_organization=world.cell_a)  # inside the bloc
    ev(world, m4, "deceased", date(2024, 7, 1))
    flow = membership_flow(world.officer, world.bloc, **Y2024)
    # Opening on 31/12/2023: Hạnh, m2, m3, m4. Closing: Hạnh, m1, m3, Ánh.
    assert (flow.opening, flow.closing) == (4, 4)
    assert nonzero(flow.inflows) == {"admitted": 1, "transferred_in": 1}
    assert nonzero(flow.outflows) == {"transferred_out": 1, "deceased": 1}
    assert flow.balanced
    assert m1.pk

    local = membership_flow(world.admin, world.local, **Y2024)
    assert (local.opening, local.closing) == (1, 1)
    assert nonzero(local.inflows) == {"transferred_in": 1} and nonzero(local.outflows) == {"transferred_out": 1}

    province = membership_flow(world.admin, world.province, **Y2024)
    assert (province.opening, province.closing) == (5, 5)
    assert nonzero(province.inflows) == {"admitted": 1} and nonzero(province.outflows) == {"deceased": 1}

    committee = membership_flow(world.officer, world.committee, **Y2024)  # Hạnh; m3 and Ánh arrive
    assert (committee.opening, committee.closing, committee.inflows["transferred_in"]) == (1, 3, 2)


def test_opening_is_the_headcount_at_the_end_of_the_day_before_the_period(world):
    a = MemberFactory.create(organization=world.cell_c)
    b = MemberFactory.create(organization=world.cell_c)
    ev(world, a, "struck_off", date(2023, 12, 31))  # gone before the period
    ev(world, b, "expelled", date(2024, 1, 1))  # first day: an outflow of the period
    MemberFactory.create(organization=world.cell_c, admitted_on=date(2024, 12, 31))  # last day: an inflow
    MemberFactory.create(organization=world.cell_c, admitted_on=date(2025, 1, 1))  # after the period
    flow = membership_flow(world.officer, world.bloc, **Y2024)
    assert (flow.opening, flow.closing) == (2, 2)  # Hạnh + b; Hạnh + the one admitted on 31/12
    assert nonzero(flow.inflows) == {"admitted": 1}
    assert nonzero(flow.outflows) == {"expelled": 1}
    assert flow.balanced


def test_reinstatement_and_readmission_are_inflows(world):
    a = MemberFactory.create(organization=world.cell_c)
    b = MemberFactory.create(organization=world.cell_c)
    ev(world, a, "expelled", date(2020, 1, 1))
    ev(world, b, "struck_off", date(2020, 1, 1))
    ev(world, a, "reinstated", date(2024, 2, 1))
    ev(world, b, "readmitted", date(2024, 3, 1), to_organization=world.cell_a)
    flow = membership_flow(world.officer, world.bloc, **Y2024)
    assert (flow.opening, flow.closing) == (1, 3)
    assert nonzero(flow.inflows) == {"reinstated": 1, "readmitted": 1}
    assert flow.balanced


def test_temporary_transfers_are_not_flows(world):
    a = MemberFactory.create(organization=world.cell_c)
    ev(world, a, "transferred", date(2024, 3, 1), to_organization=world.cell_l, temporary=True,
       temporary_until=date(2024, 9, 1))
    for org in (world.bloc, world.local):
        flow = membership_flow(world.admin, org, **Y2024)
        assert flow.total_in == flow.total_out == 0 and flow.balanced


def test_restructuring_in_and_out_of_the_subtree(world):
    x = OrgFactory.create(parent=world.local, founded_on=date(2010, 1, 1), name="Chi bộ X")
    MemberFactory.create(organization=x)
    MemberFactory.create(organization=x)
    c1 = MemberFactory.create(organization=world.cell_c)
    org_move(actor=world.root_user, org=x, parent=world.bloc, effective_on=date(2024, 8, 1))
    org_merge(actor=world.root_user, org=world.cell_c, into=world.cell_l, effective_on=date(2024, 9, 1))
    bloc = membership_flow(world.admin, world.bloc, **Y2024)
    # Opening: Hạnh, c1. Closing: Hạnh and X's two members.
    assert (bloc.opening, bloc.closing) == (2, 3)
    assert nonzero(bloc.inflows) == {"restructured_in": 2}
    assert nonzero(bloc.outflows) == {"restructured_out": 1}
    local = membership_flow(world.admin, world.local, **Y2024)
    assert (local.opening, local.closing) == (3, 2)
    assert nonzero(local.inflows) == {"restructured_in": 1}
    assert nonzero(local.outflows) == {"restructured_out": 2}
    province = membership_flow(world.admin, world.province, **Y2024)
    assert (province.opening, province.closing, province.total_in, province.total_out) == (5, 5, 0, 0)
    assert all(f.balanced for f in (bloc, local, province))
    assert c1.pk
    # A period that ends before the restructuring does not see it.
    before = membership_flow(world.admin, world.bloc, start=date(2024, 1, 1), end=date(2024, 7, 31))
    assert before.total_in == before.total_out == 0 and before.closing == 2


def test_a_merge_inside_the_subtree_is_not_a_flow(world):
    org_merge(actor=world.root_user, org=world.cell_b, into=world.cell_a, effective_on=date(2026, 3, 1))
    flow = membership_flow(world.officer, world.committee, start=date(2026, 1, 1), end=date(2026, 6, 30))
    assert (flow.opening, flow.closing) == (1, 2)
    assert nonzero(flow.inflows) == {"admitted": 1} and flow.total_out == 0


def test_a_transfer_out_on_the_day_of_admission_balances(world):
    m = MemberFactory.create(organization=world.cell_c, admitted_on=date(2024, 3, 1))
    ev(world, m, "transferred", date(2024, 3, 1), to_organization=world.cell_l)
    flow = membership_flow(world.officer, world.bloc, **Y2024)
    assert flow.balanced, (flow.opening, flow.inflows, flow.outflows, flow.closing)


def test_flow_of_another_subtree_is_not_visible_and_the_period_must_be_ordered(world):
    with pytest.raises(NotVisible):
        membership_flow(world.officer, world.local, **Y2024)
    with pytest.raises(DomainError) as exc:
        membership_flow(world.officer, world.bloc, start=date(2024, 2, 1), end=date(2024, 1, 31))
    assert exc.value.rule == "period_order"
    with pytest.raises(DomainError) as exc:
        membership_flow(world.officer, world.bloc, start=date(1, 1, 1), end=date(9999, 12, 31))
    assert exc.value.rule == "period_range"
