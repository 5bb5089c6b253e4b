"""`dangvu demo --scale national`: the country after the 2025 reorganisation for the national benchmark
(`bench/scale.py --national`): 34 provinces, ~65.000 organisations, ~5,6 million members today with the same kind of
history as province2025 (demo/scale.py). PostgreSQL only: rows go in with COPY, built province by province with
progress printed; members' fields and spans come from the services' fold (members.projection.compute_member), so
`dangvu rebuild --check` finds nothing to repair.
"""

import random
import time
from collections.abc import Callable
from datetime import datetime
from operator import attrgetter
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan
from dangvu.members.projection import compute_member
from dangvu.orgs.models import OrgKind

from .scale import Plan, _life, _Org, _plan_tree, _write_orgs

# The 34 provinces and cities after the 2025 merger (Nghị quyết 202/2025/QH15).
PROVINCES = [
    "Thành phố Hà Nội", "Thành phố Huế", "Tỉnh Lai Châu", "Tỉnh Điện Biên", "Tỉnh Sơn La", "Tỉnh Lạng Sơn",
    "Tỉnh Quảng Ninh", "Tỉnh Thanh Hóa", "Tỉnh Nghệ An", "Tỉnh Hà Tĩnh", "Tỉnh Cao Bằng", "Tỉnh Tuyên Quang",
    "Tỉnh Lào Cai", "Tỉnh Thái Nguyên", "Tỉnh Phú Thọ", "Tỉnh Bắc Ninh", "Tỉnh Hưng Yên", "Thành phố Hải Phòng",
    "Tỉnh Ninh Bình", "Tỉnh Quảng Trị", "Thành phố Đà Nẵng", "Tỉnh Quảng Ngãi", "Tỉnh Gia Lai", "Tỉnh Khánh Hòa",
    "Tỉnh Lâm Đồng", "Tỉnh Đắk Lắk", "Thành phố Hồ Chí Minh", "Tỉnh Đồng Nai", "Tỉnh Tây Ninh",
    "Thành phố Cần Thơ", "Tỉnh Vĩnh Long", "Tỉnh Đồng Tháp", "Tỉnh Cà Mau", "Tỉnh An Giang",
]
BATCH = 25_000


def national_plan(members: int) -> Plan:
    """One province's share: ~1.900 organisations (100 communes of 12 cells, 100 committees of 3 cells, 100
    grassroots cells), members/34 active today."""
    return Plan(communes=100, commune_cells=12, committees=100, committee_cells=3, grassroots_cells=100,
                members=members // len(PROVINCES))


class _Copier:
    """COPY rows of Member, MemberEvent and MembershipSpan with member ids assigned here (the events and spans
    point at them); the identity sequence is moved past them at the end."""

    def __init__(self) -> None:
        with connection.cursor() as cur:
            cur.execute("SELECT COALESCE(MAX(id), 0) FROM members_member")
            self.next_id = int(cur.fetchone()[0]) + 1
        self.member_cols = [f for f in Member._meta.concrete_fields]
        self.member_get = attrgetter(*[f.attname for f in self.member_cols])
        # File fields hold a FieldFile: COPY takes its name.
        self.file_cols = [i for i, f in enumerate(self.member_cols) if f.get_internal_type() in ("FileField",
                                                                                                 "ImageField")]
        self.event_cols = [f for f in MemberEvent._meta.concrete_fields if not f.primary_key]
        self.event_get = attrgetter(*[f.attname for f in self.event_cols])
        self.span_cols = ["member_id", "organization_id", "valid_from", "valid_to", "start_kind", "end_kind",
                          "full_from"]

    def _copy(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        cols = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def write(self, lives: list[tuple[dict[str, Any], list[tuple]]], now: datetime) -> int:
        members, events, spans = [], [], []
        for record, life in lives:
            m = Member(**record)
            m.pk = self.next_id
            self.next_id += 1
            m.created_at = m.updated_at = now
            objs = [
                MemberEvent(member=m, kind=k, effective_on=d, organization_id=c.pk,
                            to_organization_id=to.pk if to is not None else None, recorded_at=now,
                            destination="Đảng bộ tỉnh khác" if k == EventKind.TRANSFERRED_OUT else "")
                for k, d, c, to in life
            ]
            proj = compute_member(m, objs)
            for k2, v in proj.fields.items():
                setattr(m, k2, v)
            row = list(self.member_get(m))
            for i in self.file_cols:
                row[i] = row[i].name or ""
            members.append(tuple(row))
            events += [self.event_get(e) for e in objs]
            spans += [(m.pk, *s) for s in proj.spans]
        self._copy(Member._meta.db_table, [f.column for f in self.member_cols], members)
        self._copy(MemberEvent._meta.db_table, [f.column for f in self.event_cols], events)
        self._copy(MembershipSpan._meta.db_table, self.span_cols, spans)
        return len(events)

    def finish(self) -> None:
        with connection.cursor() as cur:
            cur.execute("SELECT setval(pg_get_serial_sequence('members_member', 'id'), %s)", [self.next_id])


def generate_national(*, seed: int = 2025, members: int = 5_600_000,
                      out: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """Build the country (see module doc) into an empty PostgreSQL database; returns counts and timings."""
    if connection.vendor != "postgresql":
        raise DomainError(
            "Dữ liệu quy mô toàn quốc (5,6 triệu đảng viên) chỉ tạo được trên PostgreSQL (nạp bằng COPY); cơ sở dữ "
            "liệu hiện tại là SQLite. Đặt DATABASE_URL tới một máy chủ PostgreSQL rồi chạy lại.",
            field="scale", rule="postgresql_only",
        )
    say = out or (lambda _s: None)
    rng = random.Random(seed)
    plan = national_plan(members)
    now_day, now = today(), timezone.now()
    t0 = time.perf_counter()
    trees: list[tuple[_Org, list[_Org]]] = []
    with transaction.atomic():
        everything: list[_Org] = []
        for name in PROVINCES:
            province, orgs = _plan_tree(plan, rng, name=f"Đảng bộ {name[0].lower()}{name[1:]}")
            trees.append((province, orgs))
            everything += orgs
        _write_orgs(everything)
    say(f"  {len(everything):,} tổ chức của {len(PROVINCES)} tỉnh, thành phố trong {time.perf_counter() - t0:.0f} s"
        .replace(",", "."))
    names: dict[str, tuple[str, str]] = {}
    copier = _Copier()
    total_records = events = 0
    per_province = int(plan.members / (1 - plan.leavers))
    for i, (_province, orgs) in enumerate(trees):
        cells = [o for o in orgs if o.kind in (OrgKind.SUBORDINATE_CELL, OrgKind.GRASSROOTS_CELL)]
        for start in range(0, per_province, BATCH):
            n = min(BATCH, per_province - start)
            lives = [_life(rng, cells, now_day, rng.random() < plan.leavers, names) for _ in range(n)]
            with transaction.atomic():
                events += copier.write(lives, now)
            total_records += n
        copier.finish()
        say(f"  tỉnh {i + 1}/{len(PROVINCES)}: {total_records:,} hồ sơ đảng viên, {events:,} sự kiện "
            f"({time.perf_counter() - t0:.0f} s)".replace(",", "."))
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return {"organizations": len(everything), "members": total_records, "events": events,
            "seconds": time.perf_counter() - t0}
