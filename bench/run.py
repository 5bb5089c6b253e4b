"""Benchmarks: `.venv/bin/python bench/run.py [--scale tiny|bloc|province] [--db sqlite|postgres]`.

Builds a fresh database at the scale (SQLite file under bench/results/, or the PostgreSQL database in
DATABASE_URL — emptied first), then prints each figure beside the command that made it:
  (a) generating the demo data;
  (b) the member list API (GET /api/v1/members?organization_id=<bloc>&page=N, bearer token), p50/p95;
  (c) the membership flow of the bloc over one year, next to a hand-written SQL baseline computing the
      same numbers in the same run (asserted equal);
  (d) the bloc's headcount on a date, next to a hand-written SQL count.
Medians of --runs runs after one warm-up. Results also go to bench/results/latest.txt.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import warnings
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from timing import pct, timed

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

LINES: list[str] = []
warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: STATIC_ROOT not collected


def say(line: str = "") -> None:
    print(line, flush=True)
    LINES.append(line)





def setup_database(db: str, scale: str, sqlite: str = "") -> str:
    RESULTS.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        path = Path(sqlite) if sqlite else RESULTS / f"bench-{scale}.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        return str(path)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("--db postgres: set DATABASE_URL=postgresql://user@host:port/dbname (it will be emptied)")
    return url.rsplit("@", 1)[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=["tiny", "bloc", "province"], default="bloc")
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--runs", type=int, default=15, help="timed runs per figure (median reported)")
    ap.add_argument("--requests", type=int, default=50, help="member-list API requests")
    ap.add_argument("--pages", default="", help="only (a) and these main pages of (g), comma-separated names of "
                    "dangvu.demo.pages.main_pages (e.g. round_closed,round_open); written to latest-pages-*.txt")
    ap.add_argument("--sqlite", default="", help="--db sqlite: the file to build (default "
                    "bench/results/bench-<scale>.sqlite3, which bench/load.py may be serving)")
    args = ap.parse_args()

    where = setup_database(args.db, args.scale, args.sqlite)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from baseline import flow_sql, headcount_sql, ratings_sql
    from dangvu.core.dates import today
    from dangvu.demo.generator import generate
    from dangvu.members.selectors import headcount, members_of
    from dangvu.orgs.models import Organization, OrgKind
    from dangvu.reports.selectors import membership_flow

    cmd = f".venv/bin/python bench/run.py --scale {args.scale} --db {args.db} --seed {args.seed} --runs {args.runs}"
    cmd += f" --pages {args.pages}" if args.pages else ""
    say(f"$ {cmd}")
    say(f"# {time.strftime('%Y-%m-%d %H:%M:%S')}  {platform.node()}  Python {platform.python_version()}  "
        f"{os.cpu_count()} CPU  database: {connection.vendor} ({where})")
    call_command("migrate", verbosity=0)
    if args.db == "postgres":
        call_command("flush", interactive=False, verbosity=0)

    # (a) generation
    t0 = time.perf_counter()
    result = generate(seed=args.seed, scale=args.scale)
    gen_s = time.perf_counter() - t0
    assert result is not None
    t = result["timings"]
    say()
    say(f"(a) dangvu demo --scale {args.scale} --seed {args.seed}  [dangvu.demo.generator.generate]")
    say(f"    {gen_s:8.1f} s   {result['organizations']} organisations, {result['members']} member records "
        f"({result['active']} active), {result['events']} events "
        f"(simulate {t['simulate']:.1f} s, orgs {t['orgs']:.1f} s, members {t['members']:.1f} s, "
        f"services+accounts {t['services']:.1f} s)")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    say("    then ANALYZE (planner statistics, as autovacuum/`sqlite3 .. ANALYZE` would have them)")
    if args.pages:  # only the named main pages: (g) for them, nothing else
        say()
        say_pages(args.runs, set(args.pages.split(",")))
        out = RESULTS / f"latest-pages-{args.scale}-{args.db}.txt"
        out.write_text("\n".join(LINES) + "\n", encoding="utf-8")
        print(f"(written to {out})")
        return

    bloc = Organization.objects.get(kind=OrgKind.BLOC_COMMITTEE, name__startswith="Đảng bộ Khối các cơ quan")
    from django.contrib.auth.models import User

    officer = User.objects.get(username="canbo.khoi")
    on = today()
    n_members = headcount(bloc, on)

    # (b) member list API
    say()
    client = Client()
    resp = client.post("/api/v1/auth/token", data=json.dumps({"username": "canbo.khoi", "password": "DangVu@2025"}),
                       content_type="application/json")
    pages = max(1, -(-n_members // 50))
    page_seq = [1 + (i * 37) % pages for i in range(args.requests)]
    if resp.status_code in (200, 201) and "token" in resp.json():
        token = resp.json()["token"]
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        url = f"/api/v1/members?organization_id={bloc.pk}&page="
        first = client.get(url + "1", **auth)
        assert first.status_code == 200, first.content[:300]
        assert first.json()["count"] == n_members, (first.json()["count"], n_members)
        times = []
        for p in page_seq:
            t1 = time.perf_counter()
            r = client.get(url + str(p), **auth)
            times.append((time.perf_counter() - t1) * 1000)
            assert r.status_code == 200
        say(f"(b) GET /api/v1/members?organization_id={bloc.pk}&page=N  (Bearer token of canbo.khoi; "
            f"{args.requests} requests over {pages} pages of 50; Django test Client, in process)")
        say(f"    p50 {pct(times, 50):7.1f} ms   p95 {pct(times, 95):7.1f} ms   max {max(times):7.1f} ms")
    else:
        say(f"(b) POST /api/v1/auth/token answered {resp.status_code}: API not available, timing the selector "
            "dangvu.members.selectors.members_of directly instead")
        times = []
        for p in page_seq:
            t1 = time.perf_counter()
            members_of(officer, bloc, on=on, page=p)
            times.append((time.perf_counter() - t1) * 1000)
        say(f"    members_of(user, bloc, on=today, page=N): p50 {pct(times, 50):7.1f} ms   "
            f"p95 {pct(times, 95):7.1f} ms")
    sel_ms, sel_times, _ = timed(lambda: members_of(officer, bloc, on=on, page=pages // 2 or 1), args.runs)
    say(f"    for reference: members_of(user, bloc, on={on.isoformat()}, page={pages // 2 or 1}) alone: "
        f"median {sel_ms:.1f} ms")

    # (c) flow over the last full year, against the SQL baseline
    start, end = date(on.year - 1, 1, 1), date(on.year - 1, 12, 31)
    say()
    flow_ms, _, flow = timed(lambda: membership_flow(officer, bloc, start=start, end=end), args.runs)
    sql_ms, _, base = timed(lambda: flow_sql(bloc.pk, start, end), args.runs)
    ours = {k: v for k, v in {**flow.inflows, **flow.outflows}.items() if v}
    assert (flow.opening, flow.closing, ours) == (base["opening"], base["closing"], base["counts"]), (flow, base)
    assert flow.balanced
    say(f"(c) membership_flow(user, bloc, start={start.isoformat()}, end={end.isoformat()})  "
        "[dangvu.reports.selectors]")
    say(f"    median {flow_ms:7.1f} ms   opening {flow.opening}, in {flow.total_in} {_fmt(flow.inflows)}, "
        f"out {flow.total_out} {_fmt(flow.outflows)}, closing {flow.closing}")
    say("    hand-written SQL: bench/baseline.py FLOW_SQL (1 statement) + HEADCOUNT_SQL x2 (opening, closing)")
    say(f"    median {sql_ms:7.1f} ms   opening {base['opening']}, {_fmt(base['counts'])}, closing {base['closing']}"
        "   — identical (asserted)")
    say(f"    ratio selector / SQL: {flow_ms / sql_ms:5.1f}x")

    # (d) headcount on a date
    d = date(on.year - 1, 12, 31)
    say()
    hc_ms, _, hc = timed(lambda: headcount(bloc, d), args.runs)
    hs_ms, _, hs = timed(lambda: headcount_sql(bloc.pk, d), args.runs)
    assert hc == hs, (hc, hs)
    say(f"(d) headcount(bloc, {d.isoformat()})  [dangvu.members.selectors]: median {hc_ms:7.2f} ms -> {hc}")
    say(f"    hand-written SQL (bench/baseline.py HEADCOUNT_SQL): median {hs_ms:7.2f} ms -> {hs}   "
        f"ratio {hc_ms / hs_ms:5.1f}x")
    # (e) rating results of the bloc for the latest confirmed year, against SQL
    from dangvu.enterprises.selectors import coverage
    from dangvu.ratings.selectors import _subtree_path as rating_path
    from dangvu.ratings.selectors import latest_closed_year, rating_results

    year = latest_closed_year(officer)
    if year:
        say()
        rr_ms, _, rr = timed(lambda: rating_results(officer, bloc.pk, year, compare=False), args.runs)
        rs_ms, _, rs = timed(lambda: ratings_sql(rating_path(bloc, year), year), args.runs)
        ours_r = {("organization", False, k): v for k, v in rr.organizations.counts.items() if v}
        ours_r |= {("member", False, k): v for k, v in rr.members.counts.items() if v}
        ours_r |= {("member", True, k): v for k, v in rr.probationary.counts.items() if v}
        assert ours_r == rs, (ours_r, rs)
        say(f"(e) rating_results(user, bloc, {year})  [dangvu.ratings.selectors]: median {rr_ms:7.2f} ms, "
            f"{sum(rs.values())} entries")
        say(f"    hand-written SQL (bench/baseline.py RATINGS_SQL): median {rs_ms:7.2f} ms   identical (asserted)   "
            f"ratio {rr_ms / rs_ms:5.1f}x")

    # (f) enterprise coverage of the bloc today (no baseline yet: the figure has a dozen breakdowns)
    say()
    cov_ms, _, _cov = timed(lambda: coverage(officer, bloc.pk, on), args.runs)
    say(f"(f) coverage(user, bloc, {on.isoformat()})  [dangvu.enterprises.selectors]: median {cov_ms:7.1f} ms "
        "(no SQL baseline yet)")
    # (g) the big pages as an officer of the bloc opens them (in-process Django client: no network, no static files)
    say()
    say_pages(args.runs)
    from reports_bench import run_reports  # (h) issue 9: dashboard, every report, review pack

    run_reports(officer, bloc, args.runs, say, timed)
    say()
    say(f"# medians of {args.runs} runs after one warm-up; ARCHITECTURE.md floors (PostgreSQL 15, 2 cores): "
        "headcount bloc 1 ms, flow bloc 8 ms, member page 21-25 ms")
    out = RESULTS / "latest.txt"
    out.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    (RESULTS / f"latest-{args.scale}-{args.db}.txt").write_text("\n".join(LINES) + "\n", encoding="utf-8")
    print(f"(written to {out})")


def say_pages(runs: int, only: set[str] | None = None) -> None:
    """Section (g): time and size of the main pages (or of those named in `only`), the load average beside."""
    say("(g) main pages (django.test.Client, whole request: middleware, views, templates), each as the account "
        "that works in it; budget < 1 s and < 500 KB each  [dangvu.demo.pages.main_pages]")
    over = 0
    rows = page_timings(runs, only)
    if only is not None and not rows:
        say(f"    no main page named {', '.join(sorted(only))}")
    for page, ms, size in rows:
        flag = "" if ms < 1000 and size < 500 * 1024 else "   OVER BUDGET"
        over += bool(flag)
        say(f"    {page.name:13s} {page.username:11s} median {ms:7.1f} ms  {size / 1024:7.1f} KB  {page.url}{flag}")
    say(f"    {'all pages within budget' if not over else f'{over} page(s) over budget'}   "
        f"(load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} after the timings)")


def page_timings(runs: int, only: set[str] | None = None) -> list[tuple[Any, float, int]]:
    """Median time and size of each main page for the account that works in it (dangvu.demo.pages.main_pages, the
    list tests/web/test_big_pages.py asserts the size of)."""
    from django.contrib.auth.models import User
    from django.contrib.auth.signals import user_logged_in
    from django.test import Client

    from dangvu.demo.pages import main_pages

    receivers = user_logged_in.receivers
    user_logged_in.receivers = []  # no login bookkeeping (lockout, last_login) in a timing run
    clients: dict[str, Client] = {}
    out = []
    try:
        for page in main_pages():
            if only is not None and page.name not in only:
                continue
            client = clients.get(page.username)
            if client is None:
                client = clients[page.username] = Client()
                client.force_login(User.objects.get(username=page.username))
            ms, _, resp = timed(partial(client.get, page.url), runs)
            assert resp.status_code == 200, (page.url, resp.status_code)
            out.append((page, ms, len(resp.content)))
    finally:
        user_logged_in.receivers = receivers
    return out


def _fmt(d: dict[str, int]) -> str:
    return "(" + ", ".join(f"{k} {v}" for k, v in d.items() if v) + ")"


if __name__ == "__main__":
    main()
