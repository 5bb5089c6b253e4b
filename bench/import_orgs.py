"""Organisation import rate: `.venv/bin/python bench/import_orgs.py [--orgs 2500]`.

A fresh SQLite database under bench/results with one provincial committee; a file of --orgs organisations (two
committees under the province, grassroots committees under them, four cells under each, given in reverse order so
that the engine must order parents first), then times, as a superuser, the dry run and the confirmation as the
queued jobs run them, and counts the path-span rebuilds. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE.parent / "src"))


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--orgs", type=int, default=2500)
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "bench-import-orgs.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    os.environ.setdefault("DANGVU_DEMO", "1")
    import django

    django.setup()
    from datetime import date
    from unittest import mock

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from dangvu.imports import engine
    from dangvu.imports.kinds import get_kind
    from dangvu.orgs import projection
    from dangvu.orgs.models import Organization
    from dangvu.orgs.services import org_found

    print(f"$ .venv/bin/python bench/import_orgs.py --orgs {args.orgs}")
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S')}  {platform.node()}  {os.cpu_count()} CPU  "
          f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    root = User.objects.create_superuser("bench", password="bench-12345")
    org_found(actor=root, name="Đảng bộ tỉnh", kind="provincial_committee", parent=None,
              founded_on=date(1950, 1, 1), code="T")
    rows: list[dict[str, str]] = []
    for t in range(2):
        rows.append({"code": f"K{t}", "name": f"Đảng bộ Khối {t}", "kind": "Đảng bộ Khối", "parent": "T",
                     "founded_on": "01/03/2008"})
    g = 0
    while len(rows) < args.orgs:
        code = f"G{g}"
        rows.append({"code": code, "name": f"Đảng bộ cơ sở {g}", "kind": "Đảng bộ cơ sở", "parent": f"K{g % 2}",
                     "founded_on": "01/06/2008", "sector": "Cơ quan nhà nước"})
        for c in range(4):
            if len(rows) < args.orgs:
                rows.append({"code": f"{code}.{c}", "name": f"Chi bộ {c} của {g}", "kind": "Chi bộ trực thuộc",
                             "parent": code, "founded_on": "01/01/2009"})
        g += 1
    rows.reverse()
    kind = get_kind("organizations")
    data = engine.workbook_bytes(kind, {"organizations": [[r.get(c.key, "") for c in kind.main.columns]
                                                          for r in rows]})
    sheets = engine.read_upload(kind, "bench.xlsx", data)
    rebuilds = [0]
    real = projection.rebuild_paths

    def counted(*a: object, **k: object) -> int:
        rebuilds[0] += 1
        return real(*a, **k)  # type: ignore[arg-type]

    with mock.patch("dangvu.orgs.projection.rebuild_paths", counted), \
            mock.patch("dangvu.orgs.services.rebuild_paths", counted), \
            mock.patch("dangvu.members.reorganization.rebuild_paths", counted), \
            mock.patch("dangvu.imports.organizations.rebuild_paths", counted, create=True):
        t0 = time.perf_counter()
        out = engine.run_rows(kind, actor=root, sheets=sheets, progress=lambda i: None, write=False)
        dry_s, dry_rebuilds = time.perf_counter() - t0, rebuilds[0]
        assert not [e for o in out for e in o.errors], [e.sentence() for o in out for e in o.errors][:5]
        rebuilds[0] = 0
        t0 = time.perf_counter()
        engine.run_rows(kind, actor=root, sheets=sheets, progress=lambda i: None, write=True)
        confirm_s, confirm_rebuilds = time.perf_counter() - t0, rebuilds[0]
    assert Organization.objects.count() == args.orgs + 1
    assert projection.rebuild_paths(repair=False) == 0, "path spans differ from a rebuild"
    print(f"  {args.orgs} organisations: dry run {dry_s:.2f} s ({dry_rebuilds} path rebuilds), "
          f"confirm {confirm_s:.2f} s ({confirm_rebuilds} path rebuilds)")


if __name__ == "__main__":
    main()
