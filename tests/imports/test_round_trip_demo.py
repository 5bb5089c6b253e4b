"""The round trip on the demo (issue 15): the demo province (tiny scale: the bloc, its organisations merged in 2023
and 2025, the bloc dissolved on 1/7/2025 and its organisations moved to the new committees, two districts abolished)
exported — organisations with their dated history, members with every kind of event the demo produces — and
imported into an empty database gives the same tree, headcounts, compositions and flows on dates before and after
the 2025 reorganisation. bench/round_trip.py runs the same at bloc scale (~600 organisations, ~13.000 records)."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from dangvu.core.dates import today
from dangvu.members.models import EventKind, Member, MemberEvent
from dangvu.orgs.models import Organization, OrgEvent, OrgEventKind

from .conftest import confirm, dry_result
from .figures import member_figures

DATES = [date(2012, 12, 31), date(2018, 6, 30), date(2023, 12, 31), date(2025, 6, 30), date(2025, 7, 1)]


def _periods() -> list[tuple[date, date]]:
    return [(date(2015, 1, 1), date(2015, 12, 31)), (date(2023, 1, 1), date(2023, 12, 31)),
            (date(2025, 1, 1), today())]


class _Done(Exception):
    pass


def _code(org: Organization) -> str:
    return org.code or ""


def test_the_demo_exported_and_imported_into_an_empty_database_gives_the_same_figures(db: None) -> None:
    from dangvu.demo.generator import generate
    from dangvu.imports import services
    from dangvu.imports.exports import export_members, export_organizations

    root = User.objects.create_superuser("goc", password="matkhau-123")
    files: dict[str, bytes] = {}
    before: dict[str, Any] = {}
    kinds: set[str] = set()
    with pytest.raises(_Done), transaction.atomic():
        generate(seed=2025, scale="tiny")
        kinds.update(MemberEvent.objects.values_list("kind", flat=True).distinct())
        org_kinds = set(OrgEvent.objects.values_list("kind", flat=True).distinct())
        assert {OrgEventKind.MOVED, OrgEventKind.MERGED, OrgEventKind.DISSOLVED, OrgEventKind.RENAMED,
                OrgEventKind.KIND_CHANGED} <= org_kinds
        before.update(member_figures(root, dates=[*DATES, today()], periods=_periods()))
        province = Organization.objects.get(parent__isnull=True)
        files["organizations"] = export_organizations(actor=root, org=province)
        files["members"] = export_members(actor=root, org=province)
        raise _Done  # roll the demo back: the database is empty again
    assert not Member.objects.exists() and not Organization.objects.exists()
    # The kinds of member events the tiny demo produces; each goes through a sheet of the member file.
    assert {EventKind.ADMITTED, EventKind.JOINED, EventKind.RECOGNISED_FULL, EventKind.TRANSFERRED,
            EventKind.TEMPORARY_ENDED, EventKind.TRANSFERRED_OUT, EventKind.DECEASED, EventKind.STRUCK_OFF,
            EventKind.ORG_MERGED} <= kinds

    for kind in ("organizations", "members"):
        f = services.import_upload(actor=root, kind=kind, filename=f"{kind}.xlsx", data=files[kind])
        result = dry_result(f)
        errors = [(e["sheet"], e["row"], e["column"], e["detail"]) for e in result["errors"][:10]]
        assert result["rows"]["error"] == 0, errors
        confirm(root, f)
    after = member_figures(root, dates=[*DATES, today()], periods=_periods(), ref=_code)
    assert sum(1 for k in before if " on " in k) > 80 and sum(1 for k in before if " flow " in k) > 30
    assert len(before["tree 2023-12-31"]) != len(before[f"tree {today()}"])  # the 2025 reorganisation is in it
    assert after.keys() == before.keys()
    assert [k for k in before if before[k] != after[k]] == []
    assert MemberEvent.objects.filter(kind=EventKind.ORG_MERGED, org_event__kind=OrgEventKind.MERGED).exists()
    from dangvu.members.projection import rebuild_all

    assert not rebuild_all(repair=False)  # every projection equals a rebuild from the imported events
