"""Writes on enterprises, their dated facts, mass organisations and contacts: one transaction each, audited."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.locking import lock_for_update
from dangvu.core.text import search_key
from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import path_on

from .access import require_any, require_enterprise, responsible_orgs
from .links import KNOWN_FROM, link_enterprise, link_locality, link_zone
from .models import (
    Contact,
    ContactKind,
    Enterprise,
    EnterpriseStatus,
    EnterpriseStatusChange,
    FollowUp,
    FollowUpStatus,
    IndustrialZone,
    Locality,
    LocalityLevel,
    MassOrganization,
    MassOrgCount,
    MassOrgKind,
    Ownership,
    SteeringCommittee,
    SteeringLevel,
    WomenForm,
    WorkforceCount,
)
from .rules import TAX_CODE_DOCUMENT, normalize_tax_code, tax_code_problem

LABELS = {
    "name": "Tên doanh nghiệp", "tax_code": "Mã số thuế", "ownership": "Loại hình sở hữu",
    "investor_country": "Quốc gia nhà đầu tư", "industry": "Ngành nghề", "address": "Địa chỉ",
    "owner_name": "Chủ doanh nghiệp/giám đốc", "contact": "Liên hệ", "registered_on": "Ngày đưa vào theo dõi",
    "as_of": "Ngày số liệu", "founded_on": "Ngày thành lập", "dissolved_on": "Ngày giải thể",
    "happened_on": "Ngày làm việc", "due_on": "Hạn", "effective_on": "Ngày hiệu lực", "closed_on": "Ngày kết thúc",
    "deactivated_on": "Ngày ngừng theo dõi", "note": "Ghi chú",
}
TEXT_LIMITS = {"name": 255, "investor_country": 64, "industry": 255, "address": 255, "owner_name": 255,
               "contact": 255}


def _not_future(d: date, field: str) -> None:
    if d > today():
        raise DomainError(
            f"{LABELS.get(field, 'Ngày')} {format_date(d)} ở tương lai: chỉ ghi nhận số liệu, sự việc đã có "
            f"(không sau ngày {format_date(today())}).",
            field=field, rule="no_future_dates",
        )


def _text(value: Any, field: str, *, required: bool = False, limit: int = 255) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise DomainError(f"{LABELS.get(field, field)} không được để trống.", field=field, rule="required")
    if len(text) > limit:
        raise DomainError(f"{LABELS.get(field, field)} dài quá {limit} ký tự.", field=field, rule="max_length")
    return text


def check_tax_code(raw: str, *, exclude_pk: int | None = None) -> str:
    """The normalised tax code, or DomainError naming the rule (format, check digit, unique)."""
    code = normalize_tax_code(raw)
    if not code:
        raise DomainError("Mã số thuế không được để trống.", field="tax_code", rule="required")
    problem = tax_code_problem(code)
    if problem:
        rule = "tax_code_check_digit" if "kiểm tra" in problem else "tax_code_format"
        raise DomainError(f"{problem} ({TAX_CODE_DOCUMENT})", field="tax_code", rule=rule)
    taken = Enterprise.objects.filter(tax_code=code)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    other = taken.first()
    if other is not None:
        raise DomainError(
            f"Mã số thuế {code} đã có trong danh sách (doanh nghiệp \"{other.name}\"): mỗi doanh nghiệp một mã.",
            field="tax_code", rule="tax_code_unique",
        )
    return code


def _check_ownership(ownership: str, investor_country: str) -> None:
    if ownership not in Ownership.values:
        raise DomainError("Loại hình sở hữu phải là tư nhân, FDI, hợp tác xã hoặc khác.", field="ownership",
                          rule="choices")
    if ownership == Ownership.FDI and not investor_country:
        raise DomainError("Doanh nghiệp FDI phải ghi quốc gia của nhà đầu tư.", field="investor_country",
                          rule="fdi_investor_country")


def _check_active_place(locality: Locality | None, zone: IndustrialZone | None, on: date) -> None:
    """A locality or zone no longer followed (deactivated on or before `on`) takes no enterprise."""
    if locality is not None and locality.deactivated_on and locality.deactivated_on <= on:
        raise DomainError(f"Địa bàn \"{locality.name}\" đã ngừng theo dõi từ ngày "
                          f"{format_date(locality.deactivated_on)}.", field="locality", rule="registry_inactive")
    if zone is not None and zone.deactivated_on and zone.deactivated_on <= on:
        raise DomainError(f"Khu công nghiệp \"{zone.name}\" đã ngừng theo dõi từ ngày "
                          f"{format_date(zone.deactivated_on)}.", field="zone", rule="registry_inactive")


def _check_party_org(actor: Any, party_org: Organization | None) -> None:
    if party_org is not None and not scope_of(actor).sees(party_org.pk) and not actor.is_superuser:
        raise DomainError("Tổ chức đảng không có hoặc ngoài phạm vi của bạn.", field="party_org_id",
                          rule="party_org_scope")


def _check_owner_member(actor: Any, member: Member | None) -> None:
    if member is not None and not scope_of(actor).sees(member.organization_id) and not actor.is_superuser:
        raise DomainError("Đảng viên là chủ doanh nghiệp không có hoặc ngoài phạm vi của bạn.",
                          field="owner_member_id", rule="owner_member_scope")


@transaction.atomic
def enterprise_register(
    *, actor: Any, name: str, tax_code: str, ownership: str, locality: Locality, registered_on: date,
    investor_country: str = "", industry: str = "", address: str = "", zone: IndustrialZone | None = None,
    owner_name: str = "", owner_member: Member | None = None, contact: str = "",
    party_org: Organization | None = None,
) -> Enterprise:
    """Add an enterprise to the registry (operating from `registered_on`)."""
    orgs = [locality.organization] + ([zone.organization] if zone and zone.organization else [])
    orgs += [party_org] if party_org else []
    require_any(actor, "manage_org", orgs)
    name = _text(name, "name", required=True)
    fields = {k: _text(v, k, limit=TEXT_LIMITS[k]) for k, v in {
        "investor_country": investor_country, "industry": industry, "address": address, "owner_name": owner_name,
        "contact": contact}.items()}
    code = check_tax_code(tax_code)
    _check_ownership(ownership, fields["investor_country"])
    _not_future(registered_on, "registered_on")
    _check_active_place(locality, zone, registered_on)
    _check_party_org(actor, party_org)
    _check_owner_member(actor, owner_member)
    enterprise = Enterprise.objects.create(
        name=name, tax_code=code, ownership=ownership, locality=locality, zone=zone, registered_on=registered_on,
        owner_member=owner_member, party_org=party_org, search_key=search_key(name), **fields,
    )
    EnterpriseStatusChange.objects.create(
        enterprise=enterprise, status=EnterpriseStatus.OPERATING, effective_on=registered_on,
        recorded_by=_actor(actor),
    )
    link_enterprise(enterprise, KNOWN_FROM)
    audit(actor, "enterprise_register", enterprise)
    return enterprise


UPDATABLE = {"name", "tax_code", "ownership", "investor_country", "industry", "address", "locality", "zone",
             "owner_name", "owner_member", "contact", "party_org"}


@transaction.atomic
def enterprise_update(
    *, actor: Any, enterprise: Enterprise, effective_on: date | None = None, **changes: Any
) -> Enterprise:
    """Change the enterprise's registry fields; a new locality, zone or party organisation is a dated link from
    `effective_on` (today by default), so coverage of earlier dates keeps the old one."""
    lock_for_update(enterprise)
    require_enterprise(actor, "manage_org", enterprise)
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise DomainError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    before = snapshot(enterprise)
    for key, value in changes.items():
        if key == "name":
            value = _text(value, "name", required=True)
            enterprise.search_key = search_key(value)
        elif key == "tax_code":
            value = check_tax_code(value, exclude_pk=enterprise.pk)
        elif key in TEXT_LIMITS:
            value = _text(value, key, limit=TEXT_LIMITS[key])
        setattr(enterprise, key, value)
    _check_ownership(enterprise.ownership, enterprise.investor_country)
    if "locality" in changes or "zone" in changes:
        _check_active_place(enterprise.locality if "locality" in changes else None,
                            enterprise.zone if "zone" in changes else None, today())
    if "party_org" in changes:
        _check_party_org(actor, enterprise.party_org)
    if "owner_member" in changes:
        _check_owner_member(actor, enterprise.owner_member)
    if "locality" in changes or "zone" in changes or "party_org" in changes:
        require_enterprise(actor, "manage_org", enterprise)  # still inside the actor's scope afterwards
        on = effective_on or today()
        _not_future(on, "effective_on")
        link_enterprise(enterprise, on)
    enterprise.save()
    audit(actor, "enterprise_update", enterprise, before=before)
    return enterprise


@transaction.atomic
def enterprise_set_status(
    *, actor: Any, enterprise: Enterprise, status: str, effective_on: date, note: str = ""
) -> EnterpriseStatusChange:
    """Record that the enterprise operates, is suspended or is dissolved from `effective_on`."""
    require_enterprise(actor, "manage_org", enterprise)
    if status not in EnterpriseStatus.values:
        raise DomainError("Tình trạng phải là đang hoạt động, tạm ngừng hoặc giải thể.", field="status",
                          rule="choices")
    _not_future(effective_on, "effective_on")
    if effective_on < enterprise.registered_on:
        raise DomainError(
            f"Ngày hiệu lực trước ngày đưa vào theo dõi ({format_date(enterprise.registered_on)}).",
            field="effective_on", rule="status_after_registration",
        )
    change = EnterpriseStatusChange.objects.create(
        enterprise=enterprise, status=status, effective_on=effective_on, note=_text(note, "note"),
        recorded_by=_actor(actor),
    )
    latest = enterprise.status_changes.order_by("-effective_on", "-id").first()
    enterprise.status = latest.status if latest else status
    enterprise.save(update_fields=["status"])
    audit(actor, "enterprise_set_status", change)
    return change


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


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


@transaction.atomic
def locality_create(*, actor: Any, name: str, organization: Organization,
                    level: str = LocalityLevel.DISTRICT) -> Locality:
    require_any(actor, "manage_org", [organization])
    name = _text(name, "name", required=True)
    if Locality.objects.filter(name=name).exists():
        raise DomainError(f"Địa bàn \"{name}\" đã có.", field="name", rule="unique")
    if level not in LocalityLevel.values:
        raise DomainError("Cấp địa bàn không hợp lệ.", field="level", rule="choices")
    locality = Locality.objects.create(name=name, organization=organization, level=level)
    link_locality(locality, KNOWN_FROM)
    audit(actor, "locality_create", locality)
    return locality


@transaction.atomic
def zone_create(
    *, actor: Any, name: str, locality: Locality, organization: Organization | None = None
) -> IndustrialZone:
    require_any(actor, "manage_org", [organization or locality.organization])
    name = _text(name, "name", required=True)
    if IndustrialZone.objects.filter(name=name).exists():
        raise DomainError(f"Khu công nghiệp \"{name}\" đã có.", field="name", rule="unique")
    zone = IndustrialZone.objects.create(name=name, locality=locality, organization=organization)
    link_zone(zone, KNOWN_FROM)
    audit(actor, "zone_create", zone)
    return zone


@transaction.atomic
def steering_committee_create(
    *, actor: Any, name: str, level: str, organization: Organization, localities: list[Locality]
) -> SteeringCommittee:
    """A steering committee of a party committee; a province-level one needs the province's root."""
    require_any(actor, "manage_org", [organization])
    name = _text(name, "name", required=True)
    if level not in SteeringLevel.values:
        raise DomainError("Cấp Ban Chỉ đạo phải là cấp tỉnh hoặc cấp huyện/xã.", field="level", rule="choices")
    if level == SteeringLevel.PROVINCE and organization.parent_id is not None:
        raise DomainError("Ban Chỉ đạo cấp tỉnh thuộc Tỉnh ủy (tổ chức gốc).", field="organization_id",
                          rule="steering_level")
    committee = SteeringCommittee.objects.create(name=name, level=level, organization=organization)
    committee.localities.set(localities)
    audit(actor, "steering_committee_create", committee)
    return committee


def party_org_existed(org: Organization, on: date) -> bool:
    return path_on(org.pk, on) is not None


def enterprise_by_tax_code(user: Any, code: str) -> Enterprise:
    from .access import visible_enterprises

    e = visible_enterprises(user).filter(tax_code=normalize_tax_code(code)).first()
    if e is None:
        raise NotVisible
    return e


# ---- registry of localities, industrial zones and steering committees: edited, deactivated, never deleted --

REGISTRY_LABELS = {"locality": "Địa bàn", "zone": "Khu công nghiệp", "steering_committee": "Ban Chỉ đạo"}


def _deactivate(actor: Any, obj: Any, kind: str, on: date) -> Any:
    _not_future(on, "deactivated_on")
    if obj.deactivated_on is not None:
        raise DomainError(f"{REGISTRY_LABELS[kind]} này đã ngừng theo dõi từ ngày {format_date(obj.deactivated_on)}.",
                          field="deactivated_on", rule="already_deactivated")
    before = snapshot(obj)
    obj.deactivated_on = on
    obj.save(update_fields=["deactivated_on"])
    audit(actor, f"{kind}_deactivate", obj, before=before)
    return obj


def _check_unique_name(model: Any, name: str, label: str, exclude_pk: int | None) -> None:
    taken = model.objects.filter(name=name)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(f"{label} \"{name}\" đã có.", field="name", rule="unique")


@transaction.atomic
def locality_update(
    *, actor: Any, locality: Locality, name: str, organization: Organization, level: str = LocalityLevel.DISTRICT,
    effective_on: date | None = None,
) -> Locality:
    """Correct a locality's name or level, or hand it to another committee from `effective_on` (today by default;
    manage_org on the old and the new one): coverage of earlier dates stays with the old committee."""
    require_any(actor, "manage_org", [locality.organization])
    if organization.pk != locality.organization_id:
        require_any(actor, "manage_org", [organization])
    name = _text(name, "name", required=True)
    _check_unique_name(Locality, name, "Địa bàn", locality.pk)
    if level not in LocalityLevel.values:
        raise DomainError("Cấp địa bàn không hợp lệ.", field="level", rule="choices")
    before = snapshot(locality)
    on = effective_on or today()
    _not_future(on, "effective_on")
    locality.name, locality.level, locality.organization = name, level, organization
    link_locality(locality, on)
    locality.save()
    audit(actor, "locality_update", locality, before=before, after=snapshot(locality))
    return locality


@transaction.atomic
def locality_deactivate(*, actor: Any, locality: Locality, on: date) -> Locality:
    """Stop following a locality from `on`; refused while an industrial zone in it is still followed."""
    require_any(actor, "manage_org", [locality.organization])
    active_zone = locality.zones.filter(deactivated_on__isnull=True).first()
    if active_zone is not None:
        raise DomainError(f"Địa bàn còn khu công nghiệp \"{active_zone.name}\" đang theo dõi; ngừng theo dõi khu "
                          "công nghiệp đó trước.", field="deactivated_on", rule="locality_has_active_zones")
    return _deactivate(actor, locality, "locality", on)


@transaction.atomic
def zone_update(
    *, actor: Any, zone: IndustrialZone, name: str, locality: Locality, organization: Organization | None = None,
    effective_on: date | None = None,
) -> IndustrialZone:
    """Correct an industrial zone's name or locality, or hand it to another following committee from
    `effective_on` (today by default)."""
    require_any(actor, "manage_org", [zone.organization or zone.locality.organization])
    new_org = organization or locality.organization
    if new_org.pk != (zone.organization or zone.locality.organization).pk:
        require_any(actor, "manage_org", [new_org])
    name = _text(name, "name", required=True)
    _check_unique_name(IndustrialZone, name, "Khu công nghiệp", zone.pk)
    if locality.pk != zone.locality_id:
        _check_active_place(locality, None, today())
    before = snapshot(zone)
    on = effective_on or today()
    _not_future(on, "effective_on")
    zone.name, zone.locality, zone.organization = name, locality, organization
    link_zone(zone, on)
    zone.save()
    audit(actor, "zone_update", zone, before=before, after=snapshot(zone))
    return zone


@transaction.atomic
def zone_deactivate(*, actor: Any, zone: IndustrialZone, on: date) -> IndustrialZone:
    """Stop following an industrial zone from `on` (its enterprises keep it as history)."""
    require_any(actor, "manage_org", [zone.organization or zone.locality.organization])
    return _deactivate(actor, zone, "zone", on)


def _committee_snapshot(committee: SteeringCommittee) -> dict[str, Any]:
    return {**snapshot(committee), "localities": sorted(committee.localities.values_list("pk", flat=True))}


@transaction.atomic
def steering_committee_update(
    *, actor: Any, committee: SteeringCommittee, name: str, level: str, organization: Organization,
    localities: list[Locality],
) -> SteeringCommittee:
    """Correct a steering committee's name, level, committee and the localities it covers."""
    require_any(actor, "manage_org", [committee.organization])
    if organization.pk != committee.organization_id:
        require_any(actor, "manage_org", [organization])
    name = _text(name, "name", required=True)
    if level not in SteeringLevel.values:
        raise DomainError("Cấp Ban Chỉ đạo phải là cấp tỉnh hoặc cấp huyện/xã.", field="level", rule="choices")
    if level == SteeringLevel.PROVINCE and organization.parent_id is not None:
        raise DomainError("Ban Chỉ đạo cấp tỉnh thuộc Tỉnh ủy (tổ chức gốc).", field="organization_id",
                          rule="steering_level")
    current = set(committee.localities.values_list("pk", flat=True))
    added = [loc for loc in localities if loc.pk not in current]
    for loc in added:
        _check_active_place(loc, None, today())
    before = _committee_snapshot(committee)
    committee.name, committee.level, committee.organization = name, level, organization
    committee.save()
    committee.localities.set(localities)
    audit(actor, "steering_committee_update", committee, before=before, after=_committee_snapshot(committee))
    return committee


@transaction.atomic
def steering_committee_deactivate(*, actor: Any, committee: SteeringCommittee, on: date) -> SteeringCommittee:
    require_any(actor, "manage_org", [committee.organization])
    return _deactivate(actor, committee, "steering_committee", on)


# ---- mass-organisation ratings (kept by the ratings app) -------------------------------------------------

def rating_organization(actor: Any, enterprise: Enterprise) -> Organization:
    """The responsible committee under which the actor records the enterprise's mass-organisation ratings:
    its own party organisation first, else a committee responsible for it; NotVisible/NotAllowed otherwise."""
    from dangvu.orgs.scope import can

    require_enterprise(actor, "manage_org", enterprise)
    orgs = responsible_orgs(enterprise)
    orgs.sort(key=lambda o: (o.pk != enterprise.party_org_id, o.path or ""))
    for org in orgs:
        if can(actor, "manage_org", org) and can(actor, "record_member", org):
            return org
    from dangvu.core.errors import NotAllowed

    raise NotAllowed("Vai trò của bạn không được phép xếp loại tổ chức đoàn thể của doanh nghiệp này.")


@transaction.atomic
def mass_org_rate(*, actor: Any, mass_org: MassOrganization, year: int, level: str) -> Any:
    """Record (or correct) a mass organisation's rating of a year through the ratings app (levels per kind:
    ratings.rules.MASS_ORG_LEVELS); the year must have begun and fall within the organisation's life."""
    from dangvu.ratings.services import mass_org_rating_record

    organization = rating_organization(actor, mass_org.enterprise)
    if not isinstance(year, int) or isinstance(year, bool) or year > today().year:
        raise DomainError(f"Năm xếp loại không được sau năm {today().year}.", field="year", rule="no_future_dates")
    if year < mass_org.founded_on.year or (mass_org.dissolved_on and year > mass_org.dissolved_on.year):
        raise DomainError(
            f"Năm {year} nằm ngoài thời gian tổ chức hoạt động (thành lập {format_date(mass_org.founded_on)}"
            + (f", giải thể {format_date(mass_org.dissolved_on)}" if mass_org.dissolved_on else "") + ").",
            field="year", rule="rating_outside_life",
        )
    return mass_org_rating_record(actor=actor, subject=mass_org, organization=organization, kind=mass_org.kind,
                                  year=year, level=level)
