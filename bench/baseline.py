"""Hand-written SQL baselines for the benchmarks, on members_membershipspan and orgs_orgpathspan only.

Portable between SQLite and PostgreSQL (dates compared as values; no date arithmetic: "inside on d − 1"
is written as w.f < d AND (w.t IS NULL OR w.t >= d)). They answer the same questions as
dangvu.members.selectors.headcount and dangvu.reports.selectors.membership_flow, and bench/run.py asserts
that the numbers are identical.
"""

from datetime import date
from typing import Any

from django.db import connection

# Members whose span covers the end of day d, in organisations whose path on d starts with X's path on d.
HEADCOUNT_SQL = """
SELECT COUNT(*)
FROM members_membershipspan ms
JOIN orgs_orgpathspan ps ON ps.organization_id = ms.organization_id
WHERE ms.valid_from <= %(d)s AND (ms.valid_to IS NULL OR ms.valid_to > %(d)s)
  AND ps.valid_from <= %(d)s AND (ps.valid_to IS NULL OR ps.valid_to > %(d)s)
  AND ps.path LIKE (
      SELECT x.path FROM orgs_orgpathspan x
      WHERE x.organization_id = %(org)s AND x.valid_from <= %(d)s AND (x.valid_to IS NULL OR x.valid_to > %(d)s)
  ) || '%%'
"""

# Inflows and outflows of X's subtree over [start, end]. seg: when each organisation lay inside the
# subtree (its path spans containing X). A span starting inside is an inflow unless it is a move whose
# previous span (same member, ending that day) lay inside on its last day; symmetric for outflows.
# Organisations entering or leaving the subtree bring or take the members present at that moment.
FLOW_SQL = """
WITH seg AS (
    SELECT organization_id AS org, valid_from AS f, valid_to AS t
    FROM orgs_orgpathspan WHERE path LIKE %(p1)s OR path LIKE %(p2)s
),
s AS (
    SELECT ms.id, ms.member_id AS m, ms.organization_id AS o, ms.valid_from AS f, ms.valid_to AS t,
           ms.start_kind AS sk, ms.end_kind AS ek
    FROM members_membershipspan ms
    WHERE ms.organization_id IN (SELECT org FROM seg)
      AND ((ms.valid_from >= %(start)s AND ms.valid_from <= %(end)s)
           OR (ms.valid_to >= %(start)s AND ms.valid_to <= %(end)s))
),
inflow AS (
    SELECT CASE
        WHEN s.sk NOT IN ('moved', 'restructured') THEN s.sk
        WHEN EXISTS (
            SELECT 1 FROM members_membershipspan p JOIN seg w ON w.org = p.organization_id
            WHERE p.id = (SELECT MAX(p2.id) FROM members_membershipspan p2
                          WHERE p2.member_id = s.m AND p2.valid_to = s.f AND p2.id < s.id
                            AND p2.organization_id IN (SELECT org FROM seg))
              AND ((p.valid_from < s.f AND w.f < s.f AND (w.t IS NULL OR w.t >= s.f))
                   OR (p.valid_from >= s.f AND w.f <= p.valid_from AND (w.t IS NULL OR w.t > p.valid_from)))
        ) THEN NULL
        WHEN s.sk = 'restructured' THEN 'restructured_in' ELSE 'transferred_in' END AS k
    FROM s
    WHERE s.f >= %(start)s AND s.f <= %(end)s
      AND EXISTS (SELECT 1 FROM seg w WHERE w.org = s.o AND w.f <= s.f AND (w.t IS NULL OR w.t > s.f))
),
outflow AS (
    SELECT CASE
        WHEN s.ek NOT IN ('moved', 'restructured') THEN s.ek
        WHEN EXISTS (
            SELECT 1 FROM members_membershipspan n JOIN seg w ON w.org = n.organization_id
            WHERE n.id = (SELECT MIN(n2.id) FROM members_membershipspan n2
                          WHERE n2.member_id = s.m AND n2.valid_from = s.t AND n2.id > s.id
                            AND n2.organization_id IN (SELECT org FROM seg))
              AND w.f <= s.t AND (w.t IS NULL OR w.t > s.t)
        ) THEN NULL
        WHEN s.ek = 'restructured' THEN 'restructured_out' ELSE 'transferred_out' END AS k
    FROM s
    WHERE s.t >= %(start)s AND s.t <= %(end)s
      AND EXISTS (
          SELECT 1 FROM seg w WHERE w.org = s.o
            AND ((s.t > s.f AND w.f < s.t AND (w.t IS NULL OR w.t >= s.t))
                 OR (s.t <= s.f AND w.f <= s.f AND (w.t IS NULL OR w.t > s.f)))
      )
),
entering AS (
    SELECT 'restructured_in' AS k
    FROM seg e JOIN members_membershipspan ms ON ms.organization_id = e.org
    WHERE e.f >= %(start)s AND e.f <= %(end)s
      AND NOT EXISTS (SELECT 1 FROM seg e2 WHERE e2.org = e.org AND e2.t = e.f)
      AND ms.valid_from < e.f AND (ms.valid_to IS NULL OR ms.valid_to > e.f)
),
leaving AS (
    SELECT 'restructured_out' AS k
    FROM seg e JOIN members_membershipspan ms ON ms.organization_id = e.org
    WHERE e.t >= %(start)s AND e.t <= %(end)s
      AND NOT EXISTS (SELECT 1 FROM seg e2 WHERE e2.org = e.org AND e2.f = e.t)
      AND ms.valid_from < e.t AND (ms.valid_to IS NULL OR ms.valid_to > e.t)
)
SELECT k, COUNT(*) FROM (
    SELECT k FROM inflow UNION ALL SELECT k FROM outflow
    UNION ALL SELECT k FROM entering UNION ALL SELECT k FROM leaving
) x WHERE k IS NOT NULL GROUP BY k
"""


def _d(d: date) -> Any:
    """SQLite stores dates as ISO text; PostgreSQL takes date values."""
    return d if connection.vendor == "postgresql" else d.isoformat()


def headcount_sql(org_id: int, on: date) -> int:
    with connection.cursor() as cur:
        cur.execute(HEADCOUNT_SQL, {"d": _d(on), "org": org_id})
        return int(cur.fetchone()[0])


def flow_sql(org_id: int, start: date, end: date) -> dict[str, Any]:
    """opening, closing, and counts by kind (inflows: admitted, ..., restructured_in; outflows: ...)."""
    from datetime import timedelta

    with connection.cursor() as cur:
        cur.execute(FLOW_SQL, {"p1": f"{org_id}.%", "p2": f"%.{org_id}.%", "start": _d(start), "end": _d(end)})
        counts = {k: int(n) for k, n in cur.fetchall()}
    return {
        "opening": headcount_sql(org_id, start - timedelta(days=1)),
        "closing": headcount_sql(org_id, end),
        "counts": counts,
    }


# Rating results of a subtree for a year: closed rounds only, by subject kind, probationary flag and level.
RATINGS_SQL = """
SELECT e.subject_kind, e.probationary, e.level, COUNT(*)
FROM ratings_ratingentry e JOIN ratings_ratinground r ON r.id = e.rating_round_id
WHERE e.year = %(year)s AND r.status = 'closed' AND e.path LIKE %(path)s
  AND e.subject_kind IN ('member', 'organization')  -- rating_results counts members and organisations
  AND e.level <> 'not_rated'  -- «không xếp loại» (exempted members) is recorded but counted in no level
GROUP BY e.subject_kind, e.probationary, e.level
"""


def ratings_sql(path: str, year: int) -> dict[tuple[str, bool, str], int]:
    with connection.cursor() as cur:
        cur.execute(RATINGS_SQL, {"year": year, "path": path + "%"})
        return {(k, bool(p), lvl): int(n) for k, p, lvl, n in cur.fetchall()}
