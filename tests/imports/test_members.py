"""Members from a spreadsheet: each bad cell named by row and column with nothing written, history replayed,
re-import updates, scope, the dry run's query count bounded."""

from datetime import date
from typing import Any

import pytest
from django.core.management import call_command

from dangvu.core.errors import NotAllowed
from dangvu.imports import services
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan, MemberStatus
from dangvu.members.projection import rebuild_all

from .conftest import confirm, dry_result, errors_of, upload, xlsx


def person(n: int, org: str, **extra: Any) -> dict[str, Any]:
    row = {"full_name": f"Phạm Văn Nhập {n}", "sex": "Nam", "birth_date": "05/09/1985",
           "citizen_id": f"0370850{n:05d}", "card_number": f"5{n:07d}", "organization": org,
           "admitted_on": "10/05/2010", "ceremony_on": "19/05/2010", "full_on": "19/05/2011",
           "theory_level": "Trung cấp", "occupation": "Chuyên viên"}
    row.update(extra)
    return row


def test_each_bad_cell_is_named_by_row_and_column_and_nothing_is_written(world) -> None:  # type: ignore[no-untyped-def]
    cell = world.cell_a.name
    rows = [
        person(1, cell),
        person(2, "Chi bộ Không Có"),
        person(3, cell, birth_date="31/02/1980"),
        person(4, cell, citizen_id="03708500001"),
        person(5, cell, full_on="01/01/2009"),
        person(6, cell, citizen_id="037085000001", card_number="59999999"),
    ]
    before = (Member.objects.count(), MemberEvent.objects.count())
    f = upload(world.root_user, "members", {"members": rows})
    result = dry_result(f)
    errors = errors_of(result)
    assert result["rows"]["new"] == 1 and result["rows"]["error"] == 5
    assert any(r == 3 and c == "Chi bộ (mã hoặc tên)" and "Chi bộ Không Có" in d for r, c, d in errors)
    assert (4, "Ngày sinh", "ngày 31/02/1980 không có thật: tháng 2/1980 chỉ có 29 ngày") in errors
    assert any(r == 5 and c == "Số CCCD" and "12 chữ số" in d for r, c, d in errors)
    assert any(r == 6 and c == "Ngày công nhận chính thức" for r, c, _d in errors)
    assert (7, "Số CCCD", "037085000001 trùng với dòng 2 trong tệp") in errors
    assert (Member.objects.count(), MemberEvent.objects.count()) == before
    with pytest.raises(Exception, match="dòng lỗi"):
        services.import_confirm(actor=world.root_user, import_file=f)
    assert (Member.objects.count(), MemberEvent.objects.count()) == before


def test_a_file_with_history_is_written_and_the_projection_equals_a_rebuild(world) -> None:  # type: ignore[no-untyped-def]
    a, b = world.cell_a.name, world.cell_b.name
    rows = [person(1, a), person(2, a, full_on=""), person(3, b, joined_on="01/01/2015")]
    transfers = [{"citizen_id": "037085000001", "effective_on": "01/07/2015", "to_organization": b}]
    recognitions = [{"card_number": "50000002", "effective_on": "20/05/2011"}]
    departures = [{"citizen_id": "037085000003", "kind": "Chuyển ra ngoài", "effective_on": "01/09/2020",
                   "destination": "Đảng bộ tỉnh Thanh Hóa"}]
    f = upload(world.root_user, "members", {"members": rows, "transfers": transfers, "recognitions": recognitions,
                                            "departures": departures})
    result = dry_result(f)
    assert result["rows"] == {"new": 6, "update": 0, "unchanged": 0, "error": 0}, result["errors"]
    assert not Member.objects.filter(citizen_id="037085000001").exists()
    confirm(world.root_user, f)
    one = Member.objects.get(citizen_id="037085000001")
    assert one.organization == world.cell_b and one.status == MemberStatus.FULL
    assert Member.objects.get(card_number="50000002").full_on == date(2011, 5, 20)
    three = Member.objects.get(citizen_id="037085000003")
    assert three.left_kind == EventKind.TRANSFERRED_OUT and three.left_on == date(2020, 9, 1)
    assert MembershipSpan.objects.filter(member=one).count() == 2
    assert rebuild_all(repair=False) == []
    call_command("rebuild", "--check")


def test_a_re_import_updates_profiles_through_the_service_and_leaves_the_rest_unchanged(world) -> None:  # type: ignore[no-untyped-def]
    a = world.cell_a.name
    confirm(world.root_user, upload(world.root_user, "members", {"members": [person(1, a), person(2, a)]}))
    events = MemberEvent.objects.count()
    again = [person(1, a, occupation="Trưởng phòng"), person(2, a, citizen_id="")]
    f = upload(world.root_user, "members", {"members": again})
    result = dry_result(f)
    assert result["rows"] == {"new": 0, "update": 1, "unchanged": 1, "error": 0}, result["errors"]
    assert "Nghề nghiệp, chức vụ: Chuyên viên → Trưởng phòng" in result["outcomes"][0]["changes"]
    confirm(world.root_user, f)
    assert Member.objects.get(citizen_id="037085000001").occupation == "Trưởng phòng"
    assert MemberEvent.objects.count() == events
    from dangvu.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="member_update_profile").count() == 1


def test_a_re_import_refuses_a_changed_identity_field(world) -> None:  # type: ignore[no-untyped-def]
    a = world.cell_a.name
    confirm(world.root_user, upload(world.root_user, "members", {"members": [person(1, a)]}))
    result = dry_result(upload(world.root_user, "members", {"members": [person(1, a, birth_date="06/09/1985")]}))
    assert errors_of(result)[0][:2] == (2, "Ngày sinh")


def test_a_cell_secretary_imports_into_their_cell_only(world) -> None:  # type: ignore[no-untyped-def]
    rows = [person(1, world.cell_a.name), person(2, world.cell_l.name)]
    result = dry_result(upload(world.secretary, "members", {"members": rows}))
    assert result["rows"]["new"] == 1
    assert errors_of(result)[0][:2] == (3, "Chi bộ (mã hoặc tên)")


def test_a_viewer_may_not_upload(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAllowed):
        upload(world.viewer, "members", {"members": [person(1, world.cell_a.name)]})


def test_another_users_upload_is_not_visible(world) -> None:  # type: ignore[no-untyped-def]
    from dangvu.core.errors import NotVisible

    f = upload(world.root_user, "members", {"members": [person(1, world.cell_a.name)]})
    with pytest.raises(NotVisible):
        services.import_get(world.officer, f.pk)


def test_the_dry_run_reads_each_table_once_whatever_the_number_of_rows(  # type: ignore[no-untyped-def]
    world, django_assert_max_num_queries
) -> None:
    from dangvu.imports import engine
    from dangvu.imports.kinds import get_kind

    kind = get_kind("members")
    for n in (5, 60):
        rows = [person(i, world.cell_a.name) for i in range(1, n + 1)]
        sheets = engine.read_upload(kind, "t.xlsx", xlsx("members", {"members": rows}))
        with django_assert_max_num_queries(20):
            outcomes = engine.run_rows(kind, actor=world.root_user, sheets=sheets, progress=lambda i: None,
                                       write=False)
        assert len(outcomes) == n and all(o.action == "new" for o in outcomes)


def test_the_bulk_path_links_numbered_decisions_to_registered_documents(world) -> None:  # type: ignore[no-untyped-def]
    """New members are written by raw inserts (no save()): their admission decision still links to the registered
    document at once, so the document's page lists them without `dangvu relink_documents`."""
    from dangvu.documents.models import DocumentUse
    from dangvu.documents.services import document_register

    doc = document_register(actor=world.root_user, organization=world.bloc, number="15-QĐ/ĐUK",
                            issued_on=date(2010, 5, 1), title="Quyết định kết nạp đảng viên")
    rows = [person(1, world.cell_a.name, document="15-qđ/đuk"), person(2, world.cell_a.name, document="Không số")]
    confirm(world.root_user, upload(world.root_user, "members", {"members": rows}))
    linked = DocumentUse.objects.filter(document=doc)
    one = Member.objects.get(citizen_id="037085000001")
    assert [u.object_id for u in linked] == list(
        MemberEvent.objects.filter(member=one, document="15-qđ/đuk").values_list("pk", flat=True))
