"""Load figure: `.venv/bin/python bench/load.py [--clients 100] [--duration 60]`.

Serves a bloc-scale SQLite database (bench/results/bench-bloc.sqlite3 from bench/run.py, or built here) with
`make run`'s gunicorn configuration (dangvu.ops.gunicorn_conf) on 127.0.0.1, then for each target runs --clients
threads, each with its own keep-alive connection and the session of --user (quantri, the province administrator:
the demo's bloc committee was dissolved in the 2025 reorganisation, so its officer's own organisation lists nobody
today), sending requests back to back for --duration seconds: the member list page of the whole organisation
(9.483 members at bloc scale, paging through it), its membership flow report page for 2025, and a bare Django JSON
view (same server and middleware, no database) as the floor. A response other than 200 with the page's table counts
as an error. Kept results (core.cache) start empty: each page's first visit computes it. Prints throughput, p50,
p95 and errors as the rows of the README's benchmark table, with the CPU the server's processes (gunicorn master
and workers, from /proc) and this load generator used meanwhile, in cores, and the server's CPU per request: on a
machine shared with other work that figure holds when throughput does not (2 cores ÷ CPU per request bounds the
throughput of an idle machine). Only loopback traffic; bounded in time. Not part of the test suite.
--workers/--threads/--max-requests try other gunicorn settings; --only runs some targets (short comparisons:
`--clients 20 --duration 10 --only list,flow`).
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from timing import pct

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def vn(x: float, decimals: int = 0) -> str:
    """A figure written the Vietnamese way, as in the README: 5.304 and 85,8."""
    text = f"{x:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) used so far by the processes of a process group (the gunicorn master and its
    workers; a recycled worker's time is in its master's children times once reaped), from /proc."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
            if int(stat.parent.name) == pgid:
                total += int(fields[13]) + int(fields[14])
    return total / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """CPU seconds (user + system) used so far by this process: the load generator."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_target(
    port: int, paths: list[str], cookie: str, clients: int, duration: float, marker: bytes, server: int = 0
) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        i = k
        start.wait()
        while time.monotonic() < deadline[0]:
            path = paths[i % len(paths)]
            i += clients
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                resp = conn.getresponse()
                body = resp.read()
                if resp.status != 200 or marker not in body:
                    bad += 1
                mine.append((time.perf_counter() - t0) * 1000)
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    deadline[0] = time.monotonic() + duration
    t0 = time.monotonic()
    cpu0, srv0 = own_cpu(), group_cpu(server) if server else 0.0
    start.wait()
    for t in threads:
        t.join(timeout=duration + 60)
    elapsed = time.monotonic() - t0
    cpu, srv = own_cpu() - cpu0, (group_cpu(server) - srv0) if server else 0.0
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50": pct(latencies, 50),
            "p95": pct(latencies, 95), "mean": statistics.fmean(latencies) if latencies else float("nan"),
            "errors": errors[0], "client_cpu": cpu / elapsed, "server_cpu": srv / elapsed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--user", default="quantri", help="whose session the clients use (default quantri)")
    ap.add_argument("--workers", type=int, help="gunicorn workers (default: dangvu.ops.gunicorn_conf's)")
    ap.add_argument("--threads", type=int, help="threads per gunicorn worker (gthread; 1 = sync workers)")
    ap.add_argument("--only", default="list,flow,floor", help="targets to run, comma-separated: list,flow,floor")
    ap.add_argument("--max-requests", type=int, help="gunicorn max_requests (default: dangvu.ops.gunicorn_conf's)")
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    db = RESULTS / "bench-bloc.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DANGVU_DEMO": "1", "DANGVU_HOME": str(ROOT),
           "DJANGO_SETTINGS_MODULE": "dangvu.settings"}
    fresh = not db.exists()
    # An existing database from an earlier bench/run.py gets the migrations added since (the pages need them).
    subprocess.run([str(BIN / "dangvu"), "migrate", "-v", "0"], env=env, check=True)
    if fresh:
        subprocess.run([str(BIN / "dangvu"), "demo", "--scale", "bloc", "--seed", "2025"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from dangvu.members.selectors import headcount
    from dangvu.orgs.models import Organization

    user = User.objects.get(username=args.user)
    from dangvu.orgs.selectors import default_organization

    bloc = default_organization(user) or Organization.objects.get(parent__isnull=True)
    session = SessionStore()
    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend"))
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    from dangvu.core.dates import today

    members = headcount(bloc, today())
    if not members:
        raise SystemExit(f"{bloc.name} lists no member today: pick another --user")
    pages = max(1, -(-members // 50))
    targets = {
        "list": ("member list `GET /members/?organization_id=<org>&page=N`",
                 [f"/members/?organization_id={bloc.pk}&page={1 + (i * 37) % pages}" for i in range(pages)],
                 b'<table class="table members">'),
        "flow": ("flow report `GET /reports/flow/?organization_id=<org>&start=2025-01-01&end=2025-12-31`",
                 [f"/reports/flow/?organization_id={bloc.pk}&start=2025-01-01&end=2025-12-31"],
                 b'<table class="table flow">'),
        "floor": ("floor: bare Django JSON view, same server and middleware", ["/bench/floor"], b'"ok"'),
    }
    chosen = [t.strip() for t in args.only.split(",") if t.strip()]
    if any(t not in targets for t in chosen):
        raise SystemExit(f"--only: choose among {', '.join(targets)}")
    port = free_port()
    # Kept results (dangvu.core.cache) start empty for each run, so runs compare: the first visit of each page
    # computes it, the next ones read it until a write.
    cache_dir = RESULTS / "load-cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    server_env = {**env, "DANGVU_CACHE_DIR": str(cache_dir), "GUNICORN_BIND": f"127.0.0.1:{port}",
                  "GUNICORN_LOGLEVEL": "warning", "DANGVU_LOG_LEVEL": "WARNING",
                  "DJANGO_SETTINGS_MODULE": "bench_settings", "PYTHONPATH": f"{HERE}:{ROOT / 'src'}"}
    if args.workers:
        server_env["GUNICORN_WORKERS"] = str(args.workers)
    if args.max_requests is not None:
        server_env["GUNICORN_MAX_REQUESTS"] = str(args.max_requests)
    if args.threads:
        server_env["GUNICORN_THREADS"] = str(args.threads)
        server_env["GUNICORN_WORKER_CLASS"] = "gthread" if args.threads > 1 else "sync"
    server = subprocess.Popen([str(BIN / "gunicorn"), "-c", "python:dangvu.ops.gunicorn_conf", "dangvu.wsgi"],
                              env=server_env, cwd=ROOT, start_new_session=True)
    try:
        for _ in range(600):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        import multiprocessing

        from dangvu.ops import gunicorn_conf

        workers = int(server_env.get("GUNICORN_WORKERS", gunicorn_conf.workers))
        threads = int(server_env.get("GUNICORN_THREADS", gunicorn_conf.threads))
        size = f"{workers} workers × {threads} threads (gthread)" if threads > 1 else f"{workers} sync workers"
        extra = "".join(f" --{k} {v}" for k, v in (("workers", args.workers), ("threads", args.threads),
                                                    ("max-requests", args.max_requests)) if v is not None)
        only = "" if args.only == "list,flow,floor" else f" --only {args.only}"
        load = os.getloadavg()[0]
        print(f"$ .venv/bin/python bench/load.py --clients {args.clients} --duration {args.duration:g}{extra}{only}")
        print(f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {platform.node()}, {multiprocessing.cpu_count()} "
              f"CPU, load average {vn(load, 1)} before; SQLite bloc, {bloc.name} ({vn(members)} members) as "
              f"{args.user}; gunicorn {size}; {args.clients} closed-loop client threads on the same machine, "
              f"{args.duration:g} s per target after a warm-up:")
        print()
        print("| Target | Requests | Throughput | p50 | p95 | Errors | CPU: server (per request) / load generator |")
        print("|---|---|---|---|---|---|---|")
        total = bad = 0
        for key in chosen:
            name, paths, marker = targets[key]
            run_target(port, paths, cookie, min(10, args.clients), 3, marker)  # warm-up
            r = run_target(port, paths, cookie, args.clients, args.duration, marker, server.pid)
            total, bad = total + int(r["requests"]), bad + int(r["errors"])
            print(f"| {name} | {vn(r['requests'])} | {vn(r['rps'], 1)} req/s | {vn(r['p50'])} ms | "
                  f"{vn(r['p95'])} ms | {vn(r['errors'])} | {vn(r['server_cpu'], 2)} cores "
                  f"({vn(1000 * r['server_cpu'] / max(r['rps'], 1e-9), 1)} ms) / {vn(r['client_cpu'], 2)} cores |",
                  flush=True)
        print(f"\n{vn(bad)} errors in {vn(total)} requests; load average {vn(os.getloadavg()[0], 1)} after.")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
