"""Enterprise import rate: `.venv/bin/python bench/import_rate.py [--rows 10000] [--db sqlite|postgres]`.

Builds a fresh database with the tiny demo (localities, zones, enterprises, users), generates a spreadsheet of
--rows rows (90 % new enterprises with workforce and a trade union, 10 % re-imports of registered ones with a
changed field and a new count), then times, as the province's administrator: the upload (parse), the dry run and
the confirmation (the same functions the queued jobs call). Prints rows/s for each. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE.parent / "src"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.db == "sqlite":
        path = RESULTS / "bench-import.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    elif not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("--db postgres: set DATABASE_URL (the database will be emptied)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    os.environ.setdefault("DANGVU_DEMO", "1")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from openpyxl import Workbook

    from dangvu.demo.generator import generate
    from dangvu.enterprises.importing import COLUMNS, import_confirm, import_dry_run, import_upload
    from dangvu.enterprises.models import Enterprise, IndustrialZone, Locality
    from dangvu.enterprises.rules import tax_check_digit

    say = print
    say(f"$ .venv/bin/python bench/import_rate.py --rows {args.rows} --db {args.db}")
    say(f"# {time.strftime('%Y-%m-%d %H:%M:%S')}  {platform.node()}  {os.cpu_count()} CPU  "
        f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    if args.db == "postgres":
        call_command("flush", interactive=False, verbosity=0)
    generate(seed=2025, scale="tiny")
    admin = User.objects.get(username="quantri")
    localities = list(Locality.objects.values_list("name", flat=True))
    zones = list(IndustrialZone.objects.values_list("name", flat=True))
    existing = list(Enterprise.objects.values_list("tax_code", flat=True))
    # re-imported: those the rules accept as they stand (the demo has FDI enterprises without the investor country)
    updatable = list(
        Enterprise.objects.exclude(ownership="fdi", investor_country="").values_list("tax_code", flat=True))
    n_update = min(len(updatable), args.rows // 10)
    rows: list[dict[str, object]] = []
    n = 400000000
    while len(rows) < args.rows - n_update:
        n += 1
        check = tax_check_digit(f"{n:09d}")
        if check is None:
            continue
        i = len(rows)
        rows.append({"tax_code": f"{n:09d}{check}", "name": f"Công ty TNHH Thử Nghiệm Số {i}", "ownership": "Tư nhân",
                     "industry": "Cơ khí", "address": f"Số {i} đường Trần Hưng Đạo", "locality": localities[i % 2],
                     "zone": zones[i % len(zones)] if zones and i % 3 == 0 else "", "owner_name": "Nguyễn Văn An",
                     "registered_on": "01/01/2024", "as_of": "31/12/2024", "workers": 20 + i % 500,
                     "women": 10, "union_eligible": 15, "trade_union_founded_on": "01/06/2024",
                     "trade_union_members": 12})
    for i, code in enumerate(updatable[:n_update]):
        rows.append({"tax_code": code, "industry": f"Ngành {i}", "as_of": "30/06/2025", "workers": 100 + i})
    wb = Workbook()
    ws = wb.active
    ws.append([label for _, label in COLUMNS])
    for r in rows:
        ws.append([r.get(k, "") for k, _ in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    say(f"  file: {len(rows)} rows ({len(rows) - n_update} new, {n_update} updates), {len(data) / 1e6:.1f} MB xlsx")

    t0 = time.perf_counter()
    batch = import_upload(actor=admin, filename="bench.xlsx", data=data)
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = import_dry_run(actor=admin, batch=batch)
    dry_s = time.perf_counter() - t0
    errors = [r for r in results if r.action == "error"]
    assert not errors, errors[:3]
    t0 = time.perf_counter()
    import_confirm(actor=admin, batch=batch)
    confirm_s = time.perf_counter() - t0
    assert Enterprise.objects.count() == len(existing) + len(rows) - n_update
    total = len(rows)
    say(f"  upload (parse xlsx)  {parse_s:6.2f} s   {total / parse_s:7.0f} rows/s")
    say(f"  dry run              {dry_s:6.2f} s   {total / dry_s:7.0f} rows/s")
    say(f"  confirm (write)      {confirm_s:6.2f} s   {total / confirm_s:7.0f} rows/s")
    say(f"  dry run + confirm    {dry_s + confirm_s:6.2f} s for {total} rows (goal: ≥ 1.000 rows/s, < 20 s)")


if __name__ == "__main__":
    main()
