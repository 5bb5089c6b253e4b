"""Import pages: upload, the stored result with errors, the error file, confirmation; scope; exports."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from dangvu.members.models import Member

from .conftest import xlsx
from .test_members import person


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(user)
    return c


def test_upload_read_errors_download_the_error_file_then_confirm_a_fixed_file(world) -> None:  # type: ignore[no-untyped-def]
    c = _client(world.officer)
    rows = [person(1, world.cell_a.name), person(2, world.cell_a.name, birth_date="31/02/1980")]
    r = c.post("/imports/", {"kind": "members", "file": _file(rows)})
    assert r.status_code == 302
    page = c.get(r["Location"])
    body = page.content.decode()
    assert "ngày 31/02/1980 không có thật" in body and "Xác nhận ghi" not in body
    errors = c.get(r["Location"] + "errors.xlsx")
    ws = load_workbook(io.BytesIO(errors.content)).worksheets[0]
    assert ws.cell(1, 1).value == "Lỗi" and "Ngày sinh" in ws.cell(3, 1).value and ws.cell(2, 1).value in (None, "")
    rows[1]["birth_date"] = "28/02/1980"
    r = c.post("/imports/", {"kind": "members", "file": _file(rows)})
    assert "Xác nhận ghi 2 dòng" in c.get(r["Location"]).content.decode()
    assert c.post(r["Location"] + "confirm/").status_code == 302
    assert "Đã ghi xong" in c.get(r["Location"]).content.decode()
    assert Member.objects.filter(citizen_id__in=["037085000001", "037085000002"]).count() == 2


def test_it_validates_scope(world) -> None:  # type: ignore[no-untyped-def]
    data = xlsx("members", {"members": [person(1, world.cell_a.name)]})
    r = _client(world.officer).post("/imports/", {"kind": "members", "file": SimpleUploadedFile("a.xlsx", data)})
    other = _client(world.secretary)
    assert other.get(r["Location"]).status_code == 404
    assert other.post(r["Location"] + "confirm/").status_code == 404
    assert other.get(r["Location"] + "errors.xlsx").status_code == 404
    viewer = _client(world.viewer)
    r = viewer.post("/imports/", {"kind": "members", "file": SimpleUploadedFile("a.xlsx", data)})
    assert r.status_code == 403


def test_a_bad_file_is_answered_on_the_form(world) -> None:  # type: ignore[no-untyped-def]
    r = _client(world.officer).post("/imports/", {"kind": "members", "file": SimpleUploadedFile("a.xlsx", b"xx")})
    assert r.status_code == 422 and "Không đọc được tệp" in r.content.decode()


def test_templates_and_exports_download(world, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    c = _client(world.officer)
    assert c.get("/imports/").status_code == 200
    assert c.get("/imports/templates/members.xlsx").content[:2] == b"PK"
    assert c.get("/imports/templates/organizations.csv").content.decode("utf-8-sig").startswith("Mã tổ chức")
    for kind in ("organizations", "members", "candidates", "enterprises"):
        page = c.get(f"/imports/export/{kind}/?organization_id={world.bloc.pk}")
        assert page.status_code == 200 and "Lập tệp Excel" in page.content.decode(), kind
        r = c.post(f"/imports/export/{kind}/", {"organization_id": world.bloc.pk}, follow=True)
        job = r.context["job"]
        assert r.status_code == 200 and "Tải tệp Excel" in r.content.decode(), kind
        f = c.get(f"/imports/export/jobs/{job.pk}/file/")
        assert f.status_code == 200 and b"".join(f.streaming_content)[:2] == b"PK", kind  # type: ignore[attr-defined]
    with django_assert_max_num_queries(40):  # the job runs in the request in the tests (DANGVU_JOBS_SYNC)
        c.post("/imports/export/members/", {"organization_id": world.bloc.pk, "status": "full"})
    assert _client(world.other_secretary).get(
        f"/imports/export/members/?organization_id={world.bloc.pk}").status_code == 404
    assert _client(world.other_secretary).post(
        "/imports/export/members/", {"organization_id": world.bloc.pk}).status_code == 404
    assert "Nhập đảng viên từ tệp" in c.get("/members/").content.decode()
    assert "Nhập tổ chức từ tệp" in c.get("/orgs/").content.decode()


def _file(rows: list[dict[str, object]]) -> SimpleUploadedFile:
    return SimpleUploadedFile("dv.xlsx", xlsx("members", {"members": rows}))


def test_an_unknown_template_or_export_is_404(world) -> None:  # type: ignore[no-untyped-def]
    c = _client(world.officer)
    assert c.get("/imports/templates/zones.pdf").status_code == 404
    assert c.get("/imports/templates/members.pdf").status_code == 404
    assert c.get("/imports/export/zones/").status_code == 404


def test_an_export_is_a_job_only_its_requester_downloads(world, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    """The member export runs as a background job with the filters of the list; the file holds personal data:
    another user (even of the same committee) gets 404 for the job page and the file."""
    from dangvu.core.models import AuditEntry
    from dangvu.jobs.models import Job

    settings.DANGVU_EXPORTS_DIR = str(tmp_path)
    c = _client(world.officer)
    page = c.get(f"/imports/export/members/?organization_id={world.bloc.pk}&status=full&q=hanh").content.decode()
    assert "Loại đảng viên: Chính thức" in page and "«hanh»" in page
    r = c.post("/imports/export/members/", {"organization_id": world.bloc.pk, "status": "full", "q": "hanh"})
    job = Job.objects.get(kind="list_export")
    assert r.status_code == 302 and r["Location"] == f"/imports/export/jobs/{job.pk}/"
    assert job.params["filters"] == {"status": "full", "q": "hanh"} and job.status == "done"
    data = b"".join(c.get(f"/imports/export/jobs/{job.pk}/file/").streaming_content)  # type: ignore[attr-defined]
    names = [row[0] for row in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert names == ["Nguyễn Thị Hồng Hạnh"]
    assert AuditEntry.objects.filter(action="export_members").count() == 1
    other = _client(world.admin)
    assert other.get(f"/imports/export/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/imports/export/jobs/{job.pk}/file/").status_code == 404
    bad = c.post("/imports/export/members/", {"organization_id": world.bloc.pk, "on": "31/02/2025"})
    assert bad.status_code == 400
    bad = c.post("/imports/export/members/", {"organization_id": world.bloc.pk, "status": "lost"})
    assert bad.status_code == 400 and "«Loại đảng viên»" in bad.content.decode()
    assert Job.objects.filter(kind="list_export").count() == 1  # nothing queued for bad input
