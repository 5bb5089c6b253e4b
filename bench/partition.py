"""Partitioning by province, measured on the national data set (docs/SCALE.md, "Where one server stops").

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/dangvu_national .venv/bin/python bench/partition.py [--keep]

Copies the spans and the month-end snapshots of the national database (built by `dangvu demo --scale national`)
into schema `part`: the same columns plus `province_id` (the first segment of the organisation's path), declared
PARTITION BY LIST (province_id), one partition per province, with the same indexes. Then times each query on the
plain tables and on the partitioned copy in the same run (median of --runs, results asserted equal):
  (p1) headcount by province on the month-end snapshot (the national roll-up);
  (p2) national flow over last year from the month-end flows;
  (p3) one province's headcount today from the spans (partition pruning: one partition read);
  (p4) one commune's headcount (province_id and the path prefix together);
  (p5) one province's span edges over last year (the province flow's raw part);
  (p6) one province's member page (keyset: 50 names after a cursor, each checked against the subtree's spans);
  (p7) one member's spans by member id alone (no province in the query: every partition's index is probed);
  (p8) headcount by province from every span, as one query and as 34 one-province queries summed by the caller
       (what a Citus coordinator does with a query routed shard by shard).
--keep reuses an existing `part` schema. Results also go to bench/results/partition.txt.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

from timing import timed

RESULTS = Path(__file__).resolve().parent / "results"
LINES: list[str] = []


def say(line: str = "") -> None:
    print(line, flush=True)
    LINES.append(line)





def build(conn: psycopg.Connection[Any], roots: list[int]) -> None:
    """Schema `part`: spans, month-end headcounts and flows partitioned by LIST (province_id)."""
    t0 = time.perf_counter()
    conn.execute("DROP SCHEMA IF EXISTS part CASCADE")
    conn.execute("CREATE SCHEMA part")
    conn.execute("SET maintenance_work_mem = '1GB'")
    province = "split_part(ps.path, '.', 1)::bigint"
    on_from = "ps.organization_id = x.organization_id AND ps.valid_from <= x.{d} AND " \
              "(ps.valid_to IS NULL OR ps.valid_to > x.{d})"
    for name, source, date_col in [("span", "members_membershipspan", "valid_from"),
                                   ("headcount", "members_monthendheadcount", "month_end"),
                                   ("flow", "members_monthendflow", "month_end")]:
        conn.execute(f"CREATE TABLE part.{name} (LIKE {source}, province_id bigint NOT NULL) "
                     "PARTITION BY LIST (province_id)")
        for r in roots:
            conn.execute(f"CREATE TABLE part.{name}_{r} PARTITION OF part.{name} FOR VALUES IN ({r})")
        conn.execute(f"INSERT INTO part.{name} SELECT x.*, {province} FROM {source} x "
                     f"JOIN orgs_orgpathspan ps ON {on_from.format(d=date_col)}")
        conn.commit()
    conn.execute("CREATE INDEX ON part.span (organization_id, valid_from, valid_to) INCLUDE (member_id, full_from)")
    conn.execute("CREATE INDEX ON part.span (member_id, valid_from)")
    conn.execute("CREATE INDEX ON part.span (valid_from)")
    conn.execute("CREATE INDEX ON part.span (valid_to)")
    conn.execute("CREATE INDEX ON part.span (full_from)")
    conn.execute("CREATE UNIQUE INDEX ON part.headcount (month_end, organization_id, province_id)")
    conn.execute("CREATE UNIQUE INDEX ON part.flow (month_end, organization_id, kind, shared, province_id)")
    conn.commit()
    conn.autocommit = True
    conn.execute("VACUUM ANALYZE part.span, part.headcount, part.flow")
    conn.autocommit = False
    say(f"    schema part built in {time.perf_counter() - t0:.0f} s")


def rows(conn: psycopg.Connection[Any], sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted(conn.execute(sql, params).fetchall())


ON_D = "{a}.valid_from <= %(d)s AND ({a}.valid_to IS NULL OR {a}.valid_to > %(d)s)"
SPAN_ON, PATH_ON = ON_D.format(a="ms"), ON_D.format(a="ps")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--keep", action="store_true", help="reuse schema part if it exists")
    args = ap.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:55432/dangvu_national")
    conn = psycopg.connect(url)
    say(f"bench/partition.py — {date.today():%d/%m/%Y}, {url.rsplit('@', 1)[-1]}, load {os.getloadavg()[0]:.1f}")
    roots = [r for (r,) in conn.execute("SELECT id FROM orgs_organization WHERE parent_id IS NULL ORDER BY id")]
    exists = conn.execute("SELECT to_regclass('part.span') IS NOT NULL").fetchone()
    if not (args.keep and exists and exists[0]):
        build(conn, roots)
    (mark,) = conn.execute("SELECT MAX(month_end) FROM members_monthendheadcount").fetchone() or (None,)
    assert mark is not None, "no month-end snapshots: run `dangvu snapshots` first"
    d: date = mark
    r = roots[0]
    (commune,) = conn.execute("SELECT id FROM orgs_organization WHERE parent_id = %s AND kind = 'commune_committee' "
                              "ORDER BY id LIMIT 1", [r]).fetchone() or (None,)
    start, end = date(d.year - 1, 1, 1), date(d.year - 1, 12, 31)
    p = {"d": d, "r": r, "path": f"{r}.%", "cpath": f"{r}.{commune}.%", "a": start, "b": end}
    sizes = conn.execute("SELECT pg_size_pretty(pg_total_relation_size('members_membershipspan')), "
                         "pg_size_pretty(pg_total_relation_size('part.span_' || %s))", [str(r)]).fetchone()
    say(f"    {len(roots)} provinces; spans {sizes[0]} in one table, one province's partition {sizes[1]}; "
        f"date {d:%d/%m/%Y}, province #{r}, commune #{commune}")

    def compare(label: str, plain: str, part: str, params: dict[str, Any] = p) -> None:
        a_ms, _t, a = timed(lambda: rows(conn, plain, params), args.runs)
        b_ms, _t, b = timed(lambda: rows(conn, part, params), args.runs)
        assert a == b, (label, a[:5], b[:5])
        say(f"{label}: one table {a_ms:.1f} ms   partitioned by province {b_ms:.1f} ms   ({len(a)} rows)")

    compare("(p1) headcount by province, snapshot",
            "SELECT split_part(ps.path, '.', 1)::bigint, SUM(h.\"full\" + h.probationary) "
            "FROM members_monthendheadcount h JOIN orgs_orgpathspan ps ON ps.organization_id = h.organization_id "
            f"AND {PATH_ON} WHERE h.month_end = %(d)s GROUP BY 1",
            "SELECT province_id, SUM(\"full\" + probationary) FROM part.headcount WHERE month_end = %(d)s GROUP BY 1")
    compare("(p2) national flow, month-end flows",
            "SELECT kind, SUM(count) FROM members_monthendflow WHERE month_end BETWEEN %(a)s AND %(b)s AND shared < 0 "
            "GROUP BY 1",
            "SELECT kind, SUM(count) FROM part.flow WHERE month_end BETWEEN %(a)s AND %(b)s AND shared < 0 GROUP BY 1")
    compare("(p3) one province's headcount, spans",
            "SELECT COUNT(*) FROM members_membershipspan ms JOIN orgs_orgpathspan ps "
            f"ON ps.organization_id = ms.organization_id AND {PATH_ON} WHERE {SPAN_ON} AND ps.path LIKE %(path)s",
            f"SELECT COUNT(*) FROM part.span ms WHERE ms.province_id = %(r)s AND {SPAN_ON}")
    compare("(p4) one commune's headcount, spans",
            "SELECT COUNT(*) FROM members_membershipspan ms JOIN orgs_orgpathspan ps "
            f"ON ps.organization_id = ms.organization_id AND {PATH_ON} WHERE {SPAN_ON} AND ps.path LIKE %(cpath)s",
            "SELECT COUNT(*) FROM part.span ms JOIN orgs_orgpathspan ps "
            f"ON ps.organization_id = ms.organization_id AND {PATH_ON} WHERE ms.province_id = %(r)s AND {SPAN_ON} "
            "AND ps.path LIKE %(cpath)s")
    edges = ("SELECT 'in', start_kind, COUNT(*) FROM {t} WHERE {w} AND valid_from BETWEEN %(a)s AND %(b)s GROUP BY 2 "
             "UNION ALL SELECT 'out', end_kind, COUNT(*) FROM {t} WHERE {w} AND valid_to BETWEEN %(a)s AND %(b)s "
             "GROUP BY 2")
    in_province = ("organization_id IN (SELECT organization_id FROM orgs_orgpathspan WHERE path LIKE %(path)s "
                   "AND valid_to IS NULL)")
    compare("(p5) one province's span edges over a year",
            edges.format(t="members_membershipspan", w=in_province),
            edges.format(t="part.span", w="province_id = %(r)s"))
    (key, mid) = conn.execute("SELECT sort_key, id FROM members_member ORDER BY sort_key, id OFFSET 200000 LIMIT 1"
                              ).fetchone() or ("", 0)
    # The redundant `sort_key >= key` lets the sort-key index start at the cursor (as members.selectors._after_q).
    page = ("SELECT m.id FROM members_member m WHERE m.sort_key >= %(key)s AND (m.sort_key > %(key)s OR "
            "(m.sort_key = %(key)s AND m.id > %(id)s))"
            " AND EXISTS (SELECT 1 FROM {t} ms {j} WHERE ms.member_id = m.id AND {SPAN_ON} {w}) "
            "ORDER BY m.sort_key, m.id LIMIT 51")
    compare("(p6) one province's member page (keyset)",
            page.format(t="members_membershipspan", SPAN_ON=SPAN_ON,
                        j=f"JOIN orgs_orgpathspan ps ON ps.organization_id = ms.organization_id AND {PATH_ON}",
                        w="AND ps.path LIKE %(path)s"),
            page.format(t="part.span", SPAN_ON=SPAN_ON, j="", w="AND ms.province_id = %(r)s"),
            {**p, "key": key, "id": mid})
    members = [m for (m,) in conn.execute("SELECT id FROM members_member ORDER BY random() LIMIT 50")]
    one = "SELECT organization_id, valid_from, valid_to FROM {t} WHERE member_id = ANY(%(ids)s)"
    compare("(p7) 50 members' spans by id (no province key)", one.format(t="members_membershipspan"),
            one.format(t="part.span"), {"ids": members})
    raw = ("SELECT split_part(ps.path, '.', 1)::bigint, COUNT(*) FROM members_membershipspan ms JOIN orgs_orgpathspan "
           f"ps ON ps.organization_id = ms.organization_id AND {PATH_ON} WHERE {SPAN_ON} GROUP BY 1")
    one_ms, _t, whole = timed(lambda: rows(conn, raw, p), max(1, args.runs // 3))
    by_province = f"SELECT province_id, COUNT(*) FROM part.span ms WHERE {SPAN_ON} GROUP BY 1"
    part_ms, _t, whole_part = timed(lambda: rows(conn, by_province, p), max(1, args.runs // 3))

    def fan_out() -> list[tuple[Any, ...]]:
        return sorted((x, conn.execute(f"SELECT COUNT(*) FROM part.span ms WHERE ms.province_id = %(r)s AND {SPAN_ON}",
                                       {**p, "r": x}).fetchone()[0]) for x in roots)

    fan_ms, _t, fanned = timed(fan_out, max(1, args.runs // 3))
    assert whole == whole_part == fanned
    say(f"(p8) headcount by province from every span: one table {one_ms:.0f} ms   partitioned, one query "
        f"{part_ms:.0f} ms   34 one-province queries summed {fan_ms:.0f} ms")
    plan = "\n".join(x for (x,) in conn.execute(
        f"EXPLAIN (COSTS OFF) SELECT COUNT(*) FROM part.span ms WHERE ms.province_id = %(r)s AND {SPAN_ON}", p))
    say("    EXPLAIN (p3), partitioned: " + " | ".join(line.strip() for line in plan.splitlines()))
    say(f"    load after: {os.getloadavg()[0]:.1f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "partition.txt").write_text("\n".join(LINES) + "\n")


if __name__ == "__main__":
    main()
