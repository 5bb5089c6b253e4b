"""The enterprise list and one enterprise's page data, scoped to the user."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.text import search_key
from dangvu.ratings.rules import MASS_ORG_LEVELS, mass_org_level_label
from dangvu.ratings.selectors import mass_org_ratings_for

from ..access import visible_enterprises
from ..models import (
    Enterprise,
    EnterpriseStatusChange,
    MassOrganization,
    MassOrgCount,
    MassOrgKind,
    Ownership,
    WorkforceCount,
)
from ..ratings_adapter import mass_org_ratings
from .facts import PAGE_SIZE, Facts, facts_on


def enterprise_get(user: Any, enterprise_id: Any) -> Enterprise:
    """The enterprise if the user may see it, else NotVisible (404)."""
    try:
        return visible_enterprises(user).select_related(
            "locality", "zone", "party_org", "owner_member"
        ).get(pk=int(enterprise_id))
    except (Enterprise.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None


def _base(user: Any) -> QuerySet[Enterprise]:
    return visible_enterprises(user).select_related("locality", "zone", "party_org", "owner_member")


@dataclass
class EnterprisePage:
    rows: list[Facts]
    count: int
    page: int
    pages: int
    on: date


PICK_LIMIT = 20


def enterprise_pick(user: Any, q: str, *, limit: int = PICK_LIMIT) -> list[dict[str, Any]]:
    """Rows {id, name, label} of the enterprises the user sees whose name holds every word of `q` (without
    diacritics) or whose tax code starts with it, for the search-as-you-type fields (label "Name — MST …")."""
    text = (q or "").strip()
    words = search_key(text).split()[:6]
    if not words:
        return []
    qs = visible_enterprises(user)
    digits = text.replace(" ", "")
    if digits.replace("-", "").isdigit():
        qs = qs.filter(tax_code__startswith=digits)
    else:
        for w in words:
            qs = qs.filter(search_key__contains=w)
    rows = qs.only("pk", "name", "tax_code").order_by("name", "id")[:limit]
    return [{"id": e.pk, "name": e.name, "label": f"{e.name} — MST {e.tax_code}"} for e in rows]


def enterprises_of(
    user: Any, *, on: date, q: str = "", ownership: str | None = None, zone_id: int | None = None,
    locality_id: int | None = None, has_party_org: bool | None = None, has_union: bool | None = None,
    min_workforce: int | None = None, page: int = 1, include_gone: bool = False,
) -> EnterprisePage:
    """The enterprises the user sees, filtered, with their facts on `on`, 50 a page."""
    if ownership and ownership not in Ownership.values:
        raise DomainError("Loại hình sở hữu không hợp lệ.", field="ownership", rule="choices")
    if min_workforce is not None and min_workforce < 0:
        raise DomainError("Số lao động tối thiểu không được âm.", field="min_workforce", rule="non_negative")
    qs = _base(user)
    if q:
        key = search_key(q)
        qs = qs.filter(Q(search_key__contains=key) | Q(tax_code__startswith=q.strip()))
    if ownership:
        qs = qs.filter(ownership=ownership)
    if zone_id is not None:
        qs = qs.filter(zone_id=zone_id) if zone_id else qs.filter(zone__isnull=True)
    if locality_id:
        qs = qs.filter(locality_id=locality_id)
    facts = facts_on(list(qs.order_by("name", "id")), on)
    rows = [f for f in facts if include_gone or f.exists]
    if has_party_org is not None:
        rows = [f for f in rows if f.party == has_party_org]
    if has_union is not None:
        rows = [f for f in rows if f.has(MassOrgKind.TRADE_UNION) == has_union]
    if min_workforce is not None:
        rows = [f for f in rows if (f.workers or 0) >= min_workforce]
    paginator = Paginator(rows, PAGE_SIZE)
    p = paginator.get_page(page)
    return EnterprisePage(list(p.object_list), paginator.count, p.number, paginator.num_pages, on)


@dataclass
class EnterpriseDetail:
    enterprise: Enterprise
    facts: Facts
    workforce: list[WorkforceCount]
    statuses: list[EnterpriseStatusChange]
    mass_orgs: list[tuple[MassOrganization, list[MassOrgCount], str | None]]
    party_founded_on: date | None
    contacts: list[Any]
    rating_years: list[int] = field(default_factory=list)
    # mass organisation pk → [(year, level label or None)] for rating_years, and the levels of its kind
    rating_history: dict[int, list[tuple[int, str | None]]] = field(default_factory=dict)
    rating_levels: dict[int, list[tuple[str, str]]] = field(default_factory=dict)


def enterprise_detail(user: Any, enterprise_id: Any, *, on: date) -> EnterpriseDetail:
    e = enterprise_get(user, enterprise_id)
    facts = facts_on([e], on, party_members=True)[0]
    mass = list(e.mass_orgs.order_by("kind", "founded_on"))
    counts: dict[int, list[MassOrgCount]] = defaultdict(list)
    for c in MassOrgCount.objects.filter(mass_org__enterprise=e).order_by("as_of", "id"):
        counts[c.mass_org_id].append(c)
    ratings = mass_org_ratings([m.pk for m in mass], on.year)
    contacts = list(e.contacts.select_related("steering_committee").prefetch_related("follow_ups"))
    years = rating_years(on)
    history = mass_org_rating_history(mass, years)
    return EnterpriseDetail(
        enterprise=e, facts=facts, workforce=list(e.workforce_counts.order_by("-as_of", "-id")),
        statuses=list(e.status_changes.order_by("-effective_on", "-id")),
        mass_orgs=[(m, counts.get(m.pk, []), ratings.get(m.pk)) for m in mass],
        party_founded_on=e.party_org.founded_on if e.party_org else None, contacts=contacts,
        rating_years=years, rating_history=history,
        rating_levels={m.pk: list(MASS_ORG_LEVELS.get(m.kind, [])) for m in mass},
    )


RATING_YEARS_SHOWN = 5


def rating_years(on: date) -> list[int]:
    """The years whose mass-organisation ratings the enterprise page shows: the last five up to `on`."""
    return list(range(on.year - RATING_YEARS_SHOWN + 1, on.year + 1))


def mass_org_rating_history(
    mass_orgs: list[MassOrganization], years: list[int]
) -> dict[int, list[tuple[int, str | None]]]:
    """pk → [(year, level label or None)], read through ratings.selectors.mass_org_ratings_for
    (one query per year shown)."""
    out: dict[int, list[tuple[int, str | None]]] = {m.pk: [] for m in mass_orgs}
    if not mass_orgs:
        return out
    for year in years:
        levels = mass_org_ratings_for(list(mass_orgs), year)
        for m in mass_orgs:
            level = levels.get(m.pk)
            out[m.pk].append((year, mass_org_level_label(m.kind, level) if level else None))
    return out
