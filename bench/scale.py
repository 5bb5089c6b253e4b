"""Province-scale benchmark on PostgreSQL: `make bench-scale` (not part of `make test`).

Builds `dangvu demo --scale province2025` (~270.000 members, ~2.500 grassroots organisations, ~15.000 cells,
fifteen years of events) in the throwaway PostgreSQL server of scripts/testdb.sh (database dangvu_scale, emptied
first), then prints each figure beside a hand-written SQL computing the same numbers in the same run (asserted
equal), medians of --runs runs after a warm-up:
  (a) building the province;
  (b) the member page of the province (members_of, 50 rows, random pages and keyset pages): p50 / p95, beside the
      hand-written page query (sort keys of the subtree on the date, then 50 rows); keyset pages beside the
      hand-written keyset statement of the same rows (listed columns, span, organisation name of the date) and
      the ids-only one;
  (c) the province's membership flow over one year beside bench/baseline.flow_sql;
  (d) headcount by grassroots organisation of the province (subtree_headcounts, from the month-end snapshots)
      beside one hand-written GROUP BY over the spans and paths of the date;
  (e) the province headcount beside bench/baseline.headcount_sql (headcount: path as a literal; and
      headcount_via_snapshots: the month-end snapshot plus the changes since);
  (f) the province's ratings results of last year with the year before (ratings.selectors.rating_results, the
      "ratings" report) beside one hand-written GROUP BY over the closed rounds' entries of both years;
  (g) enterprise coverage of the province today (enterprises.selectors.coverage, the "enterprise-coverage" report)
      beside one hand-written statement computing the report's figures (enterprises, workers and each kind of
      organisation, in all and by ownership, size band, zone and locality; party organisations and their members,
      mass organisations and their members).
With --national (database dangvu_national, built once by `dangvu demo --scale national`, kept: --keep reuses it):
  (n1) headcount by province (members.snapshots.headcount_by_root) beside the hand-written SQL over the snapshots
       (grouped by the root stored on the rows, and — the floor before it was stored — joined to the paths of the
       date) and the hand-written GROUP BY over every span of the date;
  (n2) national flow over last year (members.snapshots.national_flow) beside the hand-written SQL over the month-end
       flows and the hand-written count of span edges;
  (n1', n2') the same on dates that are not month ends (today; 15 November of last year to today).
Results also go to bench/results/scale.txt (bench/results/national.txt with --national).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
import warnings
from datetime import date
from pathlib import Path
from typing import Any

from timing import pct, timed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))
warnings.filterwarnings("ignore", message="No directory at")

LINES: list[str] = []


def say(line: str = "") -> None:
    print(line, flush=True)
    LINES.append(line)





# The next 50 after a cursor: the floor of a keyset page (the index on sort_key walked from the cursor — the
# redundant `sort_key >=` is the index condition members_of has too —, members checked against the subtree of the
# date).
KEYSET_SQL = """
SELECT m.id, m.full_name, m.sort_key FROM members_member m
WHERE m.sort_key >= %(key)s AND (m.sort_key > %(key)s OR (m.sort_key = %(key)s AND m.id > %(id)s))
  AND EXISTS (SELECT 1 FROM members_membershipspan ms
              JOIN orgs_orgpathspan ps ON ps.organization_id = ms.organization_id
              WHERE ms.member_id = m.id AND ms.valid_from <= %(d)s AND (ms.valid_to IS NULL OR ms.valid_to > %(d)s)
                AND ps.valid_from <= %(d)s AND (ps.valid_to IS NULL OR ps.valid_to > %(d)s) AND ps.path LIKE %(path)s)
ORDER BY m.sort_key, m.id LIMIT 51
"""

# The keyset page with what the page shows (members_of's row): the member's listed columns, the span of the date
# (organisation, full_from: the status of the date) and that organisation's name on the date. KEYSET_SQL above is
# the ids-only floor, printed beside it.
KEYSET_ROWS_SQL = """
SELECT m.id, m.full_name, m.sex, m.birth_date, m.admitted_on, m.ceremony_on, m.full_on, m.sort_key,
       s.organization_id, s.full_from,
       (SELECT e.name FROM orgs_orgevent e WHERE e.organization_id = s.organization_id
          AND e.kind IN ('founded', 'renamed') AND e.effective_on <= %(d)s
        ORDER BY e.effective_on DESC, e.id DESC LIMIT 1)
FROM members_member m
JOIN LATERAL (SELECT ms.organization_id, ms.full_from FROM members_membershipspan ms
              JOIN orgs_orgpathspan ps ON ps.organization_id = ms.organization_id
              WHERE ms.member_id = m.id AND ms.valid_from <= %(d)s AND (ms.valid_to IS NULL OR ms.valid_to > %(d)s)
                AND ps.valid_from <= %(d)s AND (ps.valid_to IS NULL OR ps.valid_to > %(d)s) AND ps.path LIKE %(path)s
              LIMIT 1) s ON true
WHERE m.sort_key >= %(key)s AND (m.sort_key > %(key)s OR (m.sort_key = %(key)s AND m.id > %(id)s))
ORDER BY m.sort_key, m.id LIMIT 51
"""

PAGE_SQL = """
WITH sub AS (
    SELECT DISTINCT ms.member_id FROM members_membershipspan ms
    JOIN orgs_orgpathspan ps ON ps.organization_id = ms.organization_id
    WHERE ms.valid_from <= %(d)s AND (ms.valid_to IS NULL OR ms.valid_to > %(d)s)
      AND ps.valid_from <= %(d)s AND (ps.valid_to IS NULL OR ps.valid_to > %(d)s) AND ps.path LIKE %(path)s
)
SELECT m.id, m.full_name, m.sort_key FROM members_member m
WHERE m.id IN (SELECT m2.id FROM members_member m2 JOIN sub ON sub.member_id = m2.id
               ORDER BY m2.sort_key, m2.id LIMIT 50 OFFSET %(offset)s)
ORDER BY m.sort_key, m.id
"""

BY_ORG_SQL = """
SELECT ps.organization_id, COUNT(*) FROM members_membershipspan ms
JOIN orgs_orgpathspan ps ON ps.organization_id = ms.organization_id
WHERE ms.valid_from <= %(d)s AND (ms.valid_to IS NULL OR ms.valid_to > %(d)s)
  AND ps.valid_from <= %(d)s AND (ps.valid_to IS NULL OR ps.valid_to > %(d)s)
GROUP BY ps.organization_id
"""


# (f) Ratings results: counts of each level by subject kind (probationary apart) in the closed rounds, both years.
RATINGS_SQL = """
SELECT e.year, e.subject_kind, e.probationary, e.level, COUNT(*) FROM ratings_ratingentry e
JOIN ratings_ratinground r ON r.id = e.rating_round_id AND r.status = 'closed'
WHERE e.year IN (%(year)s, %(year)s - 1) AND e.path LIKE %(path)s
GROUP BY 1, 2, 3, 4
"""

# (g) Enterprise coverage: the enterprises followed on D by a committee of the subtree (locality, zone, party
# organisation or steering committee of that date), existing on D (their latest status), with their latest workforce,
# party organisation of D (alive then: its members are its subtree's headcount) and mass organisations of D (the
# latest founded of each kind, its latest member count); the report's figures, one statement — the totals, the
# headline table and the four breakdowns (by ownership, size band, zone, locality: GROUPING SETS).
COVERAGE_SQL = """
WITH sub AS (
  SELECT organization_id FROM orgs_orgpathspan
  WHERE valid_from <= %(d)s AND (valid_to IS NULL OR valid_to > %(d)s) AND path LIKE %(path)s
), loc AS (
  SELECT locality_id FROM enterprises_localitycommitteespan
  WHERE valid_from <= %(d)s AND (valid_to IS NULL OR valid_to > %(d)s)
    AND organization_id IN (SELECT organization_id FROM sub)
), zon AS (
  SELECT z.zone_id FROM enterprises_zonecommitteespan z JOIN enterprises_industrialzone iz ON iz.id = z.zone_id
  WHERE z.valid_from <= %(d)s AND (z.valid_to IS NULL OR z.valid_to > %(d)s)
    AND (z.organization_id IN (SELECT organization_id FROM sub)
         OR (z.organization_id IS NULL AND iz.locality_id IN (SELECT locality_id FROM loc)))
), steer AS (
  SELECT t.locality_id FROM enterprises_steeringcommittee_localities t
  JOIN enterprises_steeringcommittee s ON s.id = t.steeringcommittee_id
  WHERE s.organization_id IN (SELECT organization_id FROM sub)
    AND (s.deactivated_on IS NULL OR s.deactivated_on > %(d)s)
), link AS (
  SELECT enterprise_id, locality_id, zone_id, party_org_id FROM enterprises_enterpriselinkspan
  WHERE valid_from <= %(d)s AND (valid_to IS NULL OR valid_to > %(d)s)
), ent AS (
  SELECT DISTINCT enterprise_id FROM link
  WHERE locality_id IN (SELECT locality_id FROM loc) OR zone_id IN (SELECT zone_id FROM zon)
     OR party_org_id IN (SELECT organization_id FROM sub) OR locality_id IN (SELECT locality_id FROM steer)
), live AS (
  SELECT enterprise_id FROM (
    SELECT DISTINCT ON (enterprise_id) enterprise_id, status FROM enterprises_enterprisestatuschange
    WHERE effective_on <= %(d)s AND enterprise_id IN (SELECT enterprise_id FROM ent)
    ORDER BY enterprise_id, effective_on DESC, id DESC) st
  WHERE status IN ('operating', 'suspended')
), wf AS (
  SELECT DISTINCT ON (enterprise_id) enterprise_id, workers FROM enterprises_workforcecount
  WHERE as_of <= %(d)s AND voided_at IS NULL AND enterprise_id IN (SELECT enterprise_id FROM live)
  ORDER BY enterprise_id, as_of DESC, id DESC
), party AS (
  SELECT e.id AS enterprise_id, ps.organization_id AS org_id, ps.path FROM enterprises_enterprise e
  JOIN live ON live.enterprise_id = e.id
  LEFT JOIN link l ON l.enterprise_id = e.id
  JOIN orgs_orgpathspan ps ON ps.organization_id = CASE WHEN l.enterprise_id IS NOT NULL THEN l.party_org_id
                                                        ELSE e.party_org_id END
   AND ps.valid_from <= %(d)s AND (ps.valid_to IS NULL OR ps.valid_to > %(d)s)
), heads AS (
  SELECT p.org_id, p.path, (
    SELECT COUNT(*) FROM orgs_orgpathspan ps
    JOIN members_membershipspan ms ON ms.organization_id = ps.organization_id
     AND ms.valid_from <= %(d)s AND (ms.valid_to IS NULL OR ms.valid_to > %(d)s)
    WHERE ps.valid_from <= %(d)s AND (ps.valid_to IS NULL OR ps.valid_to > %(d)s)
      AND ps.path >= p.path AND ps.path < p.path || '~') AS members  -- the subtree: paths starting with p.path
  FROM (SELECT DISTINCT org_id, path FROM party) p
), mo AS (
  SELECT DISTINCT ON (enterprise_id, kind) id, enterprise_id, kind, form FROM enterprises_massorganization
  WHERE enterprise_id IN (SELECT enterprise_id FROM live) AND founded_on <= %(d)s
    AND (dissolved_on IS NULL OR dissolved_on > %(d)s)
  ORDER BY enterprise_id, kind, founded_on DESC, id DESC
), mc AS (
  SELECT DISTINCT ON (mass_org_id) mass_org_id, members FROM enterprises_massorgcount
  WHERE mass_org_id IN (SELECT id FROM mo) AND as_of <= %(d)s AND voided_at IS NULL
  ORDER BY mass_org_id, as_of DESC, id DESC
), top AS (
  SELECT r.subject_id FROM ratings_massorgrating r JOIN (VALUES %(top)s) t(kind, level) ON t.kind = r.kind
  WHERE r.subject_type_id = %(ct)s AND r.year = %(year)s AND r.level = t.level
), fe AS (  -- each enterprise with its breakdown keys of D and the kinds of organisation it has ('all' for every one)
  SELECT e.ownership, wf.workers, COALESCE(z.name, 'Ngoài khu công nghiệp') AS zone, lo.name AS locality,
         CASE WHEN wf.workers IS NULL THEN 'Chưa có số liệu' WHEN wf.workers < 10 THEN 'Dưới 10'
              WHEN wf.workers < 50 THEN '10–49' WHEN wf.workers < 200 THEN '50–199'
              WHEN wf.workers < 1000 THEN '200–999' ELSE 'Từ 1.000 trở lên' END AS band,
         ARRAY['all'] || CASE WHEN e.id IN (SELECT enterprise_id FROM party) THEN ARRAY['party'] ELSE '{}' END
           || COALESCE(mk.kinds, '{}') AS kinds
  FROM live JOIN enterprises_enterprise e ON e.id = live.enterprise_id
  LEFT JOIN (  -- wf again as a subquery: joined to the CTE, the planner (guessing 6 rows) looped 7.800 × 7.800
    SELECT DISTINCT ON (enterprise_id) enterprise_id, workers FROM enterprises_workforcecount
    WHERE as_of <= %(d)s AND voided_at IS NULL ORDER BY enterprise_id, as_of DESC, id DESC
  ) wf ON wf.enterprise_id = e.id
  LEFT JOIN (SELECT enterprise_id, array_agg(kind::text) AS kinds FROM mo GROUP BY enterprise_id) mk
    ON mk.enterprise_id = e.id
  LEFT JOIN link l ON l.enterprise_id = e.id
  LEFT JOIN enterprises_industrialzone z
    ON z.id = CASE WHEN l.enterprise_id IS NOT NULL THEN l.zone_id ELSE e.zone_id END
  LEFT JOIN enterprises_locality lo
    ON lo.id = CASE WHEN l.enterprise_id IS NOT NULL THEN l.locality_id ELSE e.locality_id END
)
SELECT 'total', COUNT(*), COALESCE(SUM(wf.workers), 0), 0, 0 FROM live LEFT JOIN wf USING (enterprise_id)
UNION ALL
SELECT 'party', COUNT(*), COALESCE(SUM(wf.workers), 0), 0, 0 FROM party LEFT JOIN wf USING (enterprise_id)
UNION ALL
SELECT mo.kind, COUNT(*), COALESCE(SUM(wf.workers), 0), COALESCE(SUM(mc.members), 0),
       COUNT(*) FILTER (WHERE mo.id IN (SELECT subject_id FROM top))
FROM mo LEFT JOIN wf USING (enterprise_id) LEFT JOIN mc ON mc.mass_org_id = mo.id GROUP BY mo.kind
UNION ALL
SELECT 'party organisations', COUNT(*), 0, COALESCE(SUM(members), 0), 0 FROM heads
UNION ALL
SELECT 'party under ' || split_part(path, '.', 2), COUNT(*), 0, SUM(members), 0 FROM heads
GROUP BY split_part(path, '.', 2)
UNION ALL
SELECT 'women ' || mo.form, COUNT(*), 0, COALESCE(SUM(mc.members), 0), 0 FROM mo
LEFT JOIN mc ON mc.mass_org_id = mo.id WHERE mo.kind = 'women' AND mo.form <> '' GROUP BY mo.form
UNION ALL  -- the breakdowns: by ownership, size band, zone and locality, each kind of organisation
SELECT concat_ws('|', CASE WHEN GROUPING(ownership) = 0 THEN 'own' WHEN GROUPING(band) = 0 THEN 'band'
                           WHEN GROUPING(zone) = 0 THEN 'zone' ELSE 'loc' END,
                 COALESCE(ownership, band, zone, locality, '—'), kind),
       COUNT(*), COALESCE(SUM(workers), 0), 0, 0
FROM fe CROSS JOIN LATERAL unnest(fe.kinds) AS k(kind)
GROUP BY GROUPING SETS ((ownership, kind), (band, kind), (zone, kind), (locality, kind))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--pages", type=int, default=40, help="member pages requested")
    ap.add_argument("--sql-runs", type=int, default=2, help="runs of the (slow at this scale) hand-written flow SQL")
    ap.add_argument("--keep", action="store_true", help="reuse dangvu_scale if it is already built")
    ap.add_argument("--national", action="store_true", help="the country (dangvu_national, 5,6 million members)")
    args = ap.parse_args()
    base = subprocess.run([str(ROOT / "scripts/testdb.sh"), "start"], capture_output=True, text=True, check=True)
    if args.national:
        national(base.stdout.strip(), args)
        return
    url = base.stdout.strip().rsplit("/", 1)[0] + "/dangvu_scale"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DANGVU_SECRET_KEY", "bench-scale")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from baseline import flow_sql, headcount_sql
    from dangvu.members.models import Member
    from dangvu.members.selectors import headcount, members_of, subtree_headcounts
    from dangvu.orgs.models import GRASSROOTS_KINDS, Organization
    from dangvu.reports.selectors import membership_flow

    say(f"make bench-scale — {date.today():%d/%m/%Y}, PostgreSQL {url.rsplit('@', 1)[-1]}")
    built = False
    if args.keep:
        try:
            built = Member.objects.exists()
        except Exception:  # noqa: BLE001 - the database may not exist yet
            built = False
    if not built:
        _recreate(base.stdout.strip(), "dangvu_scale")
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        call_command("demo", scale="province2025", seed=2025)
        say(f"(a) dangvu demo --scale province2025: {time.perf_counter() - t0:.0f} s")
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    else:
        from dangvu.demo.scale import generate_province_work
        from dangvu.ratings.models import RatingRound

        if not RatingRound.objects.exists():  # an older build: its ratings and enterprises added
            t0 = time.perf_counter()
            generate_province_work(seed=2025, out=print)
            say(f"(a) ratings and enterprises added to the kept province: {time.perf_counter() - t0:.0f} s")
            with connection.cursor() as cur:
                cur.execute("VACUUM ANALYZE")
    province = Organization.objects.get(parent__isnull=True)
    on = date.today()
    members = headcount(province, on)
    say(f"    {Organization.objects.count():,} organisations, {Member.objects.count():,} records, "
        f"{members:,} members today".replace(",", "."))

    from django.contrib.auth.models import User

    user = User.objects.filter(username="bench.scale").first() or User.objects.create_superuser("bench.scale")
    # (b) member page
    rng = random.Random(1)
    pages = max(1, members // 50)
    times, floor = [], []
    for _ in range(args.pages):
        n = rng.randint(1, pages)
        t0 = time.perf_counter()
        members_of(user, province, on=on, page=n)
        times.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(PAGE_SQL, {"d": on, "path": f"{province.path}%", "offset": (n - 1) * 50})
            cur.fetchall()
        floor.append((time.perf_counter() - t0) * 1000)
    say(f"(b) members_of(province, page=random): p50 {statistics.median(times):.1f} ms / p95 {pct(times, 95):.1f} ms"
        f"   hand-written SQL p50 {statistics.median(floor):.1f} ms / p95 {pct(floor, 95):.1f} ms")
    keyset, keyset_floor, keyset_ids = [], [], []
    page = members_of(user, province, on=on)
    for _ in range(args.pages):
        if not page.next_after:
            break
        key, _sep, mid = page.next_after.rpartition(".")
        params = {"d": on, "path": f"{province.path}%", "key": key, "id": int(mid)}
        t0 = time.perf_counter()
        page = members_of(user, province, on=on, after=page.next_after)
        keyset.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(KEYSET_ROWS_SQL, params)
            floor_rows = [(r[0], r[8], r[10]) for r in cur.fetchall()][:50]
        keyset_floor.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(KEYSET_SQL, params)
            floor_ids = [r[0] for r in cur.fetchall()][:50]
        keyset_ids.append((time.perf_counter() - t0) * 1000)
        assert floor_ids == [r.member.pk for r in page.items]
        assert floor_rows == [(r.member.pk, r.organization_id, r.organization_name) for r in page.items]
    kp50, kf50 = statistics.median(keyset), statistics.median(keyset_floor)
    say(f"    members_of(province, after=cursor), sequential: p50 {kp50:.1f} ms / p95 {pct(keyset, 95):.1f} ms   "
        f"hand-written keyset SQL of the same rows p50 {kf50:.1f} ms / p95 {pct(keyset_floor, 95):.1f} ms   ratio "
        f"{kp50 / kf50:.2f}×   (ids only: p50 {statistics.median(keyset_ids):.1f} ms / p95 {pct(keyset_ids, 95):.1f} "
        "ms)")
    # (c) flow
    start, end = date(on.year - 1, 1, 1), date(on.year - 1, 12, 31)
    ours_ms, _t, flow = timed(lambda: membership_flow(user, province, start=start, end=end), args.runs)
    sql_ms, _t, base_flow = timed(lambda: flow_sql(province.pk, start, end), args.sql_runs)
    counts = {k: v for k, v in {**flow.inflows, **flow.outflows}.items() if v}
    assert counts == base_flow["counts"] and flow.opening == base_flow["opening"], (counts, base_flow)
    say(f"(c) membership_flow(province, {start.year}): {ours_ms:.1f} ms   hand-written SQL {sql_ms:.1f} ms   "
        f"ratio {ours_ms / sql_ms:.2f}×   (opening {_n(flow.opening)}, closing {_n(flow.closing)})")
    # (d) headcount by grassroots organisation
    grassroots = list(Organization.objects.filter(kind__in=GRASSROOTS_KINDS).values_list("id", flat=True))
    ours_ms, _t, by_org = timed(lambda: subtree_headcounts(grassroots, on), args.runs)

    def by_org_sql() -> dict[int, int]:
        with connection.cursor() as cur:
            cur.execute(BY_ORG_SQL, {"d": on})
            own = dict(cur.fetchall())
            cur.execute("SELECT organization_id, path FROM orgs_orgpathspan WHERE valid_from <= %s AND "
                        "(valid_to IS NULL OR valid_to > %s)", [on, on])
            totals: dict[int, int] = {}
            for org_id, path in cur.fetchall():
                for seg in path.rstrip(".").split("."):
                    totals[int(seg)] = totals.get(int(seg), 0) + own.get(org_id, 0)
        return {g: totals.get(g, 0) for g in grassroots}

    sql_ms, _t, base_by_org = timed(by_org_sql, args.runs)
    assert by_org == base_by_org
    say(f"(d) headcount of {len(grassroots):,} grassroots organisations: {ours_ms:.1f} ms   hand-written SQL "
        f"{sql_ms:.1f} ms   ratio {ours_ms / sql_ms:.2f}×".replace(",", "."))
    # (e) province headcount
    from dangvu.members.selectors import headcount_via_snapshots

    ours_ms, _t, n1 = timed(lambda: headcount(province, on), args.runs)
    sql_ms, _t, n2 = timed(lambda: headcount_sql(province.pk, on), args.runs)
    snap_ms, _t, n3 = timed(lambda: headcount_via_snapshots(province, on), args.runs)
    assert n1 == n2 == n3
    say(f"(e) headcount(province) → {n1:,}: {ours_ms:.1f} ms   headcount_via_snapshots {snap_ms:.1f} ms   "
        f"hand-written SQL {sql_ms:.1f} ms   ratio {ours_ms / sql_ms:.2f}× / {snap_ms / sql_ms:.2f}×".replace(",", "."))
    _ratings_and_coverage(user, province, on, args.runs)
    say(f"    load after: {os.getloadavg()[0]:.1f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.txt").write_text("\n".join(LINES) + "\n")


def _ratings_and_coverage(user: Any, province: Any, on: date, runs: int) -> None:
    """(f) ratings results and (g) enterprise coverage of the province beside hand-written SQL (asserted equal)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from dangvu.enterprises.models import MassOrganization
    from dangvu.enterprises.selectors import coverage
    from dangvu.orgs.selectors import path_on
    from dangvu.ratings.rules import MASS_ORG_LEVELS
    from dangvu.ratings.selectors import rating_results

    year = on.year - 1
    ours_ms, _t, res = timed(lambda: rating_results(user, province.pk, year), runs)

    def ratings_sql() -> dict[tuple[int, str, bool, str], int]:
        with connection.cursor() as cur:
            cur.execute(RATINGS_SQL, {"year": year, "path": f"{path_on(province.pk, date(year, 12, 31))}%"})
            return {(y, k, p, lv): n for y, k, p, lv, n in cur.fetchall()}

    sql_ms, _t, base = timed(ratings_sql, runs)

    def counts(y: int, kind: str, prob: bool | None) -> dict[str, int]:
        out: dict[str, int] = {}
        for (yy, k, p, lv), n in base.items():
            if yy == y and k == kind and (prob is None or p == prob) and lv != "not_rated":
                out[lv] = out.get(lv, 0) + n
        return out

    assert res.organizations.counts == counts(year, "organization", False)
    assert res.members.counts == counts(year, "member", False)
    assert res.probationary.counts == counts(year, "member", True)
    assert res.leadership.counts == counts(year, "leadership", None)
    assert res.leaders.counts == counts(year, "leader", None)
    assert res.previous is not None and res.previous.members.counts == counts(year - 1, "member", False)
    say(f"(f) rating_results(province, {year}) with {year - 1}: {_n(res.all_members.total)} members, "
        f"{_n(res.organizations.total)} grassroots organisations rated: {ours_ms:.1f} ms   hand-written SQL "
        f"{sql_ms:.1f} ms   ratio {ours_ms / sql_ms:.2f}×")
    cov_runs = max(3, runs // 3)
    ours_ms, _t, cov = timed(lambda: coverage(user, province.pk, on), cov_runs)
    tops = ", ".join(f"('{k}', '{levels[0][0]}')" for k, levels in MASS_ORG_LEVELS.items())
    ct = ContentType.objects.get_for_model(MassOrganization).pk

    def coverage_sql() -> dict[str, tuple[int, int, int, int]]:
        with connection.cursor() as cur:
            cur.execute(COVERAGE_SQL.replace("%(top)s", tops), {"d": on, "path": f"{province.path}%", "ct": ct,
                                                                 "year": on.year - 1})
            return {k: (int(a), int(b), int(c), int(t)) for k, a, b, c, t in cur.fetchall()}

    sql_ms, _t, fig = timed(coverage_sql, cov_runs)
    t = cov.total
    assert (t.enterprises, t.workers) == fig["total"][:2]
    for kind, cell in t.by_kind.items():
        assert (cell.enterprises, cell.workers) == fig.get(kind, (0, 0, 0, 0))[:2], kind
    # the breakdowns by ownership, size band, zone and locality (label → enterprises and workers, each kind)
    from dangvu.enterprises.models import Ownership

    dims = dict(zip(("own", "band", "zone", "loc"), (rows for _by, rows in cov.breakdowns), strict=True))
    labels = {o.value: o.label for o in Ownership}
    for key, (n, w, _c, _t) in fig.items():
        if key.count("|") != 2:
            continue
        dim, value, kind = key.split("|")
        value = labels.get(value, value) if dim == "own" else value
        row = next(r for r in dims[dim] if r.label == value)
        got = (row.enterprises, row.workers) if kind == "all" else (
            row.by_kind[kind].enterprises, row.by_kind[kind].workers)
        assert got == (n, w), (key, got, (n, w))
    for dim, rows in dims.items():  # and no row the SQL has not
        for r in rows:
            if r.enterprises:
                label = next((k for k, v in labels.items() if v == r.label), r.label) if dim == "own" else r.label
                assert f"{dim}|{label}|all" in fig, (dim, r.label)
    for line in cov.headline:
        if line.kind == "party":
            assert (line.organizations, line.members) == (fig["party organisations"][0], fig["party organisations"][2])
            assert sorted((n, m) for _l, n, m in line.parts) == sorted(
                (v[0], v[2]) for k, v in fig.items() if k.startswith("party under "))
        else:
            assert (line.organizations, line.members, line.top_rated) == (
                fig.get(line.kind, (0, 0, 0, 0))[0], fig.get(line.kind, (0, 0, 0, 0))[2],
                fig.get(line.kind, (0, 0, 0, 0))[3]), line.kind
            for label, n, m in line.parts:
                form = {"Câu lạc bộ": "club", "Chi hội": "branch", "Tổ": "group"}[label]
                assert (n, m) == (fig.get(f"women {form}", (0, 0, 0, 0))[0], fig.get(f"women {form}", (0, 0, 0, 0))[2])
    say(f"(g) coverage(province, {on:%d/%m/%Y}): {_n(t.enterprises)} enterprises, {_n(t.workers)} workers, "
        f"{_n(t.by_kind['party'].enterprises)} with a party organisation: {ours_ms:.1f} ms   hand-written SQL "
        f"{sql_ms:.1f} ms   ratio {ours_ms / sql_ms:.2f}×")


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


# The floor before the root was stored on the snapshot rows (the join to the paths of the date), still printed beside
# the floor of the stored root (one grouped scan of one month end's rows).
NATIONAL_BY_PROVINCE_SNAPSHOT_SQL = """
SELECT split_part(ps.path, '.', 1)::bigint, SUM(h."full" + h.probationary) FROM members_monthendheadcount h
JOIN orgs_orgpathspan ps ON ps.organization_id = h.organization_id
  AND ps.valid_from <= %(d)s AND (ps.valid_to IS NULL OR ps.valid_to > %(d)s)
WHERE h.month_end = %(d)s GROUP BY 1
"""
NATIONAL_BY_PROVINCE_ROOT_SQL = """
SELECT h.root_id, SUM(h."full" + h.probationary) FROM members_monthendheadcount h WHERE h.month_end = %(d)s GROUP BY 1
"""
NATIONAL_BY_PROVINCE_RAW_SQL = """
SELECT split_part(ps.path, '.', 1)::bigint, COUNT(*) FROM members_membershipspan ms
JOIN orgs_orgpathspan ps ON ps.organization_id = ms.organization_id
  AND ps.valid_from <= %(d)s AND (ps.valid_to IS NULL OR ps.valid_to > %(d)s)
WHERE ms.valid_from <= %(d)s AND (ms.valid_to IS NULL OR ms.valid_to > %(d)s) GROUP BY 1
"""
NATIONAL_FLOW_SNAPSHOT_SQL = """
SELECT kind, SUM(count) FROM members_monthendflow
WHERE month_end >= %(start)s AND month_end <= %(end)s AND shared < 0 GROUP BY kind
"""
NATIONAL_FLOW_RAW_SQL = """
SELECT start_kind, COUNT(*) FROM members_membershipspan
WHERE valid_from >= %(start)s AND valid_from <= %(end)s AND start_kind NOT IN ('moved', 'restructured') GROUP BY 1
UNION ALL
SELECT end_kind, COUNT(*) FROM members_membershipspan
WHERE valid_to >= %(start)s AND valid_to <= %(end)s AND end_kind NOT IN ('moved', 'restructured') GROUP BY 1
"""


def national(base_url: str, args: argparse.Namespace) -> None:
    """(n1) headcount by province and (n2) national flow through the snapshots, beside hand-written SQL."""
    url = base_url.rsplit("/", 1)[0] + "/dangvu_national"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DANGVU_SECRET_KEY", "bench-scale")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dangvu.core.dates import last_day
    from dangvu.members.models import Member
    from dangvu.members.snapshots import headcount_by_root, month_end_on_or_before, national_flow

    say(f"bench/scale.py --national — {date.today():%d/%m/%Y}, PostgreSQL {url.rsplit('@', 1)[-1]}, "
        f"load {os.getloadavg()[0]:.1f}")
    try:
        built = args.keep and Member.objects.exists()
    except Exception:  # noqa: BLE001 - the database may not exist yet
        built = False
    if not built:
        _recreate(base_url, "dangvu_national")
        connection.close()
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        call_command("demo", scale="national", seed=2025)
        say(f"(a) dangvu demo --scale national: {time.perf_counter() - t0:.0f} s")
    on = month_end_on_or_before(date.today())
    ours_ms, _t, ours = timed(lambda: headcount_by_root(on), args.runs)

    def by_province(sql: str) -> dict[int, int]:
        with connection.cursor() as cur:
            cur.execute(sql, {"d": on})
            return {int(k): int(n) for k, n in cur.fetchall()}

    root_ms, _t, by_root = timed(lambda: by_province(NATIONAL_BY_PROVINCE_ROOT_SQL), args.runs)
    snap_ms, _t, snap = timed(lambda: by_province(NATIONAL_BY_PROVINCE_SNAPSHOT_SQL), args.runs)
    raw_ms, _t, raw = timed(lambda: by_province(NATIONAL_BY_PROVINCE_RAW_SQL), args.sql_runs)
    assert ours == by_root == snap == raw, (ours, by_root, snap, raw)
    members = f"{sum(ours.values()):,}".replace(",", ".")
    say(f"(n1) headcount_by_root({on:%d/%m/%Y}): {len(ours)} provinces, {members} members: "
        f"{ours_ms:.1f} ms   hand-written SQL on the snapshots: by the stored root {root_ms:.1f} ms, joined to the "
        f"paths of the date {snap_ms:.1f} ms   on every span {raw_ms:.1f} ms   (load {os.getloadavg()[0]:.1f})")
    start, end = date(on.year - 1, 1, 1), date(on.year - 1, 12, 31)
    flow_ms, _t, flow = timed(lambda: national_flow(start, end), args.runs)

    def flow_sql(sql: str, until: date | None = None) -> dict[str, int]:
        with connection.cursor() as cur:
            cur.execute(sql, {"start": start, "end": until or last_day(end.year, end.month)})
            out: dict[str, int] = {}
            for k, n in cur.fetchall():
                out[k] = out.get(k, 0) + int(n)
            return out

    fsnap_ms, _t, fsnap = timed(lambda: flow_sql(NATIONAL_FLOW_SNAPSHOT_SQL), args.runs)
    fraw_ms, _t, fraw = timed(lambda: flow_sql(NATIONAL_FLOW_RAW_SQL), args.sql_runs)
    kinds = {k: v for k, v in flow.items() if k != "recognised"}
    assert kinds == {k: v for k, v in fsnap.items() if k != "recognised"} == fraw, (kinds, fsnap, fraw)
    say(f"(n2) national_flow({start.year}) {kinds}: {flow_ms:.1f} ms   hand-written SQL on the month-end flows "
        f"{fsnap_ms:.1f} ms   on the span edges {fraw_ms:.1f} ms   (load {os.getloadavg()[0]:.1f})")
    # The same two figures on dates that are not month ends: the nearest snapshot plus the spans changed since, and
    # whole months from the month-end flows plus the span edges of the days around them.
    day = date.today()
    ours_ms, _t, ours = timed(lambda: headcount_by_root(day), args.runs)
    on = day
    raw_ms, _t, raw = timed(lambda: by_province(NATIONAL_BY_PROVINCE_RAW_SQL), args.sql_runs)
    assert ours == raw, (ours, raw)
    say(f"(n1') headcount_by_root({day:%d/%m/%Y}): {ours_ms:.1f} ms   hand-written SQL on every span {raw_ms:.1f} ms"
        f"   (load {os.getloadavg()[0]:.1f})")
    start, end = date(day.year - 1, 11, 15), day
    flow_ms, _t, flow = timed(lambda: national_flow(start, end), args.runs)
    fraw_ms, _t, fraw = timed(lambda: flow_sql(NATIONAL_FLOW_RAW_SQL, end), args.sql_runs)
    kinds = {k: v for k, v in flow.items() if k != "recognised"}
    assert kinds == fraw, (kinds, fraw)
    say(f"(n2') national_flow({start:%d/%m/%Y}–{end:%d/%m/%Y}): {flow_ms:.1f} ms   hand-written SQL on the span edges "
        f"{fraw_ms:.1f} ms   (load {os.getloadavg()[0]:.1f})")
    say(f"    load after: {os.getloadavg()[0]:.1f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "national.txt").write_text("\n".join(LINES) + "\n")


def _recreate(base_url: str, name: str) -> None:
    """Drop and create the benchmark database on the throwaway server."""
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")


if __name__ == "__main__":
    main()
