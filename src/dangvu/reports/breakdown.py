"""The membership flow of an organisation broken down by the organisations directly under it (as the tree stood
at the end of the period): each child's own flow, from the same selector. A move between two children is an
outflow of one and an inflow of the other, so the children's in/out add up to more than the parent's."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from dangvu.orgs.models import Organization, OrgPathSpan
from dangvu.orgs.selectors import names_on, on_date_q, path_on

from .selectors import Flow, membership_flow


@dataclass
class ChildFlow:
    organization: Organization
    name: str
    flow: Flow


def children_on(org: Organization, on: date) -> list[tuple[Organization, str]]:
    """Organisations directly under `org` on `on` with their names of that day, in path order (2 queries)."""
    path = path_on(org.pk, on)
    if path is None:
        return []
    depth = path.count(".") + 1
    ids = [
        i for i, p in OrgPathSpan.objects.filter(on_date_q(on), path__startswith=path)
        .order_by("path").values_list("organization_id", "path")
        if p.count(".") == depth
    ]
    orgs = Organization.objects.in_bulk(ids)
    names = names_on(ids, on)
    return [(orgs[i], names.get(i, orgs[i].name)) for i in ids]


def flow_by_child(user: Any, org: Organization, *, start: date, end: date) -> list[ChildFlow]:
    """Each directly subordinate organisation's own flow over [start, end] (scope checked for each)."""
    return [
        ChildFlow(child, name, membership_flow(user, child, start=start, end=end))
        for child, name in children_on(org, end)
    ]
