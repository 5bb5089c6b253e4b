"""A cell secretary records a month's meeting and sees its grade; the committee's month view marks it done."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangvu.accounts.models import Assignment, Role
from dangvu.core.dates import today
from dangvu.members.selectors import headcount
from dangvu.ratings.models import CellMeeting
from dangvu.ratings.services import criteria_set_create

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def test_secretary_records_a_meeting_and_the_committee_sees_it(page: Page, live_server, live_world, artifacts):
    w = live_world
    t = today()
    held_on = date(t.year, t.month, 1)
    cs = criteria_set_create(
        actor=w.officer, organization=w.bloc, name="Bộ tiêu chí chấm điểm sinh hoạt chi bộ",
        valid_from=date(t.year, 1, 1), document="12-HD/ĐUK", criteria=[
            {"name": "Chuẩn bị sinh hoạt", "weight": 15},
            {"name": "Duy trì sinh hoạt, tỷ lệ dự họp", "weight": 20, "required_for_good": True},
            {"name": "Tiến hành sinh hoạt", "weight": 45},
            {"name": "Kết thúc sinh hoạt", "weight": 20},
        ],
    )
    secretary = User.objects.create_user("bithu.vanphong", password=PASSWORD)
    Assignment.objects.create(user=secretary, organization=w.cell_a, role=Role.CELL_SECRETARY)
    n = headcount(w.cell_a, held_on)

    sign_in(page, live_server, "bithu.vanphong")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Chất lượng").click()
    page.get_by_role("link", name=f"Kết quả sinh hoạt tháng {t.month}/{t.year}").click()
    row = page.locator(f"tr[data-cell='{w.cell_a.pk}']")
    expect(row).to_contain_text("Chưa ghi")
    row.get_by_role("link", name="Ghi kết quả").click()
    heading = f"Sinh hoạt thường kỳ tháng {t.month}/{t.year} — Chi bộ Văn phòng Sở"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    page.get_by_label("Ngày sinh hoạt").fill(held_on.isoformat())
    page.get_by_label("Có mặt").fill(str(n - 1))
    page.get_by_label("Vắng có lý do").fill("1")
    for label, score in [("Chuẩn bị sinh hoạt", "15"), ("Duy trì sinh hoạt, tỷ lệ dự họp", "20"),
                         ("Tiến hành sinh hoạt", "42,5"), ("Kết thúc sinh hoạt", "18")]:
        page.get_by_label(label, exact=True).fill(score)
    page.get_by_label("Ghi chú").fill("Sinh hoạt chuyên đề học tập và làm theo tư tưởng Hồ Chí Minh")
    page.get_by_role("button", name="Ghi kết quả").click()
    done = f"Đã ghi sinh hoạt thường kỳ tháng {t.month}/{t.year}: 95,50 điểm, xếp loại Tốt."
    expect(page.get_by_text(done)).to_be_visible()
    expect(page.locator("#year-table")).to_contain_text("Tốt")
    page.screenshot(path=str(artifacts / "ratings-meeting.png"), full_page=True)
    m = CellMeeting.objects.get(cell=w.cell_a, year=t.year, month=t.month)
    assert m.grade == "good" and m.criteria_set_id == cs.pk and m.present == n - 1

    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, live_server, "canbo.khoi")
    page.goto(f"{live_server.url}/ratings/meetings/?organization_id={w.bloc.pk}&year={t.year}&month={t.month}")
    expect(page.locator(f"tr[data-cell='{w.cell_a.pk}']")).to_contain_text("Đã ghi")
    expect(page.locator(f"tr[data-cell='{w.cell_b.pk}']")).to_contain_text("Chưa ghi")
    page.screenshot(path=str(artifacts / "ratings-month.png"), full_page=True)
