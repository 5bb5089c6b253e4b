"""Organisations by kind and sector on a date; organisations founded and dissolved in a period."""

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, Q

from dangvu.core.dates import format_date
from dangvu.core.text import format_number
from dangvu.enterprises.models import Enterprise, MassOrganization, MassOrgKind, Ownership
from dangvu.enterprises.selectors import scope_enterprises
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrgEvent, OrgEventKind, OrgKind, OrgPathSpan, Sector
from dangvu.orgs.selectors import kinds_on, on_date_q

from ..model import TEXT, Chart, Column, Report, Table
from .common import SOURCE, Params, _day, _name, _path, _period


def organizations(p: Params) -> Report:
    """Organisations of the subtree on a date by kind, and grassroots organisations by sector."""
    path = _path(p.org, p.on)
    ids = [
        o
        for o in OrgPathSpan.objects.filter(on_date_q(p.on), path__startswith=path).values_list(
            "organization_id", flat=True
        )
        if o != p.org.pk
    ]
    rows = list(Organization.objects.filter(pk__in=ids).values_list("id", "kind", "sector"))
    kinds = kinds_on(ids, p.on, current={i: k for i, k, _ in rows})
    sector = {i: s for i, _, s in rows}
    by_kind = Counter(kinds.values())
    by_sector: dict[str, Counter[str]] = defaultdict(Counter)
    for i, k in kinds.items():
        if k in GRASSROOTS_KINDS:
            by_sector[sector[i]][k] += 1
    gc, gcell = by_kind[OrgKind.GRASSROOTS_COMMITTEE], by_kind[OrgKind.GRASSROOTS_CELL]
    kind_table = Table(
        "Tổ chức đảng theo loại hình",
        [Column("kind", "Loại hình", TEXT), Column("count", "Số lượng")],
        [[k.label, by_kind[k.value]] for k in OrgKind if by_kind[k.value]] + [["Tổng số", sum(by_kind.values())]],
    )
    sector_rows: list[list[Any]] = [
        [
            s.label,
            by_sector[s.value][OrgKind.GRASSROOTS_COMMITTEE],
            by_sector[s.value][OrgKind.GRASSROOTS_CELL],
            sum(by_sector[s.value].values()),
        ]
        for s in Sector
    ]
    sector_rows.append(["Tổng số", gc, gcell, gc + gcell])
    sector_table = Table(
        "Tổ chức cơ sở đảng theo khối, lĩnh vực",
        [
            Column("sector", "Khối, lĩnh vực", TEXT),
            Column("committees", "Đảng bộ cơ sở"),
            Column("cells", "Chi bộ cơ sở"),
            Column("total", "Tổng số"),
        ],
        sector_rows,
    )
    summary = (
        f"{format_number(gc + gcell)} tổ chức cơ sở đảng: {format_number(gc)} đảng bộ, {format_number(gcell)} chi bộ"
    )
    chart = Chart(
        "Tổ chức cơ sở đảng theo khối, lĩnh vực",
        [r[0] for r in sector_rows[:-1] if r[3]],
        [float(r[3]) for r in sector_rows[:-1] if r[3]],
    )
    return Report(
        "organizations",
        "Tổ chức đảng theo loại hình và lĩnh vực",
        _name(p.org, p.on),
        _day(p.on),
        f"{SOURCE}: cây tổ chức vào ngày {format_date(p.on)} (sau các quyết định thành lập, sáp nhập, giải thể đến "
        "ngày đó).",
        [kind_table, sector_table],
        [chart],
        [summary],
        p.org.pk,
        p.on,
        {
            "organization_id": p.org.pk,
            "on": p.on.isoformat(),
            "grassroots": gc + gcell,
            "grassroots_committees": gc,
            "grassroots_cells": gcell,
            "by_kind": {k: n for k, n in by_kind.items()},
            "by_sector": {s: dict(c) for s, c in by_sector.items()},
        },
    )


def organizations_founded(p: Params) -> Report:
    """Party organisations founded and dissolved (or merged away) in the period by sector, and mass organisations
    founded and dissolved in the non-state enterprises followed by the subtree."""
    path = _path(p.org, p.end)

    events = list(
        OrgEvent.objects.filter(
            kind__in=[OrgEventKind.FOUNDED, OrgEventKind.DISSOLVED, OrgEventKind.MERGED],
            effective_on__gte=p.start,
            effective_on__lte=p.end,
        ).values_list("organization_id", "kind", "effective_on", "org_kind")
    )
    spans: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    for o, f, t, pth in OrgPathSpan.objects.filter(organization_id__in={e[0] for e in events}).values_list(
        "organization_id", "valid_from", "valid_to", "path"
    ):
        spans[o].append((f, t, pth))

    def inside(org_id: int, d: date) -> bool:
        return any(f <= d and (t is None or d < t) and pth.startswith(path) for f, t, pth in spans.get(org_id, ()))

    info = {
        i: (k, s)
        for i, k, s in Organization.objects.filter(pk__in={e[0] for e in events}).values_list("id", "kind", "sector")
    }
    founded: dict[str, Counter[str]] = defaultdict(Counter)
    founded_ids: list[int] = []
    for o, kind, d, founded_as in events:
        if kind == OrgEventKind.FOUNDED and inside(o, d):
            k, s = info[o]
            k = founded_as or k  # the kind it was founded as, not a later one
            founded[s]["grassroots" if k in GRASSROOTS_KINDS else "other"] += 1
            founded_ids.append(o)
        elif kind != OrgEventKind.FOUNDED and inside(o, date.fromordinal(d.toordinal() - 1)):
            founded[info[o][1]]["ended"] += 1
    rows: list[list[Any]] = [
        [s.label, founded[s.value]["grassroots"], founded[s.value]["other"], founded[s.value]["ended"]] for s in Sector
    ]
    rows.append(["Tổng số", *[sum(r[i] for r in rows) for i in (1, 2, 3)]])
    party = Table(
        "Tổ chức đảng thành lập mới, giải thể, sáp nhập theo khối, lĩnh vực",
        [
            Column("sector", "Khối, lĩnh vực", TEXT),
            Column("founded_grassroots", "Thành lập TCCSĐ"),
            Column("founded_other", "Thành lập chi bộ, đảng bộ bộ phận"),
            Column("ended", "Giải thể, sáp nhập"),
        ],
        rows,
    )
    by_owner = Counter(Enterprise.objects.filter(party_org_id__in=founded_ids).values_list("ownership", flat=True))
    owner = Table(
        "Tổ chức đảng thành lập mới trong doanh nghiệp ngoài khu vực nhà nước, theo loại hình sở hữu",
        [Column("ownership", "Loại hình sở hữu", TEXT), Column("count", "Số tổ chức đảng")],
        [[o.label, by_owner[o.value]] for o in Ownership] + [["Tổng số", sum(by_owner.values())]],
    )
    ent = scope_enterprises(p.user, p.org, p.end).values("pk")
    # Every kind's founded and dissolved counts in one statement (one per kind and count was 10 statements, each
    # carrying the scope's enterprise list).
    counted = {
        kind: (founded_n, dissolved_n)
        for kind, founded_n, dissolved_n in MassOrganization.objects.filter(enterprise_id__in=ent).order_by()
        .values("kind")
        .annotate(
            founded_n=Count("id", filter=Q(founded_on__gte=p.start, founded_on__lte=p.end)),
            dissolved_n=Count("id", filter=Q(dissolved_on__gte=p.start, dissolved_on__lte=p.end)),
        )
        .values_list("kind", "founded_n", "dissolved_n")
    }
    mass_rows: list[list[Any]] = [[k.label, *counted.get(k.value, (0, 0))] for k in MassOrgKind]
    mass_rows.append(["Tổng số", sum(r[1] for r in mass_rows), sum(r[2] for r in mass_rows)])
    mass = Table(
        "Tổ chức đoàn thể trong doanh nghiệp ngoài khu vực nhà nước thành lập mới, giải thể",
        [Column("kind", "Loại tổ chức", TEXT), Column("founded", "Thành lập"), Column("dissolved", "Giải thể")],
        mass_rows,
    )
    total = rows[-1]
    return Report(
        "organizations-founded",
        "Tổ chức đảng, đoàn thể thành lập mới và giải thể",
        _name(p.org, p.end),
        _period(p.start, p.end),
        f"{SOURCE}: quyết định thành lập, sáp nhập, giải thể tổ chức đảng; sổ theo dõi tổ chức đoàn thể trong "
        "doanh nghiệp. Tổ chức tính vào cấp ủy nó trực thuộc vào ngày của quyết định.",
        [party, owner, mass],
        [],
        [
            f"Thành lập mới {format_number(total[1])} tổ chức cơ sở đảng và {format_number(total[2])} chi bộ, "
            f"đảng bộ bộ phận; giải thể, sáp nhập {format_number(total[3])} tổ chức đảng."
        ],
        p.org.pk,
        p.end,
        {
            "organization_id": p.org.pk,
            "from": p.start.isoformat(),
            "to": p.end.isoformat(),
            "founded_grassroots": total[1],
            "founded_other": total[2],
            "ended": total[3],
            "mass_founded": {k.value: r[1] for k, r in zip(MassOrgKind, mass_rows, strict=False)},
        },
    )
