"""Exports that round-trip: a bloc exported (organisations, then members with their history) and imported into an
empty database gives the same headcounts, flows and compositions."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from dangvu.core.dates import today
from dangvu.core.models import AuditEntry
from dangvu.members.models import Member, MemberEvent
from dangvu.members.selectors import headcount, members_of
from dangvu.members.services import (
    member_end_exemption,
    member_end_temporary,
    member_exempt,
    member_leave,
    member_recognise_full,
    member_record,
    member_return,
    member_transfer,
    member_transfer_out,
)
from dangvu.orgs.models import Organization
from dangvu.orgs.services import org_found
from dangvu.reports.selectors import membership_flow

from .conftest import confirm, dry_result
from .test_members import person

DATES = [date(2012, 12, 31), date(2016, 6, 30), date(2021, 1, 1)]


class _Done(Exception):
    pass


def _province(root: User) -> Organization:
    return org_found(actor=root, name="Đảng bộ tỉnh Ninh Bình", kind="provincial_committee", parent=None,
                     founded_on=date(1950, 1, 1), code="TINH")


def _scenario(root: User, province: Organization) -> None:
    bloc = org_found(actor=root, name="Đảng bộ Khối", kind="bloc_committee", parent=province,
                     founded_on=date(2008, 3, 1), code="KCQ")
    committee = org_found(actor=root, name="Đảng bộ Sở Y tế", kind="grassroots_committee", parent=bloc,
                          founded_on=date(2008, 3, 1), code="SYT", sector="state_agency", document="1-QĐ/ĐUK")
    c1 = org_found(actor=root, name="Chi bộ Văn phòng", kind="subordinate_cell", parent=committee,
                   founded_on=date(2008, 3, 1), code="SYT.VP")
    c2 = org_found(actor=root, name="Chi bộ Nghiệp vụ", kind="subordinate_cell", parent=committee,
                   founded_on=date(2009, 1, 1))
    c3 = org_found(actor=root, name="Chi bộ Công ty May", kind="grassroots_cell", parent=bloc,
                   founded_on=date(2010, 6, 1), code="MAY", sector="non_state_enterprise")
    cells = [c1, c2, c3]
    made: list[Member] = []
    for i in range(18):
        sex = "F" if i % 3 == 0 else "M"
        admitted = date(2009 + i % 10, 1 + i % 12, 5)
        full = date(admitted.year + 1, admitted.month, 10) if i % 4 else None
        joined = date(admitted.year + 2, 3, 1) if i % 7 == 0 else None
        made.append(member_record(
            actor=root, organization=cells[i % 3] if not joined else c3, full_name=f"Đảng viên Khối {i}", sex=sex,
            birth_date=date(1980 + i, 2, 1), admitted_on=admitted, ceremony_on=date(admitted.year, admitted.month, 9),
            full_on=full, joined_on=joined, citizen_id=f"0371{i:08d}" if i % 5 else None, card_number=f"7{i:07d}",
            theory_level=["", "elementary", "intermediate"][i % 3], ethnic_group="Kinh" if i % 6 else "Mường",
        ))
    member_transfer(actor=root, member=made[1], to_organization=c1, effective_on=date(2015, 7, 1))
    member_transfer(actor=root, member=made[2], to_organization=c1, effective_on=date(2019, 2, 1))
    member_recognise_full(actor=root, member=made[8], effective_on=date(2019, 9, 20))  # admitted 9/2017 i=8
    member_transfer_out(actor=root, member=made[3], effective_on=date(2020, 9, 1), destination="Tỉnh Thanh Hóa")
    member_leave(actor=root, member=made[5], kind="deceased", effective_on=date(2022, 3, 3))
    member_transfer(actor=root, member=made[10], to_organization=c1, effective_on=date(2023, 5, 1))
    member_leave(actor=root, member=made[10], kind="struck_off", effective_on=date(2024, 8, 1))
    # The kinds of «Quá trình khác»: exemption and its end, reinstatement, readmission; expelled and released.
    member_exempt(actor=root, member=made[4], effective_on=date(2019, 3, 1))
    member_end_exemption(actor=root, member=made[4], effective_on=date(2021, 3, 1))
    member_leave(actor=root, member=made[6], kind="struck_off", effective_on=date(2017, 1, 1))
    member_return(actor=root, member=made[6], kind="reinstated", effective_on=date(2018, 1, 1), to_organization=c2)
    member_leave(actor=root, member=made[7], kind="released", effective_on=date(2018, 6, 1))
    member_return(actor=root, member=made[7], kind="readmitted", effective_on=date(2021, 6, 1), to_organization=c3)
    member_leave(actor=root, member=made[9], kind="expelled", effective_on=date(2022, 1, 1))
    member_transfer(actor=root, member=made[11], to_organization=c1, effective_on=date(2020, 2, 1), temporary=True,
                    temporary_until=date(2021, 1, 15), temporary_purpose="work")
    member_end_temporary(actor=root, member=made[11], effective_on=date(2021, 2, 1))


def _figures(root: User) -> dict[str, Any]:
    bloc = Organization.objects.get(code="KCQ")
    out: dict[str, Any] = {}
    for org in Organization.objects.filter(path__startswith=bloc.path).order_by("name"):
        out[f"headcount {org.name}"] = [headcount(org, d) for d in [*DATES, today()]]
        for status in ("full", "probationary"):
            for sex in ("M", "F"):
                out[f"{org.name} {status} {sex}"] = members_of(root, org, on=today(), status=status, sex=sex,
                                                                exact_count=True).count
        out[f"{org.name} Mường"] = sum(1 for r in members_of(root, org, on=today(), page_size=500).items
                                       if r.member.ethnic_group == "Mường")
    for start, end in ((date(2008, 1, 1), today()), (date(2015, 1, 1), date(2020, 12, 31))):
        f = membership_flow(root, bloc, start=start, end=end)
        out[f"flow {start}"] = (f.opening, dict(f.inflows), dict(f.outflows), f.closing)
    return out


def test_a_bloc_exported_and_imported_into_an_empty_database_gives_the_same_figures(db: None) -> None:
    from dangvu.imports.exports import export_members, export_organizations

    root = User.objects.create_superuser("goc", password="matkhau-123")
    files: dict[str, bytes] = {}
    before: dict[str, Any] = {}
    with pytest.raises(_Done), transaction.atomic():
        _scenario(root, _province(root))
        before.update(_figures(root))
        bloc = Organization.objects.get(code="KCQ")
        files["organizations"] = export_organizations(actor=root, org=bloc)
        files["members"] = export_members(actor=root, org=bloc)
        assert AuditEntry.objects.filter(action__in=["export_organizations", "export_members"]).count() == 2
        raise _Done  # roll everything back: the database is empty again
    assert not Member.objects.exists() and not Organization.objects.exists()

    from dangvu.imports import services

    _province(root)
    for kind in ("organizations", "members"):
        f = services.import_upload(actor=root, kind=kind, filename=f"{kind}.xlsx", data=files[kind])
        result = dry_result(f)
        assert result["rows"]["error"] == 0, result["errors"]
        confirm(root, f)
    after = _figures(root)
    assert after == before
    assert before["headcount Đảng bộ Khối"][-1] == 14
    kinds = set(MemberEvent.objects.values_list("kind", flat=True))
    assert {"exempted", "exemption_ended", "reinstated", "readmitted", "released", "expelled",
            "temporary_ended"} <= kinds


def test_an_export_without_the_record_role_leaves_out_personal_data(world) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from dangvu.imports.exports import export_members

    data = export_members(actor=world.viewer, org=world.bloc)
    import io

    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    head = [c.value for c in ws[1]]
    assert "Số CCCD" not in head and "Điện thoại" not in head and "Họ và tên" in head
    full = load_workbook(io.BytesIO(export_members(actor=world.officer, org=world.bloc))).worksheets[0]
    assert "Số CCCD" in [c.value for c in full[1]]
    assert AuditEntry.objects.filter(action="export_members").count() == 2


def test_an_exported_member_file_imports_back_unchanged(world) -> None:  # type: ignore[no-untyped-def]
    from dangvu.imports import services
    from dangvu.imports.exports import export_members

    confirm(world.root_user, services.import_upload(
        actor=world.root_user, kind="members", filename="a.xlsx",
        data=__import__("tests.imports.conftest", fromlist=["xlsx"]).xlsx(
            "members", {"members": [person(1, world.cell_a.name), person(2, world.cell_b.name)]})))
    data = export_members(actor=world.officer, org=world.committee)
    result = dry_result(services.import_upload(actor=world.officer, kind="members", filename="b.xlsx", data=data))
    assert result["rows"]["error"] == 0, result["errors"]
    assert result["rows"]["new"] == 0, [o for o in result["outcomes"] if o["action"] == "new"]
    assert result["rows"]["update"] == 0, [o for o in result["outcomes"] if o["action"] == "update"]
