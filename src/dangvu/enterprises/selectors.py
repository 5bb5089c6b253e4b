"""Reads on enterprises: scoped to the user, "as of" a date, fixed query counts (facts fetched in bulk)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.text import search_key
from dangvu.members.selectors import subtree_headcounts
from dangvu.orgs.models import Organization, OrgPathSpan
from dangvu.orgs.selectors import names_on, on_date_q, org_get, path_on
from dangvu.ratings.rules import MASS_ORG_LEVELS, mass_org_level_label
from dangvu.ratings.selectors import mass_org_ratings_for

from .access import visible_enterprises, visible_enterprises_on
from .links import links_on, responsible_on_q
from .models import (
    Enterprise,
    EnterpriseStatus,
    EnterpriseStatusChange,
    FollowUp,
    FollowUpStatus,
    IndustrialZone,
    Locality,
    MassOrganization,
    MassOrgCount,
    MassOrgKind,
    Ownership,
    SteeringCommittee,
    WomenForm,
    WorkforceCount,
)
from .ratings_adapter import mass_org_ratings
from .rules import SIZE_BANDS, size_band, work_list_min_workers

PAGE_SIZE = 50
# Columns of coverage tables: the party organisation, then each kind of mass organisation.
COVERAGE_KINDS: list[tuple[str, str]] = [("party", "Tổ chức đảng")] + [(k.value, k.label) for k in MassOrgKind]
UNKNOWN_BAND = "Chưa có số liệu"


@dataclass
class MassOrgFact:
    mass_org: MassOrganization
    members: int | None


@dataclass
class Facts:
    """An enterprise as of a date."""

    enterprise: Enterprise
    status: str | None  # None: not yet in the registry on that date
    workers: int | None
    women: int | None
    union_eligible: int | None
    party: bool
    party_members: int = 0
    mass: dict[str, MassOrgFact] = field(default_factory=dict)
    # The links on that date (dated facts, issue 11); today's when none was recorded.
    locality: Locality | None = None
    zone: IndustrialZone | None = None
    party_org_id: int | None = None

    @property
    def exists(self) -> bool:
        return self.status in (EnterpriseStatus.OPERATING, EnterpriseStatus.SUSPENDED)

    def has(self, kind: str) -> bool:
        return self.party if kind == "party" else kind in self.mass

    @property
    def band(self) -> str:
        return size_band(self.workers)

    @property
    def status_label(self) -> str:
        return EnterpriseStatus(self.status).label if self.status else "Chưa theo dõi"


def facts_on(enterprises: list[Enterprise], on: date, *, party_members: bool = False) -> list[Facts]:
    """Each enterprise's status, workforce, locality/zone/party organisation and mass organisations on `on`
    (7 queries, 9 with party members, whatever the number of enterprises)."""
    ids = [e.pk for e in enterprises]
    links = links_on(ids, on)
    status: dict[int, str] = {}
    for eid, st in (
        EnterpriseStatusChange.objects.filter(enterprise_id__in=ids, effective_on__lte=on)
        .order_by("effective_on", "id").values_list("enterprise_id", "status")
    ):
        status[eid] = st
    workforce: dict[int, tuple[int, int, int]] = {}
    for eid, nw, nwo, nue in (
        WorkforceCount.objects.filter(enterprise_id__in=ids, as_of__lte=on, voided_at__isnull=True)
        .order_by("as_of", "id").values_list("enterprise_id", "workers", "women", "union_eligible")
    ):
        workforce[eid] = (nw, nwo, nue)
    mass_orgs = list(
        MassOrganization.objects.filter(enterprise_id__in=ids, founded_on__lte=on)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)).order_by("founded_on", "id")
    )
    counts: dict[int, int] = {}
    for mid, n in (
        MassOrgCount.objects.filter(mass_org_id__in=[m.pk for m in mass_orgs], as_of__lte=on, voided_at__isnull=True)
        .order_by("as_of", "id").values_list("mass_org_id", "members")
    ):
        counts[mid] = n
    party_of = {e.pk: (links[e.pk].party_org_id if e.pk in links else e.party_org_id) for e in enterprises}
    party_ids = {p for p in party_of.values() if p}
    alive = set(
        OrgPathSpan.objects.filter(on_date_q(on), organization_id__in=party_ids)
        .values_list("organization_id", flat=True)
    )
    heads = subtree_headcounts(sorted(alive), on) if party_members and alive else {}
    by_enterprise: dict[int, dict[str, MassOrgFact]] = defaultdict(dict)
    for m in mass_orgs:
        by_enterprise[m.enterprise_id][m.kind] = MassOrgFact(m, counts.get(m.pk))
    out = []
    for e in enterprises:
        w = workforce.get(e.pk)
        link = links.get(e.pk)
        party_org_id = party_of[e.pk]
        out.append(Facts(
            enterprise=e, status=status.get(e.pk), workers=w[0] if w else None, women=w[1] if w else None,
            union_eligible=w[2] if w else None, party=party_org_id in alive,
            party_members=heads.get(party_org_id or 0, 0), mass=by_enterprise.get(e.pk, {}),
            locality=link.locality if link else e.locality, zone=link.zone if link else e.zone,
            party_org_id=party_org_id,
        ))
    return out


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


# ---- coverage -------------------------------------------------------------------------------------------

@dataclass
class CoverageCell:
    enterprises: int = 0
    workers: int = 0


@dataclass
class CoverageRow:
    label: str
    enterprises: int = 0
    workers: int = 0
    by_kind: dict[str, CoverageCell] = field(default_factory=lambda: {k: CoverageCell() for k, _ in COVERAGE_KINDS})

    def add(self, f: Facts) -> None:
        self.enterprises += 1
        self.workers += f.workers or 0
        for k, _ in COVERAGE_KINDS:
            if f.has(k):
                self.by_kind[k].enterprises += 1
                self.by_kind[k].workers += f.workers or 0

    def share(self, kind: str) -> float:
        return 100.0 * self.by_kind[kind].enterprises / self.enterprises if self.enterprises else 0.0

    def worker_share(self, kind: str) -> float:
        return 100.0 * self.by_kind[kind].workers / self.workers if self.workers else 0.0

    @property
    def cells(self) -> list[tuple[str, CoverageCell, float, float]]:
        return [(k, self.by_kind[k], self.share(k), self.worker_share(k)) for k, _ in COVERAGE_KINDS]


@dataclass
class HeadlineLine:
    kind: str
    label: str
    organizations: int
    members: int
    parts: list[tuple[str, int, int]] = field(default_factory=list)  # (label, organisations, members)
    top_rated: int | None = None  # rated at the kind's top level the year before (None for the party line)
    top_label: str = ""


@dataclass
class Coverage:
    scope: Organization
    on: date
    total: CoverageRow
    breakdowns: list[tuple[str, list[CoverageRow]]]
    headline: list[HeadlineLine]
    owners_members: int
    facts: list[Facts]


def scope_enterprises(user: Any, scope: Organization, on: date) -> QuerySet[Enterprise]:
    """Enterprises followed on `on` by a committee in `scope`'s subtree of that date (and visible to the user
    then): the links and the tree of that date, so a later reorganisation changes nothing of the past."""
    path = path_on(scope.pk, on)
    if path is None:
        return Enterprise.objects.none()
    subtree = OrgPathSpan.objects.filter(on_date_q(on), path__startswith=path).values("organization_id")
    return visible_enterprises_on(user, on).filter(responsible_on_q(subtree, on)).distinct()


def coverage(user: Any, scope_id: Any, on: date) -> Coverage:
    """Enterprises and workers in scope on `on`, how many have each kind of organisation (counts and shares)
    by ownership, size band, zone and locality, and the headline table of organisations and members."""
    scope = org_get(user, scope_id)
    enterprises = list(scope_enterprises(user, scope, on).select_related("locality", "zone", "party_org"))
    facts = [f for f in facts_on(enterprises, on, party_members=True) if f.exists]
    total = CoverageRow("Tổng số")
    groups: dict[str, dict[str, CoverageRow]] = {
        "Loại hình sở hữu": {o.label: CoverageRow(o.label) for o in Ownership},
        "Quy mô lao động": {b[2]: CoverageRow(b[2]) for b in SIZE_BANDS},
        "Khu công nghiệp": {},
        "Địa bàn": {},
    }
    for f in facts:
        total.add(f)
        e = f.enterprise
        zone = f.zone.name if f.zone else "Ngoài khu công nghiệp"
        keys = [("Loại hình sở hữu", Ownership(e.ownership).label), ("Quy mô lao động", f.band),
                ("Khu công nghiệp", zone), ("Địa bàn", f.locality.name if f.locality else "—")]
        for group, key in keys:
            groups[group].setdefault(key, CoverageRow(key)).add(f)
    breakdowns = []
    for group, rows in groups.items():
        ordered = list(rows.values())
        if group in ("Khu công nghiệp", "Địa bàn"):
            ordered.sort(key=lambda r: (r.label == "Ngoài khu công nghiệp", r.label))
        breakdowns.append((group, ordered))
    owners = sum(1 for f in facts if f.enterprise.owner_member_id)
    return Coverage(scope, on, total, breakdowns, _headline(facts, on), owners, facts)


def _headline(facts: list[Facts], on: date) -> list[HeadlineLine]:
    """Organisations and their members per kind; party organisations split by the committee directly under
    the province they belonged to on `on` (bloc committee, each local committee)."""
    party: dict[int, int] = {}
    for f in facts:
        if f.party and f.party_org_id:
            party[f.party_org_id] = f.party_members
    paths = dict(
        OrgPathSpan.objects.filter(on_date_q(on), organization_id__in=list(party))
        .values_list("organization_id", "path")
    )
    top: dict[int, int] = {}
    for oid, path in paths.items():
        segs = [int(s) for s in path.rstrip(".").split(".")]
        top[oid] = segs[1] if len(segs) > 1 else segs[0]
    names = names_on(sorted(set(top.values())), on)
    parts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for oid, n in party.items():
        parts[top.get(oid, 0)][0] += 1
        parts[top.get(oid, 0)][1] += n
    lines = [HeadlineLine(
        "party", "Tổ chức đảng", len(party), sum(party.values()),
        sorted(((names.get(t, "—"), v[0], v[1]) for t, v in parts.items()), key=lambda x: x[0]),
    )]
    for kind in MassOrgKind:
        orgs = [mf for f in facts for k, mf in f.mass.items() if k == kind]
        line = HeadlineLine(kind.value, kind.label, len(orgs), sum(mf.members or 0 for mf in orgs))
        if kind == MassOrgKind.WOMEN:
            for form in (WomenForm.CLUB, WomenForm.BRANCH, WomenForm.GROUP):
                sub = [mf for mf in orgs if mf.mass_org.form == form]
                line.parts.append((str(form.label), len(sub), sum(mf.members or 0 for mf in sub)))
        lines.append(line)
    _add_top_rated(lines, facts, on.year - 1)
    return lines


def _add_top_rated(lines: list[HeadlineLine], facts: list[Facts], year: int) -> None:
    """Per kind, how many of the organisations counted were rated at the kind's top level in `year`
    (one query through ratings.selectors.mass_org_ratings_for)."""
    orgs = [mf.mass_org for f in facts for mf in f.mass.values()]
    levels = mass_org_ratings_for(list(orgs), year) if orgs else {}
    for line in lines:
        top = MASS_ORG_LEVELS.get(line.kind)
        if not top:
            continue
        line.top_label = top[0][1]
        line.top_rated = sum(1 for m in orgs if m.kind == line.kind and levels.get(m.pk) == top[0][0])


def work_list(user: Any, scope_id: Any, on: date, *, lacking: str = "", min_workers: int | None = None) -> list[Facts]:
    """Large enterprises (>= the rule's workforce) with no party organisation and/or no trade union on `on`:
    the steering committee's work list, largest first."""
    if lacking not in ("", "party", "union"):
        raise DomainError("Tham số 'thiếu' phải là party (tổ chức đảng) hoặc union (công đoàn).", field="lacking",
                          rule="choices")
    threshold = work_list_min_workers() if min_workers is None else min_workers
    if threshold < 0:
        raise DomainError("Số lao động tối thiểu không được âm.", field="min_workers", rule="non_negative")
    facts = coverage(user, scope_id, on).facts
    out = []
    for f in facts:
        if (f.workers or 0) < threshold:
            continue
        no_party, no_union = not f.party, not f.has(MassOrgKind.TRADE_UNION)
        if (lacking == "party" and no_party) or (lacking == "union" and no_union) or (
            lacking == "" and (no_party or no_union)
        ):
            out.append(f)
    out.sort(key=lambda f: (-(f.workers or 0), f.enterprise.name))
    return out


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


# ---- registry of localities, industrial zones, steering committees ---------------------------------------

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
