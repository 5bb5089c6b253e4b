"""Follow-ups, steering committees, localities and zones the user sees."""

from typing import Any

from django.db.models import Q, QuerySet

from dangvu.core.errors import DomainError, NotVisible

from ..access import visible_enterprises
from ..models import (
    FollowUp,
    FollowUpStatus,
    IndustrialZone,
    Locality,
    SteeringCommittee,
)


def follow_ups_of(user: Any, *, steering_committee_id: int | None = None, status: str | None = None) -> list[FollowUp]:
    """Follow-ups of the contacts with enterprises the user sees (optionally one committee's), by due date."""
    if status and status not in FollowUpStatus.values:
        raise DomainError("Trạng thái không hợp lệ.", field="status", rule="choices")
    qs = FollowUp.objects.filter(contact__enterprise__in=visible_enterprises(user)).select_related(
        "contact", "contact__enterprise", "contact__steering_committee"
    )
    if steering_committee_id:
        qs = qs.filter(contact__steering_committee_id=steering_committee_id)
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("status", "due_on", "id")[:500])


def steering_committees_of(user: Any, *, include_inactive: bool = False) -> list[SteeringCommittee]:
    from dangvu.orgs.scope import scope_of

    scope = scope_of(user)
    qs = SteeringCommittee.objects.select_related("organization").prefetch_related("localities")
    if not include_inactive:
        qs = qs.filter(deactivated_on__isnull=True)
    if not scope.everything:
        qs = qs.filter(organization_id__in=scope.org_ids)
    return list(qs)


def _registry_filter(user: Any, qs: QuerySet[Any], *org_fields: str) -> QuerySet[Any]:
    from dangvu.orgs.scope import scope_of

    scope = scope_of(user)
    if scope.everything:
        return qs
    q = Q()
    for name in org_fields:
        q |= Q(**{f"{name}__in": scope.org_ids})
    return qs.filter(q)


def localities_of(user: Any) -> list[Locality]:
    """Localities whose responsible committee the user sees, followed ones first (2 queries)."""
    qs = _registry_filter(user, Locality.objects.select_related("organization"), "organization_id")
    return sorted(qs, key=lambda x: (x.deactivated_on is not None, x.name))


def zones_of(user: Any) -> list[IndustrialZone]:
    """Industrial zones followed by a committee the user sees (the zone's, else its locality's)."""
    qs = _registry_filter(
        user, IndustrialZone.objects.select_related("locality", "organization", "locality__organization"),
        "organization_id", "locality__organization_id",
    )
    return sorted(qs, key=lambda x: (x.deactivated_on is not None, x.name))


def registry_get(user: Any, kind: str, pk: Any) -> Any:
    """One locality / zone / steering committee the user sees; NotVisible otherwise."""
    model: Any = {"locality": Locality, "zone": IndustrialZone, "steering": SteeringCommittee}.get(kind)
    if model is None or not str(pk).isdigit():
        raise NotVisible
    fields = {"locality": ["organization_id"], "zone": ["organization_id", "locality__organization_id"],
              "steering": ["organization_id"]}[kind]
    obj = _registry_filter(user, model.objects.all(), *fields).filter(pk=pk).first()
    if obj is None:
        raise NotVisible
    return obj
