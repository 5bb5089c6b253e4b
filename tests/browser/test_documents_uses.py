"""At 1366 px: an officer opens a registered decision and sees what it decided (members' and organisations'
events, a badge award), marks it replaced with the confirming tick; the organisation's page shows its commendations
and the badges of its subtree by year; a conference's participants are picked (a member by name, a party
organisation) or written (a guest, an agency), and the minutes show them apart."""

from datetime import date

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from dangvu.documents.models import Conference, Document, DocumentStatus
from dangvu.documents.services import commendation_record, document_register
from dangvu.members.badges import BadgeItem, badge_award
from dangvu.members.services import member_exempt, member_record
from dangvu.orgs.services import org_rename

from .test_ratings import sign_in

pytestmark = pytest.mark.browser
WIDE: ViewportSize = {"width": 1366, "height": 900}


def _decisions(w) -> Document:
    doc = document_register(actor=w.officer, organization=w.bloc, number="12-QĐ/ĐUK", issued_on=date(2024, 3, 1),
                            title="Quyết định về công tác tổ chức, đảng viên quý I năm 2024", signer="Trần Văn Khối")
    member_exempt(actor=w.officer, member=w.hanh, effective_on=date(2024, 3, 5), document="12-QĐ/ĐUK")
    org_rename(actor=w.officer, org=w.cell_c, name="Chi bộ Công ty May Nam Sơn", effective_on=date(2024, 3, 15),
               document="12-qđ/đuk")
    vet = member_record(actor=w.officer, organization=w.cell_b, full_name="Phạm Văn Ba Mươi", sex="M",
                        birth_date=date(1970, 1, 1), admitted_on=date(1994, 2, 1), ceremony_on=date(1994, 2, 1),
                        full_on=date(1995, 2, 20), joined_on=w.cell_b.founded_on)
    awards = badge_award(actor=w.officer, occasion_on=date(2025, 2, 3), document="12-QĐ/ĐUK",
                         items=[BadgeItem(member=vet, years=30)], awarded_on=date(2025, 2, 3))
    from dangvu.documents.uses import link_records

    link_records(awards)
    commendation_record(actor=w.officer, organization=w.bloc, year=2024, level="certificate",
                        reason="Hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2024", document_text="40-QĐ/ĐUK",
                        organizations=[w.committee])
    return doc


def test_a_document_lists_what_it_decided_and_is_marked_replaced(page: Page, live_server, live_world, artifacts):
    w = live_world
    doc = _decisions(w)
    document_register(actor=w.officer, organization=w.bloc, number="30-QĐ/ĐUK", issued_on=date(2025, 1, 10),
                      title="Quyết định thay thế Quyết định 12-QĐ/ĐUK")
    page.set_viewport_size(WIDE)
    sign_in(page, live_server, "canbo.khoi")
    page.goto(f"{live_server.url}/documents/{doc.pk}/")
    uses = page.locator("#uses")
    expect(uses).to_contain_text("Sự kiện của đảng viên")
    expect(uses).to_contain_text("Nguyễn Thị Hồng Hạnh")
    expect(uses).to_contain_text("Sự kiện của tổ chức đảng")
    expect(uses).to_contain_text("Huy hiệu Đảng")
    page.screenshot(path=str(artifacts / "documents-uses-1366.png"), full_page=True)

    page.get_by_text("Ghi hết hiệu lực, bị thay thế").click()
    page.locator("#id_status").select_option(label="Đã được thay thế")
    page.get_by_label("Từ ngày").fill("2025-01-10")
    page.get_by_label("Được thay thế bởi văn bản").fill("30-QĐ/ĐUK")
    page.get_by_role("button", name="Ghi hiệu lực").click()
    expect(page.get_by_text("Chưa nhập «Tôi xác nhận thay đổi hiệu lực của văn bản này»")).to_be_visible()
    page.get_by_label("Tôi xác nhận thay đổi hiệu lực của văn bản này").check()
    page.get_by_role("button", name="Ghi hiệu lực").click()
    expect(page.get_by_text("Đã ghi hiệu lực của văn bản 12-QĐ/ĐUK")).to_be_visible()
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.REPLACED

    page.goto(f"{live_server.url}/members/{w.hanh.pk}/")
    page.get_by_role("link", name="12-QĐ/ĐUK").first.click()
    expect(page.get_by_role("heading", name="Quyết định số 12-QĐ/ĐUK")).to_be_visible()


def test_the_org_page_shows_commendations_and_badges_by_year(page: Page, live_server, live_world, artifacts):
    w = live_world
    _decisions(w)
    page.set_viewport_size(WIDE)
    sign_in(page, live_server, "canbo.khoi")
    page.goto(f"{live_server.url}/orgs/{w.committee.pk}/")
    honours = page.locator("#honours")
    expect(honours).to_contain_text("Hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2024")
    expect(honours.locator("#badge-years")).to_contain_text("30 năm: 1")
    page.screenshot(path=str(artifacts / "org-honours-1366.png"), full_page=True)
    honours.screenshot(path=str(artifacts / "org-honours-section-1366.png"))


def test_conference_participants_are_picked_or_written(page: Page, live_server, live_world, artifacts):
    w = live_world
    page.set_viewport_size(WIDE)
    sign_in(page, live_server, "canbo.khoi")
    page.goto(f"{live_server.url}/documents/conferences/?organization_id={w.bloc.pk}")
    page.locator("#id_kind").select_option(label="Hội nghị sơ kết")
    page.locator("#id_title").fill("Sơ kết 1 năm thực hiện Quy chế phối hợp")
    page.locator("#id_held_on").fill("2025-03-20")
    page.locator("#id_chair").fill("Đồng chí Bí thư Đảng ủy Khối")
    person = page.get_by_label("Đại biểu 1", exact=True)
    person.fill("hong hanh")
    expect(page.locator("datalist option").first).to_have_attribute(
        "value", "Nguyễn Thị Hồng Hạnh — Chi bộ Văn phòng Sở")
    person.fill("Nguyễn Thị Hồng Hạnh — Chi bộ Văn phòng Sở")
    expect(page.locator("#id_p1_member")).to_have_value(str(w.hanh.pk))
    page.get_by_label("Chức vụ, đơn vị (1)").fill("Bí thư Chi bộ Văn phòng Sở")
    page.get_by_label("Đại biểu 2", exact=True).fill("Ông Trần Văn Khách")
    page.get_by_label("Chức vụ, đơn vị (2)").fill("Giám đốc Công ty TNHH May Nam Sơn")
    body = page.get_by_label("Cơ quan, đơn vị 1", exact=True)
    body.fill("so y te")
    expect(page.locator("datalist option[value*='Đảng bộ Sở Y tế']").first).to_be_attached()
    body.fill(page.locator("datalist option[value*='Đảng bộ Sở Y tế']").first.get_attribute("value") or "")
    expect(page.locator("#id_b1_org")).to_have_value(str(w.committee.pk))
    page.get_by_label("Cơ quan, đơn vị 2", exact=True).fill("Ban Quản lý các khu công nghiệp tỉnh")
    page.get_by_role("button", name="Ghi hội nghị").click()
    expect(page.get_by_text("Đã ghi hội nghị.")).to_be_visible()
    minutes = page.locator("article.minutes")
    expect(minutes.get_by_role("link", name="Nguyễn Thị Hồng Hạnh")).to_be_visible()
    expect(minutes.get_by_role("link", name="Đảng bộ Sở Y tế")).to_be_visible()
    expect(minutes).to_contain_text("Ông Trần Văn Khách, Giám đốc Công ty TNHH May Nam Sơn")
    expect(minutes).to_contain_text("Ban Quản lý các khu công nghiệp tỉnh")
    page.screenshot(path=str(artifacts / "documents-conference-participants-1366.png"), full_page=True)
    conf = Conference.objects.get()
    assert [(p.kind, bool(p.member_id or p.body_id)) for p in conf.participants.order_by("id")] == [
        ("person", True), ("person", False), ("body", True), ("body", False)]
