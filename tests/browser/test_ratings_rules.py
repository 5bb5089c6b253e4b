"""Issue 11, items 8 and 9 in a real browser at 1366 px: a committee officer records a cell's thematic meeting
beside its regular one (an exempted member excused by rule), sees the month view flag the cells without a thematic
meeting this quarter, then rates a leadership collective with the 366-QĐ/TW conditions on a round page. Both
pages are kept as screenshots and checked with axe-core (no serious or critical violation)."""

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from dangvu.core.dates import today
from dangvu.members.selectors import headcount
from dangvu.members.services import member_exempt
from dangvu.ratings.models import CellMeeting, RatingEntry
from dangvu.ratings.services import criteria_set_create, meeting_record, rating_round_open

from .conftest import PASSWORD
from .test_accessibility import serious_violations

pytestmark = pytest.mark.browser

CRITERIA = [
    {"name": "Chuẩn bị sinh hoạt", "weight": 15},
    {"name": "Duy trì sinh hoạt, tỷ lệ dự họp", "weight": 20, "required_for_good": True},
    {"name": "Tiến hành sinh hoạt", "weight": 45},
    {"name": "Kết thúc sinh hoạt", "weight": 20},
]


@pytest.fixture
def page(browser: Browser, browser_context_args: dict[str, Any]) -> Any:
    """1366 px wide, and axe-core may be injected despite the Content-Security-Policy."""
    context = browser.new_context(**{**browser_context_args, "bypass_csp": True,
                                     "viewport": {"width": 1366, "height": 900}})
    yield context.new_page()
    context.close()


def sign_in(page: Page, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def test_thematic_meeting_month_view_and_a_leadership_rating(page: Page, live_server, live_world, artifacts):
    w = live_world
    t = today()
    first = date(t.year, t.month, 1)
    cs = criteria_set_create(actor=w.officer, organization=w.bloc, name="Bộ tiêu chí chấm điểm sinh hoạt chi bộ",
                             valid_from=date(t.year, 1, 1), document="12-HD/ĐUK", criteria=CRITERIA)
    member_exempt(actor=w.officer, member=w.hanh, effective_on=first, document="7-QĐ/ĐU")
    n = headcount(w.cell_a, first)
    scores = {c.pk: c.weight for c in cs.criteria.all()}
    meeting_record(actor=w.officer, cell=w.cell_a, year=t.year, month=t.month, held_on=first, present=n - 1,
                   excused=0, absent=0, scores=scores)

    sign_in(page, live_server, "canbo.khoi")
    page.goto(f"{live_server.url}/ratings/meetings/record/{w.cell_a.pk}/?year={t.year}&month={t.month}&kind=thematic")
    expect(page.get_by_role("heading", name=f"Sinh hoạt chuyên đề tháng {t.month}/{t.year} — Chi bộ Văn phòng Sở"))\
        .to_be_visible()
    expect(page.locator("#expected")).to_contain_text(f"{n - 1} đảng viên phải dự họp")
    page.get_by_label("Chủ đề (sinh hoạt chuyên đề)").fill("Chuyển đổi số trong cơ quan")
    page.get_by_label("Ngày sinh hoạt").fill(first.isoformat())
    page.get_by_label("Có mặt").fill(str(n - 2))
    page.get_by_label("Vắng có lý do").fill("1")
    for label, score in [("Chuẩn bị sinh hoạt", "15"), ("Duy trì sinh hoạt, tỷ lệ dự họp", "20"),
                         ("Tiến hành sinh hoạt", "40"), ("Kết thúc sinh hoạt", "20")]:
        page.get_by_label(label, exact=True).fill(score)
    page.get_by_role("button", name="Ghi kết quả").click()
    expect(page.get_by_text(f"Đã ghi sinh hoạt chuyên đề tháng {t.month}/{t.year}")).to_be_visible()
    thematic = CellMeeting.objects.get(cell=w.cell_a, kind="thematic")
    assert (thematic.exempted, thematic.expected, thematic.topic) == (1, n - 1, "Chuyển đổi số trong cơ quan")

    page.goto(f"{live_server.url}/ratings/meetings/?organization_id={w.bloc.pk}&year={t.year}&month={t.month}")
    expect(page.locator(f"tr[data-cell='{w.cell_a.pk}']")).to_contain_text("1 buổi (1 trong tháng)")
    expect(page.locator(f"tr[data-cell='{w.cell_b.pk}']")).to_contain_text("Chưa có")
    page.screenshot(path=str(artifacts / "ratings-month-thematic-1366.png"), full_page=True)
    assert serious_violations(page) == []

    rnd = rating_round_open(actor=w.officer, organization=w.bloc, year=t.year)
    page.goto(f"{live_server.url}/ratings/rounds/{rnd.pk}/")
    expect(page.get_by_text("miễn sinh hoạt").first).to_be_visible()
    form = page.locator("form.rt-lead").first
    form.get_by_role("combobox", name="Đảng bộ", exact=True).fill("y te")  # the committee picker: search as you type
    form.locator("#lead-subject_id_list").get_by_role(
        "option", name="Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh › Đảng bộ Sở Y tế").click()
    form.get_by_label("Tập thể").select_option(label="Ban Thường vụ")
    form.get_by_label("Xếp loại").select_option(label="Hoàn thành xuất sắc nhiệm vụ")
    form.get_by_label("Điểm").fill("92")
    form.get_by_label("Hoàn thành 100% nhiệm vụ").check()
    form.get_by_label("Số nhiệm vụ vượt yêu cầu").fill("2")
    form.get_by_label("Tổng số nhiệm vụ").fill("10")
    form.get_by_label("Không bị kỷ luật trong năm").check()
    form.get_by_role("button", name="Ghi xếp loại tập thể").click()
    expect(page.get_by_role("alert")).to_contain_text("chưa ghi nhận ít nhất 30% nhiệm vụ vượt yêu cầu (ghi nhận 2/10)")
    # The form keeps what was typed beside the refusal: only the share of tasks needs correcting.
    form = page.locator("form.rt-lead").first
    expect(form.locator("select[name=subject_id]")).to_have_value(str(w.committee.pk))
    expect(form.get_by_role("combobox", name="Đảng bộ", exact=True)).to_have_value(
        "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh › Đảng bộ Sở Y tế")
    expect(form.get_by_label("Tổng số nhiệm vụ")).to_have_value("10")
    form.get_by_label("Số nhiệm vụ vượt yêu cầu").fill("3")
    form.get_by_role("button", name="Ghi xếp loại tập thể").click()
    expect(page.locator("#leadership-table")).to_contain_text("Ban Thường vụ Đảng bộ Sở Y tế")
    entry = RatingEntry.objects.get(subject_kind="leadership")
    assert (entry.level, entry.tasks_beyond, entry.tasks_total) == ("excellent", 3, 10)
    page.screenshot(path=str(artifacts / "ratings-round-leadership-1366.png"), full_page=True)
    assert serious_violations(page) == []
