"""Benchmarks of issue 9: the dashboard (work centre) and each report of the catalogue at bloc scale, with
hand-written SQL computing the same numbers where one statement can (asserted equal), file rendering
(xlsx, docx, pdf) and the review pack's build time. Called by bench/run.py; also on its own against an
existing database: `DATABASE_URL=sqlite:////path/db.sqlite3 .venv/bin/python bench/reports_bench.py`."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from django.db import connection

ORG_KINDS_SQL = """
SELECT COALESCE((SELECT e.org_kind FROM orgs_orgevent e
                 WHERE e.organization_id = o.id AND e.kind IN ('founded', 'kind_changed') AND e.org_kind <> ''
                   AND e.effective_on <= %(d)s ORDER BY e.effective_on DESC, e.id DESC LIMIT 1), o.kind) AS k,
       COUNT(*)
FROM orgs_orgpathspan s JOIN orgs_organization o ON o.id = s.organization_id
WHERE s.valid_from <= %(d)s AND (s.valid_to IS NULL OR s.valid_to > %(d)s) AND s.organization_id <> %(org)s
  AND s.path LIKE (SELECT x.path FROM orgs_orgpathspan x WHERE x.organization_id = %(org)s
                   AND x.valid_from <= %(d)s AND (x.valid_to IS NULL OR x.valid_to > %(d)s)) || '%%'
GROUP BY 1
"""

MEMBERS_SQL = """
SELECT CASE WHEN ms.full_from IS NOT NULL AND ms.full_from <= %(d)s THEN 'full' ELSE 'probationary' END, m.sex,
       COUNT(*)
FROM members_membershipspan ms JOIN members_member m ON m.id = ms.member_id
JOIN orgs_orgpathspan ps ON ps.organization_id = ms.organization_id
WHERE ms.valid_from <= %(d)s AND (ms.valid_to IS NULL OR ms.valid_to > %(d)s)
  AND ps.valid_from <= %(d)s AND (ps.valid_to IS NULL OR ps.valid_to > %(d)s)
  AND ps.path LIKE (SELECT x.path FROM orgs_orgpathspan x WHERE x.organization_id = %(org)s
                    AND x.valid_from <= %(d)s AND (x.valid_to IS NULL OR x.valid_to > %(d)s)) || '%%'
GROUP BY 1, 2
"""

ADMISSIONS_SQL = """
SELECT COUNT(*) FROM members_memberevent e
WHERE e.kind = 'admitted' AND e.voided_at IS NULL AND e.effective_on >= %(s)s AND e.effective_on <= %(t)s
  AND EXISTS (SELECT 1 FROM orgs_orgpathspan p WHERE p.organization_id = e.organization_id
              AND p.valid_from <= e.effective_on AND (p.valid_to IS NULL OR p.valid_to > e.effective_on)
              AND (p.path LIKE %(p1)s OR p.path LIKE %(p2)s))
"""


def _sql(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


def run_reports(officer: Any, bloc: Any, runs: int, say: Callable[[str], None],
                timed: Callable[[Callable[[], Any], int], tuple[float, list[float], Any]]) -> None:
    from django.contrib.auth.signals import user_logged_in
    from django.test import Client

    from dangvu.core.dates import today
    from dangvu.reports.catalog import REPORTS, build_report
    from dangvu.reports.pack import review_pack
    from dangvu.reports.renderers import render
    from dangvu.targets.selectors import indicator_value
    from dangvu.web.workcentre import composition, last_day

    on = today()
    year = on.year - 1
    if bloc.dissolved_on is not None and bloc.dissolved_on <= date(year, 12, 31):
        year = bloc.dissolved_on.year - 1  # the last whole year of a bloc dissolved since (the demo's 2025)
    start, end = date(year, 1, 1), date(year, 12, 31)
    say("")
    say(f"(h) issue 9 — dashboard and reports of the bloc (id {bloc.pk}); reports for {year} / on {end}")
    receivers = user_logged_in.receivers
    user_logged_in.receivers = []
    try:
        client = Client()
        client.force_login(officer)
    finally:
        user_logged_in.receivers = receivers
    ms, _, resp = timed(lambda: client.get("/"), runs)
    assert resp.status_code == 200
    shown = last_day(bloc, on)  # the dashboard of a bloc dissolved since shows its last day
    comp_ms, _, comp = timed(lambda: composition(bloc, shown), runs)
    base_ms, _, rows = timed(lambda: _sql(MEMBERS_SQL, {"d": shown, "org": bloc.pk}), runs)
    total = sum(n for _s, _x, n in rows)
    prob = sum(n for s, _x, n in rows if s == "probationary")
    women = sum(n for _s, x, n in rows if x == "F")
    assert (comp.total, comp.probationary, comp.women) == (total, prob, women), (comp, rows)
    say(f"    GET / (work centre of canbo.khoi, whole request)           median {ms:7.1f} ms  "
        f"{len(resp.content) / 1024:6.1f} KB")
    say(f"      its headcount block: composition(bloc, {shown}) {comp_ms:6.2f} ms -> {total} ({prob} dự bị, "
        f"{women} nữ); hand-written SQL (MEMBERS_SQL) {base_ms:6.2f} ms, identical (asserted)")
    # each report, built (figures) and rendered
    for name in REPORTS:
        r_ms, _, report = timed(partial(build_report, officer, name, bloc, on=end, start=start, end=end, year=year),
                                runs)
        sizes = []
        for fmt in ("xlsx", "docx", "pdf"):
            t0 = time.perf_counter()
            size = len(render(report, fmt).content)
            sizes.append(f"{fmt} {(time.perf_counter() - t0) * 1000:4.0f} ms {size // 1024:3d} KB")
        say(f"    report {name:22s} figures median {r_ms:7.1f} ms;  files: {', '.join(sizes)}")
        if name == "organizations":
            b_ms, _, rows = timed(lambda: _sql(ORG_KINDS_SQL, {"d": end, "org": bloc.pk}), runs)
            assert dict(rows) == {k: n for k, n in report.data["by_kind"].items()}, (rows, report.data["by_kind"])
            say(f"      hand-written SQL (ORG_KINDS_SQL) {b_ms:6.2f} ms -> {report.summary[0]}  identical (asserted)")
        if name == "members":
            b_ms, _, rows = timed(lambda: _sql(MEMBERS_SQL, {"d": end, "org": bloc.pk}), runs)
            assert sum(n for *_x, n in rows) == report.data["total"]
            assert sum(n for s, _x, n in rows if s == "full") == report.data["full"]
            say(f"      hand-written SQL (MEMBERS_SQL, status x sex) {b_ms:6.2f} ms -> {report.data['total']} members "
                "identical (asserted); the report also folds each member's events for party age")
        if name == "admissions":
            params = {"s": start, "t": end, "p1": f"{bloc.pk}.%", "p2": f"%.{bloc.pk}.%"}
            b_ms, _, rows = timed(partial(_sql, ADMISSIONS_SQL, params), runs)
            ind_ms, _, v = timed(lambda: indicator_value(officer, "admissions", bloc, start=start, end=end), runs)
            assert rows[0][0] == report.data["admitted"] == int(v), (rows, report.data, v)
            say(f"      indicator admissions {ind_ms:6.2f} ms; hand-written SQL (ADMISSIONS_SQL) {b_ms:6.2f} ms -> "
                f"{rows[0][0]} identical (asserted)")
    t0 = time.perf_counter()
    pack = review_pack(officer, bloc, year=year)
    built = time.perf_counter()
    docx = render(pack, "docx")
    t_docx = time.perf_counter()
    pdf = render(pack, "pdf")
    t_pdf = time.perf_counter()
    say(f"    review pack {year}: figures {built - t0:5.2f} s, docx {t_docx - built:5.2f} s "
        f"({len(docx.content) // 1024} KB), pdf {t_pdf - t_docx:5.2f} s ({len(pdf.content) // 1024} KB)  "
        f"[dangvu review-pack --organization-id {bloc.pk} --year {year} --out pack.docx]")


if __name__ == "__main__":  # against an existing database (DATABASE_URL), e.g. the demo's
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User

    from dangvu.orgs.models import Organization, OrgKind
    from timing import timed

    bloc_ = Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE).order_by("id").first()
    run_reports(User.objects.get(username="canbo.khoi"), bloc_, int(os.environ.get("RUNS", "5")), print, timed)
