"""The member's photo and family relations (profile 1-HSĐV): checked upload stored by the app and served only in
scope, relatives added, corrected and removed through audited services, both printed on the member sheet."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from dangvu.core.errors import DomainError, NotAllowed
from dangvu.core.models import AuditEntry
from dangvu.members.models import FamilyRelation, Member
from dangvu.members.services.family import (
    member_family_add,
    member_family_remove,
    member_family_restore,
    member_photo_set,
)


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.DANGVU_FILES_DIR = str(tmp_path / "files")


def _png(size: tuple[int, int] = (30, 40)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def test_a_recorder_uploads_a_photo_shown_on_the_member_page_and_the_sheet(as_user, world):
    from docx import Document

    c = as_user(world.officer)
    r = c.post(reverse("member_photo_edit", args=[world.hanh.pk]),
               {"action": "upload", "photo": SimpleUploadedFile("anh.png", _png(), "image/png")})
    assert r.status_code == 302
    member = Member.objects.get(pk=world.hanh.pk)
    assert member.photo.name.startswith("photos/") and member.photo.name.endswith(".png")
    entry = AuditEntry.objects.get(action="member_photo_set", object_id=str(member.pk))
    assert entry.before == {"photo": "chưa có ảnh", "photo_file": ""}
    assert entry.after == {"photo": "ảnh mới (30×40 điểm ảnh)", "photo_file": member.photo.name}
    page = c.get(reverse("member_edit", args=[member.pk])).content.decode()
    assert "ảnh mới (30×40 điểm ảnh)" in page and member.photo.name not in page
    photo = c.get(reverse("member_photo", args=[member.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png" and photo.content == _png()
    detail = c.get(reverse("member_detail", args=[member.pk])).content.decode()
    assert reverse("member_photo", args=[member.pk]) in detail
    docx = c.get(reverse("member_sheet", args=[member.pk, "docx"]))
    assert len(Document(io.BytesIO(docx.content)).inline_shapes) == 1
    pdf = c.get(reverse("member_sheet", args=[member.pk, "pdf"]))
    assert pdf.status_code == 200 and b"/Image" in pdf.content


@pytest.mark.parametrize(("name", "content", "rule"), [
    ("anh.png", b"MZ\x90\x00 not an image at all", "file_type"),
    ("anh.exe", b"\x89PNG\r\n\x1a\n", "file_type"),
    ("anh.jpg", _png(), "file_type"),  # a PNG named .jpg
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "file_type"),  # the signature alone, no image
    ("anh.png", b"", "file_empty"),
])
def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_stored(world, name, content, rule):
    with pytest.raises(DomainError) as e:
        member_photo_set(actor=world.officer, member=world.hanh,
                         photo=SimpleUploadedFile(name, content, "image/png"))
    assert (e.value.field, e.value.rule) == ("photo", rule)
    assert not Member.objects.get(pk=world.hanh.pk).photo
    assert not AuditEntry.objects.filter(action="member_photo_set").exists()


def test_a_photo_too_large_is_refused_with_the_limit_named(as_user, world, settings):
    settings.DANGVU_PHOTO_MAX_BYTES = 100
    r = as_user(world.officer).post(reverse("member_photo_edit", args=[world.hanh.pk]),
                                    {"action": "upload", "photo": SimpleUploadedFile("anh.png", _png(), "image/png")})
    assert r.status_code == 400 and "vượt mức tối đa" in r.content.decode()
    assert not Member.objects.get(pk=world.hanh.pk).photo


def test_family_relations_are_added_corrected_removed_and_audited(as_user, world):
    from docx import Document

    c = as_user(world.officer)
    url = reverse("member_family", args=[world.hanh.pk])
    r = c.post(url, {"action": "add", "new-relation": "father", "new-full_name": " Nguyễn  Văn Lộc ",
                     "new-birth_year": "1948", "new-occupation": "Nghỉ hưu",
                     "new-political_attitude": "Đảng viên, cựu chiến binh"})
    assert r.status_code == 302
    rel = FamilyRelation.objects.get(member=world.hanh)
    assert (rel.full_name, rel.birth_year) == ("Nguyễn Văn Lộc", 1948)
    r = c.post(url, {"action": "update", "relative": rel.pk, f"r{rel.pk}-relation": "father",
                     f"r{rel.pk}-full_name": "Nguyễn Văn Lộc", f"r{rel.pk}-birth_year": "1947",
                     f"r{rel.pk}-occupation": "Nghỉ hưu", f"r{rel.pk}-political_attitude": "Đảng viên"})
    assert r.status_code == 302
    entry = AuditEntry.objects.get(action="member_family_update", object_id=str(world.hanh.pk))
    assert entry.before is not None and entry.after is not None
    assert entry.before["birth_year"] == 1948 and entry.after["birth_year"] == 1947
    page = c.get(reverse("member_edit", args=[world.hanh.pk])).content.decode()
    assert "Nguyễn Văn Lộc" in page and "năm sinh" in page.lower() and "1947" in page
    assert "Nguyễn Văn Lộc" in c.get(reverse("member_detail", args=[world.hanh.pk])).content.decode()
    docx = Document(io.BytesIO(c.get(reverse("member_sheet", args=[world.hanh.pk, "docx"])).content))
    cells = [cell.text for t in docx.tables for row in t.rows for cell in row.cells]
    assert "Cha đẻ" in cells and "Nguyễn Văn Lộc" in cells and "1947" in cells
    assert c.post(url, {"action": "remove", "relative": rel.pk, "reason": "Ghi nhầm người"}).status_code == 302
    rel.refresh_from_db()
    assert rel.removed_at is not None  # kept, off the profile
    detail = c.get(reverse("member_detail", args=[world.hanh.pk])).content.decode()
    live, removed = detail.split('id="family-removed-title"', 1)
    assert "<td>Nguyễn Văn Lộc</td>" not in live and "<td>Nguyễn Văn Lộc</td>" in removed
    assert AuditEntry.objects.filter(action="member_family_remove").count() == 1


@pytest.mark.parametrize(("field", "value", "rule"), [
    ("birth_year", "48", "year_format"), ("birth_year", "1700", "year_range"), ("full_name", "  ", "required"),
    ("relation", "uncle", "choices"),
])
def test_bad_relative_input_names_the_field_and_writes_nothing(world, field, value, rule):
    data = {"relation": "mother", "full_name": "Trần Thị Mai", "birth_year": "1950", "occupation": "",
            "political_attitude": ""} | {field: value}
    with pytest.raises(DomainError) as e:
        member_family_add(actor=world.officer, member=world.hanh, **data)
    assert (e.value.field, e.value.rule) == (field, rule)
    assert not FamilyRelation.objects.exists()


def test_the_family_form_shows_the_error_beside_the_field(as_user, world):
    r = as_user(world.officer).post(reverse("member_family", args=[world.hanh.pk]), {
        "action": "add", "new-relation": "mother", "new-full_name": "Trần Thị Mai", "new-birth_year": "năm"})
    assert r.status_code == 400 and "4 chữ số" in r.content.decode()
    assert not FamilyRelation.objects.exists()


def test_it_validates_scope(as_user, world):
    member_photo_set(actor=world.officer, member=world.hanh,
                     photo=SimpleUploadedFile("anh.png", _png(), "image/png"))
    rel = member_family_add(actor=world.officer, member=world.hanh, relation="mother", full_name="Trần Thị Mai")
    other = as_user(world.other_secretary)
    assert other.get(reverse("member_photo", args=[world.hanh.pk])).status_code == 404
    assert other.post(reverse("member_family", args=[world.hanh.pk]), {"action": "remove",
                                                                       "relative": rel.pk}).status_code == 404
    viewer = as_user(world.viewer)
    assert viewer.get(reverse("member_photo", args=[world.hanh.pk])).status_code == 200  # may see the member
    assert viewer.post(reverse("member_photo_edit", args=[world.hanh.pk]), {"action": "remove"}).status_code == 403
    with pytest.raises(NotAllowed):
        member_family_remove(actor=world.viewer, relative=rel, reason="Trùng")
    assert FamilyRelation.objects.get(pk=rel.pk).removed_at is None


def test_a_removal_needs_a_reason_and_writes_nothing_without_one(as_user, world):
    rel = member_family_add(actor=world.officer, member=world.hanh, relation="mother", full_name="Trần Thị Mai")
    with pytest.raises(DomainError) as e:
        member_family_remove(actor=world.officer, relative=rel, reason="   ")
    assert (e.value.field, e.value.rule) == ("reason", "required")
    r = as_user(world.officer).post(reverse("member_family", args=[world.hanh.pk]),
                                    {"action": "remove", "relative": rel.pk, "reason": ""}, follow=True)
    assert "Ghi lý do xóa" in r.content.decode()
    assert FamilyRelation.objects.get(pk=rel.pk).removed_at is None
    assert not AuditEntry.objects.filter(action="member_family_remove").exists()


def test_removed_relatives_are_listed_apart_for_recorders_and_restored_through_an_audited_event(as_user, world):
    rel = member_family_add(actor=world.officer, member=world.hanh, relation="mother", full_name="Trần Thị Mai",
                            birth_year=1950)
    member_family_remove(actor=world.officer, relative=rel, reason="Ghi trùng với dòng khác")
    officer = as_user(world.officer)
    page = officer.get(reverse("member_detail", args=[world.hanh.pk])).content.decode()
    removed = page.split('id="family-removed-title"', 1)[1]
    assert "Trần Thị Mai" in removed and "Ghi trùng với dòng khác" in removed and "Khôi phục" in removed
    assert (world.officer.get_full_name() or world.officer.username) in removed
    viewer_page = as_user(world.viewer).get(reverse("member_detail", args=[world.hanh.pk])).content.decode()
    assert "Trần Thị Mai" not in viewer_page and "Đã xóa khỏi lý lịch" not in viewer_page
    url = reverse("member_family", args=[world.hanh.pk])
    assert as_user(world.viewer).post(url, {"action": "restore", "relative": rel.pk}).status_code == 403
    officer = as_user(world.officer)  # one test client, signed in again
    r = officer.post(url, {"action": "restore", "relative": rel.pk})
    assert r.status_code == 302
    rel.refresh_from_db()
    assert (rel.removed_at, rel.removed_by, rel.removed_reason) == (None, None, "")
    entry = AuditEntry.objects.get(action="member_family_restore", object_id=str(world.hanh.pk))
    assert entry.before == {"relative": rel.pk, "removed_reason": "Ghi trùng với dòng khác"}
    assert entry.after is not None and entry.after["relative_name"] == "Trần Thị Mai"
    page = officer.get(reverse("member_detail", args=[world.hanh.pk])).content.decode()
    assert 'id="family-removed-title"' not in page and "<td>Trần Thị Mai</td>" in page
    with pytest.raises(DomainError) as e:
        member_family_restore(actor=world.officer, relative=rel)
    assert e.value.rule == "not_removed"
    history = officer.get(reverse("member_edit", args=[world.hanh.pk])).content.decode()
    assert "khôi phục người thân đã xóa" in history and "lý do xóa" in history.lower()


def test_a_political_history_over_several_lines_is_shown_line_by_line_and_escaped(as_user, world):
    member_family_add(actor=world.officer, member=world.hanh, relation="father", full_name="Nguyễn Văn Lộc",
                      political_attitude="Đảng viên từ 1968;\n<b>cựu chiến binh</b>")
    page = as_user(world.officer).get(reverse("member_detail", args=[world.hanh.pk])).content.decode()
    assert "Đảng viên từ 1968;<br>&lt;b&gt;cựu chiến binh&lt;/b&gt;" in page
