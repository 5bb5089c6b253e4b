"""A bloc officer opens the coverage page, follows "no union" to the work list, records a visit with a
proposal and a follow-up, and finds it in the follow-up list — in a real browser."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangvu.core.dates import today
from dangvu.enterprises import services
from dangvu.enterprises.models import Contact, FollowUp
from dangvu.enterprises.rules import tax_check_digit
from dangvu.orgs.services import org_found

from .test_transfer_flow import sign_in

pytestmark = pytest.mark.browser


def code(n: int) -> str:
    while tax_check_digit(f"27{n:07d}") is None:
        n += 1
    return f"27{n:07d}{tax_check_digit(f'27{n:07d}')}"


def test_officer_records_a_visit_to_a_large_enterprise_without_a_union(page: Page, live_server, live_world, artifacts):
    w = live_world
    root = User.objects.get(username="root")
    local = org_found(actor=root, name="Đảng bộ thành phố Hoa Lư", kind="local_committee", parent=w.province,
                      founded_on=date(1976, 1, 1))
    hoa_lu = services.locality_create(actor=root, name="Thành phố Hoa Lư", organization=local)
    zone = services.zone_create(actor=root, name="KCN Gián Khẩu", locality=hoa_lu, organization=w.bloc)
    d = today() - timedelta(days=30)
    big = services.enterprise_register(actor=root, name="Công ty TNHH Giày Adora Việt Nam", tax_code=code(11),
                                       ownership="fdi", investor_country="Đài Loan", locality=hoa_lu, zone=zone,
                                       registered_on=date(2020, 1, 1), party_org=w.cell_c)
    services.workforce_record(actor=root, enterprise=big, as_of=d, workers=2400, women=1700, union_eligible=2300)
    small = services.enterprise_register(actor=root, name="Công ty TNHH Bao bì Gia Sinh", tax_code=code(12),
                                         ownership="private", locality=hoa_lu, zone=zone,
                                         registered_on=date(2020, 1, 1))
    services.workforce_record(actor=root, enterprise=small, as_of=d, workers=30)
    covered = services.enterprise_register(actor=root, name="Công ty CP May Tràng An", tax_code=code(13),
                                           ownership="private", locality=hoa_lu, zone=zone,
                                           registered_on=date(2020, 1, 1))
    services.workforce_record(actor=root, enterprise=covered, as_of=d, workers=500)
    services.mass_org_found(actor=root, enterprise=covered, kind="trade_union", founded_on=date(2021, 1, 1))

    sign_in(page, live_server, "canbo.khoi")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Doanh nghiệp").click()
    page.get_by_role("link", name="Độ phủ tổ chức đảng, đoàn thể").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tổ chức đảng, đoàn thể trong doanh nghiệp")
    expect(page.get_by_text("3 doanh nghiệp với 2.930 người lao động")).to_be_visible()
    page.screenshot(path=str(artifacts / "enterprise-coverage.png"), full_page=True)

    page.get_by_role("link", name="Doanh nghiệp lớn chưa có công đoàn").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("chưa có công đoàn")
    table = page.locator("table.cov")
    expect(table).to_contain_text("Công ty TNHH Giày Adora Việt Nam")
    expect(table).not_to_contain_text("Công ty TNHH Bao bì Gia Sinh")  # 30 workers: below the threshold
    expect(table).not_to_contain_text("Công ty CP May Tràng An")  # has a union
    table.get_by_role("link", name="Công ty TNHH Giày Adora Việt Nam").click()

    expect(page.get_by_role("heading", name="Công ty TNHH Giày Adora Việt Nam", level=1)).to_be_visible()
    page.get_by_text("Ghi buổi làm việc, gặp mặt").click()
    form = page.get_by_role("form", name="Ghi buổi làm việc, gặp mặt")
    form.get_by_label("Ngày làm việc").fill(today().isoformat())
    form.get_by_label("Thành phần đoàn").fill("Đ/c Phạm Thu Trang, Ban Quản lý các KCN")
    form.get_by_label("Làm việc với").fill("Tổng Giám đốc Lin Chia-Hao")
    form.get_by_label("Khó khăn doanh nghiệp nêu").fill("Thiếu nhà ở cho công nhân")
    form.get_by_label("Kiến nghị, đề xuất").fill("Đề nghị hỗ trợ thành lập công đoàn cơ sở")
    form.get_by_label("Việc cần theo dõi").fill("Hướng dẫn thủ tục thành lập công đoàn")
    form.get_by_label("Người/cơ quan thực hiện").fill("Công đoàn các KCN tỉnh")
    form.get_by_label("Hạn").fill((today() + timedelta(days=30)).isoformat())
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi buổi làm việc.")).to_be_visible()
    page.screenshot(path=str(artifacts / "enterprise-detail.png"), full_page=True)

    page.get_by_role("link", name="Việc theo dõi sau làm việc").click()
    rows = page.locator("table.follow-ups")
    expect(rows).to_contain_text("Đề nghị hỗ trợ thành lập công đoàn cơ sở")
    expect(rows).to_contain_text("Hướng dẫn thủ tục thành lập công đoàn")
    expect(rows).to_contain_text("Công ty TNHH Giày Adora Việt Nam")
    page.screenshot(path=str(artifacts / "enterprise-follow-ups.png"), full_page=True)

    contact = Contact.objects.get(enterprise=big)
    assert contact.proposals == "Đề nghị hỗ trợ thành lập công đoàn cơ sở"
    assert FollowUp.objects.get(contact=contact).owner == "Công đoàn các KCN tỉnh"
