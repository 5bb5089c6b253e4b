"""Load figure: `.venv/bin/python bench/load.py [--clients 100] [--duration 60]`.

Serves a bloc-scale SQLite database (bench/results/bench-bloc.sqlite3 from bench/run.py, or built here) with
`make run`'s gunicorn configuration (dangvu.ops.gunicorn_conf) on 127.0.0.1, then for each target runs --clients
threads, each with its own keep-alive connection and the session of `canbo.khoi`, sending requests back to back
for --duration seconds: the member list page of the bloc (paging through it), the bloc's membership flow report
page for 2025, and a bare Django JSON view (same server and middleware, no database) as the floor. Prints
throughput, p50, p95 and errors. Only loopback traffic; bounded in time. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))] if s else float("nan")


def run_target(port: int, paths: list[str], cookie: str, clients: int, duration: float) -> dict[str, float]:
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
                resp.read()
                if resp.status != 200:
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
    start.wait()
    for t in threads:
        t.join(timeout=duration + 60)
    elapsed = time.monotonic() - t0
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50": pct(latencies, 50),
            "p95": pct(latencies, 95), "mean": statistics.fmean(latencies) if latencies else float("nan"),
            "errors": errors[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--duration", type=float, default=60)
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    db = RESULTS / "bench-bloc.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DANGVU_DEMO": "1", "DANGVU_HOME": str(ROOT),
           "DJANGO_SETTINGS_MODULE": "dangvu.settings"}
    if not db.exists():
        subprocess.run([str(BIN / "dangvu"), "migrate", "-v", "0"], env=env, check=True)
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
    from dangvu.orgs.models import Organization, OrgKind

    bloc = Organization.objects.get(kind=OrgKind.BLOC_COMMITTEE, name__startswith="Đảng bộ Khối các cơ quan")
    user = User.objects.get(username="canbo.khoi")
    session = SessionStore()
    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend"))
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    from dangvu.core.dates import today
    from dangvu.members.models import Member

    members = headcount(bloc, today()) or Member.objects.filter(left_on__isnull=True).count()
    pages = max(1, -(-members // 50))
    targets = {
        "member list  GET /members/?organization_id=<bloc>&page=N":
            [f"/members/?organization_id={bloc.pk}&page={1 + (i * 37) % pages}" for i in range(pages)],
        "flow report  GET /reports/flow/?organization_id=<bloc>&start=2025-01-01&end=2025-12-31":
            [f"/reports/flow/?organization_id={bloc.pk}&start=2025-01-01&end=2025-12-31"],
        "floor        GET /bench/floor (bare Django JSON view)": ["/bench/floor"],
    }
    port = free_port()
    server_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_LOGLEVEL": "warning",
                  "DANGVU_LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "bench_settings",
                  "PYTHONPATH": f"{HERE}:{ROOT / 'src'}"}
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

        print(f"$ .venv/bin/python bench/load.py --clients {args.clients} --duration {args.duration:g}")
        print(f"# {time.strftime('%Y-%m-%d %H:%M:%S')}  {platform.node()}  {multiprocessing.cpu_count()} CPU  "
              f"SQLite bloc ({members} members)  gunicorn {gunicorn_conf.workers} workers × "
              f"{gunicorn_conf.threads} threads (gthread), client threads on the same machine")
        for name, paths in targets.items():
            run_target(port, paths, cookie, min(10, args.clients), 3)  # warm-up
            r = run_target(port, paths, cookie, args.clients, args.duration)
            print(f"  {name}\n      {r['requests']:6d} requests  {r['rps']:7.1f} req/s   p50 {r['p50']:7.0f} ms   "
                  f"p95 {r['p95']:7.0f} ms   errors {r['errors']}")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
