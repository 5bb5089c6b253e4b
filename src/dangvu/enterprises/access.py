"""Who sees and changes an enterprise. One registry, no copies: an enterprise is visible to a user whose
scope holds any committee responsible for it — the committee of its locality, the committee following its
industrial zone, its own party organisation, or a committee owning a steering committee that covers its
locality. A province-wide scope sees them all."""

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from dangvu.core.errors import NotAllowed, NotVisible
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import can, scope_of

from .links import responsible_on_q
from .models import Enterprise, SteeringCommittee


def responsible_q(org_ids: Any) -> Q:
    """Enterprises one of whose responsible committees is in `org_ids` (a set or a subquery)."""
    steering_localities = SteeringCommittee.localities.through.objects.filter(
        steeringcommittee__organization_id__in=org_ids
    ).values("locality_id")
    return (
        Q(locality__organization_id__in=org_ids)
        | Q(zone__organization_id__in=org_ids)
        | Q(party_org_id__in=org_ids)
        | Q(locality_id__in=steering_localities)
    )


def visible_enterprises(user: Any) -> QuerySet[Enterprise]:
    scope = scope_of(user)
    if scope.everything:
        return Enterprise.objects.all()
    if not scope.org_ids:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(responsible_q(scope.org_ids))


def visible_enterprises_on(user: Any, on: date) -> QuerySet[Enterprise]:
    """The enterprises the user's committees were responsible for on `on` (dated links: a locality handed to
    another committee later still counts for the committee that had it then)."""
    scope = scope_of(user)
    if scope.everything:
        return Enterprise.objects.all()
    if not scope.org_ids:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(responsible_on_q(scope.org_ids, on))


def responsible_orgs(enterprise: Enterprise) -> list[Organization]:
    ids = {enterprise.locality.organization_id}
    if enterprise.zone_id and enterprise.zone and enterprise.zone.organization_id:
        ids.add(enterprise.zone.organization_id)
    if enterprise.party_org_id:
        ids.add(enterprise.party_org_id)
    ids |= set(
        SteeringCommittee.objects.filter(localities=enterprise.locality_id).values_list("organization_id", flat=True)
    )
    return list(Organization.objects.filter(pk__in=ids))


def require_any(user: Any, action: str, orgs: list[Organization]) -> None:
    """NotVisible unless the user sees one of the committees; NotAllowed unless one allows `action`."""
    if getattr(user, "is_superuser", False):
        return
    scope = scope_of(user)
    seen = [o for o in orgs if scope.sees(o.pk)]
    if not seen:
        raise NotVisible
    if not any(can(user, action, o) for o in seen):
        raise NotAllowed("Vai trò của bạn không được phép cập nhật thông tin doanh nghiệp này.")


def require_enterprise(user: Any, action: str, enterprise: Enterprise) -> None:
    require_any(user, action, responsible_orgs(enterprise))


def may_enterprise(user: Any, action: str, enterprise: Enterprise) -> bool:
    """Whether `require_enterprise` would let the user do `action` (pages decide which forms to show)."""
    try:
        require_enterprise(user, action, enterprise)
    except (NotVisible, NotAllowed):
        return False
    return True
