"""Dated links of the enterprise registry: a locality's committee, a zone's following committee, an enterprise's
locality/zone/party organisation. Services call these in their transaction whenever a link changes; the
row's FK fields stay today's projection. Coverage and visibility on a past date read the spans."""

from datetime import date
from typing import Any

from django.db.models import Model, Q

from dangvu.core.dates import format_date
from dangvu.core.errors import DomainError
from dangvu.core.lookups import any_in
from dangvu.orgs.selectors import on_date_q

from .models import (
    Enterprise,
    EnterpriseLinkSpan,
    IndustrialZone,
    Locality,
    LocalityCommitteeSpan,
    SteeringCommittee,
    ZoneCommitteeSpan,
)

# Links carried over from before they were dated are taken as known since the Party's founding.
KNOWN_FROM = date(1930, 2, 3)


def _move(model: type[Model], owner: dict[str, Any], values: dict[str, Any], on: date) -> None:
    """Close the open span of `owner` at `on` and open one with `values` (same day: corrected in place;
    unchanged values: nothing)."""
    current: Any = model.objects.filter(valid_to__isnull=True, **owner).order_by("-valid_from").first()  # type: ignore[attr-defined]
    if current is not None:
        if all(getattr(current, f"{k}_id") == (v.pk if v is not None else None) for k, v in values.items()):
            return
        if on < current.valid_from:
            raise DomainError(
                f"Ngày hiệu lực {format_date(on)} trước lần thay đổi gần nhất ({format_date(current.valid_from)}); "
                "thay đổi phải ghi theo thứ tự thời gian.", field="effective_on", rule="event_order",
            )
        if on == current.valid_from:
            for k, v in values.items():
                setattr(current, k, v)
            current.save()
            return
        current.valid_to = on
        current.save(update_fields=["valid_to"])
    model.objects.create(valid_from=on if current is not None else min(on, KNOWN_FROM), **owner, **values)  # type: ignore[attr-defined]


def link_locality(locality: Locality, on: date) -> None:
    """Record the locality's responsible committee (as now on the row) from `on`."""
    _move(LocalityCommitteeSpan, {"locality": locality}, {"organization": locality.organization}, on)


def link_zone(zone: IndustrialZone, on: date) -> None:
    _move(ZoneCommitteeSpan, {"zone": zone}, {"organization": zone.organization}, on)


def link_enterprise(enterprise: Enterprise, on: date) -> None:
    _move(EnterpriseLinkSpan, {"enterprise": enterprise},
          {"locality": enterprise.locality, "zone": enterprise.zone, "party_org": enterprise.party_org}, on)


def carry_over_links() -> int:
    """Open spans from KNOWN_FROM for registry rows written in bulk without them (demo data); returns rows added."""
    loc = [LocalityCommitteeSpan(locality_id=pk, organization_id=org, valid_from=KNOWN_FROM)
           for pk, org in Locality.objects.exclude(committee_spans__isnull=False).values_list("id", "organization_id")]
    zones = [ZoneCommitteeSpan(zone_id=pk, organization_id=org, valid_from=KNOWN_FROM)
             for pk, org in IndustrialZone.objects.exclude(committee_spans__isnull=False).values_list(
                 "id", "organization_id")]
    ents = [EnterpriseLinkSpan(enterprise_id=pk, locality_id=lo, zone_id=zo, party_org_id=po, valid_from=KNOWN_FROM)
            for pk, lo, zo, po in Enterprise.objects.exclude(link_spans__isnull=False).values_list(
                "id", "locality_id", "zone_id", "party_org_id")]
    LocalityCommitteeSpan.objects.bulk_create(loc)
    ZoneCommitteeSpan.objects.bulk_create(zones)
    EnterpriseLinkSpan.objects.bulk_create(ents, batch_size=2000)
    return len(loc) + len(zones) + len(ents)


def responsible_on_q(org_ids: Any, on: date) -> Q:
    """Enterprises one of whose responsible committees on `on` is in `org_ids` (a set or a subquery): the
    committee of its locality then, the committee following its zone then (else the zone's locality's), its
    party organisation then, or a steering committee covering its locality and still followed then (the
    steering committee's list of localities itself is not dated)."""
    localities = LocalityCommitteeSpan.objects.filter(on_date_q(on), organization_id__in=org_ids).values(
        "locality_id")
    zones = ZoneCommitteeSpan.objects.filter(on_date_q(on)).filter(
        Q(organization_id__in=org_ids) | Q(organization__isnull=True, zone__locality_id__in=localities)
    ).values("zone_id")
    steering = SteeringCommittee.localities.through.objects.filter(
        steeringcommittee__organization_id__in=org_ids
    ).filter(  # a steering committee follows its localities until it is no longer followed itself
        Q(steeringcommittee__deactivated_on__isnull=True) | Q(steeringcommittee__deactivated_on__gt=on)
    ).values("locality_id")
    links = EnterpriseLinkSpan.objects.filter(on_date_q(on)).filter(
        Q(locality_id__in=localities) | Q(zone_id__in=zones) | Q(party_org_id__in=org_ids)
        | Q(locality_id__in=steering)
    ).values("enterprise_id")
    return Q(pk__in=links)


def links_on(enterprise_ids: list[int], on: date) -> dict[int, EnterpriseLinkSpan]:
    """Each enterprise's link span on `on`, with its locality and zone (1 query)."""
    return {
        s.enterprise_id: s
        for s in EnterpriseLinkSpan.objects.filter(on_date_q(on), any_in("enterprise_id", enterprise_ids))
        .select_related("locality", "zone")
    }


def check_links() -> list[str]:
    """The open spans must equal today's FK fields; a line per difference."""
    diffs: list[str] = []
    open_loc = dict(LocalityCommitteeSpan.objects.filter(valid_to__isnull=True).values_list("locality_id",
                                                                                             "organization_id"))
    for loc in Locality.objects.all():
        if open_loc.get(loc.pk) != loc.organization_id:
            diffs.append(f"Địa bàn #{loc.pk} {loc.name}: cấp ủy phụ trách khác lịch sử")
    open_zone = {z: o for z, o in ZoneCommitteeSpan.objects.filter(valid_to__isnull=True).values_list(
        "zone_id", "organization_id")}
    for zone in IndustrialZone.objects.all():
        if zone.pk not in open_zone or open_zone[zone.pk] != zone.organization_id:
            diffs.append(f"Khu công nghiệp #{zone.pk} {zone.name}: cấp ủy theo dõi khác lịch sử")
    open_ent = {e: (lo, zo, po) for e, lo, zo, po in EnterpriseLinkSpan.objects.filter(
        valid_to__isnull=True).values_list("enterprise_id", "locality_id", "zone_id", "party_org_id")}
    for e in Enterprise.objects.only("id", "name", "locality_id", "zone_id", "party_org_id"):
        if open_ent.get(e.pk) != (e.locality_id, e.zone_id, e.party_org_id):
            diffs.append(f"Doanh nghiệp #{e.pk} {e.name}: địa bàn/khu công nghiệp/tổ chức đảng khác lịch sử")
    return diffs
