"""Writes on the registry of enterprises: register, change registry fields (dated links), status."""

from datetime import date
from typing import Any

from django.db import transaction

from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.locking import lock_for_update
from dangvu.core.text import search_key
from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import path_on

from ..access import require_any, require_enterprise, visible_enterprises
from ..links import KNOWN_FROM, link_enterprise
from ..models import (
    Enterprise,
    EnterpriseStatus,
    EnterpriseStatusChange,
    IndustrialZone,
    Locality,
    Ownership,
)
from ..rules import TAX_CODE_DOCUMENT, normalize_tax_code, tax_code_problem
from .common import TEXT_LIMITS, _actor, _not_future, _text


def check_tax_code(raw: str, *, actor: Any = None, exclude_pk: int | None = None) -> str:
    """The normalised tax code, or DomainError naming the rule (format, check digit, unique). The enterprise
    already holding the code is named only to an `actor` who may see it: another committee's registry stays
    closed (the rule is still told, with whom to ask)."""
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
        if actor is None or visible_enterprises(actor).filter(pk=other.pk).exists():
            holder = f"doanh nghiệp \"{other.name}\""
        else:
            holder = "do cấp ủy khác theo dõi; đề nghị Ban Chỉ đạo tỉnh kiểm tra, điều chuyển nếu cần"
        raise DomainError(
            f"Mã số thuế {code} đã có trong danh sách ({holder}): mỗi doanh nghiệp một mã.",
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
    code = check_tax_code(tax_code, actor=actor)
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
            value = check_tax_code(value, actor=actor, exclude_pk=enterprise.pk)
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


def party_org_existed(org: Organization, on: date) -> bool:
    return path_on(org.pk, on) is not None


def enterprise_by_tax_code(user: Any, code: str) -> Enterprise:
    e = visible_enterprises(user).filter(tax_code=normalize_tax_code(code)).first()
    if e is None:
        raise NotVisible
    return e
