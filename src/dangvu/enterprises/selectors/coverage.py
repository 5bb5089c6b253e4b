"""Coverage of party and mass organisations on a date, by ownership, size, zone and locality; the work list."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from dangvu.core.errors import DomainError
from dangvu.orgs.models import Organization, OrgPathSpan
from dangvu.orgs.selectors import names_on, on_date_q, org_get, path_on
from dangvu.ratings.rules import MASS_ORG_LEVELS
from dangvu.ratings.selectors import mass_org_ratings_for

from ..access import visible_enterprises_on
from ..links import responsible_on_q
from ..models import (
    Enterprise,
    MassOrgKind,
    Ownership,
    WomenForm,
)
from ..rules import SIZE_BANDS, work_list_min_workers
from .facts import COVERAGE_KINDS, Facts, facts_on


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
