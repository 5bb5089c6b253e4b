"""Writes on an enterprise's dated facts: workforce counts, mass organisations and their member counts."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import format_date
from dangvu.core.errors import DomainError
from dangvu.core.locking import lock_for_update

from ..access import require_enterprise
from ..models import (
    Enterprise,
    MassOrganization,
    MassOrgCount,
    MassOrgKind,
    WomenForm,
    WorkforceCount,
)
from .common import _actor, _not_future, _text


def check_workforce(workers: Any, women: Any, union_eligible: Any) -> tuple[int, int, int]:
    values = []
    for field, label, value in (("workers", "Số lao động", workers), ("women", "Lao động nữ", women),
                                ("union_eligible", "Số lao động đủ điều kiện vào công đoàn", union_eligible)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise DomainError(f"{label} phải là số nguyên không âm.", field=field, rule="non_negative")
        values.append(value)
    if values[1] > values[0]:
        raise DomainError("Lao động nữ không được lớn hơn tổng số lao động.", field="women", rule="workforce_parts")
    if values[2] > values[0]:
        raise DomainError("Số lao động đủ điều kiện vào công đoàn không được lớn hơn tổng số lao động.",
                          field="union_eligible", rule="workforce_parts")
    return values[0], values[1], values[2]


@transaction.atomic
def workforce_record(
    *, actor: Any, enterprise: Enterprise, as_of: date, workers: int, women: int = 0, union_eligible: int = 0
) -> WorkforceCount:
    """Record the workforce as of a date (earlier counts stay as history)."""
    lock_for_update(enterprise)
    require_enterprise(actor, "manage_org", enterprise)
    workers, women, union_eligible = check_workforce(workers, women, union_eligible)
    _not_future(as_of, "as_of")
    if WorkforceCount.objects.filter(enterprise=enterprise, as_of=as_of, voided_at__isnull=True).exists():
        raise DomainError(
            f"Đã có số lao động ngày {format_date(as_of)}; hủy số liệu đó trước khi ghi lại.",
            field="as_of", rule="count_same_date",
        )
    count = WorkforceCount.objects.create(
        enterprise=enterprise, as_of=as_of, workers=workers, women=women, union_eligible=union_eligible,
        recorded_by=_actor(actor),
    )
    audit(actor, "workforce_record", count)
    return count


@transaction.atomic
def workforce_void(*, actor: Any, count: WorkforceCount, reason: str) -> WorkforceCount:
    require_enterprise(actor, "manage_org", count.enterprise)
    reason = _text(reason, "reason", required=True)
    if count.voided_at is not None:
        raise DomainError("Số liệu này đã bị hủy.", field="id", rule="already_voided")
    before = snapshot(count)
    count.voided_at = timezone.now()
    count.void_reason = reason
    count.save(update_fields=["voided_at", "void_reason"])
    audit(actor, "workforce_void", count, before=before)
    return count


def _mass_org_alive_on(enterprise: Enterprise, kind: str, on: date) -> MassOrganization | None:
    from django.db.models import Q

    return (
        MassOrganization.objects.filter(enterprise=enterprise, kind=kind, founded_on__lte=on)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
        .first()
    )


@transaction.atomic
def mass_org_found(
    *, actor: Any, enterprise: Enterprise, kind: str, founded_on: date, form: str = "", name: str = ""
) -> MassOrganization:
    """Record a mass organisation founded in the enterprise (women's union as club, branch or group)."""
    lock_for_update(enterprise)
    require_enterprise(actor, "manage_org", enterprise)
    if kind not in MassOrgKind.values:
        raise DomainError("Loại đoàn thể không hợp lệ (công đoàn, đoàn thanh niên, hội LHTN, phụ nữ, cựu chiến binh).",
                          field="kind", rule="choices")
    form = form or ""
    if kind == MassOrgKind.WOMEN and form not in {WomenForm.CLUB, WomenForm.BRANCH, WomenForm.GROUP}:
        raise DomainError("Hội Phụ nữ phải ghi hình thức: câu lạc bộ, chi hội hoặc tổ.", field="form",
                          rule="women_form")
    if kind != MassOrgKind.WOMEN and form:
        raise DomainError("Chỉ Hội Phụ nữ có hình thức câu lạc bộ/chi hội/tổ.", field="form", rule="women_form")
    _not_future(founded_on, "founded_on")
    existing = _mass_org_alive_on(enterprise, kind, founded_on)
    if existing is None:
        existing = MassOrganization.objects.filter(
            enterprise=enterprise, kind=kind, founded_on__gt=founded_on
        ).first()
    if existing is not None:
        raise DomainError(
            f"Doanh nghiệp đã có {MassOrgKind(kind).label} (thành lập {format_date(existing.founded_on)}); "
            "mỗi doanh nghiệp một tổ chức mỗi loại.",
            field="kind", rule="mass_org_duplicate",
        )
    mass_org = MassOrganization.objects.create(
        enterprise=enterprise, kind=kind, form=form, founded_on=founded_on,
        name=_text(name, "name") or f"{MassOrgKind(kind).label} {enterprise.name}"[:255],
    )
    audit(actor, "mass_org_found", mass_org)
    return mass_org


@transaction.atomic
def mass_org_dissolve(*, actor: Any, mass_org: MassOrganization, dissolved_on: date) -> MassOrganization:
    require_enterprise(actor, "manage_org", mass_org.enterprise)
    _not_future(dissolved_on, "dissolved_on")
    if mass_org.dissolved_on is not None:
        raise DomainError("Tổ chức này đã giải thể.", field="dissolved_on", rule="already_dissolved")
    if dissolved_on <= mass_org.founded_on:
        raise DomainError("Ngày giải thể phải sau ngày thành lập.", field="dissolved_on", rule="date_order")
    if mass_org.counts.filter(as_of__gte=dissolved_on, voided_at__isnull=True).exists():
        raise DomainError("Đã có số đoàn viên ghi từ ngày giải thể trở đi; hủy các số liệu đó trước.",
                          field="dissolved_on", rule="count_outside_life")
    before = snapshot(mass_org)
    mass_org.dissolved_on = dissolved_on
    mass_org.save(update_fields=["dissolved_on"])
    audit(actor, "mass_org_dissolve", mass_org, before=before)
    return mass_org


@transaction.atomic
def mass_org_count_record(*, actor: Any, mass_org: MassOrganization, as_of: date, members: int) -> MassOrgCount:
    """Record the member count of a mass organisation as of a date (history kept)."""
    lock_for_update(mass_org)
    require_enterprise(actor, "manage_org", mass_org.enterprise)
    if not isinstance(members, int) or isinstance(members, bool) or members < 0:
        raise DomainError("Số đoàn viên/hội viên phải là số nguyên không âm.", field="members", rule="non_negative")
    _not_future(as_of, "as_of")
    if as_of < mass_org.founded_on or (mass_org.dissolved_on and as_of >= mass_org.dissolved_on):
        raise DomainError(
            f"Ngày số liệu {format_date(as_of)} nằm ngoài thời gian tổ chức hoạt động "
            f"(thành lập {format_date(mass_org.founded_on)}"
            + (f", giải thể {format_date(mass_org.dissolved_on)}" if mass_org.dissolved_on else "") + ").",
            field="as_of", rule="count_outside_life",
        )
    if mass_org.counts.filter(as_of=as_of, voided_at__isnull=True).exists():
        raise DomainError(f"Đã có số liệu ngày {format_date(as_of)}; hủy số liệu đó trước khi ghi lại.",
                          field="as_of", rule="count_same_date")
    count = MassOrgCount.objects.create(mass_org=mass_org, as_of=as_of, members=members, recorded_by=_actor(actor))
    audit(actor, "mass_org_count_record", count)
    return count
