"""Merge, split and dissolve: organisation events whose members follow (members follow their
organisation as ORG_MERGED / ORG_SPLIT events, so every earlier report stays reproducible)."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from dangvu.core.dates import format_date
from dangvu.core.errors import DomainError
from dangvu.orgs.models import CELL_KINDS, Organization, OrgEventKind
from dangvu.orgs.rules import check_active_on, check_event_order, check_name, check_not_future, check_parent_kind
from dangvu.orgs.scope import require
from dangvu.orgs.services import org_found, record_org_event

from .events import followed_org_event
from .models import EventKind, Member, MemberEvent, MembershipSpan
from .projection import apply_member


def _present_members(org: Organization) -> list[Member]:
    return list(
        Member.objects.select_for_update().filter(organization=org, left_on__isnull=True).order_by("id")
    )


def _follow(
    *, actor: Any, members: Iterable[Member], kind: str, to_org: Organization, effective_on: date,
    org_event: Any, document: str,
) -> int:
    count = 0
    for member in members:
        events = list(member.events.order_by("effective_on", "id"))
        last = max((e.effective_on for e in events if e.voided_at is None), default=None)
        if last is not None and last > effective_on:
            raise DomainError(
                f"Đảng viên {member.full_name} có sự kiện ngày {format_date(last)}, sau ngày hiệu lực "
                f"{format_date(effective_on)}.",
                field="effective_on", rule="event_order",
            )
        ev = followed_org_event(member=member, kind=kind, to_organization=to_org, on=effective_on, actor=actor,
                                org_event=org_event, document=document)
        apply_member(member, [*events, ev])
        count += 1
    return count


def _check_no_member_events_after(org: Organization, effective_on: date) -> None:
    """A back-dated merge must not strand members who came or left after its date."""
    later = (
        MemberEvent.objects.filter(voided_at__isnull=True, effective_on__gt=effective_on)
        .filter(Q(organization=org) | Q(to_organization=org))
        .order_by("effective_on")
        .select_related("member")
        .first()
    )
    if later is not None:
        raise DomainError(
            f"{org.name} có sự kiện của đảng viên {later.member.full_name} ngày "
            f"{format_date(later.effective_on)}, sau ngày hiệu lực {format_date(effective_on)}; sắp xếp tổ chức "
            "phải ghi sau mọi sự kiện đã có.",
            field="effective_on", rule="event_order",
        )


def _check_common(actor: Any, org: Organization, effective_on: date) -> None:
    require(actor, "manage_org", org)
    check_not_future(effective_on)
    check_active_on(org, effective_on, "effective_on")
    check_event_order(org, effective_on)


@transaction.atomic
def org_merge(
    *, actor: Any, org: Organization, into: Organization, effective_on: date, document: str = ""
) -> Organization:
    """Merge `org` into `into` (sáp nhập): its members and its subordinate organisations follow."""
    return merge_into(actor=actor, org=org, into=into, effective_on=effective_on, document=document)


def merge_into(
    *, actor: Any, org: Organization, into: Organization, effective_on: date, document: str = "",
    reorganization: Any = None,
) -> Organization:
    """The merge itself. Inside a reorganisation decision (`reorganization` given) the tree is checked once at
    the end and path spans are rebuilt once for the whole decision, so neither happens here."""
    batch = reorganization is not None
    _check_common(actor, org, effective_on)
    require(actor, "manage_org", into)
    check_active_on(into, effective_on, "into_id")
    if into.pk == org.pk or (not batch and f".{org.pk}." in f".{into.path}"):
        raise DomainError(
            "Không thể sáp nhập tổ chức vào chính nó hoặc tổ chức trực thuộc nó.", field="into_id", rule="cycle"
        )
    members = _present_members(org)
    if members and into.kind not in CELL_KINDS:
        raise DomainError(
            f"{org.name} còn {len(members)} đảng viên; chỉ sáp nhập vào một chi bộ để đảng viên sinh hoạt "
            "(Điều lệ Đảng, Điều 21).",
            field="into_id", rule="member_in_cell",
        )
    hosted = Member.objects.filter(temporary_organization=org, left_on__isnull=True).count()
    if hosted:
        raise DomainError(
            f"{org.name} đang có {hosted} đảng viên sinh hoạt tạm thời; ghi kết thúc sinh hoạt tạm thời trước "
            "khi sáp nhập.",
            field="effective_on", rule="merge_with_temporary",
        )
    children = list(org.children.filter(dissolved_on__isnull=True))
    for child in children:
        if not batch:
            check_parent_kind(child.kind, into, "into_id")
        check_event_order(child, effective_on)
    _check_no_member_events_after(org, effective_on)
    extra = {"rebuild": False, "reorganization": reorganization} if batch else {}
    for child in children:
        record_org_event(
            actor=actor, org=child, kind=OrgEventKind.MOVED, effective_on=effective_on, document=document,
            parent=into, note=f"Theo sáp nhập {org.name} vào {into.name}", **extra,
        )
    event = record_org_event(
        actor=actor, org=org, kind=OrgEventKind.MERGED, effective_on=effective_on, document=document,
        related=into, **extra,
    )
    _follow(
        actor=actor, members=members, kind=EventKind.ORG_MERGED, to_org=into, effective_on=effective_on,
        org_event=event, document=document,
    )
    into.refresh_from_db()
    return into


@transaction.atomic
def org_split(
    *, actor: Any, org: Organization, effective_on: date, name: str, member_ids: list[int],
    parent: Organization | None = None, document: str = "",
) -> Organization:
    """Split a new organisation off `org` (chia tách); the chosen members go to it."""
    _check_common(actor, org, effective_on)
    name = check_name(name)
    _check_no_member_events_after(org, effective_on)
    wanted = set(member_ids or [])
    members = [m for m in _present_members(org) if m.pk in wanted]
    missing = wanted - {m.pk for m in members}
    if missing:
        raise DomainError(
            f"Đảng viên #{', #'.join(str(i) for i in sorted(missing))} không đang sinh hoạt tại {org.name}.",
            field="member_ids", rule="member_of_org",
        )
    new = org_found(
        actor=actor, name=name, kind=org.kind, parent=parent or org.parent, founded_on=effective_on,
        sector=org.sector, document=document, split_from=org,
    )
    event = record_org_event(
        actor=actor, org=org, kind=OrgEventKind.SPLIT, effective_on=effective_on, document=document, related=new,
        name=name,
    )
    _follow(
        actor=actor, members=members, kind=EventKind.ORG_SPLIT, to_org=new, effective_on=effective_on,
        org_event=event, document=document,
    )
    return new


@transaction.atomic
def org_dissolve(*, actor: Any, org: Organization, effective_on: date, document: str = "") -> Organization:
    """Dissolve (giải thể): refused while members or subordinate organisations remain."""
    return dissolve(actor=actor, org=org, effective_on=effective_on, document=document)


def dissolve(
    *, actor: Any, org: Organization, effective_on: date, document: str = "", reorganization: Any = None
) -> Organization:
    """The dissolution itself; inside a reorganisation decision the path spans are rebuilt by the caller."""
    _check_common(actor, org, effective_on)
    if org.parent_id is None:
        raise DomainError("Không giải thể tổ chức gốc.", field="id", rule="root")
    remaining = MembershipSpan.objects.filter(organization=org).exclude(valid_to__lte=effective_on).count()
    if remaining:
        raise DomainError(
            f"{org.name} còn {remaining} đảng viên sinh hoạt vào ngày {format_date(effective_on)}; chuyển "
            "sinh hoạt hoặc sáp nhập trước khi giải thể.",
            field="effective_on", rule="dissolve_with_members",
        )
    children = org.children.filter(dissolved_on__isnull=True).count()
    if children:
        raise DomainError(
            f"{org.name} còn {children} tổ chức trực thuộc; giải thể hoặc chuyển chúng trước.",
            field="effective_on", rule="dissolve_with_children",
        )
    hosted = Member.objects.filter(temporary_organization=org, left_on__isnull=True).count()
    if hosted:
        raise DomainError(
            f"{org.name} đang có {hosted} đảng viên sinh hoạt tạm thời.", field="effective_on",
            rule="dissolve_with_temporary",
        )
    extra = {"rebuild": False, "reorganization": reorganization} if reorganization is not None else {}
    record_org_event(
        actor=actor, org=org, kind=OrgEventKind.DISSOLVED, effective_on=effective_on, document=document, **extra
    )
    return org
