"""Writes on a member's record: record (admission or arrival), void of the latest event, profile. One
transaction each, audited. Lifecycle events are in lifecycle.py."""

from datetime import date
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone

from dangvu.core.actors import Actor, recorded_by
from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import add_months
from dangvu.core.errors import DomainError
from dangvu.core.text import name_sort_key, search_key
from dangvu.orgs.models import Organization
from dangvu.orgs.rules import check_not_future
from dangvu.orgs.scope import can, require

from ..events import admitted_event, joined_event, recognised_full_event
from ..models import EventKind, Member, MemberEvent, Sex, TheoryLevel
from ..projection import apply_member, compute_member
from ..rules import (
    admission_age_max,
    check_admission_age,
    check_card_number,
    check_cell,
    check_citizen_id,
    check_member_event,
)

PROFILE_FIELDS = [
    "other_name", "birthplace", "home_town", "ethnic_group", "religion", "phone", "address", "education",
    "qualification", "theory_level", "occupation",
]
def _check_profile(fields: dict[str, Any]) -> dict[str, Any]:
    """The profile fields checked as member_record and member_update_profile check them (public: check_profile)."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise DomainError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    out = {k: ("" if v is None else str(v).strip()) for k, v in fields.items()}
    if "theory_level" in out and out["theory_level"] not in TheoryLevel.values:
        raise DomainError("Trình độ lý luận chính trị không hợp lệ.", field="theory_level", rule="choices")
    for k, v in out.items():
        model_field = cast(models.Field, Member._meta.get_field(k))
        limit = model_field.max_length
        if limit and len(v) > limit:
            raise DomainError(f"{model_field.verbose_name} dài quá {limit} ký tự.", field=k, rule="max_length")
    return out


check_profile = _check_profile  # the bulk import (dangvu.imports.members) checks rows with the same rule


@transaction.atomic
def member_record(
    *, actor: Actor, organization: Organization, full_name: str, sex: str, birth_date: date,
    admitted_on: date, ceremony_on: date | None = None, full_on: date | None = None,
    joined_on: date | None = None, citizen_id: str | None = None, card_number: str | None = None,
    document: str = "", over_age_decision: str = "", **profile: Any,
) -> Member:
    """Record a member: admitted in `organization` on `admitted_on`, or (joined_on later) arrived by
    transfer from outside on `joined_on`; `full_on` records an earlier recognition as full member.
    `over_age_decision`: the provincial committee's decision that allows an admission over 60 (recorded on the
    admission event)."""
    require(actor, "record_member", organization)
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise DomainError("Họ và tên không được để trống.", field="full_name", rule="required")
    if len(full_name) > 128:
        raise DomainError("Họ và tên dài quá 128 ký tự.", field="full_name", rule="max_length")
    if sex not in Sex.values:
        raise DomainError("Giới tính phải là M (nam) hoặc F (nữ).", field="sex", rule="choices")
    check_not_future(birth_date, "birth_date")
    check_not_future(admitted_on, "admitted_on")
    check_admission_age(birth_date, admitted_on, over_age_decision=over_age_decision)
    over_age_decision = " ".join((over_age_decision or "").split())[:200]
    if ceremony_on is not None:
        check_not_future(ceremony_on, "ceremony_on")
        if ceremony_on < admitted_on:
            raise DomainError(
                "Ngày lễ kết nạp không được trước ngày quyết định kết nạp.", field="ceremony_on",
                rule="ceremony_after_decision",
            )
    start = joined_on or admitted_on
    if joined_on is not None:
        check_not_future(joined_on, "joined_on")
        if joined_on < admitted_on:
            raise DomainError(
                "Ngày chuyển đến không được trước ngày kết nạp.", field="joined_on", rule="joined_after_admission"
            )
    check_cell(organization, start, "organization_id")
    profile = _check_profile(profile)
    member = Member(
        full_name=full_name, sex=sex, birth_date=birth_date, admitted_on=admitted_on, ceremony_on=ceremony_on,
        citizen_id=check_citizen_id(citizen_id), card_number=check_card_number(card_number),
        organization=organization, search_key=search_key(full_name), sort_key=name_sort_key(full_name),
        **profile,
    )
    member.save()
    first = joined_event if joined_on and joined_on > admitted_on else admitted_event
    events = [first(member=member, organization=organization, on=start, actor=actor, document=document)]
    if over_age_decision and admitted_on > add_months(birth_date, 12 * admission_age_max()):
        events[0].note = f"Kết nạp trên {admission_age_max()} tuổi theo quyết định {over_age_decision} của tỉnh ủy."
        events[0].save(update_fields=["note"])
    if full_on is not None:
        check_not_future(full_on, "full_on")
        proj = compute_member(member, events)
        try:
            check_member_event(member, [], EventKind.RECOGNISED_FULL, full_on, proj.probation_start)
        except DomainError as e:
            raise DomainError(e.message, field="full_on", rule=e.rule) from None
        events.append(recognised_full_event(member=member, on=full_on, actor=actor))
    apply_member(member, sorted(events, key=lambda e: (e.effective_on, e.pk)))
    audit(actor, "member_record", member)
    return member


@transaction.atomic
def member_event_void(*, actor: Actor, event: MemberEvent, reason: str) -> MemberEvent:
    """Void the member's latest event (a wrong entry); the projection is recomputed without it."""
    member = Member.objects.select_for_update().get(pk=event.member_id)
    require(actor, "record_member", member.organization)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Nhập lý do hủy sự kiện.", field="reason", rule="required")
    live = [e for e in member.events.order_by("effective_on", "id") if e.voided_at is None]
    if event.voided_at is not None:
        raise DomainError("Sự kiện đã bị hủy trước đó.", field="event_id", rule="already_voided")
    if not live or live[-1].pk != event.pk:
        raise DomainError(
            "Chỉ hủy được sự kiện gần nhất của đảng viên.", field="event_id", rule="void_latest_only"
        )
    if event.kind in (EventKind.ORG_MERGED, EventKind.ORG_SPLIT):
        raise DomainError(
            "Sự kiện theo sắp xếp tổ chức không hủy riêng cho từng đảng viên.", field="event_id",
            rule="void_restructuring",
        )
    if len(live) == 1:
        raise DomainError(
            "Không hủy sự kiện đầu tiên (kết nạp/chuyển đến) của hồ sơ.", field="event_id", rule="void_first"
        )
    before = snapshot(member)
    event.voided_at = timezone.now()
    event.voided_by = recorded_by(actor)
    event.void_reason = reason[:255]
    event.save(update_fields=["voided_at", "voided_by", "void_reason"])
    apply_member(member)
    audit(actor, "member_event_void", member, before=before, after={**snapshot(member), "event_id": event.pk})
    return event


@transaction.atomic
def member_update_profile(
    *, actor: Actor, member: Member, citizen_id: str | None = None, card_number: str | None = None,
    **fields: Any,
) -> Member:
    """Correct the record's profile fields (not its events); audited with before/after."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    require(actor, "record_member", member.organization)
    before = snapshot(member)
    clean = _check_profile(fields)
    for k, v in clean.items():
        setattr(member, k, v)
    if citizen_id is not None:
        member.citizen_id = check_citizen_id(citizen_id, exclude_pk=member.pk)
    if card_number is not None:
        member.card_number = check_card_number(card_number, exclude_pk=member.pk)
    member.save()
    audit(actor, "member_update_profile", member, before=before)
    return member


SENSITIVE_FIELDS = ["citizen_id", "phone", "address"]


def member_view_sensitive(*, actor: Actor, member: Member) -> dict[str, Any] | None:
    """The sensitive fields (CCCD, phone, address) for users who may record this member, with an access-log
    entry each time (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15); None for everyone else."""
    if not can(actor, "record_member", member.organization):
        return None
    values = {f: getattr(member, f) for f in SENSITIVE_FIELDS}
    audit(actor, "member_view_sensitive", member, after={"fields": SENSITIVE_FIELDS})
    return values
