"""A committee officer's morning: the dashboard (screenshot kept), a due item followed to its list, another
year chosen, a report exported and opened."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from dangvu.core.dates import today
from dangvu.members.services import member_record
from dangvu.targets.services import target_create

from .test_transfer_flow import sign_in

pytestmark = pytest.mark.browser


def test_dashboard_due_item_year_and_export(page: Page, live_server, live_world, artifacts):
    w = live_world
    root = User.objects.get(username="root")
    t = today()
    # A probationary member whose 12 months end in ten days.
    admitted = t - timedelta(days=355)
    member_record(actor=root, organization=w.cell_b, full_name="Đinh Thị Thu Trang", sex="F",
                  birth_date=admitted.replace(year=admitted.year - 25), admitted_on=admitted, ceremony_on=admitted)
    target_create(actor=root, organization=w.bloc, indicator="admissions", comparison="at_least", value=30,
                  year=t.year, document="01-NQ/ĐUK")
    target_create(actor=root, organization=w.bloc, indicator="admissions", comparison="at_least", value=3,
                  year=t.year - 1)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server, "canbo.khoi")
    expect(page.get_by_role("heading", name="Việc cần làm")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Chỉ tiêu năm {t.year}")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Kết nạp đảng viên mới")).to_be_visible()
    page.screenshot(path=str(artifacts / "dashboard_work_centre.png"), full_page=True)

    # A due item leads to its list.
    page.get_by_role("link", name="Đảng viên dự bị đến hạn xét chính thức trong 30 ngày").click()
    expect(page.get_by_text("Đinh Thị Thu Trang")).to_be_visible()

    # Another year.
    page.goto(f"{live_server.url}/")
    page.locator("#dash-year").select_option(str(t.year - 1))
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", name=f"Chỉ tiêu năm {t.year - 1}")).to_be_visible()
    expect(page.get_by_text("Đạt 0/1 chỉ tiêu").or_(page.get_by_text("Đạt 1/1 chỉ tiêu"))).to_be_visible()

    # A report exported to Excel holds the page's numbers.
    page.goto(f"{live_server.url}/reports/members/?organization_id={w.bloc.pk}")
    expect(page.get_by_role("heading", name="Cơ cấu đội ngũ đảng viên")).to_be_visible()
    total_line = page.locator("p.summary").first.inner_text()
    with page.expect_download() as dl:
        page.get_by_role("link", name="Tải Excel (xlsx)").click()
    ws = load_workbook(io.BytesIO(dl.value.path().read_bytes())).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert total_line in values
    page.screenshot(path=str(artifacts / "report_members.png"), full_page=True)
    assert errors == []
