"""Many relatives in one file: added through the family services row by row, and a re-import of the same file is
all «unchanged» reading each table once whatever the number of rows. The times are printed (`-s`); set
FAMILY_BENCH_MEMBERS (default 40, five relatives each) for a larger run."""

import os
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.imports import engine
from dangvu.imports.kinds import get_kind
from dangvu.members.models import FamilyRelation

from .conftest import xlsx
from .test_members import person

RELATIONS = ("Cha đẻ", "Mẹ đẻ", "Vợ (chồng)", "Con", "Anh, chị, em ruột")


def test_many_relatives_are_added_and_an_unchanged_reimport_reads_each_table_once(world) -> None:  # type: ignore[no-untyped-def]
    kind = get_kind("members")
    n = int(os.environ.get("FAMILY_BENCH_MEMBERS", "40"))
    members = [person(i, world.cell_a.name) for i in range(1, n + 1)]
    rels = [{"citizen_id": m["citizen_id"], "relation": r, "full_name": f"Người {i} {r}",
             "birth_year": 1950 + i % 40} for i, m in enumerate(members) for r in RELATIONS]
    engine.run_rows(kind, actor=world.root_user, progress=lambda i: None, write=True,
                    sheets=engine.read_upload(kind, "t.xlsx", xlsx("members", {"members": members})))
    sheets = engine.read_upload(kind, "t.xlsx", xlsx("members", {"family": rels}))
    t = time.perf_counter()
    out = engine.run_rows(kind, actor=world.root_user, sheets=sheets, progress=lambda i: None, write=False)
    dry = time.perf_counter() - t
    assert {o.action for o in out} == {"new"} and not FamilyRelation.objects.exists()
    t = time.perf_counter()
    engine.run_rows(kind, actor=world.root_user, sheets=sheets, progress=lambda i: None, write=True)
    write = time.perf_counter() - t
    assert FamilyRelation.objects.count() == len(rels)
    t = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        out = engine.run_rows(kind, actor=world.root_user, sheets=sheets, progress=lambda i: None, write=False)
    same = time.perf_counter() - t
    assert {o.action for o in out} == {"unchanged"}
    assert len(queries) <= 20, [q["sql"][:80] for q in queries]
    print(f"\nrelatives={len(rels)} on {connection.vendor}: dry run (new) {dry:.2f} s, confirmation {write:.2f} s, "
          f"dry run (unchanged) {same:.2f} s, {len(queries)} queries")
