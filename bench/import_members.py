"""Member import rate: `.venv/bin/python bench/import_members.py [--rows 10000] [--db sqlite|postgres]`.

Builds a fresh database with the tiny demo (its organisations, given codes by nothing: cells are named), generates a
members file of --rows rows (the 1-HSĐV columns, 15 % recognised later in the Công nhận chính thức sheet, 10 %
transferred to another cell, 3 % leaving, 5 % re-imports of registered members with a changed occupation), then
times, as the province's administrator, what the queued jobs do: reading the upload, the dry run (every row through
the checks and the bulk write, rolled back) and the confirmation (the same, committed). Checks that a rebuild of
every projection from the events finds no difference. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import date, timedelta
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
        path = RESULTS / "bench-import-members.sqlite3"
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

    from dangvu.demo.generator import generate
    from dangvu.imports import engine
    from dangvu.imports.kinds import get_kind
    from dangvu.members.models import Member
    from dangvu.members.projection import rebuild_all
    from dangvu.orgs.models import CELL_KINDS, Organization

    say = print
    say(f"$ .venv/bin/python bench/import_members.py --rows {args.rows} --db {args.db}")
    say(f"# {time.strftime('%Y-%m-%d %H:%M:%S')}  {platform.node()}  {os.cpu_count()} CPU  "
        f"database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    if args.db == "postgres":
        call_command("flush", interactive=False, verbosity=0)
    generate(seed=2025, scale="tiny")
    admin = User.objects.get(username="quantri")
    names: dict[str, int] = {}
    for o in Organization.objects.all():
        names[o.name] = names.get(o.name, 0) + 1
    cells = [o for o in Organization.objects.filter(kind__in=CELL_KINDS, dissolved_on__isnull=True,
                                                        founded_on__lte=date(2000, 1, 1)).order_by("id")
             if names[o.name] == 1]
    existing = list(Member.objects.exclude(citizen_id__isnull=True).filter(left_on__isnull=True,
                                                                           organization__in=cells)[: args.rows // 20])
    kind = get_kind("members")
    sheets: dict[str, list[dict[str, object]]] = {"members": [], "transfers": [], "recognitions": [],
                                                  "departures": []}
    n_new = args.rows - len(existing)
    for i in range(n_new):
        cell = cells[i % len(cells)]
        admitted = date(2001 + i % 20, 1 + i % 12, 1 + i % 27)
        cid = f"09{i:010d}"
        recognise_later = i % 7 == 0
        sheets["members"].append({
            "full_name": f"Nguyễn Văn Nhập {i}", "sex": "Nữ" if i % 2 else "Nam",
            "birth_date": (admitted - timedelta(days=365 * (20 + i % 25))).strftime("%d/%m/%Y"), "citizen_id": cid,
            "card_number": f"8{i:07d}", "ethnic_group": "Kinh", "religion": "Không", "education": "12/12",
            "theory_level": ["Sơ cấp", "Trung cấp", "Cao cấp"][i % 3], "occupation": "Chuyên viên",
            "organization": cell.name, "admitted_on": admitted.strftime("%d/%m/%Y"),
            "ceremony_on": (admitted + timedelta(days=10)).isoformat(),
            "full_on": "" if recognise_later else (admitted + timedelta(days=380)).strftime("%d/%m/%Y"),
        })
        if recognise_later:
            sheets["recognitions"].append({"citizen_id": cid,
                                           "effective_on": (admitted + timedelta(days=400)).strftime("%d/%m/%Y")})
        if i % 10 == 3:
            sheets["transfers"].append({"citizen_id": cid, "to_organization": cells[(i + 1) % len(cells)].name,
                                        "effective_on": (admitted + timedelta(days=800)).strftime("%d/%m/%Y")})
        elif i % 33 == 5:
            sheets["departures"].append({"citizen_id": cid, "kind": "Chuyển ra ngoài", "destination": "Tỉnh khác",
                                         "effective_on": (admitted + timedelta(days=900)).strftime("%d/%m/%Y")})
    for m in existing:
        sheets["members"].append({"full_name": m.full_name, "citizen_id": m.citizen_id,
                                  "occupation": (m.occupation + " (cập nhật)")[:255]})
    data = engine.workbook_bytes(
        kind, {s.key: [[r.get(c.key, "") for c in s.columns] for r in sheets[s.key]] for s in kind.sheets})
    total_rows = sum(len(v) for v in sheets.values())
    say(f"  file: {len(sheets['members'])} members ({n_new} new, {len(existing)} updates) + "
        f"{len(sheets['transfers'])} transfers, {len(sheets['recognitions'])} recognitions, "
        f"{len(sheets['departures'])} departures = {total_rows} rows, {len(data) / 1e6:.1f} MB xlsx")
    before = Member.objects.count()
    t0 = time.perf_counter()
    read = engine.read_upload(kind, "bench.xlsx", data)
    parse_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    outcomes = engine.run_rows(kind, actor=admin, sheets=read, progress=lambda i: None, write=False)
    dry_s, dry_cpu = time.perf_counter() - t0, time.process_time() - c0
    errors = [e for o in outcomes for e in o.errors]
    assert not errors, [e.sentence() for e in errors[:5]]
    assert Member.objects.count() == before
    t0, c0 = time.perf_counter(), time.process_time()
    engine.run_rows(kind, actor=admin, sheets=read, progress=lambda i: None, write=True)
    confirm_s, confirm_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert Member.objects.count() == before + n_new
    t0 = time.perf_counter()
    diffs = rebuild_all(repair=False)
    rebuild_s = time.perf_counter() - t0
    assert not diffs, diffs[:5]
    say(f"  upload (read xlsx)   {parse_s:6.2f} s   {total_rows / parse_s:7.0f} rows/s")
    say(f"  dry run              {dry_s:6.2f} s   {total_rows / dry_s:7.0f} rows/s   (CPU of this process "
        f"{dry_cpu:.2f} s)")
    say(f"  confirm (write)      {confirm_s:6.2f} s   {total_rows / confirm_s:7.0f} rows/s   (CPU of this process "
        f"{confirm_cpu:.2f} s)")
    say(f"  dry run + confirm    {dry_s + confirm_s:6.2f} s for {len(sheets['members'])} members, {total_rows} rows "
        f"(goal: < 20 s for 10.000 members); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPU")
    say(f"  rebuild --check      {rebuild_s:6.2f} s: no difference between the projection and the events")


if __name__ == "__main__":
    main()
