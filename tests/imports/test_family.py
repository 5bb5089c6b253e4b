"""The members spreadsheet's sheet «Quan hệ gia đình» (1-HSĐV «Hoàn cảnh gia đình»): exported keyed by the
member's CCCD or card number, imported through the family services (dry run lists each change old → new, blank
cells keep stored values, an unknown member is an error naming sheet, row and column), round trip unchanged."""

import io
from typing import Any

from openpyxl import load_workbook

from dangvu.core.models import AuditEntry
from dangvu.imports import engine, services
from dangvu.imports.exports import export_members
from dangvu.imports.kinds import get_kind
from dangvu.members.models import FamilyRelation
from dangvu.members.services import member_update_profile
from dangvu.members.services.family import member_family_add, member_family_remove

from .conftest import confirm, dry_result, upload
from .test_members import person

SHEET = "Quan hệ gia đình"


def _card(world: Any) -> str:
    member_update_profile(actor=world.officer, member=world.hanh, card_number="10234567")
    return "10234567"


def _relatives(world: Any) -> None:
    member_family_add(actor=world.officer, member=world.hanh, relation="father", full_name="Nguyễn Văn Lộc",
                      birth_year=1948, occupation="Nghỉ hưu", political_attitude="Đảng viên,\ncựu chiến binh")
    member_family_add(actor=world.officer, member=world.hanh, relation="spouse", full_name="Lê Văn Hùng",
                      birth_year=1973, occupation="Kỹ sư")
    gone = member_family_add(actor=world.officer, member=world.hanh, relation="sibling", full_name="Nguyễn Văn Ba")
    member_family_remove(actor=world.officer, relative=gone, reason="Ghi nhầm")


def test_the_export_carries_the_relatives_keyed_by_the_members_numbers_and_no_photo(world) -> None:  # type: ignore[no-untyped-def]
    card = _card(world)
    _relatives(world)
    wb = load_workbook(io.BytesIO(export_members(actor=world.officer, org=world.committee)))
    ws = wb[SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["Số CCCD", "Số thẻ đảng viên", "Quan hệ", "Họ và tên người thân", "Năm sinh",
                       "Nghề nghiệp, nơi làm việc", "Lịch sử, thái độ chính trị"]
    cid = world.hanh.citizen_id or None
    assert rows[1:] == [[cid, card, "Cha đẻ", "Nguyễn Văn Lộc", 1948, "Nghỉ hưu", "Đảng viên,\ncựu chiến binh"],
                        [cid, card, "Vợ (chồng)", "Lê Văn Hùng", 1973, "Kỹ sư", None]]  # the removed one left out
    head = {c.value for s in wb.worksheets for c in s[1]}
    assert not any("ảnh" in str(h).lower() for h in head)
    # A viewer's export has no CCCD column: the relatives are keyed by the card number.
    viewer = load_workbook(io.BytesIO(export_members(actor=world.viewer, org=world.committee)))[SHEET]
    assert [c.value for c in viewer[1]][0] == "Số thẻ đảng viên" and viewer.cell(2, 1).value == card
    entry = AuditEntry.objects.filter(action="export_members").latest("id")
    assert entry.after is not None and entry.after["family"] == 2


def test_the_template_says_photos_are_not_in_spreadsheets() -> None:
    kind = get_kind("members")
    wb = load_workbook(io.BytesIO(engine.template_xlsx(kind)))
    guide = " ".join(str(r[0].value) for r in wb["Hướng dẫn"].iter_rows())
    assert "Ảnh đảng viên không nằm trong tệp Excel" in guide and "Quan hệ gia đình" in guide
    assert SHEET in wb.sheetnames


def test_an_exported_file_imports_back_unchanged_relatives_included(world) -> None:  # type: ignore[no-untyped-def]
    _card(world)
    _relatives(world)
    before = FamilyRelation.objects.count()
    data = export_members(actor=world.officer, org=world.committee)
    result = dry_result(services.import_upload(actor=world.officer, kind="members", filename="b.xlsx", data=data))
    family = [o for o in result["outcomes"] if o["sheet"] == SHEET]
    assert len(family) == 2 and {o["action"] for o in family} == {"unchanged"}, family
    assert result["rows"]["error"] == 0 and result["rows"]["new"] == 0 and result["rows"]["update"] == 0
    confirm(world.officer, services.import_upload(actor=world.officer, kind="members", filename="c.xlsx",
                                                  data=data))
    assert FamilyRelation.objects.count() == before
    assert not AuditEntry.objects.filter(action="member_family_update").exists()


def test_a_reimport_lists_each_change_old_to_new_and_blank_cells_keep_stored_values(world) -> None:  # type: ignore[no-untyped-def]
    card = _card(world)
    _relatives(world)
    rows: list[dict[str, Any]] = [
        # Same father (name compared without case and extra spaces): birth year corrected, other cells blank.
        {"card_number": card, "relation": "Cha đẻ", "full_name": "nguyễn  văn lộc", "birth_year": 1947},
        {"card_number": card, "relation": "Con", "full_name": "Lê Minh Anh", "birth_year": "2001",
         "occupation": "Sinh viên"},
    ]
    f = upload(world.officer, "members", {"family": rows})
    result = dry_result(f)
    outcomes = {o["row"]: o for o in result["outcomes"] if o["sheet"] == SHEET}
    assert outcomes[2]["action"] == "update" and outcomes[2]["changes"] == ["Năm sinh: 1948 → 1947"]
    assert outcomes[3]["action"] == "new" and "Lê Minh Anh" in outcomes[3]["label"]
    assert not FamilyRelation.objects.filter(full_name="Lê Minh Anh").exists()  # a dry run writes nothing
    confirm(world.officer, f)
    father = FamilyRelation.objects.get(member=world.hanh, relation="father")
    assert (father.full_name, father.birth_year, father.occupation, father.political_attitude) == (
        "Nguyễn Văn Lộc", 1947, "Nghỉ hưu", "Đảng viên,\ncựu chiến binh")
    child = FamilyRelation.objects.get(member=world.hanh, full_name="Lê Minh Anh")
    assert (child.birth_year, child.occupation) == (2001, "Sinh viên")
    entry = AuditEntry.objects.get(action="member_family_update", object_id=str(world.hanh.pk))
    assert entry.before is not None and entry.after is not None
    assert (entry.before["birth_year"], entry.after["birth_year"]) == (1948, 1947)
    assert AuditEntry.objects.filter(action="member_family_add", object_id=str(world.hanh.pk)).count() == 4


def test_an_unknown_member_and_bad_cells_are_errors_naming_sheet_row_and_column(world) -> None:  # type: ignore[no-untyped-def]
    card = _card(world)
    rows = [
        {"card_number": "99999999", "relation": "Mẹ đẻ", "full_name": "Trần Thị Mai"},
        {"card_number": card, "relation": "Chú", "full_name": "Trần Văn Tư"},
        {"card_number": card, "relation": "Mẹ đẻ", "full_name": "Trần Thị Mai", "birth_year": "195"},
        {"relation": "Mẹ đẻ", "full_name": "Trần Thị Mai"},
        {"card_number": card, "relation": "Con", "full_name": ""},
    ]
    result = dry_result(upload(world.officer, "members", {"family": rows}))
    errors = {(e["sheet"], e["row"], e["column"]): e["detail"] for e in result["errors"]}
    assert errors[(SHEET, 2, "Số thẻ đảng viên")] == "không có đảng viên mang số 99999999 trong tệp hay trong hệ thống"
    assert "'Chú' không hợp lệ" in errors[(SHEET, 3, "Quan hệ")]
    assert errors[(SHEET, 4, "Năm sinh")] == "Năm sinh ghi bằng 4 chữ số, ví dụ 1958."
    assert "ghi Số CCCD hoặc Số thẻ đảng viên" in errors[(SHEET, 5, "Số CCCD")]
    assert errors[(SHEET, 6, "Họ và tên người thân")] == "không được để trống"
    assert not FamilyRelation.objects.exists()


def test_relatives_of_a_member_new_in_the_file_are_added_with_the_member(world) -> None:  # type: ignore[no-untyped-def]
    new = person(1, world.cell_a.name)
    rows = [{"citizen_id": new["citizen_id"], "relation": "Mẹ đẻ", "full_name": "Phạm Thị Nụ", "birth_year": 1960},
            {"citizen_id": new["citizen_id"], "relation": "Mẹ đẻ", "full_name": "Phạm  Thị Nụ"}]
    result = dry_result(upload(world.officer, "members", {"members": [new], "family": rows}))
    outcomes = [o for o in result["outcomes"] if o["sheet"] == SHEET]
    assert outcomes[0]["action"] == "new"
    assert outcomes[1]["action"] == "error" and "trùng với dòng 2" in outcomes[1]["errors"][0]["detail"]
    f = upload(world.officer, "members", {"members": [new], "family": rows[:1]})
    assert dry_result(f)["rows"]["error"] == 0
    confirm(world.officer, f)
    rel = FamilyRelation.objects.get(full_name="Phạm Thị Nụ")
    assert rel.member.citizen_id == new["citizen_id"] and rel.birth_year == 1960


def test_a_member_outside_the_scope_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    card = _card(world)
    rows = [{"card_number": card, "relation": "Mẹ đẻ", "full_name": "Trần Thị Mai"}]
    result = dry_result(upload(world.other_secretary, "members", {"family": rows}))
    assert result["rows"]["error"] == 1 and "ngoài phạm vi" in result["errors"][0]["detail"]
    assert not FamilyRelation.objects.exists()
