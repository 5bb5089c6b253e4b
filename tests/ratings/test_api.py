from datetime import date

import pytest

from dangvu.ratings.models import CellMeeting, RatingEntry, RatingRound
from dangvu.ratings.services import rating_round_open
from tests.api.conftest import ApiClient, counts, no_unexpected_errors  # noqa: F401


def _my_counts():
    return {**counts(), "rounds": RatingRound.objects.count(), "entries": RatingEntry.objects.count(),
            "meetings": CellMeeting.objects.count()}


def test_a_round_is_opened_filled_confirmed_and_reported(world):
    api = ApiClient(world.officer)
    r = api.post("/rating-rounds", {"organization_id": world.bloc.pk, "year": 2026, "reference_on": "2026-11-01"})
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    assert set(r.json()["missing_members"]) == {world.hanh.pk, world.binh.pk}
    r = api.post(f"/rating-rounds/{rid}/confirm", {})
    assert r.status_code == 422 and r.json()["rule"] == "entries_missing"
    entries = [
        {"member_id": world.hanh.pk, "level": "good", "score": 85},
        {"member_id": world.binh.pk, "level": "done", "score": 65},
        {"organization_id": world.committee.pk, "level": "good", "score": 80},
        {"organization_id": world.cell_c.pk, "level": "excellent", "score": 92, "all_tasks_done": True,
         "tasks_total": 10, "tasks_beyond": 3, "no_discipline": True},
    ]
    r = api.post(f"/rating-rounds/{rid}/entries", {"entries": entries})
    assert r.status_code == 200, r.content
    assert r.json()["recorded"] == 4 and len(r.json()["warnings"]) == 1  # 1 xuất sắc against 1 tốt
    r = api.post(f"/rating-rounds/{rid}/confirm", {})
    assert r.status_code == 200, r.content
    r = api.get("/reports/ratings", organization_id=world.bloc.pk, year=2026)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["organizations"] == {
        "total": 2, "excellent": 1, "good": 1, "done": 0, "not_done": 0, "good_or_better_percent": 100.0,
        "previous_good_or_better_percent": None,
    }
    assert body["members"]["good"] == 1 and body["probationary_members"]["done"] == 1
    assert body["all_members"]["good_or_better_percent"] == 50.0
    r = api.post(f"/rating-rounds/{rid}/reopen", {"reason": "Sửa theo kết luận kiểm tra"})
    assert r.status_code == 200 and r.json()["status"] == "open"


@pytest.mark.usefixtures("no_unexpected_errors")
def test_bad_input_gets_a_vietnamese_message_and_writes_nothing(world):
    rnd = rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=date(2026, 11, 1))
    api = ApiClient(world.officer)
    before = _my_counts()
    r = api.post(f"/rating-rounds/{rnd.pk}/entries", {"entries": [
        {"member_id": world.hanh.pk, "level": "good", "score": 85},
        {"member_id": world.anh.pk, "level": "good", "score": 85},
    ]})
    assert r.status_code == 422 and r.json()["rule"] == "not_member_on_reference_date"
    assert "ngày chốt" in r.json()["detail"]
    r = api.post(f"/rating-rounds/{rnd.pk}/entries", {"entries": [{"member_id": world.hanh.pk, "level": "bad"}]})
    assert r.status_code == 422
    r = api.post("/rating-rounds", {"organization_id": world.bloc.pk, "year": 2026})
    assert r.status_code == 422 and r.json()["rule"] == "round_duplicate"
    r = api.post("/meetings", {"cell_id": world.cell_a.pk, "year": 2026, "month": 3, "held_on": "2026-03-05",
                               "present": 1, "scores": []})
    assert r.status_code == 422 and r.json()["rule"] == "no_criteria_set"
    assert _my_counts() == before


def test_it_validates_scope(world):
    rnd = rating_round_open(actor=world.officer, organization=world.bloc, year=2026)
    api = ApiClient(world.other_secretary)
    assert api.get(f"/rating-rounds/{rnd.pk}").status_code == 404
    assert api.post(f"/rating-rounds/{rnd.pk}/confirm", {}).status_code == 404
    assert api.post(f"/rating-rounds/{rnd.pk}/entries", {"entries": [
        {"member_id": world.hanh.pk, "level": "good", "score": 80}]}).status_code == 404
    assert api.post("/rating-rounds", {"organization_id": world.bloc.pk, "year": 2025}).status_code == 404
    assert api.get("/reports/ratings", organization_id=world.bloc.pk, year=2026).status_code == 404
    assert api.get("/reports/meetings", organization_id=world.bloc.pk, year=2026, month=3).status_code == 404
    assert api.get("/meetings", cell_id=world.cell_a.pk).status_code == 404
    # The secretary of a cell inside the round sees it but may not confirm it.
    assert ApiClient(world.secretary).get(f"/rating-rounds/{rnd.pk}").status_code == 200
    assert ApiClient(world.secretary).post(f"/rating-rounds/{rnd.pk}/confirm", {}).status_code == 403


def test_a_cell_records_its_meeting_and_the_month_report_shows_it(world, criteria):
    api = ApiClient(world.secretary)
    ids = list(criteria.criteria.values_list("id", flat=True))
    body = {"cell_id": world.cell_a.pk, "year": 2026, "month": 3, "held_on": "2026-03-05", "present": 1,
            "scores": [{"criterion_id": i, "score": s} for i, s in zip(ids, [15, 20, 40, 15], strict=True)]}
    r = api.post("/meetings", body)
    assert r.status_code == 201, r.content
    assert r.json()["grade"] == "good" and r.json()["total"] == 90
    r = api.get("/meetings", cell_id=world.cell_a.pk, year=2026, month=3)
    assert r.status_code == 200 and len(r.json()) == 1
    r = ApiClient(world.officer).get("/reports/meetings", organization_id=world.bloc.pk, year=2026, month=3)
    assert r.status_code == 200
    assert r.json()["recorded"] == 1 and r.json()["missing"] == 2
