"""Demo data: a Ninh Bình-like province with its bloc committee, members and their histories.

Design (README "Design" has the summary):
- Organisations are inserted level by level in bulk (rows, FOUNDED events, parent spans folded by
  orgs.projection.compute_org, audit entries), then orgs.projection.rebuild_paths() runs once — the
  same projection code the services use, without the per-organisation full path rebuild.
- Members are simulated in memory: each one starts in a cell (admitted there, or joined from outside),
  then competing events (transfers, temporary transfers, transfer out, strike-off, expulsion, death,
  retirement, exemption, recognition 12+ months after the ceremony) are drawn until today. The Member
  rows, MemberEvent rows, MembershipSpan rows (members.projection.compute_member) and one AuditEntry per
  member are bulk-inserted.
- Restructuring goes through the real services with the province administrator as actor:
  members.restructuring.org_merge (a grassroots committee into another, its cells following; a cell
  into another, its members following as ORG_MERGED events) and orgs.services.org_rename.
  Members of the merged cell get their later events inserted after the merge and re-projected with
  members.projection.apply_member.
- Everything is drawn from one random.Random(seed) and dates relative to core.dates.today(): the same
  seed on the same day gives the same data. `members.projection.rebuild_all(repair=False)` is [] after.
"""

from __future__ import annotations

import math
import random
import time
from bisect import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from django.db import connection, transaction
from django.utils.module_loading import import_string

from dangvu.core.audit import snapshot
from dangvu.core.dates import add_months, full_years_between, today
from dangvu.core.models import AuditEntry
from dangvu.core.text import collation_key, name_sort_key, search_key
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan
from dangvu.members.projection import apply_member, compute_member
from dangvu.orgs.models import Organization, OrgEvent, OrgEventKind, OrgKind, OrgParentSpan
from dangvu.orgs.projection import compute_org, rebuild_paths

from . import data
from .names import full_name

# Apps above members add their demo data after the organisations and members exist (each: extend(...) -> dict).
DEMO_EXTENSIONS = [
    "dangvu.demo.admissions.extend",
    "dangvu.demo.ratings.extend",
    "dangvu.demo.enterprises.extend",
    "dangvu.demo.documents.extend",  # before the 2025 replay: the bloc keeps its documents and badges
    "dangvu.demo.reorganization.extend",  # replays 2025 on everything above (issue 11)
    "dangvu.demo.targets.extend",  # after it: targets set against the figures as they stand after 2025
    "dangvu.demo.transfers.extend",  # transfer letters, temporary ends, workers (issue 11, item 10): today's tree
]

DEMO_MARK = "demo_generated"
PASSWORD = "DangVu@2025"
PROVINCE_NAME = "Đảng bộ tỉnh Ninh Bình"
BLOC_NAME = "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh"
HANH = "Nguyễn Thị Hồng Hạnh"
BLOC_KINDS = ("bloc", "armed")
YEAR = 365.2425


@dataclass
class Scale:
    name: str
    bloc_units: int  # grassroots organisations in the bloc
    bloc_members: int  # active members wanted in the bloc today
    locals: int  # local committees
    communes: int  # grassroots committees (xã/phường) per local committee
    residential: tuple[int, int]  # subordinate cells per commune
    local_cells: int  # grassroots cells per local committee (schools, health centres)
    local_members: int  # active members wanted per local committee (before retirees arrive)
    armed: bool  # the armed bloc-like committees (quân sự, công an)
    armed_members: int
    retire_to_local: float  # share of retirees who move to a residential cell inside the province


SCALES = {
    "tiny": Scale("tiny", 9, 180, 2, 1, (2, 2), 1, 18, False, 0, 0.3),
    "bloc": Scale("bloc", 160, 8600, 2, 2, (3, 4), 2, 150, False, 0, 0.2),
    "province": Scale("province", 160, 8600, 8, 25, (4, 9), 6, 9800, True, 3000, 0.85),
}
TINY_UNITS = [  # (unit, sector, committee?)
    ("Sở Tài chính", "state_agency", True), ("Sở Kế hoạch và Đầu tư", "state_agency", True),
    ("Bệnh viện Đa khoa tỉnh", "public_service", True), ("Sở Tư pháp", "state_agency", False),
    ("Ngân hàng TMCP Công thương chi nhánh Ninh Bình", "state_enterprise", False),
    ("Công ty TNHH May Nam Sơn", "non_state_enterprise", False),
    ("Công ty Cổ phần Đầu tư Xây dựng Hoàng Long", "non_state_enterprise", False),
    ("Công ty Cổ phần Xây dựng Thành Nam", "non_state_enterprise", False),
    ("Sở Y tế", "state_agency", True),
]
MUST_HAVE = {u for u, _s, _c in TINY_UNITS}


@dataclass
class Unit:
    name: str
    kind: str
    sector: str
    founded: date
    parent: Unit | None = None
    top: Unit | None = None  # the bloc-like or local committee it lies under
    top_kind: str = ""  # "bloc" | "armed" | "local"
    label: str = ""  # the agency/enterprise/commune the organisation sits in
    residential: bool = False
    weight: float = 0.0  # active members wanted today (cells only)
    district: str = ""
    commune: str = ""
    dissolved: date | None = None
    merged_into: Unit | None = None
    pk: int | None = None
    obj: Organization | None = None

    @property
    def is_cell(self) -> bool:
        return self.kind in (OrgKind.GRASSROOTS_CELL, OrgKind.SUBORDINATE_CELL)


@dataclass
class Ev:
    on: date
    kind: str
    org: Unit
    to: Unit | None = None
    temporary: bool = False
    destination: str = ""
    document: str = ""


@dataclass
class Person:
    sex: str
    birth: date
    admitted: date
    ceremony: date
    first: Unit
    events: list[Ev] = field(default_factory=list)
    split: int | None = None  # events[split:] come after the service merge of the member's cell
    home: Unit | None = None
    active: bool = True
    ever_full: bool = False
    retired: bool = False
    name: str = ""
    profile: dict[str, Any] = field(default_factory=dict)


class Generator:
    def __init__(self, *, seed: int, scale: str, out: Any = None):
        self.rng = random.Random(seed)
        self.seed = seed
        self.scale = SCALES[scale]
        self.today = today()
        self.oldest_admission = date(self.today.year - 55, self.today.month, min(self.today.day, 28))
        self.units: list[Unit] = []
        self.people: list[Person] = []
        self.out = out
        self.timings: dict[str, float] = {}
        self.extensions: dict[str, Any] = {}
        self.citizen_ids: set[str] = set()
        self.card_numbers: set[str] = set()
        self.merge_committee_on = date(*data.MERGE_COMMITTEE[3])
        self.merge_cell_on = date(*data.MERGE_CELL[3])

    # ---------------------------------------------------------------- helpers
    def log(self, msg: str) -> None:
        if self.out is not None:
            self.out(msg)

    def days(self, a: int, b: int) -> timedelta:
        return timedelta(days=self.rng.randint(a, b))

    def between(self, a: date, b: date) -> date:
        if b <= a:
            return a
        return date.fromordinal(self.rng.randint(a.toordinal(), b.toordinal()))

    def weighted(self, pairs: list[tuple[str, float]]) -> str:
        total = sum(w for _, w in pairs)
        r = self.rng.random() * total
        for v, w in pairs:
            r -= w
            if r < 0:
                return v
        return pairs[-1][0]

    # ---------------------------------------------------------------- organisations
    def add(self, unit: Unit) -> Unit:
        if unit.parent is not None and unit.top is None:
            unit.top = unit.parent.top or unit.parent
            unit.top_kind = unit.parent.top_kind
        self.units.append(unit)
        return unit

    def cell_weight(self, base: float) -> float:
        return base * math.exp(self.rng.gauss(0, 0.45))

    def plan_tree(self) -> None:
        sc, rng = self.scale, self.rng
        province = self.add(Unit(PROVINCE_NAME, OrgKind.PROVINCIAL_COMMITTEE, "other", date(1950, 2, 3)))
        bloc = self.add(Unit(BLOC_NAME, OrgKind.BLOC_COMMITTEE, "other", date(2008, 3, 1), parent=province))
        bloc.top, bloc.top_kind = None, "bloc"
        self.province, self.bloc = province, bloc
        # Grassroots units of the bloc: the must-have ones, then by sector until the scale's count.
        if sc.name == "tiny":
            chosen = [(u, s, c) for u, s, c in TINY_UNITS]
        else:
            pool: list[tuple[str, str, bool]] = []
            for sector, units in data.SECTOR_UNITS.items():
                pool += [(u, sector, big) for u, big in units]
            marks = list(data.ENTERPRISE_MARKS)
            rng.shuffle(marks)
            extra: list[tuple[str, str, bool]] = []
            seen = {u for u, _s, _b in pool}
            while len(pool) + len(extra) < sc.bloc_units:
                name = (f"{rng.choice(data.ENTERPRISE_FORMS)} {rng.choice(data.ENTERPRISE_TRADES)} "
                        f"{rng.choice(marks)}")
                if name not in seen:
                    seen.add(name)
                    extra.append((name, "non_state_enterprise", False))
            pool = (pool + extra)[: max(sc.bloc_units, len(MUST_HAVE))]
            # About half become đảng bộ cơ sở: the big units first, then others (not small enterprises).
            committees = {u for u, _s, big in pool if big}
            others = [u for u, s, big in pool if not big and s != "non_state_enterprise" and u not in MUST_HAVE]
            rng.shuffle(others)
            for u in others:
                if len(committees) >= sc.bloc_units // 2:
                    break
                committees.add(u)
            must_cell = {"Sở Tư pháp", data.MERGE_CELL[0], data.MERGE_CELL[1]}
            committees -= must_cell
            committees |= {data.MERGE_COMMITTEE[0], data.MERGE_COMMITTEE[1], "Sở Y tế", "Bệnh viện Đa khoa tỉnh"}
            chosen = [(u, s, u in committees) for u, s, _b in pool]
        for unit_name, sector, committee in chosen:
            if sector == "non_state_enterprise":
                founded = self.between(date(2010, 1, 1), date(2024, 6, 30))
            elif rng.random() < 0.1:
                founded = self.between(date(2009, 1, 1), date(2020, 12, 31))
            else:
                founded = bloc.founded
            if unit_name == data.MERGE_CELL[1]:
                founded = date(2012, 4, 2)
            if unit_name == data.MERGE_CELL[0]:
                founded = date(2014, 5, 19)
            kind = OrgKind.GRASSROOTS_COMMITTEE if committee else OrgKind.GRASSROOTS_CELL
            g = self.add(Unit(f"{'Đảng bộ' if committee else 'Chi bộ'} {unit_name}", kind, sector, founded,
                              parent=bloc, label=unit_name))
            if not committee:
                base = 9 if sector == "non_state_enterprise" else 14
                g.weight = self.cell_weight(base)
                continue
            if unit_name == data.MERGE_COMMITTEE[0]:
                subs = list(data.SUB_CELLS_KHDT)[: (2 if sc.name == "tiny" else 5)]
            else:
                pool_names = (
                    data.SUB_CELLS_HOSPITAL if "Bệnh viện" in unit_name or "Trung tâm Kiểm soát" in unit_name
                    else data.SUB_CELLS_SCHOOL if "Trường" in unit_name
                    else data.SUB_CELLS_ENTERPRISE if "enterprise" in sector
                    else data.SUB_CELLS_AGENCY
                )
                n = rng.randint(2, 3) if sc.name == "tiny" else rng.randint(2, 8)
                subs = rng.sample(pool_names, min(n, len(pool_names)))
            base = 22 if ("Bệnh viện" in unit_name or "Trường" in unit_name) else 17
            for s in subs:
                sub_founded = founded if rng.random() < 0.85 else self.between(founded, date(2022, 12, 31))
                c = self.add(Unit(f"Chi bộ {s}", OrgKind.SUBORDINATE_CELL, sector, sub_founded, parent=g,
                                  label=unit_name))
                c.weight = self.cell_weight(base)
        self.normalise([u for u in self.units if u.top is bloc and u.is_cell], sc.bloc_members)
        # Armed bloc-like committees (province scale).
        if sc.armed:
            for name, sector, unit_names in data.ARMED_BLOCS:
                top = self.add(Unit(name, OrgKind.BLOC_COMMITTEE, sector, date(1992, 4, 1), parent=province))
                top.top, top.top_kind = None, "armed"
                for un in unit_names:
                    committee = rng.random() < 0.5
                    kind = OrgKind.GRASSROOTS_COMMITTEE if committee else OrgKind.GRASSROOTS_CELL
                    g = self.add(Unit(f"{'Đảng bộ' if committee else 'Chi bộ'} {un}", kind, sector,
                                      top.founded, parent=top, label=un))
                    if not committee:
                        g.weight = self.cell_weight(25)
                        continue
                    for i in range(rng.randint(2, 5)):
                        c = self.add(Unit(f"Chi bộ {i + 1}", OrgKind.SUBORDINATE_CELL, sector, top.founded,
                                          parent=g, label=un))
                        c.weight = self.cell_weight(25)
                self.normalise([u for u in self.units if u.top is top and u.is_cell], sc.armed_members // 2)
        # Local committees with communes (grassroots committees of residential cells) and a few cells.
        for name, district in data.LOCAL_COMMITTEES[: sc.locals]:
            top = self.add(Unit(name, OrgKind.LOCAL_COMMITTEE, "other", date(1992, 4, 1), parent=province,
                                district=district))
            top.top, top.top_kind = None, "local"
            communes = data.DISTRICTS[district][: sc.communes]
            for commune in communes:
                g = self.add(Unit(f"Đảng bộ {commune}", OrgKind.GRASSROOTS_COMMITTEE, "other", top.founded,
                                  parent=top, label=commune, district=district, commune=commune))
                street = "phố" if commune.startswith("phường") else "thôn"
                for i in range(rng.randint(*sc.residential)):
                    c = self.add(Unit(f"Chi bộ {street} {i + 1}", OrgKind.SUBORDINATE_CELL, "other", top.founded,
                                      parent=g, label=commune, residential=True, district=district,
                                      commune=commune))
                    c.weight = self.cell_weight(35)
            for i in range(sc.local_cells):
                template = data.LOCAL_UNITS[i % len(data.LOCAL_UNITS)]
                label = template.format(d=bare(district), c=bare(communes[i % len(communes)]))
                g = self.add(Unit(f"Chi bộ {label}", OrgKind.GRASSROOTS_CELL, "public_service", top.founded,
                                  parent=top, label=label, district=district))
                g.weight = self.cell_weight(18)
            self.normalise([u for u in self.units if u.top is top and u.is_cell], sc.local_members)
        by_label = {u.label: u for u in self.units if u.parent is self.bloc}
        self.merge_cell_from = by_label[data.MERGE_CELL[0]]
        self.merge_cell_into = by_label[data.MERGE_CELL[1]]
        self.merge_cell_from.dissolved = self.merge_cell_on
        self.merge_cell_from.merged_into = self.merge_cell_into
        self.merge_committee_from = by_label[data.MERGE_COMMITTEE[0]]
        self.merge_committee_into = by_label[data.MERGE_COMMITTEE[1]]
        self.cells = [u for u in self.units if u.is_cell]
        self.cells_by_top: dict[int, list[Unit]] = {}
        for c in self.cells:
            self.cells_by_top.setdefault(id(c.top), []).append(c)
        self.residential_cells = [c for c in self.cells if c.residential]
        self.tops = [u for u in self.units if u.parent is self.province]
        self._cum = {k: list(accumulate(c.weight for c in v)) for k, v in self.cells_by_top.items()}

    def normalise(self, cells: list[Unit], total: int) -> None:
        s = sum(c.weight for c in cells) or 1.0
        for c in cells:
            c.weight = max(1.0, c.weight * total / s)

    def pick_cell(self, on: date, *, top: Unit | None = None, avoid: Unit | None = None,
                  residential: bool = False) -> Unit | None:
        """A cell active on `on` (weighted by size), never the cell that is merged away."""
        for _ in range(12):
            if residential:
                if not self.residential_cells:
                    return None
                c = self.rng.choice(self.residential_cells)
            else:
                t = top if top is not None else self.rng.choice(self.tops)
                cells, cum = self.cells_by_top[id(t)], self._cum[id(t)]
                c = cells[bisect(cum, self.rng.random() * cum[-1])]
            if c is not avoid and c.dissolved is None and c.founded <= on:
                return c
        return None

    # ---------------------------------------------------------------- members
    def retirement(self, sex: str, birth: date) -> date:
        """Bộ luật Lao động 2019: 60 (men) / 55 (women) until 2020, then +3 / +4 months a year."""
        base = 60 if sex == "M" else 55
        d = date(birth.year + base, birth.month, min(birth.day, 28))
        if d.year > 2020:
            step = 3 if sex == "M" else 4
            cap = 24 if sex == "M" else 60
            d = add_months(d, min(cap, step * (d.year - 2020)))
        return d

    def death(self, sex: str, birth: date, alive_on: date) -> date:
        """Gompertz lifetime conditional on being alive on `alive_on`."""
        a0 = (alive_on - birth).days / YEAR
        alpha, beta = (3.3e-5 if sex == "M" else 2.0e-5), 0.0916
        u = self.rng.random() or 1e-12
        a = math.log(math.exp(beta * a0) - beta / alpha * math.log(u)) / beta
        return birth + timedelta(days=int(max(a, a0 + 0.01) * YEAR))

    def plan_person(self, cell: Unit) -> Person:
        rng, t = self.rng, self.today
        sex = "F" if rng.random() < (0.48 if cell.top_kind == "bloc" else 0.25 if cell.top_kind == "armed"
                                     else 0.42) else "M"
        founded = cell.founded
        horizon = t if cell.dissolved is None else cell.dissolved - timedelta(days=60)
        initial = founded < horizon and rng.random() < (0.12 if cell.top_kind == "local" else 0.5)
        if initial:
            start = founded
        else:
            span = (horizon - founded).days
            start = founded + timedelta(days=int(span * rng.random()))
        retiree = False
        if initial:
            kind = EventKind.JOINED
        elif cell.residential:
            r = rng.random()
            kind = EventKind.ADMITTED if r < 0.55 else EventKind.JOINED
            retiree = r >= 0.65
        else:
            kind = EventKind.ADMITTED if rng.random() < 0.7 else EventKind.JOINED
        if kind == EventKind.ADMITTED:
            if cell.residential:
                age = rng.triangular(18.2, 40, 22)
            elif cell.sector == "non_state_enterprise":
                age = rng.triangular(19, 45, 27)
            else:
                age = rng.triangular(18.5, 40, 26)
        elif retiree:
            age = rng.uniform(55, 64)
        elif initial and cell.top_kind != "local":
            age = rng.uniform(23, 57 if sex == "M" else 53)
        elif initial:
            age = rng.uniform(20, 70)
        else:
            age = rng.triangular(21, 52, 31)
        birth = start - timedelta(days=int(age * YEAR) + rng.randint(0, 200))
        if kind == EventKind.ADMITTED:
            admitted = start
            while full_years_between(birth, admitted) < 18:
                birth -= timedelta(days=60)
            while full_years_between(birth, admitted) >= 60:  # at most full 60 (members.rules.check_admission_age)
                birth += timedelta(days=60)
        else:
            earliest = max(date(birth.year + 18, birth.month, min(birth.day, 28)) + timedelta(days=2),
                           self.oldest_admission)
            # admitted at most full 60 (members.rules.check_admission_age)
            latest = min(start - timedelta(days=40), date(birth.year + 60, birth.month, min(birth.day, 28)))
            if latest <= earliest:  # too young to have joined elsewhere: admitted here instead
                kind, admitted = EventKind.ADMITTED, start
                while full_years_between(birth, admitted) < 18:
                    birth -= timedelta(days=60)
            else:
                # Most members were admitted in their twenties or thirties.
                admitted = earliest + timedelta(days=int((latest - earliest).days * rng.random() ** 1.6))
                while full_years_between(birth, admitted) < 18:  # born on the 29th-31st: `earliest` is a day short
                    admitted += timedelta(days=1)
        ceremony = min(admitted + self.days(3, 30), t)
        if kind != EventKind.ADMITTED:
            ceremony = min(ceremony, start - timedelta(days=1))
        p = Person(sex=sex, birth=birth, admitted=admitted, ceremony=ceremony, first=cell)
        p.events.append(Ev(start, kind, cell, document=self.document(cell, "QĐ" if kind == "admitted" else "GGT")))
        return p

    def document(self, cell: Unit, kind: str) -> str:
        issuer = {"bloc": "ĐUK", "armed": "ĐU", "local": "HU"}.get(cell.top_kind, "TU")
        return f"{self.rng.randint(1, 999)}-{kind}/{issuer}"

    def recognition_delay(self, due: date) -> date | None:
        r = self.rng.random()
        if r < 0.6:
            return due + self.days(0, 20)
        if r < 0.9:
            return due + self.days(20, 60)
        if r < 0.97:
            return due + self.days(60, 120)
        if due >= self.today - timedelta(days=200):
            return None  # still waiting: overdue for recognition
        return due + self.days(120, 200)

    def rates(self, cell: Unit) -> list[tuple[str, float]]:
        if cell.top_kind == "local":
            return [("move", 0.004), ("move_other", 0.002), ("temporary", 0.002), ("out", 0.008),
                    ("struck_off", 0.001), ("expelled", 0.0001)]
        nonstate = cell.sector == "non_state_enterprise"
        return [("move", 0.015), ("move_other", 0.002), ("temporary", 0.006), ("out", 0.035 if nonstate else 0.008),
                ("struck_off", 0.006 if nonstate else 0.0008), ("expelled", 0.0002), ("released", 0.0001)]

    def live(self, p: Person) -> None:
        """Draw the member's events from the first one until today."""
        rng, t = self.rng, self.today
        first = p.events[0]
        home = first.org
        last = first.on
        start = first.on
        # Probation: recognition 12 months after the ceremony (Điều lệ Đảng, Điều 5), or already done.
        due = add_months(p.ceremony, 12)
        recog = self.recognition_delay(due)
        if first.kind == EventKind.JOINED and recog is not None and recog < start:
            p.events.append(Ev(recog, EventKind.RECOGNISED_FULL, home, document=self.document(home, "QĐ")))
            p.ever_full, recog = True, None
        elif recog is not None and recog <= start:
            recog = start + self.days(1, 30)
        death = self.death(p.sex, p.birth, start)
        retire = self.retirement(p.sex, p.birth)
        exempt = None
        if home.residential and rng.random() < 0.3:
            exempt = max(start + timedelta(days=30),
                         self.between(date(p.birth.year + 75, 1, 1), date(p.birth.year + 84, 12, 31)))
        temp_until: date | None = None
        readmit: tuple[date, Unit] | None = None
        out = False
        while True:
            cands: list[tuple[date, str]] = []
            if out:
                if readmit is None:
                    break
                cands.append((readmit[0], "readmit"))
            else:
                if recog is not None:
                    cands.append((recog, "recog"))
                if temp_until is not None:
                    cands.append((temp_until, "temp_end"))
                cands.append((death, "death"))
                if home.top_kind in BLOC_KINDS and temp_until is None:
                    cands.append((max(retire, last + timedelta(days=1)), "retire"))
                if exempt is not None:
                    cands.append((exempt, "exempt"))
                if home.dissolved is not None and p.split is None:
                    cands.append((home.dissolved, "merge"))
                if temp_until is None:
                    rates = self.rates(home)
                    lam = sum(r for _, r in rates)
                    gap = rng.expovariate(lam) * YEAR
                    if gap < 80 * YEAR:
                        cands.append((last + timedelta(days=max(1, int(gap))), self.weighted(rates)))
            on, what = min(cands, key=lambda c: c[0])
            if what != "merge":
                if home.dissolved is not None and p.split is None and on >= home.dissolved:
                    on = home.dissolved  # the merge comes first
                    what = "merge"
                if on <= last:
                    on = last + timedelta(days=1)
                if p.split is not None and p.events and on <= p.events[-1].on:
                    on = p.events[-1].on + timedelta(days=1)
            if on > t:
                break
            if what == "merge":
                p.split = len(p.events)
                assert home.merged_into is not None
                home = home.merged_into
                last = on
                continue
            ev: Ev | None = None
            if what == "recog":
                ev = Ev(on, EventKind.RECOGNISED_FULL, home, document=self.document(home, "QĐ"))
                p.ever_full, recog = True, None
            elif what == "temp_end":
                ev = Ev(on, EventKind.TEMPORARY_ENDED, home)
                temp_until = None
            elif what == "death":
                ev = Ev(on, EventKind.DECEASED, home)
                out, readmit = True, None
            elif what == "retire":
                p.retired = True
                target = (self.pick_cell(on, residential=True, avoid=home)
                          if rng.random() < self.scale.retire_to_local else None)
                if target is not None:
                    ev = Ev(on, EventKind.TRANSFERRED, home, to=target, document=self.document(home, "GGT"))
                    home = target
                    if rng.random() < 0.35:
                        exempt = self.between(date(p.birth.year + 75, 1, 1), date(p.birth.year + 84, 12, 31))
                else:
                    district = rng.choice(list(data.DISTRICTS))
                    commune = rng.choice(data.DISTRICTS[district])
                    ev = Ev(on, EventKind.TRANSFERRED_OUT, home, destination=f"Đảng bộ {commune}, {district}",
                            document=self.document(home, "GGT"))
                    out = True
            elif what == "exempt":
                ev = Ev(on, EventKind.EXEMPTED, home, document=self.document(home, "QĐ"))
                exempt = None
            elif what in ("move", "move_other"):
                target = self.pick_cell(on, top=home.top if what == "move" else None, avoid=home)
                if target is not None:
                    ev = Ev(on, EventKind.TRANSFERRED, home, to=target, document=self.document(home, "GGT"))
                    home = target
            elif what == "temporary":
                if home.dissolved is None and add_months(on, 30) < retire:
                    host = self.pick_cell(on, top=home.top if rng.random() < 0.6 else None, avoid=home)
                    if host is not None:
                        ev = Ev(on, EventKind.TRANSFERRED, home, to=host, temporary=True,
                                document=self.document(home, "GGT"))
                        temp_until = on + self.days(92, 364 if rng.random() < 0.5 else 729)
            elif what == "out":
                ev = Ev(on, EventKind.TRANSFERRED_OUT, home, destination=rng.choice(data.DESTINATIONS_OUT),
                        document=self.document(home, "GGT"))
                out = True
            elif what in ("struck_off", "expelled", "released"):
                ev = Ev(on, what, home, document=self.document(home, "QĐ"))
                out = True
                if what == "struck_off" and rng.random() < 0.15:
                    when = on + timedelta(days=int(rng.uniform(3, 8) * YEAR))
                    target = self.pick_cell(when, top=home.top)
                    if (target is not None and full_years_between(p.birth, when) < 50
                            and when + timedelta(days=400) < death):
                        readmit = (when, target)
            elif what == "readmit":
                when, target = readmit  # type: ignore[misc]
                ev = Ev(on, EventKind.READMITTED, home, to=target, document=self.document(target, "QĐ"))
                home, out, readmit = target, False, None
                recog = self.recognition_delay(add_months(on, 12))
                if recog is not None and recog <= on:
                    recog = on + timedelta(days=1)
            if ev is not None:
                p.events.append(ev)
                last = on
            elif what not in ("move", "move_other", "temporary"):
                last = on
        p.home = home
        p.active = not out

    def make_people(self) -> None:
        """For each cell, members who start there until enough of them are still in its committee today."""
        for cell in self.cells:
            # The cell merged away: enough members present on the merge date to follow it.
            wanted = max(6, round(cell.weight)) if cell.dissolved is not None else max(4, round(cell.weight))
            got, tries = 0, 0
            while got < wanted and tries < wanted * 30:
                tries += 1
                p = self.plan_person(cell)
                if p.events[0].on > self.today:
                    continue
                self.live(p)
                self.people.append(p)
                if cell.dissolved is not None:
                    got += p.split is not None
                elif p.active and p.home is not None and p.home.top is cell.top:
                    got += 1

    # ---------------------------------------------------------------- profile fields
    def profile(self, p: Person) -> dict[str, Any]:
        rng = self.rng
        if rng.random() < 0.85:
            district = rng.choice(list(data.DISTRICTS))
            commune = rng.choice(data.DISTRICTS[district])
            code, birthplace = data.NINH_BINH_CODE, f"{commune}, {district}, tỉnh Ninh Bình"
            muong = district in ("huyện Nho Quan", "thành phố Tam Điệp")
            catholic = district in ("huyện Kim Sơn", "huyện Yên Khánh", "huyện Yên Mô")
        else:
            code, province = rng.choice(data.NEIGHBOUR_PROVINCES)
            birthplace, muong, catholic = province, code == "017", code == "036"
        ethnic = "Mường" if muong and rng.random() < 0.08 else self.weighted(data.ETHNIC_GROUPS)
        religion = "Công giáo" if catholic and rng.random() < 0.06 else self.weighted(data.RELIGIONS)
        century = 0 if p.birth.year < 2000 else 2
        prefix = f"{code}{century + (1 if p.sex == 'F' else 0)}{p.birth.year % 100:02d}"
        while True:
            cid = f"{prefix}{rng.randint(0, 999999):06d}"
            if cid not in self.citizen_ids:
                self.citizen_ids.add(cid)
                break
        card = None
        if p.ever_full:
            while True:
                card = str(rng.randint(10_000_000, 99_999_999))
                if card not in self.card_numbers:
                    self.card_numbers.add(card)
                    break
        home = p.home or p.first
        sector = home.sector if not home.residential else "other"
        age_now = full_years_between(p.birth, self.today)
        r = rng.random()
        if age_now >= 45 and r < 0.18:
            theory = "advanced" if rng.random() < 0.8 else "bachelor"
        elif r < 0.45:
            theory = "intermediate"
        elif r < 0.85:
            theory = "elementary"
        else:
            theory = ""
        if not p.ever_full and theory in ("advanced", "bachelor"):
            theory = "elementary"
        if p.retired or (home.residential and age_now >= 62):
            occupation = "Hưu trí"
        else:
            kind = data.unit_kind(home.label, sector)
            role = rng.choice(data.OCCUPATIONS[kind])
            occupation = f"{role} {home.label}" if not home.residential else role
        a_district = home.district or rng.choice(list(data.DISTRICTS)[:2])
        a_commune = home.commune or rng.choice(data.DISTRICTS[a_district])
        return dict(
            birthplace=birthplace, home_town=birthplace if rng.random() < 0.8 else rng.choice(
                [f"{c}, {d}, tỉnh Ninh Bình" for d in list(data.DISTRICTS)[:3] for c in data.DISTRICTS[d][:3]]
            ),
            ethnic_group=ethnic, religion=religion, citizen_id=cid, card_number=card,
            phone=f"0{rng.choice('389')}{rng.randint(0, 99_999_999):08d}",
            address=f"{a_commune}, {a_district}, tỉnh Ninh Bình",
            education="10/10" if p.birth.year < 1972 else "12/12",
            qualification=rng.choice(data.QUALIFICATIONS[data.unit_kind(home.label, sector)]),
            theory_level=theory, occupation=occupation[:255],
        )

    # ---------------------------------------------------------------- writing
    def write_orgs(self) -> None:
        levels: dict[int, list[Unit]] = {}
        for u in self.units:
            depth, x = 0, u
            while x.parent is not None:
                depth, x = depth + 1, x.parent
            levels.setdefault(depth, []).append(u)
        audits = []
        for depth in sorted(levels):
            units = levels[depth]
            objs = [
                Organization(
                    name=u.name, kind=u.kind, sector=u.sector, parent_id=u.parent.pk if u.parent else None,
                    founded_on=u.founded, search_key=search_key(u.name), sort_key=collation_key(u.name),
                )
                for u in units
            ]
            Organization.objects.bulk_create(objs)
            for u, o in zip(units, objs, strict=True):
                u.pk, u.obj = o.pk, o
            events = [
                OrgEvent(organization=o, kind=OrgEventKind.FOUNDED, effective_on=u.founded, name=u.name,
                         parent_id=o.parent_id, document=self.document(u.parent, "QĐ") if u.parent else "",
                         org_kind=o.kind)
                for u, o in zip(units, objs, strict=True)
            ]
            OrgEvent.objects.bulk_create(events)
            spans = []
            for o, ev in zip(objs, events, strict=True):
                fields, parent_spans = compute_org(o, [ev])
                for k, v in fields.items():
                    setattr(o, k, v)
                spans += [OrgParentSpan(organization=o, parent_id=pp, valid_from=f, valid_to=tt)
                          for pp, f, tt in parent_spans]
            OrgParentSpan.objects.bulk_create(spans)
            audits += [
                AuditEntry(actor=None, action="demo_org_found", object_type="orgs.organization",
                           object_id=str(o.pk), object_repr=o.name[:255], after=snapshot(o))
                for o in objs
            ]
        rebuild_paths()
        AuditEntry.objects.bulk_create(audits, batch_size=500)

    def write_members(self) -> list[tuple[Person, Member]]:
        members: list[Member] = []
        event_objs: list[MemberEvent] = []
        spans: list[MembershipSpan] = []
        pairs = []
        for p in self.people:
            prof = p.profile
            name = p.name
            m = Member(
                full_name=name, sex=p.sex, birth_date=p.birth, admitted_on=p.admitted, ceremony_on=p.ceremony,
                organization_id=p.first.pk or 0, search_key=search_key(name), sort_key=name_sort_key(name), **prof,
            )
            pre = p.events if p.split is None else p.events[: p.split]
            order = sorted(range(len(pre)), key=lambda i: (pre[i].on, i))
            evs = [self.event_obj(m, pre[i]) for i in order]
            proj = compute_member(m, evs)
            for k, v in proj.fields.items():
                setattr(m, k, v)
            members.append(m)
            event_objs += evs
            pairs.append((p, m, proj.spans))
        Member.objects.bulk_create(members, batch_size=500)
        MemberEvent.objects.bulk_create(event_objs, batch_size=1000)
        for _p, m, sp in pairs:
            spans += [MembershipSpan(member=m, organization_id=o, valid_from=vf, valid_to=vt, start_kind=sk,
                                     end_kind=ek, full_from=ff) for o, vf, vt, sk, ek, ff in sp]
        MembershipSpan.objects.bulk_create(spans, batch_size=1000)
        AuditEntry.objects.bulk_create(
            [AuditEntry(actor=None, action="demo_member_record", object_type="members.member",
                        object_id=str(m.pk), object_repr=m.full_name[:255], after=snapshot(m)) for m in members],
            batch_size=500,
        )
        return [(p, m) for p, m, _s in pairs]

    @staticmethod
    def event_obj(m: Member, e: Ev) -> MemberEvent:
        return MemberEvent(
            member=m, kind=e.kind, effective_on=e.on, organization_id=e.org.pk,
            to_organization_id=e.to.pk if e.to else None, temporary=e.temporary, destination=e.destination,
            document=e.document,
        )

    def create_users(self, secretary_cell: Unit) -> list[tuple[str, str, str]]:
        """The demo accounts through accounts.services (actor None: the operator at the command line)."""
        from dangvu.accounts.models import Role
        from dangvu.accounts.services import user_create

        specs = [
            ("quantri", "Quản trị hệ thống", self.province, Role.PROVINCE_ADMIN, True),
            ("canbo.khoi", "Cán bộ Ban Tổ chức Đảng ủy Khối", self.bloc, Role.COMMITTEE_OFFICER, False),
            ("bithu.chibo", HANH, secretary_cell, Role.CELL_SECRETARY, False),
        ]
        out = []
        for username, display, unit, role, staff in specs:
            user = user_create(actor=None, username=username, password=PASSWORD, organization=unit.obj,
                               role=role, first_name=display)
            if staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            if username == "quantri":
                self.admin = user
            out.append((username, PASSWORD, f"{Role(role).label} — {unit.name}"))
        return out

    @staticmethod
    def fresh(unit: Unit) -> Organization:
        return Organization.objects.get(pk=unit.pk or 0)

    def restructure(self, pending: list[tuple[Person, Member]]) -> None:
        """Replay the merges and the rename through the services, then the merged members' later events."""
        from dangvu.members.restructuring import org_merge
        from dangvu.orgs.services import org_rename

        actor = self.admin
        name, into, doc, _d = data.MERGE_CELL
        org_merge(actor=actor, org=self.fresh(self.merge_cell_from), into=self.fresh(self.merge_cell_into),
                  effective_on=self.merge_cell_on, document=doc)
        org_merge(actor=actor, org=self.fresh(self.merge_committee_from), into=self.fresh(self.merge_committee_into),
                  effective_on=self.merge_committee_on, document=data.MERGE_COMMITTEE[2])
        old, new, doc, d = data.RENAME_LOCAL
        local = Organization.objects.filter(name=old, parent_id=self.province.pk).first()
        if local is not None:
            org_rename(actor=actor, org=local, name=new, effective_on=date(*d), document=doc)
            for u in self.tops:
                if u.pk == local.pk:
                    u.name = new
        later = [(p, m) for p, m in pending if p.split is not None and p.split < len(p.events)]
        MemberEvent.objects.bulk_create([self.event_obj(m, e) for p, m in later for e in p.events[p.split:]])
        for _p, m in later:
            m.refresh_from_db()
            apply_member(m)

    # ---------------------------------------------------------------- main
    def run(self) -> dict[str, Any]:
        t0 = time.perf_counter()
        self.plan_tree()
        self.make_people()
        for p in self.people:
            birth_year = p.birth.year
            p.profile = self.profile(p)
            p.name = full_name(self.rng, p.sex, birth_year, p.profile["ethnic_group"])
        secretary_cell = self.choose_hanh()
        self.timings["simulate"] = time.perf_counter() - t0
        with transaction.atomic():
            t1 = time.perf_counter()
            self.write_orgs()
            self.timings["orgs"] = time.perf_counter() - t1
            t1 = time.perf_counter()
            pairs = self.write_members()
            self.timings["members"] = time.perf_counter() - t1
            t1 = time.perf_counter()
            accounts = self.create_users(secretary_cell)
            self.restructure(pairs)
            if connection.vendor == "postgresql":
                # The steps below read subtrees of the rows just bulk-inserted (ratings populations, exempted
                # members): without statistics PostgreSQL plans them for empty tables and one ran for over an hour
                # in a test database. ANALYZE counts this transaction's own inserts. SKIP_LOCKED: a table another
                # session holds a conflicting lock on is left as it is rather than waiting for it (a CI run timed out
                # on one after lock_timeout); the tables written here are locked by this transaction only.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE (SKIP_LOCKED)")
            for dotted in DEMO_EXTENSIONS:
                t2 = time.perf_counter()
                extra = import_string(dotted)(seed=self.seed, scale=self.scale.name, today=self.today, out=self.out)
                self.extensions[dotted.split(".")[1]] = extra
                self.timings[dotted.split(".")[1]] = time.perf_counter() - t2
            AuditEntry.objects.create(
                actor=None, action=DEMO_MARK, object_type="demo", object_id=str(self.seed),
                object_repr=f"Dữ liệu mẫu ({self.scale.name}, seed {self.seed})",
                after={"seed": self.seed, "scale": self.scale.name, "today": self.today.isoformat()},
            )
            self.timings["services"] = time.perf_counter() - t1
        self.timings["total"] = time.perf_counter() - t0
        active = Counter(p.home.top.name for p in self.people if p.active and p.home and p.home.top)
        return {
            "organizations": len(self.units), "members": len(self.people),
            "active": sum(active.values()), "active_by_committee": dict(active),
            "events": sum(len(p.events) for p in self.people), "accounts": accounts,
            "secretary_cell": secretary_cell.name, "timings": dict(self.timings),
            "extensions": dict(self.extensions),
        }

    def choose_hanh(self) -> Unit:
        """Name one active female full member of a bloc chi bộ cơ sở "Nguyễn Thị Hồng Hạnh"; her cell gets the
        demo cell secretary."""
        candidates = [
            p for p in self.people
            if p.active and p.sex == "F" and p.ever_full and p.home is not None and p.home.parent is self.bloc
            and p.home.kind == OrgKind.GRASSROOTS_CELL and p.home.sector in ("state_agency", "public_service")
            and p.split is None and 35 <= full_years_between(p.birth, self.today) <= 52
        ]
        if not candidates:
            candidates = [p for p in self.people if p.active and p.home is not None and p.home.parent is self.bloc
                          and p.home.kind == OrgKind.GRASSROOTS_CELL and p.split is None]
        chosen = candidates[0]
        if chosen.sex == "F":
            chosen.name = HANH
        return chosen.home  # type: ignore[return-value]


def bare(place: str) -> str:
    """'huyện Kim Sơn' → 'Kim Sơn'."""
    for prefix in ("thành phố ", "thị trấn ", "huyện ", "phường ", "xã "):
        if place.startswith(prefix):
            return place[len(prefix):]
    return place


def demo_exists() -> str | None:
    """'demo' when the demo was generated, 'data' when the database holds other data, None when empty."""
    if AuditEntry.objects.filter(action=DEMO_MARK).exists():
        return "demo"
    if Organization.objects.exists() or Member.objects.exists():
        return "data"
    return None


def generate(*, seed: int = 2025, scale: str = "bloc", out: Any = None) -> dict[str, Any] | None:
    """Generate the demo unless data exist (then None)."""
    if scale not in SCALES:
        raise ValueError(f"Quy mô không hợp lệ: {scale}; chọn một trong: {', '.join(SCALES)}")
    if demo_exists():
        return None
    result = Generator(seed=seed, scale=scale, out=out).run()
    if connection.vendor == "postgresql":
        # Tens of thousands of rows were just bulk-inserted: without fresh statistics PostgreSQL plans the first
        # subtree queries for empty tables (a dashboard count ran for minutes in a test database).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE (SKIP_LOCKED)")  # as in Generator.run
    return result
