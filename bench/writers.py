"""Many provinces writing at once (issue 16, the scale-out plan): N processes, each recording members through the
service (members.services.member_record: member, event, span, audit, snapshot watermark, one transaction) in cells of
its own province (or its own grassroots organisation when the database holds one province), for T seconds.

    DATABASE_URL=postgres://…/dangvu_national .venv/bin/python bench/writers.py --writers 8 --seconds 30

Prints writes per second in total and each write's p50/p95. The members written are real rows: run it on a benchmark
database (dangvu_scale, dangvu_national), never on a working one.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _setup() -> None:
    os.environ.setdefault("DANGVU_SECRET_KEY", "bench-writers")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()


def _targets(writers: int) -> list[list[int]]:
    """Per writer, the cells it writes in: one province each, or one grassroots organisation each."""
    from dangvu.orgs.models import CELL_KINDS, GRASSROOTS_KINDS, Organization

    roots = list(Organization.objects.filter(parent__isnull=True).order_by("id").values_list("path", flat=True))
    if len(roots) >= writers:
        prefixes = roots[:writers]
    else:
        prefixes = list(Organization.objects.filter(kind__in=GRASSROOTS_KINDS).order_by("id")
                        .values_list("path", flat=True)[:writers])
    return [list(Organization.objects.filter(kind__in=CELL_KINDS, path__startswith=p, dissolved_on__isnull=True)
                 .values_list("id", flat=True)[:50]) for p in prefixes]


def _writer(n: int, cells: list[int], seconds: float, out: mp.Queue) -> None:
    _setup()
    from django.contrib.auth.models import User

    from dangvu.members.services import member_record
    from dangvu.orgs.models import Organization

    actor = User.objects.get(username="bench.writers")
    orgs = list(Organization.objects.filter(pk__in=cells))
    times: list[float] = []
    end = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < end:
        i += 1
        t0 = time.perf_counter()
        member_record(actor=actor, organization=orgs[i % len(orgs)], full_name=f"Nguyễn Văn Ghi {n} {i}", sex="M",
                      birth_date=date(1995, 1, 1), admitted_on=date.today())
        times.append((time.perf_counter() - t0) * 1000)
    out.put(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=30)
    args = ap.parse_args()
    _setup()
    from django.contrib.auth.models import User

    if not User.objects.filter(username="bench.writers").exists():
        User.objects.create_superuser("bench.writers")
    targets = _targets(args.writers)
    from django.db import connections

    connections.close_all()
    queue: mp.Queue = mp.Queue()
    procs = [mp.Process(target=_writer, args=(i, cells, args.seconds, queue)) for i, cells in enumerate(targets)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    times = sorted(t for r in results for t in r)
    p95 = times[int(0.95 * (len(times) - 1))]
    p50 = statistics.median(times)
    print(f"bench/writers.py --writers {args.writers} --seconds {args.seconds:.0f}: {len(times)} member_record in "
          f"{args.seconds:.0f} s = {len(times) / args.seconds:.1f} writes/s; each p50 {p50:.1f} ms / p95 {p95:.1f} ms",
          flush=True)


if __name__ == "__main__":
    main()
