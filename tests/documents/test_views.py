"""Pages: each renders for the committee's officer, another subtree gets 404, bad input gets a clear message and
writes nothing, lists keep a fixed number of queries; the member page shows badges and commendations."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document as Docx

from dangvu.documents.models import Conference, Document, Progress, Regulation
from dangvu.documents.services import conference_record, document_register
from dangvu.members.models import BadgeAward
from tests.documents.conftest import stored_files, veteran
from tests.documents.test_tasks import make_regulation


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def officer(world):
    return client_for(world.officer)


def test_register_a_document_through_the_page(world, officer, _files_dir):
    r = officer.post("/documents/", {"organization_id": world.bloc.pk, "number": "651-QĐ/TU", "issued_on": "2023-05-04",
                                     "title": "Quyết định thành lập Ban Chỉ đạo",
                                     "file": SimpleUploadedFile("qd.pdf", b"%PDF-1.4 test")})
    assert r.status_code == 302, r.content.decode()[:2000]
    doc = Document.objects.get()
    assert doc.number == "651-QĐ/TU" and doc.file_name == "qd.pdf"
    page = officer.get(f"/documents/{doc.pk}/")
    assert "Quyết định số 651-QĐ/TU" in page.content.decode()
    assert officer.get(f"/documents/{doc.pk}/file/").status_code == 200
    assert officer.get("/documents/?q=ban chi dao").content.decode().count("651-QĐ/TU") >= 1
    picked = officer.get("/documents/pick/?q=651").json()["results"]
    assert picked[0]["number"] == "651-QĐ/TU"


def test_a_refused_upload_gets_a_message_and_stores_nothing(world, officer, settings, _files_dir):
    settings.DANGVU_UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("qd.pdf", b"%PDF-" + b"0" * 5000)
    r = officer.post("/documents/", {"organization_id": world.bloc.pk, "number": "651-QĐ/TU",
                                     "issued_on": "2023-05-04", "title": "Quyết định", "file": big})
    assert r.status_code == 400 and "vượt mức tối đa" in r.content.decode()
    r = officer.post("/documents/", {"organization_id": world.bloc.pk, "number": "652-QĐ/TU",
                                     "issued_on": "2023-05-04", "title": "Quyết định",
                                     "file": SimpleUploadedFile("run.exe", b"MZ" + b"0" * 50)})
    assert r.status_code == 400 and "không phải loại được nhận" in r.content.decode()
    r = officer.post("/documents/", {"organization_id": world.bloc.pk, "number": "652-XX/TU", "issued_on": "2023-05-04",
                                     "title": "Quyết định"})
    assert r.status_code == 400 and "XX" in r.content.decode()
    assert Document.objects.count() == 0 and stored_files(_files_dir) == []


def test_regulation_page_progress_and_overdue_list(world, officer):
    r = officer.post("/documents/regulations/", {
        "organization_id": world.bloc.pk, "kind": "coordination", "title": "Quy chế phối hợp với Ban Quản lý KCN",
        "starts_on": "2024-01-01", "parties": "Đảng ủy Khối\nBan Quản lý các KCN",
        "t1_number": 1, "t1_title": "Nắm tình hình doanh nghiệp", "t1_lead": "Đảng ủy Khối",
        "t1_due_on": "2024-06-30", "t2_number": 2, "t2_title": "Thành lập tổ chức đảng",
        "t2_lead": "Ban Quản lý các KCN", "t2_due_on": "2024-09-30",
    })
    assert r.status_code == 302, r.content.decode()[:3000]
    reg = Regulation.objects.get()
    t1 = reg.tasks.get(number=1)
    r = officer.post(f"/documents/regulations/{reg.pk}/", {"action": "progress", "task": t1.pk, "on": "2024-06-20",
                                                           "percent": 100, "text": "Đã khảo sát 40 doanh nghiệp"})
    assert r.status_code == 302
    page = officer.get("/documents/tasks/?state=overdue&on=2024-10-01").content.decode()
    assert "Thành lập tổ chức đảng" in page and "Nắm tình hình doanh nghiệp" not in page
    board = officer.get(f"/documents/regulations/{reg.pk}/").content.decode()
    assert "Đã khảo sát 40 doanh nghiệp" in board


def test_a_bad_task_lead_is_refused_naming_the_rule(world, officer):
    r = officer.post("/documents/regulations/", {
        "organization_id": world.bloc.pk, "kind": "plan", "title": "Kế hoạch", "starts_on": "2024-01-01",
        "parties": "Đảng ủy Khối", "t1_number": 1, "t1_title": "Việc", "t1_lead": "Người lạ",
    })
    assert r.status_code == 400 and "không phải là bên tham gia" in r.content.decode()
    assert Regulation.objects.count() == 0


def test_conference_minutes_and_word(world, officer):
    reg = make_regulation(world)
    conf = conference_record(
        actor=world.officer, organization=world.bloc, kind="interim", title="Sơ kết 1 năm thực hiện Quy chế",
        held_on=date(2025, 1, 15), chair="Đồng chí Bí thư Đảng ủy Khối", regulation=reg,
        participants=[("Ban Quản lý các KCN", "Phó Trưởng ban")], results="Thành lập 3 tổ chức cơ sở đảng",
        conclusions="Tiếp tục phối hợp",
        tasks=[__import__("dangvu.documents.services", fromlist=["TaskInput"]).TaskInput(
            number=1, title="Thành lập 2 tổ chức cơ sở đảng năm 2025", lead="Đảng ủy Khối", due_on=date(2025, 12, 31))],
    )
    assert [t.number for t in conf.tasks.all()] == [8]  # after the regulation's 1, 5, 7
    page = officer.get(f"/documents/conferences/{conf.pk}/").content.decode()
    assert "Biên bản hội nghị sơ kết" in page and "8- Thành lập 2 tổ chức cơ sở đảng năm 2025" in page
    r = officer.get(f"/documents/conferences/{conf.pk}/word/")
    text = "\n".join(p.text for p in Docx(io.BytesIO(r.content)).paragraphs)
    assert "BIÊN BẢN" in text and "Ban Quản lý các KCN, Phó Trưởng ban" in text


def test_badges_page_awards_in_bulk_and_the_member_page_shows_it(world, officer):
    a = veteran(world, "Phạm Văn Đúng", date(1996, 2, 3))
    b = veteran(world, "Đỗ Văn Lão", date(1986, 2, 3))
    page = officer.get(f"/documents/badges/?organization_id={world.bloc.pk}&occasion=2026-02-03").content.decode()
    assert "Phạm Văn Đúng" in page and "Đỗ Văn Lão" in page
    r = officer.post("/documents/badges/", {"organization_id": world.bloc.pk, "occasion": "2026-02-03",
                                            "award": [f"{a.pk}:30", f"{b.pk}:40"], "document": "15-QĐ/TU",
                                            "awarded_on": "2026-02-03"})
    assert r.status_code == 302
    assert sorted(BadgeAward.objects.values_list("years", flat=True)) == [30, 40]
    assert "Huy hiệu 30 năm tuổi Đảng" in officer.get(f"/members/{a.pk}/").content.decode()


def test_badges_page_refusal_writes_nothing(world, officer):
    r = officer.post("/documents/badges/", {"organization_id": world.bloc.pk, "occasion": "2026-02-03",
                                            "award": [f"{world.hanh.pk}:30"], "document": "15-QĐ/TU",
                                            "awarded_on": "2026-02-03"})
    assert r.status_code == 400 and "chưa đủ 30 năm tuổi Đảng" in r.content.decode()
    assert BadgeAward.objects.count() == 0


def test_it_validates_scope(world):
    reg = make_regulation(world)
    doc = document_register(actor=world.officer, organization=world.bloc, number="1-NQ/ĐUK",
                            issued_on=date(2023, 1, 1), title="Nghị quyết")
    conf = conference_record(actor=world.officer, organization=world.bloc, kind="final", title="Tổng kết",
                             held_on=date(2025, 1, 1), chair="Bí thư", participants=[])
    other = client_for(world.other_secretary)
    for url in (f"/documents/regulations/{reg.pk}/", f"/documents/{doc.pk}/", f"/documents/conferences/{conf.pk}/",
                f"/documents/conferences/{conf.pk}/word/", f"/documents/badges/?organization_id={world.bloc.pk}",
                f"/documents/tasks/?organization_id={world.bloc.pk}"):
        assert other.get(url).status_code == 404, url
    assert other.get("/documents/pick/?q=nghi quyet").json()["results"] == []
    r = other.post(f"/documents/regulations/{reg.pk}/", {"action": "progress", "task": reg.tasks.first().pk,
                                                         "on": "2024-06-01", "percent": 10, "text": "x"})
    assert r.status_code == 404 and Progress.objects.count() == 0
    report = Progress.objects.create(task=reg.tasks.first(), on=date(2024, 6, 1), text="x", percent=1)
    assert other.get(f"/documents/evidence/{report.pk}/").status_code == 404
    assert Conference.objects.count() == 1


@pytest.mark.parametrize("url", ["/documents/", "/documents/regulations/", "/documents/tasks/?state=all",
                                 "/documents/conferences/", "/documents/commendations/"])
def test_list_query_counts_are_fixed(world, officer, django_assert_max_num_queries, url):
    for i in range(4):
        make_regulation(world)
        document_register(actor=world.officer, organization=world.bloc, number=f"{i + 1}-KH/ĐUK",
                          issued_on=date(2023, 1, 1), title="Kế hoạch")
        conference_record(actor=world.officer, organization=world.bloc, kind="final", title=f"Tổng kết {i}",
                          held_on=date(2025, 1, 1), chair="Bí thư", participants=[])
    with django_assert_max_num_queries(22):
        r = officer.get(url)
    assert r.status_code == 200


def test_a_conference_task_without_a_regulation_is_cancelled_on_the_minutes(world, officer):
    from dangvu.documents.services import TaskInput

    conf = conference_record(
        actor=world.officer, organization=world.bloc, kind="dialogue", title="Đối thoại với doanh nghiệp FDI",
        held_on=date(2025, 3, 5), chair="Đồng chí Phó Bí thư", conclusions="Giao nhiệm vụ", participants=[],
        tasks=[TaskInput(number=1, title="Khảo sát 10 doanh nghiệp FDI", lead="Ban Tổ chức",
                         due_on=date(2025, 9, 30))],
    )
    (task,) = conf.tasks.all()
    url = f"/documents/conferences/{conf.pk}/"
    assert "Hủy nhiệm vụ" in officer.get(url).content.decode()
    r = officer.post(url, {"action": "cancel", "target": task.pk, "reason": "", "confirm": "on"})
    assert r.status_code == 400 and "Lý do" in r.content.decode()
    task.refresh_from_db()
    assert task.cancelled_at is None
    r = officer.post(url, {"action": "cancel", "target": task.pk, "reason": "Đã lồng ghép vào kế hoạch năm",
                           "confirm": "on"})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.cancel_reason == "Đã lồng ghép vào kế hoạch năm"
    assert "Đã hủy: Đã lồng ghép vào kế hoạch năm" in officer.get(url).content.decode()
    # a viewer reads the minutes without the form and cannot cancel
    viewer = client_for(world.viewer)
    assert "Hủy nhiệm vụ" not in viewer.get(url).content.decode()
    assert viewer.post(url, {"action": "cancel", "target": task.pk, "reason": "x", "confirm": "on"}).status_code == 403


def test_badges_due_list_says_whose_cell_each_member_is_in(world, officer):
    """At bloc scale the due list showed «Chi bộ Khoa Ngoại» twice, of two hospitals: each cell with its parent."""
    veteran(world, "Phạm Văn Đúng", date(1996, 2, 3))
    veteran(world, "Đỗ Văn Lão", date(1986, 2, 3), org=world.cell_c, joined_on=date(2016, 3, 1))
    page = officer.get(f"/documents/badges/?organization_id={world.bloc.pk}&occasion=2026-02-03").content.decode()
    assert f"<td>{world.committee.name} › {world.cell_a.name}</td>" in page
    assert f"<td>{world.bloc.name} › {world.cell_c.name}</td>" in page


def test_register_pages_through_every_document(world, officer, django_assert_max_num_queries):
    """The register was one page of all documents, silently cut at 200: 50 a page, the true total in the title."""
    from datetime import timedelta

    for i in range(1, 206):
        document_register(actor=world.root_user, organization=world.bloc, number=f"{i}-TB/TU",
                          issued_on=date(2024, 1, 1) + timedelta(days=i), title=f"Thông báo số {i}")
    with django_assert_max_num_queries(25):
        page = officer.get("/documents/", {"organization_id": world.bloc.pk}).content.decode()
    assert "Văn bản (205)" in page and "Trang 1 / 5" in page and page.count('href="/documents/') >= 50
    assert ">205-TB/TU<" in page and ">155-TB/TU<" not in page
    last = officer.get("/documents/", {"organization_id": world.bloc.pk, "page": 5}).content.decode()
    assert ">1-TB/TU<" in last and "Trang 5 / 5" in last and ">6-TB/TU<" not in last


def test_a_viewer_sees_the_due_list_without_award_ticks(world, officer):
    """A viewer had a ticked «Trao» box on every row and no button to use them."""
    veteran(world, "Phạm Văn Đúng", date(1996, 2, 3))
    url = f"/documents/badges/?organization_id={world.bloc.pk}&occasion=2026-02-03"
    viewer = client_for(world.viewer).get(url).content.decode()
    assert "Phạm Văn Đúng" in viewer and 'name="award"' not in viewer and "<th>Trao</th>" not in viewer
    assert 'name="award"' in officer.get(url).content.decode()
