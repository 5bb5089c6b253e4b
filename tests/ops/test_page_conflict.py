"""A conflicting second write through a web page, against gunicorn with two signed-in sessions (its own database,
SQLite or PostgreSQL like the rest of the run): the refused request gets the 409 page in Vietnamese, never a 500;
the form then applies cleanly, and two sessions registering the same tax code at once leave exactly one enterprise."""

import http.cookiejar
import re
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .site import POSTGRES, Site

CONFLICT_TEXT = "tải lại trang"


class Session:
    """One browser: its own cookies (session, CSRF), signed in through the login page."""

    def __init__(self, site: Site, username: str, password: str = "DangVu@2025") -> None:
        self.base = site.base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )
        status, _ = self.post("/login/", {"username": username, "password": password})
        assert status == 302, status

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        _, html = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token, html[:500]
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token.group(1)}).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST"))

    def _open(self, req: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(req, timeout=120) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 302 is the answer itself


def enterprise_form(data: dict[str, Any], tax_code: str, name: str) -> dict[str, str]:
    return {"name": name, "tax_code": tax_code, "ownership": "private", "locality": str(data["locality_id"]),
            "registered_on": data["today"]}


def hold_conflicting_write(site: Site, tax_code: str) -> Any:
    """Open a transaction that writes the same tax code (PostgreSQL: an uncommitted copy of an enterprise, so the
    page's insert waits on the unique key) or holds the write lock (SQLite) until released."""
    if POSTGRES:
        import psycopg

        conn = psycopg.connect(site.url.replace("postgres://", "postgresql://", 1))
        cols = [r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'enterprises_enterprise' "
            "AND column_name NOT IN ('id', 'tax_code')"
        ).fetchall()]
        names = ", ".join(f'"{c}"' for c in cols)
        conn.execute(  # type: ignore[call-overload]
            f"INSERT INTO enterprises_enterprise ({names}, tax_code) SELECT {names}, %s FROM enterprises_enterprise "  # noqa: S608
            "ORDER BY id LIMIT 1", [tax_code],
        )
        return conn
    path = Path(site.url.removeprefix("sqlite:///"))
    lite = sqlite3.connect(path, isolation_level=None, timeout=30)
    lite.execute("BEGIN IMMEDIATE")
    return lite


def test_a_conflicting_write_through_a_page_gets_409_in_vietnamese(site: Site, monkeypatch: Any) -> None:
    data = site.python("tests.ops.sitedata", "conflicts")
    monkeypatch.setenv("DANGVU_SQLITE_TIMEOUT", "2")  # the site's SQLite writers give up after 2 s instead of 20
    site.serve(workers=2, threads=4)
    first, second = Session(site, "quantri"), Session(site, "quantri")
    code = data["tax_code"]

    # Another transaction writes the same tax code meanwhile: the page's write is refused with the 409 page.
    conn = hold_conflicting_write(site, code)
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(first.post, "/enterprises/new/", enterprise_form(data, code, "Công ty TNHH Tranh Chấp"))
        if POSTGRES:  # the page's insert waits on the unique key; the other transaction then commits
            deadline = time.monotonic() + 30
            while not _waiting_on_a_lock(site) and time.monotonic() < deadline:
                time.sleep(0.1)
            conn.commit()
        status, html = pending.result(timeout=120)
    if not POSTGRES:
        conn.rollback()
    conn.close()
    assert status == 409, (status, html[:2000])
    assert CONFLICT_TEXT in html

    # The same page again: it applies cleanly (SQLite) or is refused by the rule in Vietnamese (PostgreSQL: the
    # other transaction's enterprise now holds the tax code).
    status, html = second.post("/enterprises/new/", enterprise_form(data, code, "Công ty TNHH Tranh Chấp"))
    assert status == (422 if POSTGRES else 302), (status, html[:2000])

    # Two sessions register one new tax code, 8 requests each at once: one enterprise, every refusal a 409 page
    # or the form's rule in Vietnamese, never a 5xx.
    other = _next_code(code)
    barrier = threading.Barrier(16)

    def one(k: int) -> tuple[int, str]:
        session = first if k % 2 else second
        form = enterprise_form(data, other, f"Công ty TNHH Cùng Lúc {k}")
        _, page = session.get("/enterprises/new/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token
        body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": token.group(1)}).encode()
        barrier.wait(timeout=60)
        return session._open(urllib.request.Request(site.base + "/enterprises/new/", data=body, method="POST"))

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(one, range(16)))
    statuses = [s for s, _ in results]
    assert not [s for s in statuses if s >= 500], statuses
    assert statuses.count(302) == 1, statuses
    for s, html in results:
        if s == 409:
            assert CONFLICT_TEXT in html
        elif s != 302:
            assert s == 422 and "Mã số thuế" in html, (s, html[:1000])
    print("page burst:", {s: statuses.count(s) for s in set(statuses)})
    site.close()
    if POSTGRES:  # the test's own raw copy has no history rows: rebuild --check would report it
        import psycopg

        with psycopg.connect(site.url.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
            c.execute("DELETE FROM enterprises_enterprise WHERE tax_code = %s", [code])
    check = site.dangvu("rebuild", "--check", check=False)
    assert check.returncode == 0, check.stdout + check.stderr


def _waiting_on_a_lock(site: Site) -> bool:
    import psycopg

    name = site.url.rsplit("/", 1)[1]
    with psycopg.connect(site.url.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        row = c.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                        [name]).fetchone()
    return bool(row and row[0])


def _next_code(code: str) -> str:
    from dangvu.enterprises.rules import tax_check_digit

    n = int(code[:9]) + 1
    while (check := tax_check_digit(f"{n:09d}")) is None:
        n += 1
    return f"{n:09d}{check}"
