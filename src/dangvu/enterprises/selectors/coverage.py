"""Coverage of party and mass organisations on a date, by ownership, size, zone and locality; the work list."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from dangvu.core.errors import DomainError
from dangvu.core.lookups import any_in
from dangvu.members.selectors import subtree_headcounts
from dangvu.orgs.models import Organization, OrgPathSpan
from dangvu.orgs.selectors import names_on, on_date_q, org_get, path_on
from dangvu.ratings.rules import MASS_ORG_LEVELS
from dangvu.ratings.selectors import mass_org_ratings_of

from ..access import visible_enterprises_on
from ..links import responsible_on_q
from ..models import (
    Enterprise,
    IndustrialZone,
    Locality,
    MassOrganization,
    MassOrgKind,
    Ownership,
    WomenForm,
)
from ..rules import SIZE_BANDS, work_list_min_workers
from .facts import (
    COVERAGE_KINDS,
    KEYS,
    Facts,
    band_case,
    existing_ids_on,
    facts_on,
    latest_workforce_on,
    mass_orgs_on,
    with_keys_on,
    with_members_on,
    with_workforce_on,
)


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

    def add(self, enterprises: int, workers: int, kinds: list[str]) -> None:
        """Count `enterprises` enterprises with `workers` workers in all, having each of `kinds`."""
        self.enterprises += enterprises
        self.workers += workers
        for k in kinds:
            self.by_kind[k].enterprises += enterprises
            self.by_kind[k].workers += workers

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


def _in_scope(user: Any, scope: Organization, on: date) -> QuerySet[Enterprise]:
    """scope_enterprises without DISTINCT (the filters are subqueries: no row repeats), for grouping."""
    path = path_on(scope.pk, on)
    if path is None:
        return Enterprise.objects.none()
    subtree = OrgPathSpan.objects.filter(on_date_q(on), path__startswith=path).values("organization_id")
    return visible_enterprises_on(user, on).filter(responsible_on_q(subtree, on))


def scope_enterprises(user: Any, scope: Organization, on: date) -> QuerySet[Enterprise]:
    """Enterprises followed on `on` by a committee in `scope`'s subtree of that date (and visible to the user
    then): the links and the tree of that date, so a later reorganisation changes nothing of the past."""
    return _in_scope(user, scope, on).distinct()


OWNERSHIP_LABELS = {o.value: o.label for o in Ownership}
GROUPS = ("Loại hình sở hữu", "Quy mô lao động", "Khu công nghiệp", "Địa bàn")


def covered_ids(user: Any, scope: Organization, on: date) -> list[int]:
    """The enterprises of the coverage report: in scope on `on` (scope_enterprises) and existing then."""
    return existing_ids_on(_in_scope(user, scope, on).values("pk"), on)


def coverage(user: Any, scope_id: Any, on: date) -> Coverage:
    """Enterprises and workers in scope on `on`, how many have each kind of organisation (counts and shares)
    by ownership, size band, zone and locality, and the headline table of organisations and members. Grouped by
    the database, one grouped query per table (enterprises, workforce counts, mass organisations and their
    counts): a fixed number of queries, tuples not objects, whatever the number of enterprises."""
    scope = org_get(user, scope_id)
    ids = covered_ids(user, scope, on)
    grouped = with_keys_on(with_workforce_on(Enterprise.objects.filter(any_in("pk", ids)), ids, on), on).annotate(
        on_band=band_case("on_wf__workers")
    ).values(*KEYS, "on_band").annotate(
        n=Count("pk"), w=Sum("on_wf__workers"), owners=Count("owner_member_id")
    ).order_by() if ids else []
    enterprises: dict[tuple[Any, ...], list[tuple[str, int, int, int]]] = defaultdict(list)
    for g in grouped:
        enterprises[tuple(g[k] for k in KEYS)].append((g["on_band"], g["n"], g["w"] or 0, g["owners"]))
    zones = dict(IndustrialZone.objects.filter(pk__in={k[1] for k in enterprises if k[1]}).values_list("pk", "name"))
    localities = dict(Locality.objects.filter(pk__in={k[2] for k in enterprises}).values_list("pk", "name"))
    total = CoverageRow("Tổng số")
    groups: dict[str, dict[str, CoverageRow]] = {
        "Loại hình sở hữu": {o.label: CoverageRow(o.label) for o in Ownership},
        "Quy mô lao động": {b[2]: CoverageRow(b[2]) for b in SIZE_BANDS},
        "Khu công nghiệp": {},
        "Địa bàn": {},
    }
    owners = 0
    party_ids: set[int] = set()
    for key, bands in enterprises.items():
        ownership, zone_id, locality_id, party_id, party_alive, *has = key
        kinds = (["party"] if party_alive else []) + [k.value for k, h in zip(MassOrgKind, has, strict=True) if h]
        if party_alive:
            party_ids.add(party_id)
        zone = zones[zone_id] if zone_id else "Ngoài khu công nghiệp"
        for band, n, workers, n_owners in bands:
            owners += n_owners
            total.add(n, workers, kinds)
            labels = [OWNERSHIP_LABELS[ownership], band, zone, localities.get(locality_id, "—")]
            for group, label in zip(GROUPS, labels, strict=True):
                row = groups[group].get(label)
                if row is None:
                    row = groups[group][label] = CoverageRow(label)
                row.add(n, workers, kinds)
    breakdowns = []
    for group, rows in groups.items():
        ordered = list(rows.values())
        if group in ("Khu công nghiệp", "Địa bàn"):
            ordered.sort(key=lambda r: (r.label == "Ngoài khu công nghiệp", r.label))
        breakdowns.append((group, ordered))
    headline = [_party_line(sorted(party_ids), on), *_mass_lines(ids, on)]
    return Coverage(scope, on, total, breakdowns, headline, owners)


def _party_line(party_ids: list[int], on: date) -> HeadlineLine:
    """The party organisations of the covered enterprises (existing on `on`) and their members, split by the
    committee directly under the province they belonged to on `on` (bloc committee, each local committee)."""
    heads = subtree_headcounts(party_ids, on) if party_ids else {}
    paths = dict(
        OrgPathSpan.objects.filter(on_date_q(on), any_in("organization_id", party_ids))
        .values_list("organization_id", "path")
    ) if party_ids else {}
    top: dict[int, int] = {}
    for oid, path in paths.items():
        segs = [int(s) for s in path.rstrip(".").split(".")]
        top[oid] = segs[1] if len(segs) > 1 else segs[0]
    names = names_on(sorted(set(top.values())), on)
    parts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for oid in party_ids:
        parts[top.get(oid, 0)][0] += 1
        parts[top.get(oid, 0)][1] += heads.get(oid, 0)
    return HeadlineLine(
        "party", "Tổ chức đảng", len(party_ids), sum(heads.get(o, 0) for o in party_ids),
        sorted(((names.get(t, "—"), v[0], v[1]) for t, v in parts.items()), key=lambda x: x[0]),
    )


def _mass_lines(enterprise_ids: list[int], on: date) -> list[HeadlineLine]:
    """Per kind, the covered enterprises' mass organisations of `on` (the latest founded of each kind, as
    facts_on) and their latest member counts, women's by form; how many were rated at the kind's top level the
    year before (ratings.selectors.mass_org_ratings_of). One grouped query."""
    mass = mass_orgs_on(enterprise_ids, on)
    ratings = mass_org_ratings_of(MassOrganization, on.year - 1)
    top = Q(pk__in=[])
    for kind, levels in MASS_ORG_LEVELS.items():
        top |= Q(kind=kind, pk__in=ratings.filter(level=levels[0][0]).values("subject_id"))
    orgs = {(r["kind"], r["form"]): (r["n"], r["top"], r["m"] or 0) for r in with_members_on(
        mass, enterprise_ids, on).values("kind", "form").annotate(
        n=Count("pk"), top=Count("pk", filter=top), m=Sum("on_count__members")).order_by()}
    lines = []
    for kind in MassOrgKind:
        mine = [v for key, v in orgs.items() if key[0] == kind]
        line = HeadlineLine(kind.value, kind.label, sum(v[0] for v in mine), sum(v[2] for v in mine))
        if kind == MassOrgKind.WOMEN:
            for form in (WomenForm.CLUB, WomenForm.BRANCH, WomenForm.GROUP):
                n, _top, m = orgs.get((kind.value, form.value), (0, 0, 0))
                line.parts.append((str(form.label), n, m))
        best = MASS_ORG_LEVELS.get(kind.value)
        if best:
            line.top_label = best[0][1]
            line.top_rated = sum(v[1] for v in mine)
        lines.append(line)
    return lines


WORK_LIST_PAGE_SIZE = 100


@dataclass
class WorkListPage:
    """One page of the work list: its facts, how many enterprises the whole list holds, the page and the pages."""

    items: list[Facts]
    count: int
    page: int
    pages: int


def _work_list_order(user: Any, scope_id: Any, on: date, lacking: str, min_workers: int | None) -> list[int]:
    """The work list's enterprises in its order (largest workforce of `on` first, then by name), as ids: the
    workforce counts and names only, no Facts."""
    if lacking not in ("", "party", "union"):
        raise DomainError("Tham số 'thiếu' phải là party (tổ chức đảng) hoặc union (công đoàn).", field="lacking",
                          rule="choices")
    threshold = work_list_min_workers() if min_workers is None else min_workers
    if threshold < 0:
        raise DomainError("Số lao động tối thiểu không được âm.", field="min_workers", rule="non_negative")
    scope = org_get(user, scope_id)
    ids = covered_ids(user, scope, on)
    workers = dict(latest_workforce_on(ids, on).values_list("enterprise_id", "workers"))
    big = {e for e, n in workers.items() if n >= threshold}
    if threshold <= 0:  # no workforce count counts as 0
        big |= set(ids) - set(workers)
    no_party, no_union = Q(on_party_alive=False), Q(**{f"on_has_{MassOrgKind.TRADE_UNION.value}": False})
    lacks = with_keys_on(Enterprise.objects.filter(any_in("pk", sorted(big))), on).filter(
        {"party": no_party, "union": no_union, "": no_party | no_union}[lacking])
    rows = sorted(lacks.values_list("pk", "name"), key=lambda r: (-(workers.get(r[0]) or 0), r[1]))
    return [pk for pk, _name in rows]


def _work_list_facts(ids: list[int], on: date) -> list[Facts]:
    """Facts of the listed enterprises on `on`, in the order of `ids` (the party organisations' members are not
    shown, so not counted)."""
    enterprises = {e.pk: e for e in Enterprise.objects.filter(any_in("pk", ids)).select_related(
        "locality", "zone", "party_org")}
    facts = {f.enterprise.pk: f for f in facts_on([enterprises[i] for i in ids if i in enterprises], on)}
    return [facts[i] for i in ids if i in facts]


def work_list(user: Any, scope_id: Any, on: date, *, lacking: str = "", min_workers: int | None = None) -> list[Facts]:
    """Large enterprises (>= the rule's workforce) with no party organisation and/or no trade union on `on`:
    the steering committee's work list, largest first (the API and the exports: all of it)."""
    return _work_list_facts(_work_list_order(user, scope_id, on, lacking, min_workers), on)


def work_list_paged(user: Any, scope_id: Any, on: date, *, lacking: str = "", min_workers: int | None = None,
                   page: int = 1, page_size: int | None = None) -> WorkListPage:
    """One page of work_list (the same enterprises in the same order; WORK_LIST_PAGE_SIZE a page): Facts only for
    the page's rows, so a province's list (~3.600 enterprises) costs its ordering, not 3.600 Facts."""
    ordered = _work_list_order(user, scope_id, on, lacking, min_workers)
    page_size = page_size or WORK_LIST_PAGE_SIZE
    pages = max(1, -(-len(ordered) // page_size))
    number = min(max(1, page), pages)
    chunk = ordered[(number - 1) * page_size : number * page_size]
    return WorkListPage(_work_list_facts(chunk, on), len(ordered), number, pages)
