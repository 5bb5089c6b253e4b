"""/api/v1/members/{id}: photo and family relations through the web form's services (one definition of the checks):
the detail lists them, routes add, correct, remove (kept, with a reason) and restore relatives and upload a photo;
422 in Vietnamese naming field and rule, 404 outside the caller's scope, 403 for a viewer."""

import io
import json

import pytest
from django.test import Client
from PIL import Image

from dangvu.accounts.tokens import token_issue
from dangvu.core.models import AuditEntry
from dangvu.members.models import FamilyRelation, Member
from dangvu.members.services.family import member_family_add, member_family_remove

from .conftest import PASSWORD, ApiClient

HUGE = "99999999999999999999"


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.DANGVU_FILES_DIR = str(tmp_path / "files")


def _png(size: tuple[int, int] = (30, 40)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buf, "PNG")
    return buf.getvalue()


class Api(ApiClient):
    def patch(self, path: str, body: object):
        return self.client.patch(f"/api/v1{path}", json.dumps(body), content_type="application/json")

    def upload(self, path: str, name: str, content: bytes):
        f = io.BytesIO(content)
        f.name = name
        return self.client.post(f"/api/v1{path}", {"photo": f})


def test_the_detail_lists_family_and_the_photo_and_the_photo_url_is_scoped(world):
    api = Api(world.officer)
    body = api.get(f"/members/{world.hanh.pk}").json()
    assert (body["has_photo"], body["photo_url"], body["family"], body["family_removed"]) == (False, None, [], [])
    r = api.upload(f"/members/{world.hanh.pk}/photo", "anh.png", _png())
    assert r.status_code == 200, r.json()
    url = f"/api/v1/members/{world.hanh.pk}/photo"
    assert r.json() == {"has_photo": True, "photo_url": url}
    member_family_add(actor=world.officer, member=world.hanh, relation="father", full_name="Nguyễn Văn Lộc",
                      birth_year=1948, occupation="Nghỉ hưu")
    body = api.get(f"/members/{world.hanh.pk}").json()
    assert body["has_photo"] is True and body["photo_url"] == url
    assert [(f["relation"], f["relation_label"], f["full_name"], f["birth_year"]) for f in body["family"]] == [
        ("father", "Cha đẻ", "Nguyễn Văn Lộc", 1948)]
    photo = api.get(f"/members/{world.hanh.pk}/photo")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png" and photo.content == _png()
    # A viewer sees the member (photo and relatives) but not the removed list; another subtree sees nothing.
    viewer = Api(world.viewer).get(f"/members/{world.hanh.pk}").json()
    assert viewer["family_removed"] is None and len(viewer["family"]) == 1
    assert Api(world.viewer).get(f"/members/{world.hanh.pk}/photo").status_code == 200
    assert Api(world.other_secretary).get(f"/members/{world.hanh.pk}/photo").status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 401


def test_a_member_without_a_photo_answers_404_for_the_photo(world):
    r = Api(world.officer).get(f"/members/{world.hanh.pk}/photo")
    assert r.status_code == 404 and r.json()["detail"].startswith("Không tìm thấy")


@pytest.mark.parametrize(("name", "content", "rule"), [
    ("anh.png", b"MZ\x90\x00 not an image", "file_type"),
    ("anh.jpg", _png(), "file_type"),  # a PNG named .jpg: the extension and the bytes disagree
    ("anh.gif", b"GIF89a....", "file_type"),
    ("anh.png", b"", "file_empty"),
])
def test_a_bad_photo_is_refused_by_the_forms_own_checks_and_nothing_is_stored(world, name, content, rule):
    r = Api(world.officer).upload(f"/members/{world.hanh.pk}/photo", name, content)
    assert r.status_code == 422
    body = r.json()
    assert (body["field"], body["rule"]) == ("photo", rule)
    assert "chưa lưu gì" in body["detail"]
    assert not Member.objects.get(pk=world.hanh.pk).photo
    assert not AuditEntry.objects.filter(action="member_photo_set").exists()


def test_a_photo_over_the_limit_names_the_limit(world, settings):
    settings.DANGVU_PHOTO_MAX_BYTES = 100
    r = Api(world.officer).upload(f"/members/{world.hanh.pk}/photo", "anh.png", _png())
    assert r.status_code == 422 and r.json()["rule"] == "file_too_large" and "vượt mức tối đa" in r.json()["detail"]


def test_an_upload_without_the_file_names_the_field(world):
    r = Api(world.officer).client.post(f"/api/v1/members/{world.hanh.pk}/photo", {})
    assert r.status_code == 422 and r.json()["field"] == "photo" and "ảnh" in r.json()["detail"]


def test_a_photo_replaced_keeps_the_old_file_and_audits_before_after(world):
    api = Api(world.officer)
    api.upload(f"/members/{world.hanh.pk}/photo", "anh.png", _png())
    first = Member.objects.get(pk=world.hanh.pk).photo.name
    assert api.upload(f"/members/{world.hanh.pk}/photo", "moi.png", _png((60, 80))).status_code == 200
    member = Member.objects.get(pk=world.hanh.pk)
    assert member.photo.name != first and member.photo.storage.exists(first)
    entry = AuditEntry.objects.filter(action="member_photo_set").latest("id")
    assert entry.before == {"photo": "có ảnh", "photo_file": first}
    assert entry.after is not None and entry.after["photo"] == "ảnh mới (60×80 điểm ảnh)"


def test_relatives_are_added_corrected_removed_with_a_reason_and_restored(world):
    api = Api(world.officer)
    base = f"/members/{world.hanh.pk}/family"
    r = api.post(base, {"relation": "mother", "full_name": "  Trần  Thị Mai ", "birth_year": 1950,
                        "occupation": "Giáo viên nghỉ hưu"})
    assert r.status_code == 201, r.json()
    rel = r.json()
    assert (rel["full_name"], rel["birth_year"], rel["removed_at"]) == ("Trần Thị Mai", 1950, None)
    rid = rel["id"]
    # PATCH: fields not sent keep their stored values.
    r = api.patch(f"{base}/{rid}", {"birth_year": "1951"})
    assert r.status_code == 200 and (r.json()["birth_year"], r.json()["occupation"]) == (1951, "Giáo viên nghỉ hưu")
    entry = AuditEntry.objects.get(action="member_family_update")
    assert entry.before is not None and entry.after is not None
    assert (entry.before["birth_year"], entry.after["birth_year"]) == (1950, 1951)
    r = api.post(f"{base}/{rid}/remove", {"reason": "Ghi trùng"})
    assert r.status_code == 200
    assert (r.json()["removed_by"], r.json()["removed_reason"]) == ("canbo.khoi", "Ghi trùng")
    assert r.json()["removed_at"] is not None
    assert FamilyRelation.objects.filter(pk=rid).exists()  # kept
    body = api.get(f"/members/{world.hanh.pk}").json()
    assert body["family"] == [] and [f["id"] for f in body["family_removed"]] == [rid]
    r = api.post(f"{base}/{rid}/remove", {"reason": "lần nữa"})
    assert r.status_code == 422 and r.json()["rule"] == "removed"
    r = api.patch(f"{base}/{rid}", {"occupation": "x"})
    assert r.status_code == 422 and r.json()["rule"] == "removed"
    r = api.post(f"{base}/{rid}/restore", {})
    assert r.status_code == 200 and r.json()["removed_at"] is None and r.json()["removed_reason"] == ""
    assert AuditEntry.objects.filter(action="member_family_restore", object_id=str(world.hanh.pk)).count() == 1
    assert api.post(f"{base}/{rid}/restore", {}).json()["rule"] == "not_removed"
    assert [f["id"] for f in api.get(f"/members/{world.hanh.pk}").json()["family"]] == [rid]


@pytest.mark.parametrize(("body", "field", "rule"), [
    ({"relation": "uncle", "full_name": "Trần Văn Tư"}, "relation", "choices"),
    ({"relation": "father", "full_name": "   "}, "full_name", "required"),
    ({"relation": "father", "full_name": "Trần Văn Tư", "birth_year": "48"}, "birth_year", "year_format"),
    ({"relation": "father", "full_name": "Trần Văn Tư", "birth_year": 1700}, "birth_year", "year_range"),
    ({"relation": "father", "full_name": "Trần Văn Tư", "occupation": "x" * 256}, "occupation", "max_length"),
    ({"relation": "father"}, "full_name", "missing"),
])
def test_bad_relative_input_is_422_in_vietnamese_naming_field_and_rule_and_writes_nothing(world, body, field, rule):
    r = Api(world.officer).post(f"/members/{world.hanh.pk}/family", body)
    assert r.status_code == 422
    out = r.json()
    assert (out["field"], out["rule"]) == (field, rule)
    assert out["detail"] and not out["detail"].isascii()
    assert not FamilyRelation.objects.exists() and not AuditEntry.objects.filter(action__startswith="member_family")\
        .exists()


def test_a_removal_without_a_reason_is_refused(world):
    rel = member_family_add(actor=world.officer, member=world.hanh, relation="mother", full_name="Trần Thị Mai")
    r = Api(world.officer).post(f"/members/{world.hanh.pk}/family/{rel.pk}/remove", {"reason": " "})
    assert r.status_code == 422 and (r.json()["field"], r.json()["rule"]) == ("reason", "required")
    assert FamilyRelation.objects.get(pk=rel.pk).removed_at is None


def test_it_validates_scope(world):
    rel = member_family_add(actor=world.officer, member=world.hanh, relation="mother", full_name="Trần Thị Mai")
    other = Api(world.other_secretary)
    base = f"/members/{world.hanh.pk}/family"
    assert other.post(base, {"relation": "father", "full_name": "A"}).status_code == 404
    assert other.patch(f"{base}/{rel.pk}", {"full_name": "B"}).status_code == 404
    assert other.post(f"{base}/{rel.pk}/remove", {"reason": "x"}).status_code == 404
    assert other.upload(f"/members/{world.hanh.pk}/photo", "anh.png", _png()).status_code == 404
    # A relative of another member, a huge id: 404 as well.
    bình = member_family_add(actor=world.officer, member=world.binh, relation="father", full_name="Trần Văn Cả")
    officer = Api(world.officer)
    assert officer.patch(f"{base}/{bình.pk}", {"full_name": "B"}).status_code == 404
    assert officer.post(f"{base}/{HUGE}/restore", {}).status_code == 404
    viewer = Api(world.viewer)
    r = viewer.post(base, {"relation": "father", "full_name": "A"})
    assert r.status_code == 403 and r.json()["detail"]
    assert viewer.patch(f"{base}/{rel.pk}", {"full_name": "B"}).status_code == 403
    assert viewer.post(f"{base}/{rel.pk}/remove", {"reason": "x"}).status_code == 403
    assert viewer.upload(f"/members/{world.hanh.pk}/photo", "anh.png", _png()).status_code == 403
    member_family_remove(actor=world.officer, relative=rel, reason="Trùng")
    assert viewer.post(f"{base}/{rel.pk}/restore", {}).status_code == 403
    assert FamilyRelation.objects.filter(member=world.hanh, removed_at__isnull=True).count() == 0
    assert FamilyRelation.objects.get(pk=rel.pk).full_name == "Trần Thị Mai"
    assert not Member.objects.get(pk=world.hanh.pk).photo


def test_the_token_of_a_secretary_of_the_cell_may_write(world):
    token = token_issue(username=world.secretary.username, password=PASSWORD)
    c = Client(headers={"authorization": f"Bearer {token}"})
    body = json.dumps({"relation": "spouse", "full_name": "Lê Văn Hùng"})
    r = c.post(f"/api/v1/members/{world.hanh.pk}/family", body, content_type="application/json")
    assert r.status_code == 201


def test_the_detail_reads_the_family_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = Api(world.officer)
    api.get(f"/members/{world.hanh.pk}")  # the first request of a token also records its use
    with CaptureQueriesContext(connection) as few:
        assert api.get(f"/members/{world.hanh.pk}").status_code == 200
    for i in range(6):
        rel = member_family_add(actor=world.officer, member=world.hanh, relation="child", full_name=f"Con {i}",
                                birth_year=2000 + i)
        if i % 2:
            member_family_remove(actor=world.officer, relative=rel, reason="Ghi nhầm")
    with django_assert_num_queries(len(few)):
        body = api.get(f"/members/{world.hanh.pk}").json()
    assert len(body["family"]) == 3 and len(body["family_removed"]) == 3
    assert {f["removed_by"] for f in body["family_removed"]} == {"canbo.khoi"}
