"""Fold a member's events into the Member row's status fields and MembershipSpan rows.

Services call `apply_member` after every event, so the live projection is by construction what a
rebuild from events gives; `rebuild_all` checks (and repairs) that for every member.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from .models import ENDING_KINDS, EventKind, Member, MemberEvent, MembershipSpan, MemberStatus, SpanEdge
from .snapshots import snapshots_invalidate

# org, from, to, start_kind, end_kind, full_from: the member's status inside the span is "full" from
# full_from on (possibly before the span began, after a transfer), probationary before it or when None.
Span = tuple[int, date, date | None, str, str, date | None]

_START_EDGE: dict[str, str] = {
    EventKind.ADMITTED: SpanEdge.ADMITTED,
    EventKind.JOINED: SpanEdge.TRANSFERRED_IN,
    EventKind.REINSTATED: SpanEdge.REINSTATED,
    EventKind.READMITTED: SpanEdge.READMITTED,
}
_END_EDGE: dict[str, str] = {
    EventKind.TRANSFERRED_OUT: SpanEdge.TRANSFERRED_OUT,
    EventKind.STRUCK_OFF: SpanEdge.STRUCK_OFF,
    EventKind.EXPELLED: SpanEdge.EXPELLED,
    EventKind.RELEASED: SpanEdge.RELEASED,
    EventKind.DECEASED: SpanEdge.DECEASED,
}
_MOVE_EDGE: dict[str, str] = {
    EventKind.TRANSFERRED: SpanEdge.MOVED,
    EventKind.ORG_MERGED: SpanEdge.RESTRUCTURED,
    EventKind.ORG_SPLIT: SpanEdge.RESTRUCTURED,
}
PROJECTED_FIELDS = [
    "organization_id", "status", "full_on", "left_on", "left_kind", "exempted", "temporary_organization_id",
]


@dataclass
class Projection:
    fields: dict[str, Any]
    spans: list[Span] = field(default_factory=list)
    probation_start: date | None = None


class _Fold:
    """The state of a member while their events are folded in date order."""

    def __init__(self, member: Member):
        self.f: dict[str, Any] = {
            "organization_id": member.organization_id, "status": MemberStatus.PROBATIONARY, "full_on": None,
            "left_on": None, "left_kind": "", "exempted": False, "temporary_organization_id": None,
        }
        self.spans: list[Span] = []
        self.open_span: list[Any] | None = None
        self.probation_start: date | None = member.ceremony_on or member.admitted_on

    def close(self, d: date, edge: str) -> None:
        if self.open_span is not None:
            self.open_span[2], self.open_span[4] = d, edge
            self.spans.append(tuple(self.open_span))  # type: ignore[arg-type]
            self.open_span = None

    def start(self, ev: MemberEvent) -> None:
        """Admission, arrival, reinstatement or readmission opens a span (readmission: a new probation)."""
        org_id = ev.to_organization_id or ev.organization_id
        if ev.kind == EventKind.READMITTED:
            self.f.update(status=MemberStatus.PROBATIONARY, full_on=None)
            self.probation_start = ev.effective_on
        self.open_span = [org_id, ev.effective_on, None, _START_EDGE[ev.kind], "", self.f["full_on"]]
        self.f.update(organization_id=org_id, left_on=None, left_kind="")

    def recognise(self, ev: MemberEvent) -> None:
        self.f.update(status=MemberStatus.FULL, full_on=ev.effective_on)
        if self.open_span is not None:
            self.open_span[5] = ev.effective_on

    def move(self, ev: MemberEvent) -> None:
        """A transfer or an organisation's merge/split: the span ends and another begins (a temporary transfer
        leaves the spans alone and only notes the host cell)."""
        if ev.kind == EventKind.TRANSFERRED and ev.temporary:
            self.f["temporary_organization_id"] = ev.to_organization_id
            return
        self.close(ev.effective_on, _MOVE_EDGE[ev.kind])
        self.open_span = [ev.to_organization_id, ev.effective_on, None, _MOVE_EDGE[ev.kind], "", self.f["full_on"]]
        self.f.update(organization_id=ev.to_organization_id, temporary_organization_id=None)

    def end(self, ev: MemberEvent) -> None:
        self.close(ev.effective_on, _END_EDGE[ev.kind])
        self.f.update(left_on=ev.effective_on, left_kind=ev.kind, temporary_organization_id=None, exempted=False)

    def apply(self, ev: MemberEvent) -> None:
        k = ev.kind
        if k in _START_EDGE:
            self.start(ev)
        elif k == EventKind.RECOGNISED_FULL:
            self.recognise(ev)
        elif k in _MOVE_EDGE:
            self.move(ev)
        elif k in ENDING_KINDS:
            self.end(ev)
        elif k == EventKind.TEMPORARY_ENDED:
            self.f["temporary_organization_id"] = None
        elif k in (EventKind.EXEMPTED, EventKind.EXEMPTION_ENDED):
            self.f["exempted"] = k == EventKind.EXEMPTED


def compute_member(member: Member, events: list[MemberEvent]) -> Projection:
    """Pure fold over non-voided events in (effective_on, id) order."""
    fold = _Fold(member)
    for ev in events:
        if ev.voided_at is None:
            fold.apply(ev)
    spans = [*fold.spans, tuple(fold.open_span)] if fold.open_span is not None else fold.spans
    return Projection(fields=fold.f, spans=spans, probation_start=fold.probation_start)  # type: ignore[arg-type]


def stored_spans(member: Member) -> list[Span]:
    return [
        (s.organization_id, s.valid_from, s.valid_to, s.start_kind, s.end_kind, s.full_from)
        for s in member.spans.order_by("valid_from", "id")
    ]


def apply_member(member: Member, events: list[MemberEvent] | None = None) -> Projection:
    """Write the projection of `member` (fields and spans) from its events."""
    if events is None:
        events = list(member.events.order_by("effective_on", "id"))
    proj = compute_member(member, events)
    for k, v in proj.fields.items():
        setattr(member, k, v)
    member.save(update_fields=[*PROJECTED_FIELDS, "updated_at"])
    stored = stored_spans(member)
    if stored != proj.spans:
        changed = set(stored) ^ set(proj.spans)
        snapshots_invalidate(min(d for s in changed for d in (s[1], s[2], s[5]) if d is not None))
        MembershipSpan.objects.filter(member=member).delete()
        MembershipSpan.objects.bulk_create(
            MembershipSpan(
                member=member, organization_id=o, valid_from=vf, valid_to=vt, start_kind=sk, end_kind=ek,
                full_from=ff,
            )
            for o, vf, vt, sk, ek, ff in proj.spans
        )
    return proj


def _full_months(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


# The event kinds party_age reads: a caller that loads only these (reports at bloc scale) folds the same answer.
PARTY_AGE_KINDS = [
    EventKind.RECOGNISED_FULL,
    EventKind.READMITTED,
    EventKind.REINSTATED,
    *[k for k in ENDING_KINDS if k != EventKind.TRANSFERRED_OUT],
]


def party_age(member: Member, on: date, events: list[MemberEvent]) -> int:
    """Completed years of party age on `on`: from the admission decision, periods out of the party
    excluded, except a wrongful expulsion later reinstated (Hướng dẫn 01-HD/TW, 2021). Counted in whole
    months per period in the party, as party records count it."""
    if on < member.admitted_on:
        return 0
    # Party age counts only for members who became full (RULES.md): none during or after a probation that
    # never ended in recognition.
    if not any(e.kind == EventKind.RECOGNISED_FULL and e.voided_at is None and e.effective_on <= on for e in events):
        return 0
    months = 0
    period_start: date | None = member.admitted_on
    before_end: tuple[int, date] | None = None  # months and period start just before the last ending
    for ev in events:
        if ev.voided_at is not None or ev.effective_on > on:
            continue
        if ev.kind in ENDING_KINDS and ev.kind != EventKind.TRANSFERRED_OUT and period_start is not None:
            before_end = (months, period_start)
            months += _full_months(period_start, ev.effective_on)
            period_start = None
        elif ev.kind == EventKind.READMITTED and period_start is None:
            period_start = ev.effective_on
        elif ev.kind == EventKind.REINSTATED and period_start is None and before_end is not None:
            # Reinstatement undoes a wrongful ending: the period continues as if never cut.
            months, period_start = before_end
    if period_start is not None:
        months += _full_months(period_start, on)
    return max(0, months) // 12


def rebuild_all(*, repair: bool = True) -> list[str]:
    """Recompute every member's projection from events; return a line per difference found."""
    diffs: list[str] = []
    events_by_member: dict[int, list[MemberEvent]] = {}
    for ev in MemberEvent.objects.order_by("member_id", "effective_on", "id"):
        events_by_member.setdefault(ev.member_id, []).append(ev)
    spans_by_member: dict[int, list[Span]] = {}
    for s in MembershipSpan.objects.order_by("member_id", "valid_from", "id"):
        spans_by_member.setdefault(s.member_id, []).append(
            (s.organization_id, s.valid_from, s.valid_to, s.start_kind, s.end_kind, s.full_from)
        )
    for member in Member.objects.order_by("id").iterator(chunk_size=2000):
        events = events_by_member.get(member.pk, [])
        proj = compute_member(member, events)
        live = {k: getattr(member, k) for k in PROJECTED_FIELDS}
        bad = [k for k, v in proj.fields.items() if live[k] != v]
        if spans_by_member.get(member.pk, []) != proj.spans:
            bad.append("spans")
        if bad:
            diffs.append(f"Đảng viên #{member.pk} {member.full_name}: khác ở {', '.join(bad)}")
            if repair:
                with transaction.atomic():
                    apply_member(member, events)
    return diffs
