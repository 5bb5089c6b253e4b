"""Writes on working visits and meetings with enterprises and their follow-ups."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import format_date
from dangvu.core.errors import DomainError
from dangvu.orgs.scope import scope_of

from ..access import require_enterprise
from ..models import (
    Contact,
    ContactKind,
    Enterprise,
    FollowUp,
    FollowUpStatus,
    SteeringCommittee,
)
from .common import _actor, _not_future, _text


@dataclass
class FollowUpIn:
    description: str
    owner: str
    due_on: date


@transaction.atomic
def contact_record(
    *, actor: Any, enterprise: Enterprise, happened_on: date, participants: str, kind: str = ContactKind.VISIT,
    met_with: str = "", difficulties: str = "", proposals: str = "",
    steering_committee: SteeringCommittee | None = None, follow_ups: list[FollowUpIn] | None = None,
) -> Contact:
    """Record a working visit or meeting, what the enterprise raised, and the follow-ups agreed."""
    require_enterprise(actor, "manage_org", enterprise)
    if kind not in ContactKind.values:
        raise DomainError("Hình thức phải là khảo sát/làm việc hoặc gặp mặt.", field="kind", rule="choices")
    _not_future(happened_on, "happened_on")
    participants = _text(participants, "participants", required=True, limit=500)
    if steering_committee is not None and not (
        actor.is_superuser or scope_of(actor).sees(steering_committee.organization_id)
    ):
        raise DomainError("Ban Chỉ đạo ngoài phạm vi của bạn.", field="steering_committee_id", rule="scope")
    contact = Contact.objects.create(
        enterprise=enterprise, steering_committee=steering_committee, kind=kind, happened_on=happened_on,
        participants=participants, met_with=_text(met_with, "met_with", limit=500),
        difficulties=(difficulties or "").strip()[:5000], proposals=(proposals or "").strip()[:5000],
        recorded_by=_actor(actor),
    )
    audit(actor, "contact_record", contact)
    for i, f in enumerate(follow_ups or []):
        description = _text(f.description, "description", limit=500)
        owner = _text(f.owner, "owner")
        if not description or not owner:
            raise DomainError(f"Việc theo dõi thứ {i + 1}: phải ghi nội dung và người/cơ quan thực hiện.",
                              field="follow_ups", rule="required")
        if f.due_on < happened_on:
            raise DomainError(f"Việc theo dõi thứ {i + 1}: hạn {format_date(f.due_on)} trước ngày làm việc.",
                              field="due_on", rule="date_order")
        follow_up = FollowUp.objects.create(contact=contact, description=description, owner=owner, due_on=f.due_on)
        audit(actor, "follow_up_create", follow_up)
    return contact


@transaction.atomic
def follow_up_close(*, actor: Any, follow_up: FollowUp, status: str, closed_on: date) -> FollowUp:
    """Mark a follow-up done (or dropped) on a date."""
    require_enterprise(actor, "manage_org", follow_up.contact.enterprise)
    if status not in {FollowUpStatus.DONE, FollowUpStatus.DROPPED}:
        raise DomainError("Trạng thái kết thúc phải là đã giải quyết hoặc không thực hiện.", field="status",
                          rule="choices")
    if follow_up.status != FollowUpStatus.OPEN:
        raise DomainError("Việc này đã kết thúc.", field="status", rule="already_closed")
    _not_future(closed_on, "closed_on")
    before = snapshot(follow_up)
    follow_up.status = status
    follow_up.closed_on = closed_on
    follow_up.save(update_fields=["status", "closed_on"])
    audit(actor, "follow_up_close", follow_up, before=before)
    return follow_up
