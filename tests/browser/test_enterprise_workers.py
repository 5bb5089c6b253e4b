"""The enterprise page's party members at work and a conference's tasks, as the bloc's officer and a viewer use
them in a browser: the officer picks the enterprise by typing on the workers-elsewhere page, records a member,
ends the span on the enterprise page and cancels a conference task; the viewer reads both pages without the
forms. axe-core finds no serious or critical violation; screenshots in test-artifacts/."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangvu.accounts.models import Assignment, Role
from dangvu.documents.services import TaskInput, conference_record
from dangvu.enterprises import services as s
from dangvu.enterprises.models import EnterpriseWorker
from tests.enterprises.conftest import tax_code

from .conftest import PASSWORD
from .test_accessibility import serious_violations
from .test_transfer_flow import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def page(wide_page: Any) -> Any:
    return wide_page


def test_officer_records_and_ends_work_and_cancels_a_task_viewer_reads(page: Page, live_server, live_world,
                                                                       artifacts):
    w = live_world
    root = User.objects.get(username="root")
    town = s.locality_create(actor=root, name="Thành phố Hoa Lư", organization=w.bloc)
    e = s.enterprise_register(actor=root, name="Công ty TNHH May Hà Phong", tax_code=tax_code(2),
                              ownership="private", locality=town, registered_on=date(2020, 1, 1))
    s.enterprise_register(actor=root, name="Công ty TNHH Giày Adora Việt Nam", tax_code=tax_code(1),
                          ownership="fdi", investor_country="Đài Loan", locality=town, registered_on=date(2020, 1, 1))
    w.hanh.card_number = w.hanh.card_number or "10234567"
    w.hanh.save(update_fields=["card_number"])
    conf = conference_record(
        actor=root, organization=w.bloc, kind="dialogue", title="Đối thoại với doanh nghiệp ngoài khu vực nhà nước",
        held_on=date(2025, 3, 5), chair="Đồng chí Phó Bí thư Đảng ủy Khối", participants=[],
        conclusions="Giao các nhiệm vụ", tasks=[TaskInput(number=1, title="Khảo sát 10 doanh nghiệp FDI",
                                                          lead="Ban Tổ chức", due_on=date(2025, 9, 30))])
    viewer = User.objects.create_user("xem.khoi", password=PASSWORD, first_name="Xem", last_name="Khối")
    Assignment.objects.create(user=viewer, organization=w.bloc, role=Role.VIEWER)

    sign_in(page, live_server, "canbo.khoi")
    page.goto(f"{live_server.url}/enterprises/workers-elsewhere/?organization_id={w.bloc.pk}")
    box = page.get_by_role("combobox", name="Doanh nghiệp")
    box.fill("may ha")
    option_label = f"Công ty TNHH May Hà Phong — MST {e.tax_code}"
    expect(page.locator(f"datalist option[value='{option_label}']")).to_have_count(1)
    box.fill(option_label)
    page.get_by_label("Số thẻ đảng viên").fill(w.hanh.card_number)
    page.get_by_label("Vị trí, chức vụ").fill("Kế toán trưởng")
    page.get_by_label("Làm việc từ ngày").fill("2025-01-02")
    page.screenshot(path=str(artifacts / "enterprise-workers-elsewhere-officer.png"))
    assert serious_violations(page) == []
    page.get_by_role("button", name="Ghi", exact=True).click()
    expect(page.get_by_text("làm việc tại Công ty TNHH May Hà Phong")).to_be_visible()
    assert EnterpriseWorker.objects.filter(enterprise=e, member=w.hanh, valid_to__isnull=True).exists()

    page.goto(f"{live_server.url}/enterprises/{e.pk}/")
    expect(page.get_by_role("cell", name="Kế toán trưởng")).to_be_visible()
    page.screenshot(path=str(artifacts / "enterprise-detail-workers-officer.png"), full_page=True)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Ghi thôi làm việc").click()
    expect(page.locator(".messages").get_by_text("thôi làm việc từ ngày")).to_be_visible()
    assert EnterpriseWorker.objects.get(enterprise=e, member=w.hanh).valid_to is not None

    page.goto(f"{live_server.url}/documents/conferences/{conf.pk}/")
    page.get_by_text("Hủy nhiệm vụ", exact=True).first.click()
    page.get_by_label("Lý do hủy").fill("Đã lồng ghép vào kế hoạch năm")
    page.get_by_label("Tôi xác nhận hủy").check()
    page.screenshot(path=str(artifacts / "conference-task-cancel-officer.png"), full_page=True)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Hủy nhiệm vụ").click()
    expect(page.get_by_text("Đã hủy: Đã lồng ghép vào kế hoạch năm")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, "xem.khoi")
    for name, path in (("enterprise-detail", f"/enterprises/{e.pk}/?on=2026-01-01"),
                       ("conference", f"/documents/conferences/{conf.pk}/")):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200
        page.screenshot(path=str(artifacts / f"{name}-viewer.png"), full_page=True)
        assert serious_violations(page) == []
        assert page.get_by_role("button", name="Ghi thôi làm việc").count() == 0
        assert page.get_by_text("Hủy nhiệm vụ", exact=True).count() == 0
