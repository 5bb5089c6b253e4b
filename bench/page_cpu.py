"""CPU per request of the load targets, without HTTP: `.venv/bin/python bench/page_cpu.py [--requests 300]
[--profile list|flow|floor]`.

Calls the WSGI handler (all the middleware, the session of quantri, the views) in this process on the bloc-scale
SQLite database of bench/load.py, with its own empty kept-results directory: each target's page is visited twice
(computed, then kept), then --requests times, and the process CPU time per request is printed with the statements
one request runs. What is left besides gunicorn's own share of bench/load.py's figure (the floor through gunicorn
costs ~0,4 ms more). --profile prints a cProfile of one target. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


class Recorder:
    """A database execute wrapper keeping each statement's text."""

    def __init__(self, statements: list[str]) -> None:
        self.statements = statements

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.statements.append(sql)
        return execute(sql, params, many, context)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--profile", choices=["list", "flow", "floor"])
    args = ap.parse_args()
    db = HERE / "results" / "bench-bloc.sqlite3"
    if not db.exists():
        raise SystemExit(f"{db} is missing: run bench/load.py (or bench/run.py) once first")
    cache_dir = HERE / "results" / "page-cpu-cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    os.environ.update({"DATABASE_URL": f"sqlite:///{db}", "DANGVU_DEMO": "1", "DANGVU_HOME": str(ROOT),
                       "DJANGO_SETTINGS_MODULE": "bench_settings", "DANGVU_CACHE_DIR": str(cache_dir),
                       "DANGVU_LOG_LEVEL": "WARNING"})
    sys.path[:0] = [str(HERE), str(ROOT / "src")]
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from dangvu.orgs.selectors import default_organization

    user = User.objects.get(username="quantri")
    org = default_organization(user)
    assert org is not None
    session = SessionStore()
    session[SESSION_KEY], session[HASH_SESSION_KEY] = str(user.pk), user.get_session_auth_hash()
    session[BACKEND_SESSION_KEY] = next(b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend"))
    session.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    app = WSGIHandler()

    def call(path: str) -> tuple[str, bytes]:
        route, _, query = path.partition("?")
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
                   "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000", "HTTP_COOKIE": cookie,
                   "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http", "SERVER_PROTOCOL": "HTTP/1.1",
                   "REMOTE_ADDR": "127.0.0.1"}
        status: list[str] = []
        body = b"".join(app(environ, lambda s, h: status.append(s)))  # type: ignore[arg-type]
        return status[0], body

    targets = {
        "list": f"/members/?organization_id={org.pk}&page=3",
        "flow": f"/reports/flow/?organization_id={org.pk}&start=2025-01-01&end=2025-12-31",
        "floor": "/bench/floor",
    }
    print(f"$ .venv/bin/python bench/page_cpu.py --requests {args.requests}")
    print(f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, load average {os.getloadavg()[0]:.1f} before")
    for key, path in targets.items():
        first = time.process_time()
        status, body = call(path)
        first = time.process_time() - first
        call(path)
        statements: list[str] = []
        with connection.execute_wrapper(Recorder(statements)):
            call(path)
        t0 = time.process_time()
        for _ in range(args.requests):
            call(path)
        per = (time.process_time() - t0) / args.requests * 1000
        print(f"{key}: {status}, {len(body):,} bytes; first visit {first * 1000:.1f} ms, kept {per:.2f} ms CPU a "
              f"request, {len(statements)} statements")
    print(f"load average {os.getloadavg()[0]:.1f} after")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            call(targets[args.profile])
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
