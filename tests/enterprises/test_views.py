import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from dangvu.enterprises.models import Contact, Enterprise, FollowUp, FollowUpStatus, WorkforceCount

from .conftest import table_counts, tax_code
from .test_import import good_rows, workbook


@pytest.fixture
def web(client: Client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_pages_render(world, scenario, web, django_assert_max_num_queries):
    c = web(world.admin)
    for url in ["/enterprises/", "/enterprises/new/", f"/enterprises/{scenario.e1.pk}/",
                f"/enterprises/coverage/?scope_id={world.province.pk}&on=2024-12-31",
                "/enterprises/work-list/?lacking=union&on=2024-12-31", "/enterprises/follow-ups/",
                "/enterprises/import/", "/enterprises/?ownership=fdi&has_party_org=yes&zone=0&on=2024-12-31"]:
        r = c.get(url)
        assert r.status_code == 200, url
    body = c.get(f"/enterprises/coverage/?scope_id={world.province.pk}&on=2024-12-31").content.decode()
    assert "1.928" in body and "(50,0%; LĐ 93,4%)" in body  # one rule for shares: one decimal
    assert "2 Công đoàn cơ sở với 1.180 đoàn viên, hội viên" in body
    with django_assert_max_num_queries(25):
        c.get("/enterprises/?on=2024-12-31")


def test_template_download(world, web):
    r = web(world.admin).get("/enterprises/import/template.xlsx")
    assert r.status_code == 200
    assert load_workbook(io.BytesIO(r.content)).active["A1"].value == "Mã số thuế"


def test_it_validates_scope(world, scenario, web):
    c = web(world.other_secretary)
    assert c.get(f"/enterprises/{scenario.e1.pk}/").status_code == 404
    assert c.get(f"/enterprises/coverage/?scope_id={world.bloc.pk}").status_code == 404
    assert c.get(f"/enterprises/work-list/?scope_id={world.bloc.pk}").status_code == 404
    before = table_counts()
    r = c.post(f"/enterprises/{scenario.e1.pk}/workforce/",
               {"workforce-as_of": "2025-01-01", "workforce-workers": "5", "workforce-women": "0",
                "workforce-union_eligible": "0"})
    assert r.status_code == 404
    assert table_counts() == before
    assert scenario.e1.name not in c.get("/enterprises/").content.decode()
    assert scenario.e1.name not in c.get("/enterprises/follow-ups/").content.decode()
    assert web(world.viewer).post(f"/enterprises/{scenario.e1.pk}/workforce/", {
        "workforce-as_of": "2025-01-01", "workforce-workers": "5", "workforce-women": "0",
        "workforce-union_eligible": "0"}).status_code == 403


def test_bad_input_gets_a_message_and_writes_nothing(world, scenario, web):
    c = web(world.officer)
    before = table_counts()
    r = c.post("/enterprises/new/", {"name": "Công ty X", "tax_code": "0314409057", "ownership": "private",
                                     "locality": scenario.hoa_lu.pk, "zone": scenario.zone.pk,
                                     "registered_on": "2024-01-01"})
    assert r.status_code == 422
    assert "chữ số kiểm tra" in r.content.decode()
    r = c.post(f"/enterprises/{scenario.e1.pk}/workforce/",
               {"workforce-as_of": "2025-01-01", "workforce-workers": "5", "workforce-women": "9",
                "workforce-union_eligible": "0"})
    assert r.status_code == 422 and "Lao động nữ không được lớn hơn" in r.content.decode()
    r = c.post(f"/enterprises/{scenario.e2.pk}/contact/",
               {"contact-kind": "visit", "contact-happened_on": "2025-01-05", "contact-participants": "Đ/c A",
                "contact-follow_up": "Việc"})
    assert r.status_code == 422 and "ghi đủ nội dung" in r.content.decode()
    assert c.get("/enterprises/coverage/?on=31-31-2024").status_code == 200
    assert c.get("/enterprises/work-list/?lacking=xyz").status_code == 422
    assert c.get("/enterprises/work-list/?min_workers=-5").status_code == 422
    assert c.get("/enterprises/?page=abc&min_workforce=-1").status_code == 200
    assert c.post("/enterprises/import/", {}).status_code == 422
    assert table_counts() == before


def test_record_forms(world, scenario, web):
    c = web(world.officer)
    r = c.post("/enterprises/new/", {"name": "Công ty TNHH Dệt Tràng An", "tax_code": tax_code(80),
                                     "ownership": "private", "locality": scenario.hoa_lu.pk,
                                     "zone": scenario.zone.pk, "registered_on": "2024-01-01"})
    assert r.status_code == 302
    e = Enterprise.objects.get(tax_code=tax_code(80))
    assert c.post(f"/enterprises/{e.pk}/workforce/", {
        "workforce-as_of": "2025-01-01", "workforce-workers": "75", "workforce-women": "40",
        "workforce-union_eligible": "70"}).status_code == 302
    assert WorkforceCount.objects.get(enterprise=e).workers == 75
    assert c.post(f"/enterprises/{e.pk}/mass_org/", {"mass_org-kind": "trade_union",
                                                      "mass_org-founded_on": "2025-02-01"}).status_code == 302
    m = e.mass_orgs.get()
    assert c.post(f"/enterprises/{e.pk}/count/", {"count-mass_org": m.pk, "count-as_of": "2025-03-01",
                                                   "count-members": "60"}).status_code == 302
    r = c.post(f"/enterprises/{e.pk}/contact/", {
        "contact-kind": "visit", "contact-happened_on": "2025-03-05", "contact-participants": "Đ/c Hùng",
        "contact-steering_committee": "", "contact-proposals": "Hỗ trợ đất xây nhà ở công nhân",
        "contact-follow_up": "Đề nghị UBND tỉnh xem xét", "contact-follow_up_owner": "Ban Quản lý các KCN",
        "contact-follow_up_due": "2025-04-30"})
    assert r.status_code == 302
    fu = FollowUp.objects.get(contact__enterprise=e)
    assert "Hỗ trợ đất" in c.get("/enterprises/follow-ups/").content.decode()
    assert c.post(f"/enterprises/follow-ups/{fu.pk}/close/", {"status": "done"}).status_code == 302
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.DONE and Contact.objects.filter(enterprise=e).count() == 1


def test_import_pages(world, scenario, web):
    c = web(world.admin)
    upload = io.BytesIO(workbook(good_rows(scenario)))
    upload.name = "dn.xlsx"
    r = c.post("/enterprises/import/", {"file": upload})
    assert r.status_code == 302
    page = c.get(r["Location"])
    assert "Thêm mới" in page.content.decode() and "Cập nhật" in page.content.decode()
    assert not Enterprise.objects.filter(tax_code=tax_code(70)).exists()
    assert c.post(r["Location"]).status_code == 302
    assert Enterprise.objects.filter(tax_code=tax_code(70)).exists()
    # another user cannot see the batch
    assert web(world.officer).get(r["Location"]).status_code == 404
    assert date(2024, 12, 31)


def test_follow_up_close_validates_scope(world, scenario, web):
    from dangvu.enterprises import services as s

    contact = s.contact_record(actor=world.admin, enterprise=scenario.e1, happened_on=date(2025, 1, 5),
                               participants="Đ/c A", follow_ups=[s.FollowUpIn("Việc", "Sở", date(2025, 2, 1))])
    fu = contact.follow_ups.get()
    assert web(world.other_secretary).post(f"/enterprises/follow-ups/{fu.pk}/close/").status_code == 404
    fu.refresh_from_db()
    assert fu.status == FollowUpStatus.OPEN
    page = web(world.admin).get("/enterprises/").content.decode()
    assert "Ban Chỉ đạo thành phố Hoa Lư" in page


def test_a_viewer_sees_the_enterprise_without_write_forms(world, scenario, web):
    """At bloc scale a viewer's enterprise page offered «Sửa thông tin» and six «Ghi …» forms, and the section links
    «Nhập từ Excel»: each answered 403."""
    url = f"/enterprises/{scenario.e1.pk}/"
    viewer = web(world.viewer).get(url).content.decode()
    assert scenario.e1.name in viewer and "Số lao động qua các thời điểm" in viewer
    for text in ("Sửa thông tin", "Ghi số lao động", "Ghi tình trạng hoạt động", "Ghi số đoàn viên",
                 "Ghi tổ chức đoàn thể mới thành lập", "Ghi buổi làm việc", "Nhập từ Excel",
                 'action="/enterprises/'):
        assert text not in viewer, text
    officer = web(world.officer).get(url).content.decode()
    for text in ("Sửa thông tin", "Ghi số lao động", "Ghi tình trạng hoạt động", "Ghi số đoàn viên",
                 "Ghi tổ chức đoàn thể mới thành lập", "Ghi buổi làm việc", "Nhập từ Excel"):
        assert text in officer, text


def test_a_viewer_is_offered_no_write_control_in_the_enterprise_pages(world, scenario, web):
    """«Đã giải quyết» on every follow-up, the add form of workers registered elsewhere, «+ Thêm doanh nghiệp» and
    its form were shown to a viewer (403 on submit)."""
    viewer = web(world.viewer)
    for url in ("/enterprises/", "/enterprises/follow-ups/", f"/enterprises/workers-elsewhere/?organization_id="
                f"{world.bloc.pk}", "/enterprises/new/"):
        html = viewer.get(url).content.decode()
        assert 'action="/enterprises/' not in html and "+ Thêm doanh nghiệp" not in html, url
    assert "không được phép thêm doanh nghiệp" in viewer.get("/enterprises/new/").content.decode()
    officer = web(world.officer)
    assert "+ Thêm doanh nghiệp" in officer.get("/enterprises/").content.decode()
    assert '<form method="post" novalidate class="card" aria-label="Thêm doanh nghiệp">' in officer.get(
        "/enterprises/new/").content.decode()
    workers = officer.get(f"/enterprises/workers-elsewhere/?organization_id={world.bloc.pk}").content.decode()
    assert 'action="/enterprises/workers-elsewhere/add/' in workers


def test_the_work_list_page_is_paged(world, scenario, web, monkeypatch):
    """The work list page shows how many enterprises the list holds and a pager when it has more than a page."""
    import importlib

    cov = importlib.import_module("dangvu.enterprises.selectors.coverage")
    c = web(world.admin)
    r = c.get(f"/enterprises/work-list/?scope_id={world.province.pk}&on=2024-12-31")
    html = r.content.decode()
    assert r.status_code == 200 and "2 doanh nghiệp" in html and "Phân trang" not in html
    monkeypatch.setattr(cov, "WORK_LIST_PAGE_SIZE", 1)
    html = c.get(f"/enterprises/work-list/?scope_id={world.province.pk}&on=2024-12-31&page=2").content.decode()
    assert "Trang 2 / 2" in html and "Trang trước" in html and "2 doanh nghiệp, 1 trên trang này" in html
    assert scenario.e2.name in html and scenario.e4.name not in html  # e4 (larger) is on page 1
    assert c.get(f"/enterprises/work-list/?scope_id={world.province.pk}&on=2024-12-31&page=abc").status_code == 200
