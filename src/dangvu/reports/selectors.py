"""Membership flow of a subtree over a period: opening + inflows − outflows = closing, exactly."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from dangvu.core.errors import DomainError, NotVisible
from dangvu.members.models import MembershipSpan, SpanEdge
from dangvu.members.selectors import headcount_via_snapshots
from dangvu.members.snapshots import clean_months, subtree_flow_months
from dangvu.orgs.models import Organization, OrgPathSpan
from dangvu.orgs.scope import scope_of

INFLOW_KINDS = ["admitted", "transferred_in", "reinstated", "readmitted", "restructured_in"]
OUTFLOW_KINDS = ["transferred_out", "struck_off", "expelled", "released", "deceased", "restructured_out"]
INFLOW_LABELS = {
    "admitted": "Kết nạp", "transferred_in": "Chuyển đến", "reinstated": "Phục hồi đảng tịch",
    "readmitted": "Kết nạp lại", "restructured_in": "Theo tổ chức chuyển đến (sắp xếp tổ chức)",
}
OUTFLOW_LABELS = {
    "transferred_out": "Chuyển đi", "struck_off": "Xóa tên", "expelled": "Khai trừ",
    "released": "Cho ra khỏi Đảng", "deceased": "Từ trần",
    "restructured_out": "Theo tổ chức chuyển đi (sắp xếp tổ chức)",
}
_MOVES = {SpanEdge.MOVED, SpanEdge.RESTRUCTURED}
ONE_DAY = timedelta(days=1)
PARTY_FOUNDED = date(1930, 2, 3)  # no membership fact can precede it


@dataclass
class Flow:
    organization: Organization
    start: date
    end: date
    opening: int
    closing: int
    inflows: dict[str, int] = field(default_factory=dict)
    outflows: dict[str, int] = field(default_factory=dict)

    @property
    def total_in(self) -> int:
        return sum(self.inflows.values())

    @property
    def total_out(self) -> int:
        return sum(self.outflows.values())

    @property
    def balanced(self) -> bool:
        return self.opening + self.total_in - self.total_out == self.closing


def _windows(org_id: int) -> dict[int, list[tuple[date, date | None]]]:
    """When each organisation lay inside org_id's subtree: its path spans that contain org_id."""
    seg = Q(path__startswith=f"{org_id}.") | Q(path__contains=f".{org_id}.")
    out: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for o, f, t in OrgPathSpan.objects.filter(seg).order_by("valid_from").values_list(
        "organization_id", "valid_from", "valid_to"
    ):
        w = out[o]
        if w and w[-1][1] == f:
            w[-1] = (w[-1][0], t)  # a move inside the subtree is not a gap
        else:
            w.append((f, t))
    return out


class _Subtree:
    """The spans of one subtree's organisations touching a period, indexed to tell flows from internal moves."""

    def __init__(self, windows: dict[int, list[tuple[date, date | None]]], rows: list[tuple[Any, ...]]):
        self.windows = windows
        # Neighbouring spans of one member, matched by date; same-day chains (zero-length spans) are ordered
        # by id, which follows the order the projection wrote them in.
        self.ended: dict[tuple[int, date], list[tuple[int, int, date]]] = defaultdict(list)
        self.started: dict[tuple[int, date], list[tuple[int, int]]] = defaultdict(list)
        for sid, m, o, f, t, _sk, _ek in rows:
            self.started[(m, f)].append((sid, o))
            if t is not None:
                self.ended[(m, t)].append((sid, o, f))

    def inside(self, org_id: int | None, d: date) -> bool:
        return org_id is not None and any(f <= d and (t is None or d < t) for f, t in self.windows.get(org_id, ()))

    def previous_inside(self, sid: int, m: int, f: date) -> bool:
        before = [(i, o, pf) for i, o, pf in self.ended.get((m, f), ()) if i < sid]
        if not before:
            return False
        _i, o, pf = max(before)
        return self.inside(o, max(pf, f - ONE_DAY))  # the previous span's last day

    def next_org(self, sid: int, m: int, t: date) -> int | None:
        after = [(i, o) for i, o in self.started.get((m, t), ()) if i > sid]
        return min(after)[1] if after else None


def _check_period(start: date, end: date) -> None:
    if start > end:
        raise DomainError("Ngày bắt đầu (from) phải trước hoặc bằng ngày kết thúc (to).", field="from",
                          rule="period_order")
    if start < PARTY_FOUNDED:
        raise DomainError(
            "Ngày bắt đầu (from) không được trước ngày thành lập Đảng 03/02/1930.", field="from",
            rule="period_range",
        )


Ranges = list[tuple[date, date]]


def _within(ranges: Ranges, d: date) -> bool:
    return any(a <= d <= b for a, b in ranges)


def _count_span_edges(
    sub: _Subtree, rows: list[tuple[Any, ...]], ranges: Ranges, inflows: dict[str, int], outflows: dict[str, int],
) -> None:
    """Span starts and ends inside the subtree in the periods; a move whose other end is inside is internal."""
    for sid, m, o, f, t, sk, ek in rows:
        if _within(ranges, f) and sub.inside(o, f):
            if sk not in _MOVES:
                inflows[sk] += 1
            elif not sub.previous_inside(sid, m, f):
                inflows["restructured_in" if sk == SpanEdge.RESTRUCTURED else "transferred_in"] += 1
        if t is not None and _within(ranges, t) and sub.inside(o, max(f, t - ONE_DAY)):
            if ek not in _MOVES:
                outflows[ek] += 1
            elif not sub.inside(sub.next_org(sid, m, t), t):
                outflows["restructured_out" if ek == SpanEdge.RESTRUCTURED else "transferred_out"] += 1


def _count_org_crossings(
    windows: dict[int, list[tuple[date, date | None]]], ranges: Ranges, inflows: dict[str, int],
    outflows: dict[str, int],
) -> None:
    """Organisations that entered or left the subtree during the periods bring or take their members."""
    entering: dict[int, list[date]] = defaultdict(list)
    leaving: dict[int, list[date]] = defaultdict(list)
    for o, ws in windows.items():
        for f, t in ws:
            if _within(ranges, f):
                entering[o].append(f)
            if t is not None and _within(ranges, t):
                leaving[o].append(t)
    if not (entering or leaving):
        return
    for o, f, t in MembershipSpan.objects.filter(organization_id__in=set(entering) | set(leaving)).values_list(
        "organization_id", "valid_from", "valid_to"
    ):
        inflows["restructured_in"] += sum(1 for d in entering.get(o, ()) if f < d and (t is None or t > d))
        outflows["restructured_out"] += sum(1 for d in leaving.get(o, ()) if f < d and (t is None or t > d))


def _raw_ranges(start: date, end: date, months: list[date]) -> Ranges:
    """The days of [start, end] that the whole months `months` (sorted) do not cover, as closed ranges."""
    out: Ranges = []
    cursor = start
    for m in months:
        first = m.replace(day=1)
        if cursor < first:
            out.append((cursor, first - ONE_DAY))
        cursor = m + ONE_DAY
    if cursor <= end:
        out.append((cursor, end))
    return out


def membership_flow(user: Any, org: Organization, *, start: date, end: date) -> Flow:
    """Flow of `org`'s subtree over [start, end] (both ends included); opening is the headcount at the
    end of the day before `start`. A move whose other end lies inside the subtree is not a flow.
    Whole months with clean flow snapshots are read from them (members.snapshots.subtree_flow_months), the rest
    of the period from the spans; opening and closing from the month-end headcounts plus the changes since."""
    if not scope_of(user).sees(org.pk):
        raise NotVisible
    _check_period(start, end)
    windows = _windows(org.pk)
    inflows = dict.fromkeys(INFLOW_KINDS, 0)
    outflows = dict.fromkeys(OUTFLOW_KINDS, 0)
    own_paths = list(OrgPathSpan.objects.filter(organization_id=org.pk).values_list("valid_from", "valid_to", "path"))
    months = [m for m in clean_months(start, end) if _path_at(own_paths, m)] if windows else []
    ranges = _raw_ranges(start, end, months)
    if ranges and windows:
        edges = Q()
        for a, b in ranges:
            edges |= Q(valid_from__range=(a, b)) | Q(valid_to__range=(a, b))
        rows = list(
            MembershipSpan.objects.filter(organization_id__in=list(windows)).filter(edges)
            .values_list("id", "member_id", "organization_id", "valid_from", "valid_to", "start_kind", "end_kind")
        )
        _count_span_edges(_Subtree(windows, rows), rows, ranges, inflows, outflows)
        _count_org_crossings(windows, ranges, inflows, outflows)
    by_path: dict[str, list[date]] = defaultdict(list)
    for m in months:
        by_path[_path_at(own_paths, m) or ""].append(m)
    for path, ms in by_path.items():
        for kind, n in subtree_flow_months(path, ms).items():
            if kind in inflows:
                inflows[kind] += n
            elif kind in outflows:
                outflows[kind] += n
    return Flow(
        organization=org, start=start, end=end, opening=headcount_via_snapshots(org, start - ONE_DAY),
        closing=headcount_via_snapshots(org, end), inflows=inflows, outflows=outflows,
    )


def _path_at(spans: list[tuple[date, date | None, str]], d: date) -> str | None:
    return next((p for f, t, p in spans if f <= d and (t is None or d < t)), None)
