"""An officer registers a coordination regulation with two tasks, reports progress on one and finds the other in
the overdue list once its due date has passed; then presents the party badges of an occasion in bulk."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from dangvu.core.dates import add_years, today
from dangvu.documents.models import Regulation
from dangvu.members.badges import next_occasion
from dangvu.members.models import BadgeAward
from dangvu.members.services import member_record

from .test_ratings import sign_in

pytestmark = pytest.mark.browser


def test_regulation_tasks_progress_and_overdue(page: Page, live_server, live_world, artifacts):
    t = today()
    sign_in(page, live_server, "canbo.khoi")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Văn bản, khen thưởng").click()
    page.get_by_role("link", name="Quy chế, kế hoạch").click()
    page.get_by_label("Tên quy chế, kế hoạch").fill("Quy chế phối hợp phát triển đảng viên trong doanh nghiệp KCN")
    page.get_by_label("Từ ngày").fill((t - timedelta(days=120)).isoformat())
    page.get_by_label("Các bên tham gia (mỗi dòng một bên)").fill("Đảng ủy Khối\nBan Quản lý các khu công nghiệp")
    page.get_by_label("Nhiệm vụ 1", exact=True).fill("Nắm bắt tình hình, khó khăn của doanh nghiệp")
    page.get_by_label("Chủ trì (1)").fill("Đảng ủy Khối")
    page.get_by_label("Hạn hoàn thành (1)").fill((t - timedelta(days=30)).isoformat())
    page.get_by_label("Nhiệm vụ 2", exact=True).fill("Thành lập 2 đến 3 tổ chức cơ sở đảng")
    page.get_by_label("Chủ trì (2)").fill("Ban Quản lý các khu công nghiệp")
    page.get_by_label("Hạn hoàn thành (2)").fill((t - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Ghi", exact=True).click()
    expect(page.get_by_text("Đã ghi quy chế phối hợp với 2 nhiệm vụ.")).to_be_visible()
    board = page.locator("#task-board")
    expect(board.locator("#task-2")).to_contain_text("Quá hạn")

    form = page.locator("#progress-form")
    form.get_by_label("Nhiệm vụ").select_option(label="1- Nắm bắt tình hình, khó khăn của doanh nghiệp")
    form.get_by_label("Ngày báo cáo").fill((t - timedelta(days=35)).isoformat())
    form.get_by_label("Tiến độ (%)").fill("100")
    form.get_by_label("Kết quả thực hiện").fill("Đã khảo sát 42 doanh nghiệp, tổng hợp 12 kiến nghị")
    form.get_by_role("button", name="Ghi tiến độ").click()
    expect(page.get_by_text("Đã ghi tiến độ nhiệm vụ 1.")).to_be_visible()
    expect(board.locator("#task-1")).to_contain_text("Hoàn thành")
    page.screenshot(path=str(artifacts / "documents-task-board.png"), full_page=True)

    page.get_by_role("link", name="Nhiệm vụ quá hạn").click()
    tasks = page.locator("#task-list")
    expect(tasks).to_contain_text("Thành lập 2 đến 3 tổ chức cơ sở đảng")
    expect(tasks).not_to_contain_text("Nắm bắt tình hình")
    page.screenshot(path=str(artifacts / "documents-overdue.png"), full_page=True)
    assert Regulation.objects.get().tasks.get(number=1).percent == 100


def test_badges_of_an_occasion_in_bulk(page: Page, live_server, live_world, artifacts):
    w = live_world
    occasion = next_occasion(today())
    for name, years in (("Trần Văn Ba Mươi", 30), ("Lê Thị Bốn Mươi", 40)):
        admitted = add_years(occasion, -years)
        member_record(actor=w.officer, organization=w.cell_a, full_name=name, sex="M", birth_date=admitted.replace(
            year=admitted.year - 25), admitted_on=admitted, ceremony_on=admitted,
            full_on=add_years(admitted, 1) + timedelta(days=20), joined_on=w.cell_a.founded_on)
    sign_in(page, live_server, "canbo.khoi")
    page.goto(f"{live_server.url}/documents/badges/?organization_id={w.bloc.pk}&occasion={occasion.isoformat()}")
    due = page.locator("#due-list")
    expect(due).to_contain_text("Trần Văn Ba Mươi")
    expect(due).to_contain_text("Lê Thị Bốn Mươi")
    page.screenshot(path=str(artifacts / "documents-badges-due.png"), full_page=True)
    page.get_by_label("Quyết định trao Huy hiệu").fill("1520-QĐ/TU")
    page.get_by_label("Ngày trao").fill(occasion.isoformat())
    page.get_by_role("button", name="Trao Huy hiệu cho các đồng chí đã chọn").click()
    expect(page.get_by_text("Đã trao Huy hiệu Đảng cho 2 đồng chí.")).to_be_visible()
    expect(page.locator("#awarded-list")).to_contain_text("Lê Thị Bốn Mươi")
    expect(page.locator("#due-list")).to_have_count(0)
    page.screenshot(path=str(artifacts / "documents-badges.png"), full_page=True)
    assert sorted(BadgeAward.objects.values_list("years", flat=True)) == [30, 40]

