"""A committee officer opens an awareness course, enrols two candidates, marks one passed, admits them and
finds the new member in the probation list — in a real browser."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from dangvu.admissions.models import Candidate, Stage
from dangvu.admissions.services import candidate_record, course_create
from dangvu.core.dates import add_months, today
from dangvu.members.models import Member

from .test_transfer_flow import sign_in

pytestmark = pytest.mark.browser


def test_officer_runs_a_course_and_admits_a_candidate(page: Page, live_server, live_world, artifacts):
    w = live_world
    # Ceremony 12 months minus 10 days ago: the probation ends within the next 30 days.
    decided = add_months(today(), -12) + timedelta(days=5)
    ceremony = decided + timedelta(days=5)
    course_start, course_end = decided - timedelta(days=60), decided - timedelta(days=55)
    for name, sex in [("Phạm Thị Thu Hà", "F"), ("Đinh Văn Hòa", "M")]:
        candidate_record(actor=w.officer, organization=w.cell_c, full_name=name, sex=sex,
                         birth_date=date(1998, 3, 4), proposed_on=course_start - timedelta(days=30),
                         workplace="Công ty TNHH May Nam Sơn")
    sign_in(page, live_server, "canbo.khoi")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Phát triển đảng viên").click()
    expect(page.get_by_role("heading", name="Phát triển đảng viên", level=1)).to_be_visible()
    page.get_by_role("navigation", name="Phát triển đảng viên").get_by_role("link", name="Lớp bồi dưỡng").click()
    page.get_by_role("link", name="+ Mở lớp").click()
    form = page.get_by_role("form", name="Lớp bồi dưỡng")
    form.get_by_label("Loại lớp").select_option(label="Bồi dưỡng nhận thức về Đảng")
    form.get_by_label("Tên lớp").fill("Lớp bồi dưỡng nhận thức về Đảng khóa 3")
    form.get_by_label("Ngày khai giảng").fill(course_start.isoformat())
    form.get_by_label("Ngày bế giảng").fill(course_end.isoformat())
    form.get_by_label("Địa điểm").fill("Trường Chính trị tỉnh")
    form.get_by_label("Số học viên dự kiến").fill("60")
    form.get_by_role("button", name="Mở lớp").click()
    expect(page.get_by_role("heading", name="Lớp bồi dưỡng nhận thức về Đảng khóa 3")).to_be_visible()

    enrol = page.get_by_role("form", name="Ghi danh")
    enrol.get_by_label("Phạm Thị Thu Hà").check()
    enrol.get_by_label("Đinh Văn Hòa").check()
    enrol.get_by_role("button", name="Ghi danh các quần chúng đã chọn").click()
    expect(page.get_by_text("Đã ghi danh 2 học viên.")).to_be_visible()
    results = page.get_by_role("form", name="Kết quả học tập")
    results.get_by_label("Kết quả: Phạm Thị Thu Hà").select_option(label="Đạt")
    results.get_by_label("Số giấy chứng nhận: Phạm Thị Thu Hà").fill("125/GCN")
    results.get_by_role("button", name="Ghi kết quả").click()
    expect(page.get_by_text("Đã ghi kết quả học tập.")).to_be_visible()
    page.screenshot(path=str(artifacts / "admissions-course.png"), full_page=True)

    for name in ["Đinh Văn Hòa", "Phạm Thị Thu Hà"]:
        page.goto(f"{live_server.url}/admissions/candidates/?organization_id={w.bloc.pk}")
        page.get_by_role("link", name=name).click()
        admit = page.get_by_role("form", name="Kết nạp")
        admit.get_by_label("Ngày quyết định kết nạp").fill(decided.isoformat())
        admit.get_by_label("Ngày lễ kết nạp").fill(ceremony.isoformat())
        admit.get_by_label("Số quyết định").fill("1234-QĐ/ĐUK")
        admit.get_by_role("button", name="Kết nạp").click()
    # Hòa did not pass: refused with the rule, nothing written; Hà is admitted.
    expect(page.get_by_text("Đã kết nạp Phạm Thị Thu Hà.")).to_be_visible()
    assert Candidate.objects.get(full_name="Đinh Văn Hòa").stage == Stage.IN_COURSE
    assert not Member.objects.filter(full_name="Đinh Văn Hòa").exists()

    page.goto(f"{live_server.url}/admissions/candidates/?organization_id={w.bloc.pk}")
    page.get_by_role("link", name="Đinh Văn Hòa").click()
    admit = page.get_by_role("form", name="Kết nạp")
    admit.get_by_label("Ngày quyết định kết nạp").fill(decided.isoformat())
    admit.get_by_label("Ngày lễ kết nạp").fill(ceremony.isoformat())
    admit.get_by_label("Số quyết định").fill("1235-QĐ/ĐUK")
    admit.get_by_role("button", name="Kết nạp").click()
    expect(page.get_by_role("alert")).to_contain_text("lớp bồi dưỡng nhận thức về Đảng")

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Phát triển đảng viên").click()
    page.get_by_role("navigation", name="Phát triển đảng viên").get_by_role("link", name="Đảng viên dự bị").click()
    row = page.get_by_role("row", name="Phạm Thị Thu Hà")
    expect(row).to_contain_text("Chi bộ Công ty TNHH May Nam Sơn")
    expect(row).to_contain_text(ceremony.strftime("%d/%m/%Y"))
    page.screenshot(path=str(artifacts / "admissions-probation.png"), full_page=True)

    # The new member joins a new-member course: filtered list, "select all on this page".
    course = course_create(actor=w.officer, organizer=w.bloc, kind="new_member", name="Lớp đảng viên mới khóa 1",
                           starts_on=today(), ends_on=today() + timedelta(days=4))
    page.goto(f"{live_server.url}/admissions/courses/{course.pk}/")
    filters = page.get_by_role("search", name="Lọc danh sách ghi danh")
    expect(filters.get_by_label("Loại đảng viên")).to_have_value("probationary")
    filters.get_by_label("Tìm theo họ tên").fill("thu ha")
    filters.get_by_role("button", name="Lọc").click()
    enrol = page.get_by_role("form", name="Ghi danh")
    enrol.get_by_label("Chọn tất cả trên trang này").check()
    expect(enrol.get_by_label("Phạm Thị Thu Hà")).to_be_checked()
    enrol.get_by_role("button", name="Ghi danh các đảng viên đã chọn").click()
    expect(page.get_by_text("Đã ghi danh 1 học viên.")).to_be_visible()
    expect(page.get_by_role("form", name="Kết quả học tập")).to_contain_text("Phạm Thị Thu Hà")
    page.screenshot(path=str(artifacts / "admissions-new-member-course.png"), full_page=True)
