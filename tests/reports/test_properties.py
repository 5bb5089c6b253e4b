"""Invariants over random histories: flows balance, projections equal a rebuild from events, and counts
as of a date survive later restructuring. Each example runs in its own rolled-back transaction."""

import contextlib
from datetime import date, timedelta

from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from dangvu.core.dates import add_months
from dangvu.core.errors import DomainError
from dangvu.members.models import ENDING_KINDS, Member
from dangvu.members.projection import rebuild_all
from dangvu.members.restructuring import org_merge, org_split
from dangvu.members.selectors import subtree_headcounts
from dangvu.members.services import member_record, member_record_event
from dangvu.orgs.models import CELL_KINDS, Organization
from dangvu.orgs.services import org_found, org_move
from dangvu.reports.selectors import membership_flow

BASE = date(2016, 1, 1)
SPAN_DAYS = 3000
ENDINGS = sorted(ENDING_KINDS)
Op = tuple[str, int, int, int]  # (operation, a, b, bits) as drawn by op_st
OPS = ["record", "record", "record", "transfer", "temporary", "end", "return", "move", "merge", "split"]

op_st = st.tuples(st.sampled_from(OPS), st.integers(0, 99), st.integers(0, 99), st.integers(0, 255))
# Days may repeat (drawn often from a narrow range): same-day chains leave zero-length spans, which the
# flow must still balance.
history_st = st.tuples(
    st.lists(op_st, min_size=1, max_size=14),
    st.lists(st.integers(0, SPAN_DAYS) | st.integers(0, 6), min_size=14, max_size=14),
)
PROPERTY_SETTINGS = settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


class World:
    def __init__(self) -> None:
        self.root = User.objects.create_superuser("prop-root", password="x")
        found = self.found
        self.province = found("Đảng bộ tỉnh", "provincial_committee", None)
        self.bloc = found("Đảng bộ Khối", "bloc_committee", self.province)
        self.local = found("Huyện ủy", "local_committee", self.province)
        self.committee = found("Đảng bộ cơ sở", "grassroots_committee", self.bloc)
        for name, kind, parent in [
            ("Chi bộ trực thuộc 1", "subordinate_cell", self.committee),
            ("Chi bộ trực thuộc 2", "subordinate_cell", self.committee),
            ("Chi bộ cơ sở 1", "grassroots_cell", self.bloc),
            ("Chi bộ cơ sở 2", "grassroots_cell", self.local),
            ("Chi bộ cơ sở 3", "grassroots_cell", self.local),
        ]:
            found(name, kind, parent)
        self.n = 0

    def found(self, name: str, kind: str, parent: Organization | None) -> Organization:
        return org_found(actor=self.root, name=name, kind=kind, parent=parent, founded_on=date(2000, 1, 1))

    def orgs(self) -> list[Organization]:
        return list(Organization.objects.order_by("id"))

    def cells(self) -> list[Organization]:
        return [o for o in self.orgs() if o.kind in CELL_KINDS and o.dissolved_on is None]

    def members(self) -> list[Member]:
        return list(Member.objects.order_by("id"))

    def apply(self, op: str, a: int, b: int, bits: int, on: date) -> None:
        cells, members = self.cells(), self.members()
        pick = lambda xs, i: xs[i % len(xs)] if xs else None  # noqa: E731
        member, cell_a, cell_b = pick(members, a), pick(cells, a), pick(cells, b)
        if op == "record" and cell_a:
            self.n += 1
            member_record(
                actor=self.root,
                organization=cell_a,
                full_name=f"Nguyễn Văn Số{self.n}",
                sex="M",
                birth_date=date(1970, 1, 1),
                admitted_on=on,
            )
        elif op in ("transfer", "temporary") and member and cell_b:
            member_record_event(
                actor=self.root,
                member=member,
                kind="transferred",
                effective_on=on,
                to_organization=cell_b,
                temporary=op == "temporary",
                temporary_until=add_months(on, 6) if op == "temporary" else None,
            )
        elif op == "end" and member:
            member_record_event(actor=self.root, member=member, kind=ENDINGS[b % len(ENDINGS)], effective_on=on)
        elif op == "return" and member:
            member_record_event(
                actor=self.root,
                member=member,
                kind=("readmitted", "reinstated")[b % 2],
                effective_on=on,
                to_organization=cell_b,
            )
        elif op == "move":
            movable = [
                o
                for o in self.orgs()
                if o.kind in ("grassroots_cell", "grassroots_committee") and o.dissolved_on is None
            ]
            org = pick(movable, a)
            if org:
                parent = self.local if org.parent_id == self.bloc.pk else self.bloc
                org_move(actor=self.root, org=org, parent=parent, effective_on=on)
        elif op == "merge" and cell_a and cell_b:
            org_merge(actor=self.root, org=cell_a, into=cell_b, effective_on=on)
        elif op == "split" and cell_a:
            present = [m.pk for m in members if m.organization_id == cell_a.pk and m.left_on is None]
            chosen = [pk for i, pk in enumerate(present) if bits >> (i % 8) & 1]
            self.n += 1
            org_split(actor=self.root, org=cell_a, effective_on=on, name=f"Chi bộ tách {self.n}", member_ids=chosen)

    def run(self, ops: list[Op], days: list[int]) -> None:
        for (op, a, b, bits), day in zip(ops, sorted(days), strict=False):
            # A refused write changes nothing; the properties must still hold.
            with contextlib.suppress(DomainError):
                self.apply(op, a, b, bits, BASE + timedelta(days=day))

    def headcounts(self, dates: list[date]) -> dict[date, dict[int, int]]:
        ids = [o.pk for o in self.orgs()]
        return {d: subtree_headcounts(ids, d) for d in dates}


class TestMembershipInvariants(TestCase):
    @PROPERTY_SETTINGS
    @given(history=history_st, data=st.data())
    def test_flows_balance_for_any_subtree_and_period(self, history, data):
        world = World()
        world.run(*history)
        orgs = world.orgs()
        for _ in range(4):
            org = data.draw(st.sampled_from(orgs))
            s, e = sorted(data.draw(st.lists(st.integers(-30, SPAN_DAYS + 30), min_size=2, max_size=2)))
            flow = membership_flow(world.root, org, start=BASE + timedelta(days=s), end=BASE + timedelta(days=e))
            assert flow.balanced, (
                org.name,
                flow.start,
                flow.end,
                flow.opening,
                flow.inflows,
                flow.outflows,
                flow.closing,
            )
            assert all(v >= 0 for v in (*flow.inflows.values(), *flow.outflows.values()))

    @PROPERTY_SETTINGS
    @given(history=history_st)
    def test_live_projection_equals_a_rebuild_from_events(self, history):
        world = World()
        world.run(*history)
        assert rebuild_all(repair=False) == []

    @PROPERTY_SETTINGS
    @given(
        history=history_st,
        last=op_st.filter(lambda o: o[0] in ("move", "merge", "split")),
        last_day=st.integers(0, SPAN_DAYS),
        data=st.data(),
    )
    def test_counts_as_of_a_date_survive_later_restructuring(self, history, last: Op, last_day, data):
        world = World()
        world.run(*history)
        on = BASE + timedelta(days=last_day)
        probe = sorted(
            {
                on - timedelta(days=1),
                BASE,
                *(BASE + timedelta(days=d) for d in data.draw(st.lists(st.integers(0, last_day), max_size=4))),
            }
        )
        probe = [d for d in probe if d < on]
        before = world.headcounts(probe)
        try:
            world.apply(*last, on)
        except DomainError:
            return
        after = world.headcounts(probe)
        for d in probe:
            assert {k: after[d][k] for k in before[d]} == before[d], d
        assert rebuild_all(repair=False) == []
        org = data.draw(st.sampled_from(world.orgs()))
        flow = membership_flow(world.root, org, start=BASE, end=on + timedelta(days=30))
        assert flow.balanced
