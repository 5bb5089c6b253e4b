"""A committee officer brings members in from a spreadsheet: uploads a file with one bad row, reads the error
(row and column), fixes the cell, uploads again, confirms, and finds the members in the member list."""

from pathlib import Path

from playwright.sync_api import Page, expect

from dangvu.members.models import Member
from tests.imports.conftest import xlsx

from .test_transfer_flow import sign_in

ROWS = [
    {"full_name": "Đinh Thị Mai Phương", "sex": "Nữ", "birth_date": "14/08/1990", "citizen_id": "037190004567",
     "card_number": "52001234", "organization": "Chi bộ Phòng Nghiệp vụ", "admitted_on": "03/02/2015",
     "ceremony_on": "12/02/2015", "full_on": "12/02/2016", "theory_level": "Trung cấp", "occupation": "Dược sĩ"},
    {"full_name": "Cao Văn Khải", "sex": "Nam", "birth_date": "31/02/1988", "citizen_id": "037088009876",
     "card_number": "52001235", "organization": "Chi bộ Phòng Nghiệp vụ", "admitted_on": "19/05/2018",
     "ceremony_on": "19/05/2018", "full_on": "20/05/2019", "theory_level": "Sơ cấp", "occupation": "Kỹ sư"},
]


def _upload(page: Page, live_server, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/members/")
    page.get_by_role("link", name="Nhập đảng viên từ tệp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập dữ liệu từ tệp")
    page.get_by_label("Loại dữ liệu").select_option("members")
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV theo mẫu").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()


def test_officer_imports_members_fixing_a_bad_row(page: Page, live_server, live_world, artifacts) -> None:  # type: ignore[no-untyped-def]
    bad = artifacts / "import-members-bad.xlsx"
    bad.write_bytes(xlsx("members", {"members": ROWS}))
    sign_in(page, live_server, "canbo.khoi")
    _upload(page, live_server, bad)
    errors = page.locator("table#errors")
    expect(errors).to_contain_text("Ngày sinh")
    expect(errors).to_contain_text("ngày 31/02/1988 không có thật: tháng 2/1988 chỉ có 29 ngày")
    expect(errors.locator("tbody tr").first).to_contain_text("3")
    expect(page.get_by_role("button", name="Xác nhận ghi")).to_have_count(0)
    page.screenshot(path=str(artifacts / "import-members-error.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp lỗi (các dòng đã tải lên kèm cột Lỗi)").click()
    assert download.value.suggested_filename.startswith("loi-members-")
    assert not Member.objects.filter(citizen_id="037190004567").exists()

    fixed = artifacts / "import-members-fixed.xlsx"
    ROWS[1]["birth_date"] = "28/02/1988"
    fixed.write_bytes(xlsx("members", {"members": ROWS}))
    _upload(page, live_server, fixed)
    expect(page.locator("#counts")).to_contain_text("Thêm mới: 2")
    page.get_by_role("button", name="Xác nhận ghi 2 dòng").click()
    expect(page.get_by_role("status").filter(has_text="Đã ghi xong")).to_be_visible()
    page.screenshot(path=str(artifacts / "import-members-done.png"), full_page=True)
    page.get_by_role("link", name="Xem danh sách đảng viên").click()
    page.get_by_label("Tìm theo họ tên").fill("Cao Văn Khải")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("table.members")).to_contain_text("Cao Văn Khải")
    page.screenshot(path=str(artifacts / "import-members-list.png"), full_page=True)
