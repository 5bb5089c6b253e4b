"""API: documents with rules document_number / document_duplicate, regulations and progress, tasks lists,
conferences, commendations, badges due and awards with rules badge_not_due / badge_duplicate; scope."""

from datetime import date

import pytest

from dangvu.documents.models import Commendation, Document, Regulation
from dangvu.members.models import BadgeAward
from tests.api.conftest import ApiClient
from tests.documents.conftest import veteran


@pytest.fixture
def api(world):
    return ApiClient(world.officer)


def test_documents_post_get_and_rules(api, world):
    body = {"number": "651-QĐ/TU", "issued_on": "2023-05-04", "title": "Quyết định kiện toàn Ban Chỉ đạo",
            "organization_id": world.bloc.pk}
    r = api.post("/documents", body)
    assert r.status_code == 201, r.json()
    assert {k: r.json()[k] for k in ("number", "type", "issuer", "term")} == {
        "number": "651-QĐ/TU", "type": "QĐ", "issuer": "TU", "term": "2020-2025"}
    for payload, rule in [({**body, "number": "651/QĐ"}, "document_number"), ({**body, "number": "1-ZZ/TU"},
                          "document_number"), (body, "document_duplicate")]:
        r = api.post("/documents", payload)
        assert r.status_code == 422 and r.json()["rule"] == rule, r.json()
    assert api.post("/documents", {**body, "issued_on": "2026-01-05"}).status_code == 201  # a new term
    assert Document.objects.count() == 2
    items = api.get("/documents", q="ban chi dao", type="QĐ", **{"from": "2023-01-01", "to": "2023-12-31"}).json()
    assert [d["number"] for d in items["items"]] == ["651-QĐ/TU"]
    assert ApiClient(world.other_secretary).get("/documents").json()["items"] == []
    assert ApiClient(world.other_secretary).post("/documents", {**body, "number": "9-QĐ/TU",
                                                                "organization_id": world.bloc.pk}).status_code == 404


def test_regulations_progress_and_tasks(api, world):
    body = {"title": "Quy chế phối hợp với Ban Quản lý các KCN", "organization_id": world.bloc.pk,
            "parties": ["Đảng ủy Khối", "Ban Quản lý các KCN"], "starts_on": "2024-01-01",
            "tasks": [{"number": 1, "title": "Nắm tình hình", "lead": "Đảng ủy Khối", "recurrence": "monthly"},
                      {"number": 2, "title": "Thành lập TCCS đảng", "lead": "Ban Quản lý các KCN",
                       "due_on": "2024-12-31"}]}
    r = api.post("/regulations", body)
    assert r.status_code == 201, r.json()
    reg = r.json()
    t2 = next(t for t in reg["tasks"] if t["number"] == 2)
    r = api.post(f"/regulations/{reg['id']}/tasks/{t2['id']}/progress", {"on": "2024-06-01", "text": "Đã vận động",
                                                                        "percent": 40})
    assert r.status_code == 201 and r.json()["percent"] == 40
    overdue = api.get("/tasks", organization_id=world.bloc.pk, overdue="true", on="2025-01-02").json()["items"]
    assert {t["number"] for t in overdue} == {1, 2}
    bad = api.post("/regulations", {**body, "tasks": [{"number": 1, "title": "x", "lead": "Ai đó"}]})
    assert bad.status_code == 422 and bad.json()["rule"] == "party_unknown"
    bad = api.post("/regulations", {**body, "tasks": [{"number": 1, "title": "x", "lead": "Đảng ủy Khối",
                                                        "recurrence": "weekly"}]})
    assert bad.status_code == 422 and bad.json()["rule"] == "choices"
    assert Regulation.objects.count() == 1
    other = ApiClient(world.other_secretary)
    assert other.post(f"/regulations/{reg['id']}/tasks/{t2['id']}/progress",
                      {"on": "2024-06-01", "text": "x", "percent": 1}).status_code == 404


def test_conferences_and_commendations(api, world):
    r = api.post("/conferences", {"kind": "interim", "title": "Sơ kết", "held_on": "2025-01-10", "chair": "Bí thư",
                                  "organization_id": world.bloc.pk, "participants": [{"name": "Ban Quản lý KCN"}],
                                  "tasks": [{"title": "Thành lập 2 TCCS đảng", "lead": "Đảng ủy Khối",
                                             "due_on": "2025-12-31"}]})
    assert r.status_code == 201, r.json()
    assert len(r.json()["task_ids"]) == 1
    assert [c["title"] for c in api.get("/conferences", organization_id=world.bloc.pk, year=2025).json()["items"]] == [
        "Sơ kết"]
    r = api.post("/commendations", {
        "year": 2024, "document": "120-QĐ/ĐUK", "level": "certificate", "reason": "Hoàn thành xuất sắc nhiệm vụ",
        "organization_id": world.bloc.pk,
        "subjects": [{"organization_id": world.committee.pk}, {"member_id": world.hanh.pk}]})
    assert r.status_code == 201, r.json()
    bad = api.post("/commendations", {"year": 2024, "document": "1-QĐ/ĐUK", "level": "certificate", "reason": "x",
                                      "organization_id": world.bloc.pk, "subjects": [{"member_id": world.anh.pk}]})
    assert bad.status_code == 422 and bad.json()["rule"] == "subject_unknown"
    assert Commendation.objects.count() == 1
    items = api.get("/commendations", organization_id=world.bloc.pk, year=2024).json()["items"]
    assert len(items[0]["subjects"]) == 2


def test_badges_due_and_awards(api, world):
    m = veteran(world, "Phạm Văn Đúng", date(1996, 2, 3))
    due = api.get("/badges/due", organization_id=world.bloc.pk, occasion="2026-02-03").json()
    assert due["items"] == [{"member_id": m.pk, "full_name": "Phạm Văn Đúng", "organization_id": world.cell_a.pk,
                             "organization_name": world.cell_a.name, "years": 30, "party_age_on_occasion": 30,
                             "flag": ""}]
    body = {"occasion_on": "2026-02-03", "document": "15-QĐ/TU", "items": [{"member_id": m.pk, "years": 30}]}
    bad = api.post("/badges/awards", {**body, "items": [{"member_id": world.hanh.pk, "years": 30}]})
    assert bad.status_code == 422 and bad.json()["rule"] == "badge_not_due"
    assert api.post("/badges/awards", body).status_code == 201
    again = api.post("/badges/awards", {**body, "occasion_on": "2026-05-19"})
    assert again.status_code == 422 and again.json()["rule"] == "badge_duplicate"
    assert BadgeAward.objects.count() == 1
    assert api.get("/badges/due", organization_id=world.bloc.pk, occasion="2026-02-03").json()["items"] == []
    other = ApiClient(world.other_secretary)
    assert other.get("/badges/due", organization_id=world.bloc.pk).status_code == 404
    assert other.post("/badges/awards", {**body, "occasion_on": "2026-09-02"}).json()["rule"] == "member_unknown"


def test_a_conference_task_is_cancelled_through_the_api(api, world):
    r = api.post("/conferences", {"kind": "dialogue", "title": "Đối thoại", "held_on": "2025-03-05", "chair": "Bí thư",
                                  "organization_id": world.bloc.pk,
                                  "tasks": [{"title": "Khảo sát doanh nghiệp", "lead": "Ban Tổ chức",
                                             "due_on": "2025-09-30"}]})
    conf, (task_id,) = r.json()["id"], r.json()["task_ids"]
    url = f"/conferences/{conf}/tasks/{task_id}/cancel"
    assert api.post(url, {"reason": " "}).json()["rule"] == "required"
    r = api.post(url, {"reason": "Đã lồng ghép vào kế hoạch năm"})
    assert r.status_code == 200 and r.json()["state"] == "cancelled", r.json()
    assert api.post(url, {"reason": "lần nữa"}).json()["rule"] == "task_cancelled"
    assert api.post(f"/conferences/{conf}/tasks/999999/cancel", {"reason": "x"}).status_code == 404
    assert ApiClient(world.other_secretary).post(url, {"reason": "x"}).status_code == 404
