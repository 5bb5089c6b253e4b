"""Writes on localities, industrial zones and steering committees (dated committee links)."""

from datetime import date
from typing import Any

from django.db import transaction

from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError
from dangvu.orgs.models import Organization

from ..access import require_any
from ..links import KNOWN_FROM, link_locality, link_zone
from ..models import (
    IndustrialZone,
    Locality,
    LocalityLevel,
    SteeringCommittee,
    SteeringLevel,
)
from .common import _not_future, _text
from .registry import _check_active_place


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
