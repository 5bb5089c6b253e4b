"""A committee officer transfers a member to another cell, in a real browser."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from dangvu.core.dates import today
from dangvu.members.models import EventKind, MemberEvent

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def test_officer_transfers_a_member_to_another_cell(page: Page, live_server, live_world, artifacts):
    w = live_world
    sign_in(page, live_server, "canbo.khoi")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tổ chức").click()
    page.get_by_role("link", name="Đảng bộ Sở Y tế").click()
    expect(page.get_by_role("heading", name="Đảng bộ Sở Y tế", level=1)).to_be_visible()

    page.get_by_label("Tìm theo họ tên").fill("nguyen thi hong hanh")
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_text("Tổng số: 1 đảng viên")).to_be_visible()
    page.get_by_role("link", name="Nguyễn Thị Hồng Hạnh").click()
    expect(page.get_by_role("heading", name="Nguyễn Thị Hồng Hạnh")).to_be_visible()

    form = page.get_by_role("form", name="Ghi sự kiện")
    form.get_by_label("Loại sự kiện").select_option(label="Chuyển sinh hoạt đảng")
    form.get_by_label("Ngày hiệu lực").fill(today().isoformat())
    # The organisation picker: type without accents, choose the cell by its parent and name.
    picker = form.get_by_role("combobox", name="Chi bộ chuyển đến")
    picker.fill("phong nghiep")
    page.get_by_role("option", name="Đảng bộ Sở Y tế › Chi bộ Phòng Nghiệp vụ").click()
    expect(picker).to_have_value("Đảng bộ Sở Y tế › Chi bộ Phòng Nghiệp vụ")
    form.get_by_label("Văn bản quyết định").fill("125-QĐ/ĐU")
    form.get_by_label("Ghi chú").fill("Điều động công tác về Phòng Nghiệp vụ")
    form.get_by_role("button", name="Ghi sự kiện").click()

    expect(page.get_by_text("Đã ghi nhận: Chuyển sinh hoạt đảng.")).to_be_visible()
    timeline = page.locator("table.timeline")
    expect(timeline).to_contain_text("Chuyển sinh hoạt đảng")
    expect(timeline).to_contain_text("Chi bộ Văn phòng Sở → Chi bộ Phòng Nghiệp vụ")
    expect(timeline).to_contain_text("125-QĐ/ĐU")
    expect(page.locator(".facts").first).to_contain_text("Chi bộ Phòng Nghiệp vụ")
    page.screenshot(path=str(artifacts / "transfer.png"), full_page=True)

    event = MemberEvent.objects.get(member=w.hanh, kind=EventKind.TRANSFERRED)
    assert event.to_organization_id == w.cell_b.pk
    assert event.document == "125-QĐ/ĐU"
    assert event.effective_on == today() and event.effective_on > date(2008, 3, 1)
    w.hanh.refresh_from_db()
    assert w.hanh.organization_id == w.cell_b.pk
