"""The member's personal record: an audited edit form with before/after, and the printable member sheet."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse

from dangvu.core.models import AuditEntry


def test_a_recorder_corrects_the_record_and_sees_before_and_after(as_user, world):
    c = as_user(world.officer)
    url = reverse("member_edit", args=[world.hanh.pk])
    r = c.get(url)
    assert r.status_code == 200 and 'value="037175000123"' in r.content.decode()
    assert AuditEntry.objects.filter(action="member_view_sensitive", object_id=str(world.hanh.pk)).exists()
    data = {f: "" for f in ["other_name", "birthplace", "home_town", "ethnic_group", "religion", "phone", "address",
                            "education", "qualification", "theory_level", "occupation"]}
    data |= {"home_town": "Gia Viễn, Ninh Bình", "ethnic_group": "Kinh", "religion": "Không", "education": "12/12",
             "occupation": "Phó Giám đốc Sở", "citizen_id": "037175000123", "card_number": "10234567"}
    assert c.post(url, data).status_code == 302
    world.hanh.refresh_from_db()
    assert world.hanh.home_town == "Gia Viễn, Ninh Bình" and world.hanh.occupation == "Phó Giám đốc Sở"
    entry = AuditEntry.objects.get(action="member_update_profile", object_id=str(world.hanh.pk))
    assert entry.before is not None and entry.after is not None
    assert entry.before["home_town"] == "" and entry.after["home_town"] == "Gia Viễn, Ninh Bình"
    html = c.get(url).content.decode()
    assert "Các lần sửa lý lịch" in html and "Phó Giám đốc Sở" in html and "Quê quán" in html


def test_bad_input_names_the_field_and_writes_nothing(as_user, world):
    c = as_user(world.officer)
    before = AuditEntry.objects.count()
    r = c.post(reverse("member_edit", args=[world.hanh.pk]), {"citizen_id": "12ab", "theory_level": "doctor"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "«Lý luận chính trị»: lựa chọn không hợp lệ." in html
    assert AuditEntry.objects.count() == before


def test_it_validates_scope(as_user, world):
    assert as_user(world.other_secretary).get(reverse("member_edit", args=[world.hanh.pk])).status_code == 404
    assert as_user(world.viewer).get(reverse("member_edit", args=[world.hanh.pk])).status_code == 403
    assert as_user(world.other_secretary).get(reverse("member_sheet", args=[world.hanh.pk, "pdf"])).status_code == 404


def _docx_text(content: bytes) -> str:
    """The document's paragraphs and its tables' cells (the first items sit beside the photo, in a table)."""
    from docx import Document

    doc = Document(io.BytesIO(content))
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_member_sheet_prints_in_word_and_pdf(as_user, world, tmp_path):

    c = as_user(world.officer)
    r = c.get(reverse("member_sheet", args=[world.hanh.pk, "docx"]))
    assert r.status_code == 200
    text = _docx_text(r.content)
    assert "PHIẾU ĐẢNG VIÊN" in text and "NGUYỄN THỊ HỒNG HẠNH" in text and "Sinh ngày: 02/05/1975" in text
    assert "Số CCCD: 037175000123" in text  # the officer may record her: shown, and the viewing logged
    assert AuditEntry.objects.filter(action="member_view_sensitive", object_id=str(world.hanh.pk)).exists()
    r = as_user(world.viewer).get(reverse("member_sheet", args=[world.hanh.pk, "docx"]))
    assert "037175000123" not in _docx_text(r.content)
    r = c.get(reverse("member_sheet", args=[world.hanh.pk, "pdf"]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    path = tmp_path / "phieu.pdf"
    path.write_bytes(r.content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "PHIẾU ĐẢNG VIÊN" in out and "Nguyễn Thị Hồng Hạnh".upper() in out
