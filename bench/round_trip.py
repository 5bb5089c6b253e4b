"""The round trip at bloc scale through the command line: `.venv/bin/python bench/round_trip.py [--scale bloc]`.

1. a fresh SQLite file /tmp/dangvu-rt-source.sqlite3: `dangvu migrate`, `dangvu demo --scale bloc` (DANGVU_DEMO=1);
2. `dangvu export organizations|members --organization <province> --out /tmp/dangvu-rt/…` (history included);
3. an empty SQLite file /tmp/dangvu-rt-target.sqlite3: `dangvu migrate`, `dangvu createadmin`,
   `dangvu import organizations … --confirm`, `dangvu import members … --confirm`;
4. tests/imports/figures.member_figures on both (tree, headcounts and compositions on dates before and after the
   2025 reorganisation, flows of periods), compared: every difference is printed. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DANGVU = str(ROOT / ".venv" / "bin" / "dangvu")
OUT = Path("/tmp/dangvu-rt")
DATES = ["2012-12-31", "2018-06-30", "2023-12-31", "2025-06-30", "2025-07-01"]
PERIODS = [("2015-01-01", "2015-12-31"), ("2023-01-01", "2023-12-31"), ("2025-01-01", None)]


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DANGVU_DEMO": "1", "DANGVU_PASSWORD": "RoundTrip@2025"}


def _run(db: Path, *args: str) -> float:
    print("$", "DANGVU_DEMO=1", f"DATABASE_URL=sqlite:///{db}", "dangvu", *args, flush=True)
    t0 = time.perf_counter()
    p = subprocess.run([DANGVU, *args], env=_env(db), capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    lines = (p.stdout + p.stderr).strip().splitlines()
    for line in [*lines[:3], *(["  …"] if len(lines) > 6 else []), *lines[-3:]] if len(lines) > 6 else lines:
        print("   ", line)
    print(f"    ({seconds:.1f} s, exit {p.returncode})", flush=True)
    if p.returncode:
        sys.exit(f"failed: dangvu {' '.join(args)}")
    return seconds


def _code(org: Any) -> str:
    return str(org.code or "")


def figures(db: Path, out: Path, ref: str, limit: int) -> None:
    """In a child process on `db`: the figures as JSON."""
    os.environ.update(_env(db))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from tests.imports.figures import member_figures

    from dangvu.core.dates import today
    from dangvu.imports.refs import org_ref

    # The demo's province administrator (the source has no superuser), the target's createadmin account.
    user = User.objects.get(username="quantri")
    periods = [(date.fromisoformat(s), date.fromisoformat(e) if e else today()) for s, e in PERIODS]
    f = member_figures(user, dates=[*(date.fromisoformat(d) for d in DATES), today()], periods=periods,
                       ref=org_ref if ref == "export" else _code, grassroots_limit=limit)
    out.write_text(json.dumps({k: v for k, v in f.items()}, default=str, ensure_ascii=False))


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--scale", default="bloc")
    ap.add_argument("--grassroots", type=int, default=60, help="grassroots organisations compared per date")
    ap.add_argument("--figures", nargs=3, metavar=("DB", "OUT", "REF"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.figures:
        figures(Path(args.figures[0]), Path(args.figures[1]), args.figures[2], args.grassroots)
        return
    OUT.mkdir(exist_ok=True)
    source, target = Path("/tmp/dangvu-rt-source.sqlite3"), Path("/tmp/dangvu-rt-target.sqlite3")
    for db in (source, target):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    print(f"$ .venv/bin/python bench/round_trip.py --scale {args.scale}  # {time.strftime('%Y-%m-%d %H:%M')} "
          f"{os.cpu_count()} CPU")
    _run(source, "migrate", "-v0")
    _run(source, "demo", "--scale", args.scale)
    province = subprocess.run(
        [DANGVU, "shell", "-c", "from dangvu.orgs.models import Organization as O; "
         "print(O.objects.get(parent__isnull=True).pk)"], env=_env(source), capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]
    timings = {}
    for kind in ("organizations", "members"):
        timings[f"export {kind}"] = _run(source, "export", kind, "--organization", province, "--out",
                                         str(OUT / f"{kind}.xlsx"), "--username", "quantri")
    _run(target, "migrate", "-v0")
    _run(target, "createadmin", "--username", "quantri")
    for kind in ("organizations", "members"):
        timings[f"import {kind}"] = _run(target, "import", kind, str(OUT / f"{kind}.xlsx"), "--confirm")
    me = [sys.executable, __file__, "--grassroots", str(args.grassroots), "--figures"]
    subprocess.run([*me, str(source), str(OUT / "source.json"), "export"], check=True)
    subprocess.run([*me, str(target), str(OUT / "target.json"), "code"], check=True)
    before = json.loads((OUT / "source.json").read_text())
    after = json.loads((OUT / "target.json").read_text())
    differ = [k for k in before if before.get(k) != after.get(k)] + [k for k in after if k not in before]
    compared = sum(1 for k in before if " on " in k), sum(1 for k in before if " flow " in k)
    print(f"compared: {len(before)} figures ({compared[0]} headcount+composition, {compared[1]} flows, "
          f"{len(DATES) + 1} trees); differences: {len(differ)}")
    for k in differ[:20]:
        print("  DIFF", k, "\n    before:", str(before.get(k))[:300], "\n    after: ", str(after.get(k))[:300])
    print("timings:", ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
