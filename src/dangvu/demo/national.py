"""`dangvu demo --scale national`: the country after the 2025 reorganisation for the national benchmark
(`bench/scale.py --national`): 34 provinces, ~61.000 organisations, ~5,6 million members today with the same kind of
history as province2025 (demo/scale.py). PostgreSQL only, built province by province with progress printed.

Members' fields and spans come from the services' fold (members.projection.compute_member, fed light stand-ins of
the Member and MemberEvent rows: building 20 million Django model instances was half the time), so `dangvu rebuild
--check` finds nothing to repair. Rows go in with COPY while the three tables' foreign keys, unique constraints and
secondary indexes are set aside: they are recreated (and the keys validated, one statement each) once every province
is in, which costs a few minutes instead of an index update and a foreign-key check per row. A second thread COPYs
each batch on its own connection while the next one is folded.
"""

import queue
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.db import connection, transaction
from django.utils import timezone

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.text import collation_key, format_number, search_key
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan
from dangvu.members.projection import compute_member
from dangvu.orgs.models import Organization, OrgEvent, OrgEventKind, OrgKind, OrgParentSpan
from dangvu.orgs.projection import compute_org, rebuild_paths

from .scale import FOUNDED, Plan, _life, _Org, _plan_tree

# The 34 provinces and cities after the 2025 merger (Nghị quyết 202/2025/QH15).
PROVINCES = [
    "Thành phố Hà Nội", "Thành phố Huế", "Tỉnh Lai Châu", "Tỉnh Điện Biên", "Tỉnh Sơn La", "Tỉnh Lạng Sơn",
    "Tỉnh Quảng Ninh", "Tỉnh Thanh Hóa", "Tỉnh Nghệ An", "Tỉnh Hà Tĩnh", "Tỉnh Cao Bằng", "Tỉnh Tuyên Quang",
    "Tỉnh Lào Cai", "Tỉnh Thái Nguyên", "Tỉnh Phú Thọ", "Tỉnh Bắc Ninh", "Tỉnh Hưng Yên", "Thành phố Hải Phòng",
    "Tỉnh Ninh Bình", "Tỉnh Quảng Trị", "Thành phố Đà Nẵng", "Tỉnh Quảng Ngãi", "Tỉnh Gia Lai", "Tỉnh Khánh Hòa",
    "Tỉnh Lâm Đồng", "Tỉnh Đắk Lắk", "Thành phố Hồ Chí Minh", "Tỉnh Đồng Nai", "Tỉnh Tây Ninh",
    "Thành phố Cần Thơ", "Tỉnh Vĩnh Long", "Tỉnh Đồng Tháp", "Tỉnh Cà Mau", "Tỉnh An Giang",
]
BATCH = 20_000
LOADED = [Member, MemberEvent, MembershipSpan]


def national_plan(members: int) -> Plan:
    """One province's share: ~2.100 organisations (100 communes of 12 cells and the enterprises' cells, 100
    committees of 3 cells, 100 grassroots cells), members/34 active today."""
    return Plan(communes=100, commune_cells=12, committees=100, committee_cells=3, grassroots_cells=100,
                members=members // len(PROVINCES))


@dataclass(slots=True)
class _MemberFacts:
    """What members.projection.compute_member reads of a Member row."""

    organization_id: int
    admitted_on: date
    ceremony_on: date | None


@dataclass(slots=True)
class _EventFacts:
    """What compute_member reads of a MemberEvent row."""

    kind: str
    effective_on: date
    organization_id: int
    to_organization_id: int | None
    temporary: bool = False
    voided_at: datetime | None = None


def _template(fields: list[Any], now: datetime) -> list[Any]:
    """A row of the fields' defaults (what Model(**{}) would hold; timestamps `now`), to fill per record."""
    row = []
    for f in fields:
        row.append(now if f.attname in ("created_at", "updated_at", "recorded_at") else f.get_default())
    return row


class _Copier:
    """COPY rows of Member, MemberEvent and MembershipSpan with member ids assigned here (the events and spans
    point at them); the identity sequence is moved past them at the end."""

    def __init__(self, now: datetime) -> None:
        with connection.cursor() as cur:
            cur.execute("SELECT COALESCE(MAX(id), 0) FROM members_member")
            self.next_id = int(cur.fetchone()[0]) + 1
        member_fields = list(Member._meta.concrete_fields)
        self.member_cols = [f.column for f in member_fields]
        self.member_row = _template(member_fields, now)
        at = {f.attname: i for i, f in enumerate(member_fields)}
        self.m_id = at["id"]
        self.m_record = [(k, at[k]) for k in ("full_name", "sex", "birth_date", "admitted_on", "ceremony_on",
                                             "search_key", "sort_key")]
        self.m_projected: list[tuple[str, int]] | None = None
        self.at = at
        event_fields = [f for f in MemberEvent._meta.concrete_fields if not f.primary_key]
        self.event_cols = [f.column for f in event_fields]
        self.event_row = _template(event_fields, now)
        ev_at = {f.attname: i for i, f in enumerate(event_fields)}
        self.e_pos = [ev_at[k] for k in ("member_id", "kind", "effective_on", "organization_id",
                                         "to_organization_id", "destination")]
        self.span_cols = ["member_id", "organization_id", "valid_from", "valid_to", "start_kind", "end_kind",
                          "full_from"]

    def _copy(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        cols = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            write = copy.write_row
            for row in rows:
                write(row)

    def fold(self, lives: list[tuple[dict[str, Any], list[tuple]]]) -> "_Batch":
        """Fold each life into its member row, events and spans (rows ready for COPY)."""
        members: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        spans: list[tuple[Any, ...]] = []
        m_id, m_record, e_pos = self.m_id, self.m_record, self.e_pos
        member_row, event_row = self.member_row, self.event_row
        ep0, ep1, ep2, ep3, ep4, ep5 = e_pos
        out_kind = EventKind.TRANSFERRED_OUT
        for record, life in lives:
            pk = self.next_id
            self.next_id += 1
            facts = [_EventFacts(k, d, c.pk, to.pk if to is not None else None) for k, d, c, to in life]
            proj = compute_member(cast(Member, _MemberFacts(record["organization_id"], record["admitted_on"],
                                                            record["ceremony_on"])),
                                  cast(list[MemberEvent], facts))
            row = member_row.copy()
            row[m_id] = pk
            for key, i in m_record:
                row[i] = record[key]
            if self.m_projected is None:
                self.m_projected = [(k, self.at[k]) for k in proj.fields]
            for key, i in self.m_projected:
                row[i] = proj.fields[key]
            members.append(tuple(row))
            for e in facts:
                erow = event_row.copy()
                erow[ep0], erow[ep1], erow[ep2], erow[ep3], erow[ep4] = (
                    pk, e.kind, e.effective_on, e.organization_id, e.to_organization_id)
                if e.kind == out_kind:
                    erow[ep5] = "Đảng bộ tỉnh khác"
                events.append(tuple(erow))
            spans += [(pk, *s) for s in proj.spans]
        return members, events, spans

    def copy(self, batch: "_Batch") -> None:
        """COPY a folded batch in one transaction (on the calling thread's connection)."""
        members, events, spans = batch
        with transaction.atomic():
            self._copy(Member._meta.db_table, self.member_cols, members)
            self._copy(MemberEvent._meta.db_table, self.event_cols, events)
            self._copy(MembershipSpan._meta.db_table, self.span_cols, spans)

    def finish(self) -> None:
        with connection.cursor() as cur:
            cur.execute("SELECT setval(pg_get_serial_sequence('members_member', 'id'), %s)", [self.next_id - 1])


_Batch = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]


class _Writer(threading.Thread):
    """COPY the folded batches on a connection of its own while the caller folds the next batch: PostgreSQL parses
    and stores one batch while Python folds the next (the two cores both busy). An error is kept and raised to the
    caller at its next `put`."""

    def __init__(self, copier: _Copier) -> None:
        super().__init__(name="national-copy", daemon=True)
        self.copier = copier
        self.batches: queue.Queue[_Batch | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while (batch := self.batches.get()) is not None:
                if self.error is None:  # after an error, drain the queue so the caller never blocks
                    try:
                        self.copier.copy(batch)
                    except BaseException as e:  # noqa: BLE001 - handed to the caller
                        self.error = e
        finally:
            connection.close()  # this thread's own connection

    def put(self, batch: _Batch) -> None:
        if self.error is not None:
            raise self.error
        self.batches.put(batch)

    def close(self) -> None:
        """Wait for the last batch; raise its error, if any."""
        self.batches.put(None)
        self.join()
        if self.error is not None:
            raise self.error


@contextmanager
def _keys_set_aside(say: Callable[[str], Any]) -> Iterator[None]:
    """Drop the foreign keys, unique constraints and secondary indexes of the loaded tables (primary keys stay), and
    recreate them afterwards, whatever happened, from their own definitions (pg_get_constraintdef/indexdef)."""
    tables = [m._meta.db_table for m in LOADED]
    with connection.cursor() as cur:
        cur.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                    "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY contype DESC, conname",
                    [tables])
        constraints = cur.fetchall()
        cur.execute("SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                    "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = ANY(%s::regclass[]) "
                    "AND NOT i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
                    "WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid) ORDER BY c.relname", [tables])
        indexes = cur.fetchall()
        for table, name, _definition, _kind in constraints:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '1GB'")
            for _name, definition in indexes:
                cur.execute(definition)
            # Unique constraints first ('u' sorts after 'f': reversed), then the foreign keys, each validated by one
            # statement over the whole table.
            for table, name, definition, _kind in reversed(constraints):
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cur.execute("RESET maintenance_work_mem")
        say(f"  {len(indexes)} chỉ mục, {len(constraints)} ràng buộc tạo lại trong {time.perf_counter() - t0:.0f} s")


def _write_orgs(orgs: list[_Org]) -> None:
    """The organisations with ids assigned here (parents first) so each row is written with its path: the same
    rows, events and parent spans as demo.scale._write_orgs, then orgs.projection.rebuild_paths writes the path spans
    (and finds every Organization.path already right: no 61.000-row update)."""
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM orgs_organization")
        next_id = int(cur.fetchone()[0]) + 1
    depth: dict[int, int] = {}
    paths: dict[int, str] = {}
    ordered = sorted(orgs, key=lambda u: _depth(u, depth))
    objs = []
    for u in ordered:
        u.pk, next_id = next_id, next_id + 1
        paths[id(u)] = f"{paths[id(u.parent)] if u.parent else ''}{u.pk}."
        objs.append(Organization(pk=u.pk, name=u.name, kind=u.kind, sector=u.sector,
                                 parent_id=u.parent.pk if u.parent else None, founded_on=FOUNDED,
                                 path=paths[id(u)], search_key=search_key(u.name), sort_key=collation_key(u.name)))
    Organization.objects.bulk_create(objs, batch_size=5000)
    with connection.cursor() as cur:
        cur.execute("SELECT setval(pg_get_serial_sequence('orgs_organization', 'id'), %s)", [next_id - 1])
    events = [OrgEvent(organization=o, kind=OrgEventKind.FOUNDED, effective_on=FOUNDED, name=o.name,
                       parent_id=o.parent_id) for o in objs]
    OrgEvent.objects.bulk_create(events, batch_size=5000)
    spans = []
    for o, ev in zip(objs, events, strict=True):
        _fields, parent_spans = compute_org(o, [ev])
        spans += [OrgParentSpan(organization=o, parent_id=p, valid_from=f, valid_to=t) for p, f, t in parent_spans]
    OrgParentSpan.objects.bulk_create(spans, batch_size=5000)
    rebuild_paths()


def _depth(u: _Org, memo: dict[int, int]) -> int:
    if id(u) not in memo:
        memo[id(u)] = 0 if u.parent is None else _depth(u.parent, memo) + 1
    return memo[id(u)]


def generate_national(*, seed: int = 2025, members: int = 5_600_000, provinces: int = len(PROVINCES),
                      plan: Plan | None = None, out: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """Build the country (see module doc) into an empty PostgreSQL database; returns counts and timings
    (`provinces`: only the first N provinces, each its 34th of `members`; `plan`: smaller provinces, for tests)."""
    if connection.vendor != "postgresql":
        raise DomainError(
            "Dữ liệu quy mô toàn quốc (5,6 triệu đảng viên) chỉ tạo được trên PostgreSQL (nạp bằng COPY); cơ sở dữ "
            "liệu hiện tại là SQLite. Đặt DATABASE_URL tới một máy chủ PostgreSQL rồi chạy lại.",
            field="scale", rule="postgresql_only",
        )
    say = out or (lambda _s: None)
    rng = random.Random(seed)
    plan = plan or national_plan(members)
    now_day, now = today(), timezone.now()
    t0 = time.perf_counter()
    trees: list[tuple[_Org, list[_Org]]] = []
    with transaction.atomic():
        everything: list[_Org] = []
        for name in PROVINCES[:provinces]:
            province, orgs = _plan_tree(plan, rng, name=f"Đảng bộ {name[0].lower()}{name[1:]}")
            trees.append((province, orgs))
            everything += orgs
        _write_orgs(everything)
    say(f"  {format_number(len(everything))} tổ chức của {len(trees)} tỉnh, thành phố trong "
        f"{time.perf_counter() - t0:.0f} s")
    names: dict[str, tuple[str, str]] = {}
    copier = _Copier(now)
    total_records = events = 0
    per_province = int(plan.members / (1 - plan.leavers))
    timings: list[float] = []
    with _keys_set_aside(say):
        for i, (_province, orgs) in enumerate(trees):
            t1 = time.perf_counter()
            # One generator per province (seeded from the seed and the province): a province's members do not
            # depend on how the others were drawn.
            prng = random.Random(seed * 1000 + i)
            cells = [o for o in orgs if o.kind in (OrgKind.SUBORDINATE_CELL, OrgKind.GRASSROOTS_CELL)]
            writer = _Writer(copier)
            writer.start()
            try:
                for start in range(0, per_province, BATCH):
                    n = min(BATCH, per_province - start)
                    lives = [_life(prng, cells, now_day, prng.random() < plan.leavers, names) for _ in range(n)]
                    batch = copier.fold(lives)
                    events += len(batch[1])
                    writer.put(batch)
                    total_records += n
            finally:
                writer.close()
            copier.finish()
            timings.append(time.perf_counter() - t1)
            say(f"  tỉnh {i + 1}/{len(trees)}: {format_number(total_records)} hồ sơ đảng viên, "
                f"{format_number(events)} sự kiện (tỉnh này {timings[-1]:.0f} s, "
                f"tổng {time.perf_counter() - t0:.0f} s)")
    t1 = time.perf_counter()
    with connection.cursor() as cur:
        for model in LOADED:
            cur.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    say(f"  VACUUM ANALYZE trong {time.perf_counter() - t1:.0f} s")
    return {"organizations": len(everything), "members": total_records, "events": events,
            "seconds": time.perf_counter() - t0, "province_seconds": timings}
