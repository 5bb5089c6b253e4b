"""Organisation pickers: labels that tell cells apart ("Đảng bộ Sở Tài chính › Chi bộ Thanh tra") and
search-as-you-type over a queryset of organisations (unaccented, by the organisation's or its parent's name)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import F, Q, QuerySet

from dangvu.core.text import search_key

from .models import CELL_KINDS, GRASSROOTS_KINDS, UPPER_COMMITTEE_KINDS, Organization, OrgKind, OrgPathSpan
from .scope import scope_of

PATH_SEPARATOR = " › "
DISSOLVED_SUFFIX = " (đã giải thể/sáp nhập)"
PICK_LIMIT = 20
# Named groups of kinds a picker may be limited to (?kinds=cell).
KIND_GROUPS: dict[str, set[str]] = {
    "cell": {str(k) for k in CELL_KINDS},
    "grassroots": {str(k) for k in GRASSROOTS_KINDS},
    "committee": {str(k) for k in OrgKind} - {str(k) for k in CELL_KINDS},
    "upper": {str(k) for k in UPPER_COMMITTEE_KINDS},  # committees above the grassroots
    "territorial": {str(k) for k in UPPER_COMMITTEE_KINDS} | {str(OrgKind.COMMUNE_COMMITTEE)},  # areas of a report
}


def org_label(org: Organization) -> str:
    """The organisation with its parent: "Đảng bộ Sở Tài chính › Chi bộ Thanh tra" (parent must be loaded)."""
    parent = org.parent if org.parent_id else None
    return f"{parent.name}{PATH_SEPARATOR}{org.name}" if parent is not None else org.name


def org_labels(orgs: Iterable[Organization]) -> dict[int, str]:
    """Labels with the parent's name for many organisations, in one query for the parents."""
    rows = list(orgs)
    parent_ids = {o.parent_id for o in rows if o.parent_id}
    names = dict(Organization.objects.filter(pk__in=parent_ids).values_list("pk", "name"))
    return {o.pk: (f"{names[o.parent_id]}{PATH_SEPARATOR}{o.name}" if o.parent_id in names else o.name) for o in rows}


def parent_names(org_ids: Iterable[int]) -> dict[int, str]:
    """Today's parent name of each organisation id (absent for a root), in one query."""
    return {
        pk: name
        for pk, name in Organization.objects.filter(pk__in=set(org_ids), parent__isnull=False).values_list(
            "pk", "parent__name"
        )
    }


def scope_organizations(user: Any) -> QuerySet[Organization]:
    """The organisations a user sees (orgs.scope.visible_organizations) as a subquery on the path spans instead of
    a list of ids: at province scale the list is thousands long and costs more to bind than to run."""
    scope = scope_of(user)
    if scope.everything:
        return Organization.objects.all()
    if not scope.root_ids:
        return Organization.objects.none()
    q = Q()
    for root in scope.root_ids:
        q |= Q(path__startswith=f"{root}.") | Q(path__contains=f".{root}.")
    return Organization.objects.filter(
        Q(pk__in=OrgPathSpan.objects.filter(q).values("organization_id")) | Q(pk__in=list(scope.root_ids))
    )


def picker_order(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """Parent first, then the name, both in Vietnamese collation; the parent fetched in the same query."""
    return qs.select_related("parent").order_by(F("parent__sort_key").asc(nulls_first=True), "sort_key", "pk")


def kinds_of(group: str | None) -> set[str] | None:
    """The kinds of a named group ("cell", "grassroots", "committee"); None for no or an unknown group."""
    return KIND_GROUPS.get(group or "")


def org_search(qs: QuerySet[Organization], q: str, *, limit: int = PICK_LIMIT) -> list[dict[str, Any]]:
    """Organisations of `qs` whose own or parent's name holds every word typed (without accents), as JSON rows
    {id, name, parent, label}, in picker order."""
    for word in search_key(q or "").split()[:8]:
        qs = qs.filter(Q(search_key__contains=word) | Q(parent__search_key__contains=word))
    rows = list(picker_order(qs)[:limit])
    return [
        {"id": o.pk, "name": o.name, "parent": o.parent.name if o.parent_id and o.parent else "", "label": org_label(o)}
        for o in rows
    ]
