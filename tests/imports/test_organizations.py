"""Organisations from a spreadsheet: the tree in any row order, updates as dated events, errors named."""

from datetime import date

from dangvu.orgs.models import Organization, OrgEvent, OrgEventKind
from dangvu.orgs.selectors import names_on

from .conftest import confirm, dry_result, errors_of, upload

TREE_REVERSED = [
    {"code": "CB1", "name": "Chi bộ Phòng Kế toán", "kind": "Chi bộ trực thuộc", "parent": "DB.SYT",
     "founded_on": "01/06/2009", "sector": "Cơ quan nhà nước"},
    {"code": "DB.SYT", "name": "Đảng bộ Sở Y tế", "kind": "Đảng bộ cơ sở", "parent": "Đảng bộ Khối Cơ quan",
     "founded_on": "2008-03-01", "sector": "Cơ quan nhà nước", "document": "12-QĐ/ĐUK"},
    {"code": "KCQ", "name": "Đảng bộ Khối Cơ quan", "kind": "Đảng bộ Khối", "parent": "TINH",
     "founded_on": "01/03/2008"},
]


def _province(root) -> Organization:  # type: ignore[no-untyped-def]
    from dangvu.orgs.services import org_found

    return org_found(actor=root, name="Đảng bộ tỉnh Ninh Bình", kind="provincial_committee", parent=None,
                     founded_on=date(1950, 1, 1), code="TINH")


def test_a_three_level_tree_given_in_reverse_order_is_built_parents_first(root) -> None:  # type: ignore[no-untyped-def]
    province = _province(root)
    f = upload(root, "organizations", {"organizations": TREE_REVERSED})
    result = dry_result(f)
    assert result["rows"] == {"new": 3, "update": 0, "unchanged": 0, "error": 0}
    assert Organization.objects.count() == 1  # the dry run wrote nothing
    confirm(root, f)
    cell = Organization.objects.get(code="CB1")
    committee = Organization.objects.get(code="DB.SYT")
    bloc = Organization.objects.get(code="KCQ")
    assert cell.parent == committee and committee.parent == bloc and bloc.parent == province
    assert cell.path == f"{province.pk}.{bloc.pk}.{committee.pk}.{cell.pk}."
    assert OrgEvent.objects.get(organization=committee, kind=OrgEventKind.FOUNDED).document == "12-QĐ/ĐUK"


def test_an_update_renames_and_moves_through_dated_events_keeping_history(root) -> None:  # type: ignore[no-untyped-def]
    _province(root)
    confirm(root, upload(root, "organizations", {"organizations": TREE_REVERSED}))
    rows = [
        {"code": "KCQ", "name": "Đảng bộ Khối Cơ quan", "kind": "Đảng bộ Khối", "founded_on": "01/03/2008"},
        {"code": "DB.SYT", "name": "Đảng bộ Sở Y tế", "kind": "Đảng bộ cơ sở", "founded_on": "01/03/2008"},
        {"code": "DB.STC", "name": "Đảng bộ Sở Tài chính", "kind": "Đảng bộ cơ sở", "parent": "KCQ",
         "founded_on": "01/03/2008"},
        {"code": "CB1", "name": "Chi bộ Phòng Tài vụ", "kind": "Chi bộ trực thuộc", "parent": "DB.STC",
         "founded_on": "01/06/2009", "changed_on": "01/01/2020", "change_document": "5-QĐ/ĐUK"},
    ]
    f = upload(root, "organizations", {"organizations": rows})
    result = dry_result(f)
    assert result["rows"] == {"new": 1, "update": 1, "unchanged": 2, "error": 0}, result["errors"]
    confirm(root, f)
    cell = Organization.objects.get(code="CB1")
    assert cell.name == "Chi bộ Phòng Tài vụ" and cell.parent == Organization.objects.get(code="DB.STC")
    kinds = list(OrgEvent.objects.filter(organization=cell).values_list("kind", flat=True))
    assert kinds == [OrgEventKind.FOUNDED, OrgEventKind.RENAMED, OrgEventKind.MOVED]
    assert names_on([cell.pk], date(2019, 12, 31))[cell.pk] == "Chi bộ Phòng Kế toán"


def test_a_change_without_its_date_and_bad_cells_are_named_and_nothing_is_written(root) -> None:  # type: ignore[no-untyped-def]
    _province(root)
    confirm(root, upload(root, "organizations", {"organizations": TREE_REVERSED}))
    before = OrgEvent.objects.count()
    rows = [
        {"code": "CB1", "name": "Chi bộ Mới", "kind": "Chi bộ trực thuộc", "founded_on": "01/06/2009"},
        {"code": "X1", "name": "Chi bộ X", "kind": "Chi bộ trực thuộc", "parent": "KHONGCO",
         "founded_on": "01/01/2010"},
        {"code": "X2", "name": "Chi bộ Y", "kind": "Loại lạ", "parent": "DB.SYT", "founded_on": "30/02/2010"},
    ]
    f = upload(root, "organizations", {"organizations": rows})
    errors = errors_of(dry_result(f))
    assert (2, "Ngày hiệu lực thay đổi", errors[0][2]) == errors[0]
    assert any(r == 3 and c == "Trực thuộc (mã hoặc tên)" and "KHONGCO" in d for r, c, d in errors)
    assert any(r == 4 and c == "Loại hình" for r, c, _d in errors)
    assert any(r == 4 and c == "Ngày thành lập" and "không có thật" in d for r, c, d in errors)
    assert OrgEvent.objects.count() == before


def test_a_csv_upload_is_read_like_the_template(root) -> None:  # type: ignore[no-untyped-def]
    from dangvu.imports import services
    from dangvu.imports.engine import template_csv
    from dangvu.imports.kinds import get_kind

    _province(root)
    head = template_csv(get_kind("organizations")).decode("utf-8-sig").splitlines()[0]
    body = "\ufeff" + head + "\nKCQ;Đảng bộ Khối Cơ quan;Đảng bộ Khối;;TINH;01/03/2008;;;\n"
    f = services.import_upload(actor=root, kind="organizations", filename="to-chuc.csv",
                               data=body.replace(",", ";").encode("utf-8"))
    assert dry_result(f)["rows"]["new"] == 1



def test_an_exported_tree_with_its_history_imports_back_unchanged(world) -> None:  # type: ignore[no-untyped-def]
    from dangvu.imports import services
    from dangvu.imports.exports import export_organizations
    from dangvu.orgs.services import org_rename

    org_rename(actor=world.root_user, org=world.cell_a, name="Chi bộ Văn phòng", effective_on=date(2020, 1, 1))
    data = export_organizations(actor=world.admin, org=world.province)
    result = dry_result(services.import_upload(actor=world.admin, kind="organizations", filename="o.xlsx", data=data))
    assert result["rows"]["error"] == 0 and result["rows"]["new"] == 0 and result["rows"]["update"] == 0, result
    assert result["rows"]["unchanged"] == Organization.objects.count() + OrgEvent.objects.count()


def test_a_history_row_renames_a_registered_organisation_from_its_date(world) -> None:  # type: ignore[no-untyped-def]
    rows = {"history": [{"organization": world.cell_b.name, "effective_on": "01/06/2021", "event": "Đổi tên",
                         "name": "Chi bộ Phòng Khám"}]}
    f = upload(world.admin, "organizations", {"organizations": [], **rows})
    result = dry_result(f)
    assert result["rows"] == {"new": 1, "update": 0, "unchanged": 0, "error": 0}, result["errors"]
    confirm(world.admin, f)
    names = names_on([world.cell_b.pk], date(2021, 5, 31))
    assert names[world.cell_b.pk] == "Chi bộ Phòng Nghiệp vụ"
    assert names_on([world.cell_b.pk], date(2021, 6, 1))[world.cell_b.pk] == "Chi bộ Phòng Khám"


def test_history_rows_found_a_new_organisation_then_move_it_and_dissolve_it(root) -> None:  # type: ignore[no-untyped-def]
    from dangvu.orgs.models import OrgPathSpan

    province = _province(root)
    rows = [
        {"code": "K", "name": "Đảng bộ Khối", "kind": "Đảng bộ Khối", "parent": "TINH", "founded_on": "01/03/2008"},
        {"code": "U", "name": "Đảng bộ UBND tỉnh", "kind": "Đảng bộ Ủy ban nhân dân tỉnh", "parent": "TINH",
         "founded_on": "01/07/2025"},
        {"code": "C", "name": "Chi bộ Sở Xây dựng mới", "kind": "Chi bộ cơ sở", "parent": "U"},
    ]
    history = [
        {"organization": "K", "effective_on": "01/07/2025", "event": "Giải thể", "document": "350-QĐ/TU"},
        {"organization": "C", "effective_on": "01/07/2025", "event": "Chuyển trực thuộc", "parent": "U",
         "document": "350-QĐ/TU"},
        {"organization": "C", "effective_on": "01/03/2010", "event": "Đổi tên", "name": "Chi bộ Sở Xây dựng mới"},
        {"organization": "C", "effective_on": "01/01/2009", "event": "Thành lập", "name": "Chi bộ Sở Xây dựng",
         "kind": "Chi bộ cơ sở", "parent": "K"},
    ]
    f = upload(root, "organizations", {"organizations": rows, "history": history})
    result = dry_result(f)
    assert result["rows"]["error"] == 0, errors_of(result)
    confirm(root, f)
    cell, bloc, gov = (Organization.objects.get(code=c) for c in ("C", "K", "U"))
    assert cell.parent == gov and bloc.dissolved_on == date(2025, 7, 1) and cell.founded_on == date(2009, 1, 1)
    paths = dict(OrgPathSpan.objects.filter(organization=cell).values_list("valid_from", "path"))
    assert paths == {date(2009, 1, 1): f"{province.pk}.{bloc.pk}.{cell.pk}.",
                     date(2025, 7, 1): f"{province.pk}.{gov.pk}.{cell.pk}."}
    assert names_on([cell.pk], date(2009, 12, 31))[cell.pk] == "Chi bộ Sở Xây dựng"
    dissolved = OrgEvent.objects.filter(organization=bloc, kind=OrgEventKind.DISSOLVED)
    assert dissolved.filter(reorganization__isnull=False).exists()  # one decision with the move


def test_a_bad_history_row_is_named_and_nothing_is_written(root) -> None:  # type: ignore[no-untyped-def]
    _province(root)
    before = OrgEvent.objects.count()
    history = [{"organization": "KHONGCO", "effective_on": "01/07/2025", "event": "Giải thể"},
               {"organization": "TINH", "effective_on": "01/07/2025", "event": "Đổi tên"}]
    errors = errors_of(dry_result(upload(root, "organizations", {"organizations": [], "history": history})))
    assert (2, "Tổ chức (mã hoặc tên)", "không có tổ chức mã hoặc tên 'KHONGCO' trong hệ thống hay trong tệp") in errors
    assert (3, "Tên (thành lập, đổi tên)", "cần cho sự kiện «Đổi tên»") in errors
    assert OrgEvent.objects.count() == before


def test_a_history_row_dated_before_the_founding_is_an_error(root) -> None:  # type: ignore[no-untyped-def]
    _province(root)
    rows = [{"code": "K", "name": "Đảng bộ Khối", "kind": "Đảng bộ Khối", "parent": "TINH", "founded_on": "01/03/2008"}]
    history = [{"organization": "K", "effective_on": "01/01/2007", "event": "Đổi tên", "name": "Khối mới"}]
    result = dry_result(upload(root, "organizations", {"organizations": rows, "history": history}))
    assert errors_of(result) == [(2, "Ngày hiệu lực", "trước ngày thành lập của tổ chức")]
