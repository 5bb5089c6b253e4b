"""Transfers in a real browser (issue 11, item 10): the transfer form with its letter and temporary end, the
transfers page (overdue letters, presentation, temporary transfers ending) as an officer and as the receiving
cell's secretary, the workers-registered-elsewhere page; axe-core finds nothing serious; screenshots at 1366 px."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from dangvu.accounts.models import Assignment, Role
from dangvu.core.dates import add_months, today
from dangvu.members.models import Member, TransferLetter
from dangvu.members.services import LetterIn, member_transfer

from .conftest import PASSWORD
from .test_accessibility import serious_violations
from .test_transfer_flow import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser, browser_context_args: dict[str, Any]) -> Any:
    context = browser.new_context(**{**browser_context_args, "bypass_csp": True,
                                     "viewport": {"width": 1366, "height": 900}})
    yield context.new_page()
    context.close()


def _letters(w: Any) -> None:
    root = User.objects.get(username="root")
    members = list(Member.objects.filter(organization=w.cell_a).exclude(pk=w.hanh.pk).order_by("id")[:7])
    t = today()
    for i, m in enumerate(members[:5]):
        issued = t - timedelta(days=[90, 75, 60, 12, 5][i])
        member_transfer(actor=root, member=m, to_organization=w.cell_c, effective_on=issued,
                        letter=LetterIn(f"{31 + i}-GGT/ĐU", issued))
    for i, m in enumerate(members[5:]):
        start = add_months(t, -6 + i)
        member_transfer(actor=root, member=m, to_organization=w.cell_b, effective_on=start, temporary=True,
                        temporary_until=t + timedelta(days=[-2, 10][i]), temporary_purpose="work",
                        letter=LetterIn(f"{40 + i}-GGT/ĐU", start))


def test_the_officer_records_a_transfer_with_its_letter_and_sees_the_overdue_list(page: Page, live_server,
                                                                                   live_world, artifacts):
    w = live_world
    _letters(w)
    sign_in(page, live_server, "canbo.khoi")
    page.goto(f"{live_server.url}/members/{w.hanh.pk}/")
    form = page.get_by_role("form", name="Ghi sự kiện")
    form.get_by_label("Loại sự kiện").select_option(label="Chuyển sinh hoạt đảng")
    form.get_by_label("Ngày hiệu lực").fill(today().isoformat())
    picker = form.get_by_role("combobox", name="Chi bộ chuyển đến")
    picker.fill("may nam son")
    bloc_cell = "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh › Chi bộ Công ty TNHH May Nam Sơn"
    page.get_by_role("option", name=bloc_cell).click()
    form.get_by_label("Chuyển sinh hoạt tạm thời").check()
    form.get_by_label("Sinh hoạt tạm thời đến ngày").fill((today() + timedelta(days=40)).isoformat())
    form.get_by_label("Số giấy giới thiệu sinh hoạt đảng").fill("52-GGT/ĐU")
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "transfer-form-filled.png"), full_page=True)
    form.get_by_role("button", name="Ghi sự kiện").click()
    # 40 days is under the 3 months of a temporary transfer: refused, naming the field and the rule.
    expect(page.get_by_text("Sinh hoạt tạm thời từ 3 tháng")).to_be_visible()
    page.screenshot(path=str(artifacts / "transfer-form-refused.png"), full_page=True)
    form = page.get_by_role("form", name="Ghi sự kiện")
    form.get_by_label("Sinh hoạt tạm thời đến ngày").fill(add_months(today(), 5).isoformat())
    form.get_by_role("button", name="Ghi sự kiện").click()
    expect(page.get_by_text("Đã ghi nhận: Chuyển sinh hoạt đảng.")).to_be_visible()
    expect(page.get_by_role("region", name="Công nhận chính thức, chuyển sinh hoạt")).to_contain_text("52-GGT/ĐU")
    page.screenshot(path=str(artifacts / "transfer-member-letter.png"), full_page=True)
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/members/transfers/?organization_id={w.bloc.pk}")
    expect(page.get_by_role("heading", name="Quá hạn chưa nộp: 5 giấy giới thiệu")).to_be_visible()
    expect(page.get_by_role("heading", name="Sinh hoạt tạm thời sắp hết hạn hoặc đã quá hạn: 2")).to_be_visible()
    page.screenshot(path=str(artifacts / "transfers-overdue.png"), full_page=True)
    page.screenshot(path=str(artifacts / "transfers-overdue-top.png"))
    assert serious_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1


def test_the_receiving_cell_records_the_presentation(page: Page, live_server, live_world, artifacts):
    w = live_world
    _letters(w)
    secretary = User.objects.create_user("bithu.maynamson", password=PASSWORD)
    Assignment.objects.create(user=secretary, organization=w.cell_c, role=Role.CELL_SECRETARY)
    sign_in(page, live_server, "bithu.maynamson")
    page.goto(f"{live_server.url}/members/transfers/?state=pending")
    expect(page.get_by_role("heading", name="Chưa nộp, còn trong hạn: 2 giấy giới thiệu")).to_be_visible()
    form = page.get_by_role("form", name="Ghi ngày nộp giấy 34-GGT/ĐU")
    form.get_by_role("button", name="Ghi đã nộp").click()
    expect(page.get_by_text("nộp giấy giới thiệu 34-GGT/ĐU")).to_be_visible()
    page.screenshot(path=str(artifacts / "transfers-presented-secretary.png"), full_page=True)
    assert serious_violations(page) == []
    assert TransferLetter.objects.get(number="34-GGT/ĐU").presented_on == today()


def test_the_workers_registered_elsewhere_page(page: Page, live_server, live_world, artifacts):
    from dangvu.enterprises import services as s
    from dangvu.enterprises.services.workers import enterprise_worker_add
    from tests.enterprises.conftest import tax_code

    w = live_world
    root = User.objects.get(username="root")
    loc = s.locality_create(actor=root, name="Thành phố Hoa Lư", organization=w.bloc)
    e = s.enterprise_register(actor=root, name="Công ty TNHH May Nam Sơn", tax_code=tax_code(100), ownership="private",
                              locality=loc, registered_on=date(2016, 1, 1), party_org=w.cell_c)
    enterprise_worker_add(actor=root, enterprise=e, member=w.hanh, valid_from=date(2024, 1, 1), position="Kế toán")
    sign_in(page, live_server, "canbo.khoi")
    page.goto(f"{live_server.url}/enterprises/workers-elsewhere/?organization_id={w.bloc.pk}")
    expect(page.get_by_role("heading", name="1 đảng viên sinh hoạt nơi khác")).to_be_visible()
    page.screenshot(path=str(artifacts / "enterprise-workers-elsewhere.png"), full_page=True)
    assert serious_violations(page) == []
