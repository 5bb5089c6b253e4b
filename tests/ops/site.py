"""A real deployment for tests: its own database (a SQLite file, or a new database on the PostgreSQL server the
suite runs against), migrated and filled with the tiny demo by the `dangvu` command, served by gunicorn in a
subprocess, with the queue worker in another. Independent of pytest-django's test database."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    base = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


@dataclass
class Site:
    home: Path
    url: str  # DATABASE_URL of the site's own database
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    base: str = ""

    @property
    def env(self) -> dict[str, str]:
        # Without PYTEST_VERSION the site behaves as deployed: jobs go through the queue, not inline.
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYTEST_", "DJANGO_ALLOW")) and k != "DANGVU_JOBS_SYNC"}
        # Production settings except the second factor: the site holds the demo accounts, which sign in with a password.
        env.update(DATABASE_URL=self.url, DANGVU_HOME=str(self.home), DANGVU_SECRET_KEY="tests-only-site-key",
                   DANGVU_2FA_REQUIRED_ROLES="none",
                   DJANGO_SETTINGS_MODULE="dangvu.settings",
                   PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
        return env

    def dangvu(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([str(BIN / "dangvu"), *args], env=self.env, cwd=self.home, capture_output=True,
                              text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise AssertionError(f"dangvu {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def python(self, module: str, *args: str) -> Any:
        """Run `python -m module args` against the site's database; its stdout is JSON."""
        done = subprocess.run([sys.executable, "-m", module, *args], env=self.env, cwd=ROOT, capture_output=True,
                              text=True, timeout=300)
        if done.returncode != 0:
            raise AssertionError(f"{module} failed:\n{done.stdout}\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def serve(self, *, workers: int = 2, threads: int = 4) -> str:
        """Start gunicorn with the production settings module; returns the base URL once /healthz says 200."""
        port = free_port()
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers),
               "GUNICORN_THREADS": str(threads), "GUNICORN_LOGLEVEL": "warning", "DANGVU_LOG_LEVEL": "WARNING"}
        log = open(self.home / "gunicorn.log", "ab")  # noqa: SIM115 — kept open for the subprocess' life
        proc = subprocess.Popen([str(BIN / "gunicorn"), "-c", "python:dangvu.ops.gunicorn_conf", "dangvu.wsgi"],
                                env=env, cwd=self.home, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.procs.append(proc)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait for a condition, bounded; not a fixed sleep
            if proc.poll() is not None:
                raise AssertionError("gunicorn exited:\n" + (self.home / "gunicorn.log").read_text())
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return self.base
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.1)
        raise AssertionError("gunicorn did not answer /healthz within 60 s")

    def start_worker(self) -> subprocess.Popen[bytes]:
        """`dangvu worker` (recovery of dead workers' jobs, then django-q2's cluster) in its own process group."""
        log = open(self.home / "worker.log", "ab")  # noqa: SIM115 — kept open for the subprocess' life
        proc = subprocess.Popen([str(BIN / "dangvu"), "worker"], env=self.env, cwd=self.home, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL the process and everything it started (a crash, a power cut: no clean-up runs)."""
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        self.procs.remove(proc)

    def stop(self, proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    def close(self) -> None:
        """Stop every process started (SIGKILL: the tests' requests are all answered by then)."""
        for proc in list(self.procs):
            self.kill(proc)

    def request(self, method: str, path: str, body: Any = None, token: str = "") -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                raw = r.read()
                return r.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, raw.decode(errors="replace")[:500]

    def token(self, username: str = "quantri", password: str = "DangVu@2025") -> str:
        status, body = self.request("POST", "/api/v1/auth/token", {"username": username, "password": password})
        assert status == 201, body
        return str(body["token"])


def make_site(tmp: Path, *, demo: bool = True, migrate: bool = True) -> Site:
    """A migrated database (with the tiny demo unless demo=False; empty with migrate=False) of its own."""
    tmp.mkdir(parents=True, exist_ok=True)
    if POSTGRES:
        name = f"dangvu_site_{uuid.uuid4().hex[:10]}"
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        _pg_admin(url, f'CREATE DATABASE "{name}"')
    else:
        url = f"sqlite:///{tmp / 'site.sqlite3'}"
    site = Site(home=tmp, url=url)
    if not migrate:
        return site
    site.dangvu("migrate", "--noinput", "-v", "0")
    if demo:
        site.dangvu("demo", "--scale", "tiny", "--seed", "7")
    return site


def drop_site(site: Site) -> None:
    site.close()
    if POSTGRES:
        name = site.url.rsplit("/", 1)[1]
        _pg_admin(site.url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
