"""A member's family in a real browser at 1366 px: the officer takes a relative off the record with a reason on the
edit page, finds them under «Đã xóa khỏi lý lịch» on the member page (who, when, why) and restores them; the member
page as administrator, officer, cell secretary and viewer (the viewer sees no removed list and no restore button),
each with axe-core and a full-page screenshot (test-artifacts/browser/member-family-<role>.png)."""

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import Page, expect

from dangvu.accounts.models import Assignment, Role
from dangvu.members.models import FamilyRelation
from dangvu.members.services.family import member_family_add, member_family_remove, member_photo_set

from .conftest import PASSWORD
from .test_accessibility import serious_violations
from .test_transfer_flow import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def page(wide_page: Any) -> Any:
    return wide_page


def test_a_relative_removed_with_a_reason_is_listed_apart_and_restored(page: Page, live_server, live_world,
                                                                       artifacts, settings, tmp_path):
    settings.DANGVU_FILES_DIR = str(tmp_path / "files")
    w = live_world
    root = User.objects.get(username="root")
    buf = io.BytesIO()
    Image.new("RGB", (90, 120), (40, 90, 150)).save(buf, "PNG")
    member_photo_set(actor=root, member=w.hanh, photo=SimpleUploadedFile("anh.png", buf.getvalue(), "image/png"))
    member_family_add(actor=root, member=w.hanh, relation="father", full_name="Nguyễn Văn Lộc", birth_year=1948,
                      occupation="Nghỉ hưu", political_attitude="Đảng viên, cựu chiến binh")
    member_family_add(actor=root, member=w.hanh, relation="spouse", full_name="Trần Minh Quân", birth_year=1973,
                      occupation="Giáo viên Trường THPT Lương Văn Tụy")
    old = member_family_add(actor=root, member=w.hanh, relation="sibling", full_name="Nguyễn Văn Ba",
                            birth_year=1978)
    member_family_remove(actor=root, relative=old, reason="Trùng với dòng đã có")
    secretary = User.objects.create_user("bithu.chibo", password=PASSWORD, first_name="Hạnh", last_name="Nguyễn Thị")
    Assignment.objects.create(user=secretary, organization=w.cell_a, role=Role.CELL_SECRETARY)
    viewer = User.objects.create_user("xem.so", password=PASSWORD, first_name="Xem", last_name="Sở Y tế")
    Assignment.objects.create(user=viewer, organization=w.committee, role=Role.VIEWER)

    # The officer removes the spouse on the edit page, with a reason.
    sign_in(page, live_server, "canbo.khoi")
    page.goto(f"{live_server.url}/members/{w.hanh.pk}/edit/")
    page.get_by_text("Sửa Trần Minh Quân").click()
    page.get_by_role("form", name="Xóa người thân Trần Minh Quân").get_by_label("Lý do xóa").fill("Ghi nhầm người")
    page.get_by_role("form", name="Xóa người thân Trần Minh Quân").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "member-family-remove-form.png"))
    page.get_by_role("button", name="Xóa Trần Minh Quân khỏi lý lịch").click()
    expect(page.get_by_text("vẫn xem và khôi phục được ở trang đảng viên")).to_be_visible()
    page.goto(f"{live_server.url}/members/{w.hanh.pk}/")
    removed = page.get_by_role("table", name="Đã xóa khỏi lý lịch")
    expect(removed.get_by_role("cell", name="Ghi nhầm người")).to_be_visible()
    expect(removed.get_by_role("cell", name="Trùng với dòng đã có")).to_be_visible()
    expect(removed.get_by_role("cell", name="Phạm Thu Trang")).to_be_visible()  # who removed it

    found: dict[str, list[str]] = {}
    for role, username in (("admin", "root"), ("officer", "canbo.khoi"), ("secretary", "bithu.chibo"),
                           ("viewer", "xem.so")):
        page.context.clear_cookies()
        sign_in(page, live_server, username)
        response = page.goto(f"{live_server.url}/members/{w.hanh.pk}/")
        assert response is not None and response.status == 200
        page.get_by_role("heading", name="Hoàn cảnh gia đình").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"member-family-{role}.png"), full_page=True)
        violations = serious_violations(page)
        if violations:
            found[role] = violations
        restore = page.get_by_role("button", name="Khôi phục Nguyễn Văn Ba")
        if role == "viewer":
            expect(page.get_by_role("heading", name="Đã xóa khỏi lý lịch")).to_have_count(0)
            expect(restore).to_have_count(0)
            expect(page.get_by_role("cell", name="Nguyễn Văn Lộc")).to_be_visible()
        else:
            expect(restore).to_be_visible()
    assert found == {}, found

    # The secretary of the cell restores the sibling: back on the profile, the removal stays in the log.
    page.context.clear_cookies()
    sign_in(page, live_server, "bithu.chibo")
    page.goto(f"{live_server.url}/members/{w.hanh.pk}/")
    page.get_by_role("button", name="Khôi phục Nguyễn Văn Ba").click()
    expect(page.get_by_text("Đã khôi phục anh, chị, em ruột Nguyễn Văn Ba vào lý lịch.")).to_be_visible()
    expect(page.get_by_role("button", name="Khôi phục Nguyễn Văn Ba")).to_have_count(0)
    assert FamilyRelation.objects.get(pk=old.pk).removed_at is None
    page.screenshot(path=str(artifacts / "member-family-restored.png"), full_page=True)


def test_officer_reads_the_family_changes_of_a_reimport_before_confirming(page: Page, live_server, live_world,
                                                                          artifacts) -> None:
    from tests.imports.conftest import xlsx

    from .test_imports import _upload

    w = live_world
    root = User.objects.get(username="root")
    member_family_add(actor=root, member=w.hanh, relation="father", full_name="Nguyễn Văn Lộc", birth_year=1948,
                      occupation="Nghỉ hưu")
    rows: list[dict[str, Any]] = [
        {"card_number": "10234567", "relation": "Cha đẻ", "full_name": "Nguyễn Văn Lộc", "birth_year": 1947},
        {"card_number": "10234567", "relation": "Con", "full_name": "Lê Minh Anh", "birth_year": 2001},
        {"card_number": "99999999", "relation": "Mẹ đẻ", "full_name": "Trần Thị Mai"},
    ]
    path = artifacts / "import-family.xlsx"
    path.write_bytes(xlsx("members", {"family": rows}))
    sign_in(page, live_server, "canbo.khoi")
    _upload(page, live_server, path)
    errors = page.locator("table#errors")
    expect(errors).to_contain_text("Quan hệ gia đình")
    expect(errors).to_contain_text("Số thẻ đảng viên")
    expect(errors).to_contain_text("không có đảng viên mang số 99999999 trong tệp hay trong hệ thống")
    expect(page.get_by_text("Năm sinh: 1948 → 1947")).to_be_visible()
    page.screenshot(path=str(artifacts / "import-family-dry-run.png"), full_page=True)
    violations = serious_violations(page)
    assert violations == [], violations
    assert FamilyRelation.objects.get(full_name="Nguyễn Văn Lộc").birth_year == 1948
