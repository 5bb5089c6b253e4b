"""Party members working in an enterprise (EnterpriseWorker, dated): recorded by a committee responsible for the
enterprise, whoever registers the member; one transaction each, audited."""

from datetime import date
from typing import Any

from django.db import transaction

from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import format_date
from dangvu.core.errors import DomainError
from dangvu.core.locking import lock_for_update
from dangvu.members.models import Member

from ..access import require_enterprise
from ..models import Enterprise, EnterpriseWorker
from .common import _actor, _not_future, _text


@transaction.atomic
def enterprise_worker_add(
    *, actor: Any, enterprise: Enterprise, member: Member, valid_from: date, position: str = ""
) -> EnterpriseWorker:
    """Record that `member` works in the enterprise from `valid_from` (the member may be registered anywhere in
    the province: that is what the list of members registered elsewhere shows)."""
    lock_for_update(enterprise)
    require_enterprise(actor, "manage_org", enterprise)
    _not_future(valid_from, "valid_from")
    position = _text(position, "position", limit=128)
    if member.left_on is not None and member.left_on <= valid_from:
        raise DomainError(
            f"{member.full_name} đã ra khỏi danh sách đảng viên ngày {format_date(member.left_on)}.",
            field="card_number", rule="membership_ended",
        )
    if EnterpriseWorker.objects.filter(enterprise=enterprise, member=member, valid_to__isnull=True).exists():
        raise DomainError(
            f"{member.full_name} đã được ghi là đang làm việc tại {enterprise.name}.", field="card_number",
            rule="worker_already_recorded",
        )
    worker = EnterpriseWorker.objects.create(
        enterprise=enterprise, member=member, valid_from=valid_from, position=position, recorded_by=_actor(actor)
    )
    audit(actor, "enterprise_worker_add", worker)
    return worker


@transaction.atomic
def enterprise_worker_end(*, actor: Any, worker: EnterpriseWorker, valid_to: date) -> EnterpriseWorker:
    """The member no longer works there from `valid_to` (the span is kept as history)."""
    worker = EnterpriseWorker.objects.select_for_update().select_related("enterprise").get(pk=worker.pk)
    require_enterprise(actor, "manage_org", worker.enterprise)
    _not_future(valid_to, "valid_to")
    if worker.valid_to is not None:
        raise DomainError("Đã ghi thôi làm việc trước đó.", field="valid_to", rule="worker_already_ended")
    if valid_to <= worker.valid_from:
        raise DomainError(
            f"Ngày thôi làm việc phải sau ngày bắt đầu ({format_date(worker.valid_from)}).", field="valid_to",
            rule="event_order",
        )
    before = snapshot(worker)
    worker.valid_to = valid_to
    worker.save(update_fields=["valid_to"])
    audit(actor, "enterprise_worker_end", worker, before=before)
    return worker
