"""An enterprise as of a date: status, workforce, dated links, party and mass organisations (bulk)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Model,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from dangvu.core.lookups import any_in
from dangvu.members.selectors import subtree_headcounts
from dangvu.orgs.models import OrgPathSpan
from dangvu.orgs.selectors import on_date_q

from ..links import links_on
from ..models import (
    Enterprise,
    EnterpriseStatus,
    EnterpriseStatusChange,
    IndustrialZone,
    Locality,
    MassOrganization,
    MassOrgCount,
    MassOrgKind,
    WorkforceCount,
)
from ..rules import SIZE_BANDS, size_band

PAGE_SIZE = 50
_M = TypeVar("_M", bound=Model)


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
    (7 queries, 9 with party members, whatever the number of enterprises); the latest rows of the date are picked
    by the functions below, the ones coverage groups by."""
    ids = [e.pk for e in enterprises]
    links = links_on(ids, on)
    status = statuses_on(ids, on)
    workforce: dict[int, tuple[int, int, int]] = {
        eid: (nw, nwo, nue) for eid, nw, nwo, nue in latest_workforce_on(ids, on).values_list(
            "enterprise_id", "workers", "women", "union_eligible")
    }
    mass_orgs = list(mass_orgs_on(ids, on).order_by("founded_on", "id"))
    counts: dict[int, int] = dict(
        latest_mass_counts_on([m.pk for m in mass_orgs], on).values_list("mass_org_id", "members")
    )
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


# ---- the same facts grouped by the database (coverage, work list) ------------------------------------------------
# facts_on above builds them enterprise by enterprise for the pages that show enterprises; the functions below
# read the same definitions table by table for figures aggregated in the database: the latest status change and
# uncancelled workforce or member count on or before the date (ties by id: the later row), the latest founded mass
# organisation of each kind living then, the link span of the date (else the enterprise's own fields), a party
# organisation counted when it exists on the date. Latest rows are picked by a window (ROW_NUMBER, PostgreSQL and
# SQLite alike), not by a subquery per enterprise. tests/enterprises/test_coverage_sql.py checks both agree, before
# and after a later restructuring.

EXISTING = [EnterpriseStatus.OPERATING, EnterpriseStatus.SUSPENDED]


def latest_of(qs: QuerySet[_M], partition: list[str], order: list[str]) -> QuerySet[_M]:
    """The pk of the last row of each `partition` group of `qs` by `order` (then id): a subquery for pk__in."""
    window = Window(RowNumber(), partition_by=[F(f) for f in partition],
                    order_by=[F(f).desc() for f in [*order, "id"]])
    return qs.annotate(on_rank=window).filter(on_rank=1).values("pk")


def statuses_on(enterprise_ids: list[int], on: date) -> dict[int, str]:
    """Each enterprise's status on `on`: its latest status change then (absent: not yet in the registry)."""
    changes = EnterpriseStatusChange.objects.filter(any_in("enterprise_id", enterprise_ids), effective_on__lte=on)
    latest = latest_of(changes, ["enterprise_id"], ["effective_on"])
    return dict(EnterpriseStatusChange.objects.filter(pk__in=latest).values_list("enterprise_id", "status"))


def existing_ids_on(enterprises: Any, on: date) -> list[int]:
    """Of `enterprises` (a subquery of pks), those existing on `on`: their latest status change then says
    operating or suspended (Facts.exists)."""
    changes = EnterpriseStatusChange.objects.filter(enterprise_id__in=enterprises, effective_on__lte=on)
    latest = latest_of(changes, ["enterprise_id"], ["effective_on"])
    return sorted(EnterpriseStatusChange.objects.filter(pk__in=latest, status__in=EXISTING)
                  .values_list("enterprise_id", flat=True))


def latest_workforce_ids_on(enterprise_ids: list[int], on: date) -> QuerySet[WorkforceCount]:
    """The workforce count of each enterprise on `on` (its latest uncancelled one then), a subquery of pks."""
    counts = WorkforceCount.objects.filter(any_in("enterprise_id", enterprise_ids), as_of__lte=on,
                                           voided_at__isnull=True)
    return latest_of(counts, ["enterprise_id"], ["as_of"])


def latest_workforce_on(enterprise_ids: list[int], on: date) -> QuerySet[WorkforceCount]:
    """The workforce count of each enterprise on `on` (its latest uncancelled one then)."""
    return WorkforceCount.objects.filter(pk__in=latest_workforce_ids_on(enterprise_ids, on))


def mass_orgs_alive_on(on: date) -> QuerySet[MassOrganization]:
    """Mass organisations founded on or before `on` and not dissolved by then."""
    return MassOrganization.objects.filter(founded_on__lte=on).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)
    )


def mass_orgs_on(enterprise_ids: list[int], on: date) -> QuerySet[MassOrganization]:
    """Each enterprise's mass organisation of each kind on `on` (the latest founded living then)."""
    alive = mass_orgs_alive_on(on).filter(any_in("enterprise_id", enterprise_ids))
    return MassOrganization.objects.filter(pk__in=latest_of(alive, ["enterprise_id", "kind"], ["founded_on"]))


def with_latest_on(qs: QuerySet[_M], relation: str, latest: QuerySet[Any], condition: Q, name: str) -> QuerySet[_M]:
    """Each row of `qs` once, joined (as `name`) to its row of `relation` among `latest` (a latest_of subquery of
    the rows meeting `condition`), or to nothing when it has none: a join, not a subquery per row."""
    joined = qs.annotate(**{name: FilteredRelation(relation, condition=condition)})
    return joined.filter(Q(**{f"{name}__id__isnull": True}) | Q(**{f"{name}__id__in": latest}))


def with_workforce_on(qs: QuerySet[Enterprise], enterprise_ids: list[int], on: date) -> QuerySet[Enterprise]:
    """Enterprises (among `enterprise_ids`) joined as `on_wf` to their workforce count on `on` (None: no count)."""
    return with_latest_on(qs, "workforce_counts", latest_workforce_ids_on(enterprise_ids, on),
                          Q(workforce_counts__as_of__lte=on, workforce_counts__voided_at__isnull=True), "on_wf")


def latest_mass_counts_ids_on(mass_orgs: Any, on: date) -> QuerySet[MassOrgCount]:
    """The member count of each mass organisation on `on` (its latest uncancelled one then), a subquery of pks;
    `mass_orgs`: a Q on MassOrgCount choosing them."""
    counts = MassOrgCount.objects.filter(mass_orgs, as_of__lte=on, voided_at__isnull=True)
    return latest_of(counts, ["mass_org_id"], ["as_of"])


def latest_mass_counts_on(mass_org_ids: list[int], on: date) -> QuerySet[MassOrgCount]:
    """The member count of each of the mass organisations on `on` (its latest uncancelled one then)."""
    return MassOrgCount.objects.filter(pk__in=latest_mass_counts_ids_on(any_in("mass_org_id", mass_org_ids), on))


def with_members_on(qs: QuerySet[MassOrganization], enterprise_ids: list[int], on: date) -> QuerySet[MassOrganization]:
    """Mass organisations (of `enterprise_ids`) joined as `on_count` to their member count on `on` (None: none)."""
    latest = latest_mass_counts_ids_on(any_in("mass_org__enterprise_id", enterprise_ids), on)
    return with_latest_on(qs, "counts", latest, Q(counts__as_of__lte=on, counts__voided_at__isnull=True), "on_count")


def with_keys_on(qs: QuerySet[Enterprise], on: date) -> QuerySet[Enterprise]:
    """Enterprises annotated with their grouping keys on `on`: on_ownership, on_locality, on_zone, on_party (ids; the
    link span of the date, else the enterprise's own fields), on_party_alive and on_has_<kind> for each kind of
    mass organisation (as facts_on)."""
    linked = Q(on_link__id__isnull=False)
    qs = qs.annotate(
        on_link=FilteredRelation("link_spans", condition=on_date_q(on, "link_spans__")),
        on_ownership=F("ownership"),
    ).annotate(
        on_locality=Case(When(linked, then=F("on_link__locality_id")), default=F("locality_id")),
        on_zone=Case(When(linked, then=F("on_link__zone_id")), default=F("zone_id")),
        on_party=Case(When(linked, then=F("on_link__party_org_id")), default=F("party_org_id")),
    )
    # Uncorrelated IN (one hashed set each on PostgreSQL) rather than EXISTS per row: the planner's cost of the latter
    # at province scale (~400.000) set off JIT compilation, about a second on every run.
    alive = OrgPathSpan.objects.filter(on_date_q(on)).values("organization_id")
    return qs.annotate(
        on_party_alive=ExpressionWrapper(Q(on_party__isnull=False, on_party__in=alive), output_field=BooleanField()),
        **{f"on_has_{k.value}": ExpressionWrapper(
            Q(pk__in=mass_orgs_alive_on(on).filter(kind=k.value).values("enterprise_id")), output_field=BooleanField(),
        ) for k in MassOrgKind},
    )


KEYS = ["on_ownership", "on_zone", "on_locality", "on_party", "on_party_alive",
        *(f"on_has_{k.value}" for k in MassOrgKind)]


def band_case(field: str) -> Case:
    """rules.size_band as a SQL expression on `field` (None: UNKNOWN_BAND)."""
    whens = [When(**{f"{field}__isnull": True}, then=Value(UNKNOWN_BAND))]
    for low, high, label in SIZE_BANDS:
        bounds = {f"{field}__gte": low, **({f"{field}__lt": high} if high is not None else {})}
        whens.append(When(**bounds, then=Value(label)))
    return Case(*whens, default=Value(SIZE_BANDS[-1][2]))
