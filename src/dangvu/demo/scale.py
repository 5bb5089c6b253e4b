"""`dangvu demo --scale province2025`: a merged province after the 2025 reorganisation at full size, for the
scale benchmark (`make bench-scale`): ~2.500 grassroots organisations, ~15.000 cells, ~270.000 members with
fifteen years of admissions, recognitions, transfers and departures.

Leaner than the bloc demo (no candidates, meetings or documents): organisations and members are bulk-inserted in
batches with the same folds the services use (orgs.projection.compute_org, members.projection.compute_member), so
`dangvu rebuild --check` finds nothing to repair; progress is printed per batch. Then, for the province's reports at
full size, the closed rating rounds of the province committee for the two previous years (every member, grassroots
organisation, leadership collective and leader, as demo.ratings writes them) and the non-state enterprises its
steering committees follow (demo.enterprises: one locality per commune, party cells of enterprises under the
communes, workforce and mass-organisation counts).
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from dangvu.core.dates import add_months, today
from dangvu.core.text import collation_key, name_sort_key, search_key
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan
from dangvu.members.projection import compute_member
from dangvu.orgs.models import (
    CELL_KINDS,
    GRASSROOTS_KINDS,
    Organization,
    OrgEvent,
    OrgEventKind,
    OrgKind,
    OrgParentSpan,
    Sector,
)
from dangvu.orgs.projection import compute_org, rebuild_paths

from .enterprises import extend as extend_enterprises
from .names import full_name
from .ratings import _round as closed_round

PROVINCE = "Đảng bộ tỉnh Ninh Bình"
FOUNDED = date(2008, 1, 1)
HISTORY_FROM = date(2011, 1, 1)  # fifteen years of events
BATCH = 10_000


@dataclass
class Plan:
    communes: int = 130  # commune/ward committees (grassroots), each with its cells
    commune_cells: int = 60
    committees: int = 1_170  # đảng bộ cơ sở under the province's agencies' and government committees
    committee_cells: int = 5
    grassroots_cells: int = 1_200  # chi bộ cơ sở under them
    members: int = 270_000  # active today
    leavers: float = 0.08  # share of records that left in the fifteen years
    enterprise_cells: int = 3  # party cells of non-state enterprises under each commune committee
    enterprises: int = 8_000  # non-state enterprises the steering committees follow
    rating_years: int = 2  # closed rating rounds of the province committee (the years before this one)


_FIRMS = ["TNHH May Thành Nam", "Cổ phần Cơ khí Hoa Lư", "TNHH Điện tử Gián Khẩu", "Cổ phần Xây dựng Tràng An",
          "TNHH Thực phẩm Kim Sơn", "Cổ phần Vận tải Phủ Lý", "TNHH Dệt Nam Định", "Cổ phần Vật liệu Tam Điệp"]


@dataclass
class _Org:
    name: str
    kind: str
    sector: str
    parent: "_Org | None"
    pk: int = 0
    cells: list["_Org"] = field(default_factory=list)


def _plan_tree(plan: Plan, rng: random.Random, name: str = PROVINCE) -> tuple[_Org, list[_Org]]:
    province = _Org(name, OrgKind.PROVINCIAL_COMMITTEE, "other", None)
    tops = [
        _Org("Đảng bộ các cơ quan Đảng tỉnh", OrgKind.PARTY_AGENCIES_COMMITTEE, "party_agency", province),
        _Org("Đảng bộ Ủy ban nhân dân tỉnh", OrgKind.GOVERNMENT_COMMITTEE, "state_agency", province),
    ]
    orgs = [province, *tops]
    cells: list[_Org] = []
    for i in range(plan.communes):
        kind_name = "phường" if i % 4 == 0 else "xã"
        commune = _Org(f"Đảng bộ {kind_name} {i + 1:03d}", OrgKind.COMMUNE_COMMITTEE, "other", province)
        orgs.append(commune)
        for j in range(plan.commune_cells):
            street = "tổ dân phố" if kind_name == "phường" else "thôn"
            c = _Org(f"Chi bộ {street} {j + 1}", OrgKind.SUBORDINATE_CELL, "other", commune)
            orgs.append(c)
            cells.append(c)
        for j in range(plan.enterprise_cells):
            c = _Org(f"Chi bộ Công ty {rng.choice(_FIRMS)} {i + 1:03d}-{j + 1}", OrgKind.SUBORDINATE_CELL,
                     Sector.NON_STATE_ENTERPRISE, commune)
            orgs.append(c)
            cells.append(c)
    sectors = ["state_agency", "public_service", "state_enterprise", "party_agency"]
    for i in range(plan.committees):
        top = tops[i % 2]
        g = _Org(f"Đảng bộ cơ quan số {i + 1:04d}", OrgKind.GRASSROOTS_COMMITTEE, rng.choice(sectors), top)
        orgs.append(g)
        for j in range(plan.committee_cells + rng.randint(-2, 2)):
            c = _Org(f"Chi bộ phòng {j + 1}", OrgKind.SUBORDINATE_CELL, g.sector, g)
            orgs.append(c)
            cells.append(c)
    for i in range(plan.grassroots_cells):
        top = tops[i % 2]
        c = _Org(f"Chi bộ cơ quan số {i + 1:04d}", OrgKind.GRASSROOTS_CELL, rng.choice(sectors), top)
        orgs.append(c)
        cells.append(c)
    return province, orgs


def _write_orgs(orgs: list[_Org]) -> None:
    by_depth: dict[int, list[_Org]] = {}
    for unit in orgs:
        depth, x = 0, unit
        while x.parent is not None:
            depth, x = depth + 1, x.parent
        by_depth.setdefault(depth, []).append(unit)
    for depth in sorted(by_depth):
        units = by_depth[depth]
        objs = [
            Organization(name=u.name, kind=u.kind, sector=u.sector, parent_id=u.parent.pk if u.parent else None,
                         founded_on=FOUNDED, search_key=search_key(u.name), sort_key=collation_key(u.name))
            for u in units
        ]
        Organization.objects.bulk_create(objs, batch_size=2000)
        for u, o in zip(units, objs, strict=True):
            u.pk = o.pk
        events = [OrgEvent(organization=o, kind=OrgEventKind.FOUNDED, effective_on=FOUNDED, name=o.name,
                           parent_id=o.parent_id) for o in objs]
        OrgEvent.objects.bulk_create(events, batch_size=2000)
        spans = []
        for o, ev in zip(objs, events, strict=True):
            _fields, parent_spans = compute_org(o, [ev])
            spans += [OrgParentSpan(organization=o, parent_id=p, valid_from=f, valid_to=t) for p, f, t in parent_spans]
        OrgParentSpan.objects.bulk_create(spans, batch_size=2000)
    rebuild_paths()


def _life(rng: random.Random, cells: list[_Org], now: date, leaving: bool,
          keys: dict[str, tuple[str, str]] | None = None) -> tuple[dict[str, Any], list[tuple]]:
    """One member's record and events: (kind, date, cell, to_cell). `keys` caches each name's search and sort keys
    (the collation key costs more than the rest of a life)."""
    sex = "F" if rng.random() < 0.42 else "M"
    admitted = now - timedelta(days=int(rng.triangular(30, 50 * 365, 12 * 365)))
    birth = admitted - timedelta(days=int(rng.uniform(19, 40) * 365))
    cell = rng.choice(cells)
    ceremony = admitted + timedelta(days=rng.randint(3, 25))
    first = EventKind.ADMITTED if admitted >= FOUNDED else EventKind.JOINED
    events: list[tuple[str, date, _Org, _Org | None]] = [(first, max(admitted, FOUNDED), cell, None)]
    full_on = add_months(ceremony, 12) + timedelta(days=rng.randint(0, 40))
    if full_on < now:
        events.append((EventKind.RECOGNISED_FULL, max(full_on, events[0][1]), cell, None))
    last = events[-1][1]
    if rng.random() < 0.25 and last < now - timedelta(days=60):
        on = last + timedelta(days=rng.randint(30, max(31, (now - last).days - 1)))
        on = max(on, HISTORY_FROM)
        if on < now:
            to = rng.choice(cells)
            if to is not cell:
                events.append((EventKind.TRANSFERRED, on, cell, to))
                cell, last = to, on
    if leaving and last < now - timedelta(days=2):
        on = max(last + timedelta(days=1), HISTORY_FROM + timedelta(days=rng.randint(0, 5000)))
        if on < now:
            events.append((rng.choice([EventKind.DECEASED, EventKind.TRANSFERRED_OUT]), on, cell, None))
    name = full_name(rng, sex, birth.year)
    known = keys.get(name) if keys is not None else None
    if known is None:
        known = (search_key(name), name_sort_key(name))
        if keys is not None:
            keys[name] = known
    record = {"full_name": name, "sex": sex, "birth_date": birth, "admitted_on": admitted, "ceremony_on": ceremony,
              "search_key": known[0], "sort_key": known[1], "organization_id": events[0][2].pk}
    return record, events


def _write_members(lives: list[tuple[dict[str, Any], list[tuple]]]) -> int:
    members = [Member(**record) for record, _ev in lives]
    evs: list[list[MemberEvent]] = []
    for m, (_record, events) in zip(members, lives, strict=True):
        objs = [
            MemberEvent(member=m, kind=k, effective_on=d, organization_id=c.pk,
                        to_organization_id=to.pk if to is not None else None,
                        destination="Đảng bộ tỉnh khác" if k == EventKind.TRANSFERRED_OUT else "")
            for k, d, c, to in events
        ]
        proj = compute_member(m, objs)
        for k2, v in proj.fields.items():
            setattr(m, k2, v)
        evs.append(objs)
    Member.objects.bulk_create(members, batch_size=2000)
    flat = [e for objs in evs for e in objs]
    MemberEvent.objects.bulk_create(flat, batch_size=5000)
    spans = []
    for m, objs in zip(members, evs, strict=True):
        spans += [MembershipSpan(member=m, organization_id=o, valid_from=vf, valid_to=vt, start_kind=sk,
                                 end_kind=ek, full_from=ff)
                  for o, vf, vt, sk, ek, ff in compute_member(m, objs).spans]
    MembershipSpan.objects.bulk_create(spans, batch_size=5000)
    return len(flat)


def generate_province2025(*, seed: int = 2025, plan: Plan | None = None,
                          out: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """Build the merged province (see module doc); returns counts and timings."""
    say = out or (lambda _s: None)
    plan = plan or Plan()
    rng = random.Random(seed)
    now = today()
    t0 = time.perf_counter()
    with transaction.atomic():
        province, orgs = _plan_tree(plan, rng)
        _write_orgs(orgs)
    cells = [o for o in orgs if o.kind in (OrgKind.SUBORDINATE_CELL, OrgKind.GRASSROOTS_CELL)]
    say(f"  {len(orgs):,} tổ chức ({len(cells):,} chi bộ) trong {time.perf_counter() - t0:.1f} s".replace(",", "."))
    total = int(plan.members / (1 - plan.leavers))
    events = 0
    for start in range(0, total, BATCH):
        n = min(BATCH, total - start)
        lives = [_life(rng, cells, now, rng.random() < plan.leavers) for _ in range(n)]
        with transaction.atomic():
            events += _write_members(lives)
        say(f"  đảng viên {start + n:,}/{total:,} ({time.perf_counter() - t0:.0f} s)".replace(",", "."))
    result: dict[str, Any] = {"organizations": len(orgs), "cells": len(cells), "members": total, "events": events,
                              "province_id": province.pk}
    result.update(generate_province_work(seed=seed, plan=plan, out=say))
    result["seconds"] = time.perf_counter() - t0
    return result


def generate_province_work(*, seed: int = 2025, plan: Plan | None = None,
                           out: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """The province's closed rating rounds and its enterprises (see module doc), on a province already built (by
    generate_province2025, or an older build without them); returns their counts."""
    say = out or (lambda _s: None)
    plan = plan or Plan()
    rng = random.Random(seed + 16)
    now = today()
    province = Organization.objects.get(parent__isnull=True, kind=OrgKind.PROVINCIAL_COMMITTEE)
    t0 = time.perf_counter()
    entries = 0
    for year in range(now.year - plan.rating_years, now.year):
        with transaction.atomic():
            entries += closed_round(rng, province, year)["entries"]
        say(f"  xếp loại năm {year}: {entries:,} kết quả ({time.perf_counter() - t0:.0f} s)".replace(",", "."))
    communes = list(Organization.objects.filter(kind=OrgKind.COMMUNE_COMMITTEE, parent=province).order_by("id"))
    with transaction.atomic():
        firms = extend_enterprises(seed=seed, scale="province2025", today=now, count=plan.enterprises,
                                   committees=communes, party_kinds=CELL_KINDS | GRASSROOTS_KINDS)
    n = {k: f"{firms.get(k, 0):,}".replace(",", ".") for k in ("enterprises", "with_party_org", "mass_organizations")}
    say(f"  {n['enterprises']} doanh nghiệp ({n['with_party_org']} có tổ chức đảng), {n['mass_organizations']} tổ chức "
        f"đoàn thể ({time.perf_counter() - t0:.0f} s)")
    return {"rating_entries": entries, "enterprises": firms.get("enterprises", 0),
            "enterprises_with_party_org": firms.get("with_party_org", 0),
            "mass_organizations": firms.get("mass_organizations", 0)}
