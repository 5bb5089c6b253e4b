"""Who takes part in a cell's activity on a date, read from the member events (the one definition):
exempted members (miễn công tác và sinh hoạt đảng: EXEMPTED until EXEMPTION_ENDED or the membership ends) and
temporary guests (a temporary transfer into the cell until it ends, the member moves or leaves)."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import QuerySet

from dangvu.orgs.selectors import on_date_q

from .models import ENDING_KINDS, EventKind, MemberEvent, MembershipSpan

_EXEMPTION_KINDS = [EventKind.EXEMPTED, EventKind.EXEMPTION_ENDED, *ENDING_KINDS]
_TEMPORARY_KINDS = [EventKind.TRANSFERRED, EventKind.TEMPORARY_ENDED, EventKind.ORG_MERGED, EventKind.ORG_SPLIT,
                    *ENDING_KINDS]


def _latest(
    member_ids: Iterable[int] | QuerySet[MemberEvent, Any], kinds: Sequence[str], on: date
) -> dict[int, MemberEvent]:
    """Each member's latest non-voided event of `kinds` on or before `on` (one query)."""
    latest: dict[int, MemberEvent] = {}
    ids = member_ids if isinstance(member_ids, QuerySet) else list(member_ids)
    for ev in (
        MemberEvent.objects.filter(member_id__in=ids, kind__in=kinds, effective_on__lte=on,
                                   voided_at__isnull=True)
        .only("id", "member_id", "kind", "effective_on", "to_organization_id", "temporary")
        .order_by("member_id", "effective_on", "id")
    ):
        latest[ev.member_id] = ev
    return latest


def exempted_on(member_ids: Iterable[int], on: date) -> set[int]:
    """The members among `member_ids` exempted from activity on `on` (end of day). One query."""
    return {m for m, ev in _latest(member_ids, _EXEMPTION_KINDS, on).items() if ev.kind == EventKind.EXEMPTED}


def cell_activity_on(cell_ids: list[int], on: date) -> dict[int, tuple[int, set[int], set[int]]]:
    """Per cell on `on`: (members, exempted member ids, temporary guest ids). Three queries; the members of a
    cell are its spans valid on `on`, as members.selectors.headcount counts them."""
    members: dict[int, list[int]] = {c: [] for c in cell_ids}
    for member_id, org_id in MembershipSpan.objects.filter(on_date_q(on), organization_id__in=cell_ids).values_list(
        "member_id", "organization_id"
    ):
        members[org_id].append(member_id)
    exempt = exempted_on([m for ms in members.values() for m in ms], on)
    guests: dict[int, set[int]] = {c: set() for c in cell_ids}
    hosted = MemberEvent.objects.filter(
        kind=EventKind.TRANSFERRED, temporary=True, to_organization_id__in=cell_ids, effective_on__lte=on,
        voided_at__isnull=True,
    ).values("member_id")
    for member_id, ev in _latest(hosted, _TEMPORARY_KINDS, on).items():
        if ev.kind == EventKind.TRANSFERRED and ev.temporary and ev.to_organization_id in guests:
            guests[ev.to_organization_id].add(member_id)
    return {c: (len(ms), {m for m in ms if m in exempt}, guests[c]) for c, ms in members.items()}


def exempted_in_subtree_on(path: str, on: date) -> set[int]:
    """Members of the subtree at `path` on `on` who are exempted from activity that day. One query."""
    from .selectors import spans_in_subtree_on

    return exempted_on_q(spans_in_subtree_on(path, on).values("member_id"), on)


def exempted_on_q(member_ids: QuerySet[Any, Any], on: date) -> set[int]:
    """As exempted_on, for the members a subquery selects (no list of ids sent to the database)."""
    return {m for m, ev in _latest(member_ids, _EXEMPTION_KINDS, on).items() if ev.kind == EventKind.EXEMPTED}
