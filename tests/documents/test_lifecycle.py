"""The lifecycle doors: a document expired or replaced, a task cancelled, a commendation or a badge award voided —
through the pages (a confirming tick, the reason) and the API; kept and audited, never deleted; another subtree
gets 404; bad input a Vietnamese message naming the field; voided records no longer count."""

from datetime import date

import pytest
from django.test import Client

from dangvu.core.models import AuditEntry
from dangvu.documents.models import Commendation, Document, DocumentStatus, Task
from dangvu.documents.selectors import commendations_of, member_commendations, tasks_list
from dangvu.documents.services import commendation_record, document_register
from dangvu.members.badges import BadgeItem, badge_award, badges_due, badges_of
from dangvu.members.models import BadgeAward
from tests.api.conftest import ApiClient
from tests.documents.conftest import veteran
from tests.documents.test_tasks import make_regulation

OCCASION = date(2026, 2, 3)


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def officer(world) -> Client:
    return client_for(world.officer)


def _doc(world, number="12-QĐ/ĐUK", issued_on=date(2023, 3, 1)) -> Document:
    return document_register(actor=world.officer, organization=world.bloc, number=number, issued_on=issued_on,
                             title="Quyết định")


def _award(world):
    m = veteran(world, "Phạm Văn Đúng", date(1996, 2, 3))
    [a] = badge_award(actor=world.officer, occasion_on=OCCASION, document="5-QĐ/TU",
                      items=[BadgeItem(member=m, years=30)])
    return m, a


def _commendation(world) -> Commendation:
    return commendation_record(actor=world.officer, organization=world.bloc, year=2025, level="certificate",
                               reason="Hoàn thành xuất sắc nhiệm vụ", document_text="40-QĐ/ĐUK",
                               organizations=[world.committee], members=[world.hanh])


# ---------------------------------------------------------------- documents


def test_a_document_is_marked_replaced_by_a_registered_one_through_the_page(world, officer):
    old, new = _doc(world), _doc(world, "30-QĐ/ĐUK", date(2024, 5, 1))
    r = officer.post(f"/documents/{old.pk}/", {"status": "replaced", "on": "2024-05-01",
                                               "replaced_by": "30-QĐ/ĐUK", "confirm": "on"})
    assert r.status_code == 302, r.content.decode()[:2000]
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == DocumentStatus.REPLACED and old.status_on == date(2024, 5, 1) and new.replaces == old
    page = officer.get(f"/documents/{old.pk}/").content.decode()
    assert "Đã được thay thế" in page and "30-QĐ/ĐUK" in page
    assert AuditEntry.objects.filter(action="document_set_status", object_id=str(old.pk)).exists()


def test_expiring_needs_the_tick_and_a_date_and_says_which_field(world, officer):
    doc = _doc(world)
    r = officer.post(f"/documents/{doc.pk}/", {"status": "expired", "on": "2024-05-01"})
    assert r.status_code == 400 and "Tôi xác nhận thay đổi hiệu lực" in r.content.decode()
    r = officer.post(f"/documents/{doc.pk}/", {"status": "expired", "on": "", "confirm": "on"})
    assert r.status_code == 400 and "Chưa nhập ngày hết hiệu lực" in r.content.decode()
    r = officer.post(f"/documents/{doc.pk}/", {"status": "expired", "on": "2020-01-01", "confirm": "on"})
    assert r.status_code == 400 and "Ngày hết hiệu lực phải từ ngày ban hành" in r.content.decode()
    r = officer.post(f"/documents/{doc.pk}/", {"status": "replaced", "on": "2024-01-01", "confirm": "on",
                                               "replaced_by": "99-QĐ/ĐUK"})
    assert r.status_code == 400 and "chưa được đăng ký" in r.content.decode()
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.IN_FORCE


def test_document_status_api_and_scope(world):
    doc = _doc(world)
    api = ApiClient(world.officer)
    r = api.post(f"/documents/{doc.pk}/status", {"status": "expired", "on": "2025-01-01"})
    assert r.status_code == 200 and r.json()["status"] == "expired", r.json()
    r = api.post(f"/documents/{doc.pk}/status", {"status": "gone", "on": "2025-01-01"})
    assert r.status_code == 422 and r.json()["rule"] == "choices" and r.json()["field"] == "status"
    r = api.post(f"/documents/{doc.pk}/status", {"status": "replaced", "on": "2025-01-01", "replaced_by_id": 999999})
    assert r.status_code == 422 and r.json()["rule"] == "document_unknown"
    assert ApiClient(world.other_secretary).post(f"/documents/{doc.pk}/status",
                                                 {"status": "in_force"}).status_code == 404
    assert client_for(world.other_secretary).post(f"/documents/{doc.pk}/", {"status": "in_force",
                                                                            "confirm": "on"}).status_code == 404
    assert api.post(f"/documents/{doc.pk}/status", {"status": "in_force"}).json()["status"] == "in_force"


# ---------------------------------------------------------------- tasks


def test_a_task_is_cancelled_with_a_reason_and_leaves_the_overdue_list(world, officer):
    reg = make_regulation(world)
    t5 = reg.tasks.get(number=5)
    assert 5 in [r.task.number for r in tasks_list(world.officer, on=date(2025, 1, 2), state="overdue")]
    r = officer.post(f"/documents/regulations/{reg.pk}/", {"action": "cancel", "target": t5.pk, "reason": ""})
    assert r.status_code == 400 and "Chưa nhập «Lý do hủy»" in r.content.decode()
    r = officer.post(f"/documents/regulations/{reg.pk}/", {"action": "cancel", "target": t5.pk,
                                                           "reason": "Đã gộp vào nhiệm vụ 7"})
    assert r.status_code == 400 and "Tôi xác nhận hủy" in r.content.decode()
    r = officer.post(f"/documents/regulations/{reg.pk}/", {"action": "cancel", "target": t5.pk,
                                                           "reason": "Đã gộp vào nhiệm vụ 7", "confirm": "on"})
    assert r.status_code == 302
    t5.refresh_from_db()
    assert t5.cancelled_at is not None and t5.cancel_reason == "Đã gộp vào nhiệm vụ 7"
    assert 5 not in [r.task.number for r in tasks_list(world.officer, on=date(2025, 1, 2), state="overdue")]
    assert "Đã gộp vào nhiệm vụ 7" in officer.get(f"/documents/regulations/{reg.pk}/").content.decode()
    assert Task.objects.filter(pk=t5.pk).exists()


def test_task_cancel_api_rules_and_scope(world):
    reg = make_regulation(world)
    t7 = reg.tasks.get(number=7)
    api = ApiClient(world.officer)
    url = f"/regulations/{reg.pk}/tasks/{t7.pk}/cancel"
    assert ApiClient(world.other_secretary).post(url, {"reason": "x"}).status_code == 404
    r = api.post(url, {"reason": "  "})
    assert r.status_code == 422 and r.json()["field"] == "reason"
    r = api.post(url, {"reason": "Không còn phù hợp"})
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    assert r.json()["cancel_reason"] == "Không còn phù hợp"
    assert api.post(url, {"reason": "lần nữa"}).json()["rule"] == "task_cancelled"
    assert AuditEntry.objects.filter(action="task_cancel", object_id=str(t7.pk)).count() == 1


# ---------------------------------------------------------------- commendations


def test_a_voided_commendation_is_kept_and_no_longer_listed(world, officer):
    com = _commendation(world)
    r = officer.post(f"/documents/commendations/?organization_id={world.bloc.pk}",
                     {"action": "void", "target": com.pk, "reason": "Ghi nhầm quyết định", "confirm": "on"})
    assert r.status_code == 302, r.content.decode()[:2000]
    com.refresh_from_db()
    assert com.voided_at is not None and com.void_reason == "Ghi nhầm quyết định"
    assert commendations_of(world.officer, world.bloc) == [] and member_commendations(world.hanh) == []
    assert Commendation.objects.filter(pk=com.pk).exists()
    assert "40-QĐ/ĐUK" not in client_for(world.officer).get(f"/members/{world.hanh.pk}/").content.decode()
    # the same subjects may be commended again for that year
    _commendation(world)


def test_commendation_void_api_rules_and_scope(world):
    com = _commendation(world)
    url = f"/commendations/{com.pk}/void"
    assert ApiClient(world.other_secretary).post(url, {"reason": "x"}).status_code == 404
    assert client_for(world.other_secretary).post(
        "/documents/commendations/", {"action": "void", "target": com.pk, "reason": "x", "confirm": "on"}
    ).status_code == 404
    api = ApiClient(world.officer)
    r = api.post(url, {"reason": ""})
    assert r.status_code == 422 and r.json()["field"] == "reason"
    r = api.post(url, {"reason": "Trùng quyết định"})
    assert r.status_code == 200 and r.json()["voided"] is True
    assert api.post(url, {"reason": "x"}).json()["rule"] == "already_voided"


# ---------------------------------------------------------------- badges


def test_a_voided_award_no_longer_counts_and_the_milestone_is_due_again(world, officer):
    from dangvu.targets.selectors import indicator_value

    m, a = _award(world)
    assert indicator_value(world.officer, "badges_awarded", world.bloc, start=date(2026, 1, 1),
                           end=date(2026, 12, 31)) == 1
    r = officer.post(f"/documents/badges/?organization_id={world.bloc.pk}&occasion=2026-02-03",
                     {"action": "void", "target": a.pk, "reason": "Ghi nhầm người", "occasion": "2026-02-03",
                      "confirm": "on"})
    assert r.status_code == 302, r.content.decode()[:2000]
    a.refresh_from_db()
    assert a.voided_at is not None and a.void_reason == "Ghi nhầm người"
    assert indicator_value(world.officer, "badges_awarded", world.bloc, start=date(2026, 1, 1),
                           end=date(2026, 12, 31)) == 0
    assert badges_of(m) == []
    assert m.pk in {r.member_id for r in badges_due(world.officer, world.bloc, OCCASION)}
    badge_award(actor=world.officer, occasion_on=OCCASION, document="6-QĐ/TU", items=[BadgeItem(member=m, years=30)])
    assert BadgeAward.objects.filter(member=m).count() == 2


def test_badge_void_api_rules_and_scope(world):
    _, a = _award(world)
    url = f"/badges/awards/{a.pk}/void"
    assert ApiClient(world.other_secretary).post(url, {"reason": "x"}).status_code == 404
    assert ApiClient(world.officer).post("/badges/awards/2147483647/void", {"reason": "x"}).status_code == 404
    api = ApiClient(world.officer)
    r = api.post(url, {"reason": ""})
    assert r.status_code == 422 and r.json()["field"] == "reason" and "Lý do hủy" in r.json()["detail"]
    r = api.post(url, {"reason": "Ghi nhầm"})
    assert r.status_code == 200 and r.json()["voided"] is True
    assert api.post(url, {"reason": "x"}).json()["rule"] == "already_voided"
    assert AuditEntry.objects.filter(action="badge_void", object_id=str(a.pk)).count() == 1
