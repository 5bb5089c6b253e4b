import io
from datetime import date

import pytest

from dangvu.core.dates import today
from dangvu.ratings.models import CellMeeting, RatingEntry, RatingRound
from dangvu.ratings.services import rating_entries_record, rating_round_confirm, rating_round_open

REF = date(2026, 11, 1)


@pytest.fixture
def rnd(world):
    return rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=REF)


def test_index_lists_rounds_and_opens_one(as_user, world):
    c = as_user(world.officer)
    r = c.get("/ratings/")
    assert r.status_code == 200 and "Mở đợt đánh giá mới" in r.content.decode()
    assert "2.026" not in r.content.decode()  # years and ids are never grouped like numbers
    r = c.post("/ratings/", {"organization_id": world.bloc.pk, "year": 2026, "reference_on": "2026-11-01"})
    assert r.status_code == 302
    assert RatingRound.objects.filter(organization=world.bloc, year=2026).exists()
    r = c.post("/ratings/", {"organization_id": world.bloc.pk, "year": 2026})
    assert r.status_code == 400 and "đã mở đợt" in r.content.decode()
    assert RatingRound.objects.count() == 1


def test_a_secretary_rates_the_members_of_their_cell(as_user, world, rnd):
    c = as_user(world.secretary)
    r = c.get(f"/ratings/rounds/{rnd.pk}/")
    body = r.content.decode()
    assert r.status_code == 200 and "Nguyễn Thị Hồng Hạnh" in body and "Trần Văn Bình" not in body
    r = c.post(f"/ratings/rounds/{rnd.pk}/", {"action": "entries", f"m-level-{world.hanh.pk}": "good",
                                              f"m-score-{world.hanh.pk}": "85"})
    assert r.status_code == 302
    assert RatingEntry.objects.get(member=world.hanh).level == "good"
    # Bad input: a score outside the band, a clear message, nothing changed.
    r = c.post(f"/ratings/rounds/{rnd.pk}/", {"action": "entries", f"m-level-{world.hanh.pk}": "excellent",
                                              f"m-score-{world.hanh.pk}": "85"})
    assert r.status_code == 400 and "không thuộc khung" in r.content.decode()
    assert RatingEntry.objects.get(member=world.hanh).level == "good"
    r = c.post(f"/ratings/rounds/{rnd.pk}/", {"action": "confirm"})
    assert r.status_code == 403


def test_it_validates_scope(as_user, world, rnd, criteria):
    c = as_user(world.other_secretary)
    for url in [
        f"/ratings/rounds/{rnd.pk}/", f"/ratings/results/?organization_id={world.bloc.pk}&year=2026",
        f"/ratings/results.xlsx?organization_id={world.bloc.pk}&year=2026",
        f"/ratings/meetings/?organization_id={world.bloc.pk}", f"/ratings/meetings/record/{world.cell_a.pk}/",
        f"/ratings/meetings/cell/{world.cell_a.pk}/2026/", f"/ratings/criteria/?organization_id={world.bloc.pk}",
    ]:
        assert c.get(url).status_code == 404, url
    assert c.get("/ratings/").status_code == 200


def test_round_page_has_a_fixed_query_count(as_user, world, rnd, django_assert_max_num_queries):
    from tests.factories import MemberFactory

    for _ in range(6):
        MemberFactory.create(organization=world.cell_c, full_on=date(2017, 1, 1))
    c = as_user(world.officer)
    c.get(f"/ratings/rounds/{rnd.pk}/")
    with django_assert_max_num_queries(16):
        r = c.get(f"/ratings/rounds/{rnd.pk}/")
    assert r.status_code == 200 and r.content.decode().count("rt-missing") >= 8


def test_results_page_and_xlsx_export(as_user, world, rnd):
    rating_entries_record(actor=world.officer, rating_round=rnd, entries=[
        {"member_id": world.hanh.pk, "level": "good", "score": 80},
        {"member_id": world.binh.pk, "level": "done", "score": 60},
        {"organization_id": world.committee.pk, "level": "good", "score": 80},
        {"organization_id": world.cell_c.pk, "level": "good", "score": 75},
    ])
    rating_round_confirm(actor=world.officer, rating_round=rnd)
    c = as_user(world.viewer)
    r = c.get(f"/ratings/results/?organization_id={world.bloc.pk}&year=2026&list=member&probationary=1")
    body = r.content.decode()
    assert r.status_code == 200 and "100,0%" in body and "Trần Văn Bình" in body
    r = c.get(f"/ratings/results.xlsx?organization_id={world.bloc.pk}&year=2026")
    assert r.status_code == 200
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    # Numbers stay numbers (they can be summed) with Vietnamese-readable number formats.
    assert rows[4][:4] == ["Tổ chức cơ sở đảng", 2, 0, 0]
    assert rows[4][10] == 1
    assert ws.cell(row=5, column=2).number_format == "#,##0" and ws.cell(row=5, column=11).number_format == "0.0%"


def test_a_cell_records_a_meeting_and_the_month_view_marks_it(as_user, world, criteria,
                                                              django_assert_max_num_queries):
    c = as_user(world.secretary)
    ids = list(criteria.criteria.values_list("id", flat=True))
    url = f"/ratings/meetings/record/{world.cell_a.pk}/?year=2026&month=3"
    assert c.get(url).status_code == 200
    data = {"held_on": "2026-03-05", "present": "2", "excused": "0", "absent": "0", "year": "2026", "month": "3",
            **{f"c-{i}": v for i, v in zip(ids, ["15", "20", "45", "20"], strict=True)}}
    r = c.post(url, data)
    assert r.status_code == 400 and "khác số đảng viên" in r.content.decode()
    assert CellMeeting.objects.count() == 0
    r = c.post(url, {**data, "present": "1"}, follow=True)
    assert r.status_code == 200 and "xếp loại Tốt" in r.content.decode()
    o = as_user(world.officer)
    o.get(f"/ratings/meetings/?organization_id={world.bloc.pk}&year=2026&month=3")
    with django_assert_max_num_queries(12):
        r = o.get(f"/ratings/meetings/?organization_id={world.bloc.pk}&year=2026&month=3")
    body = r.content.decode()
    assert body.count('"rt-done">Đã ghi<') == 1 and body.count('"rt-gap">Chưa ghi<') == 2
    # Grouped by committee, the committees with cells not yet recorded first and open.
    groups = r.context["groups"]
    assert [g.name for g in groups] == ["Đảng bộ Sở Y tế", "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh"]
    assert [row.cell_id for row in groups[0].rows] == [world.cell_b.pk, world.cell_a.pk]  # not recorded first
    r = o.get(f"/ratings/meetings/?organization_id={world.bloc.pk}&year=2026&month=3&show=missing&q=y te")
    assert [row.cell_id for g in r.context["groups"] for row in g.rows] == [world.cell_b.pk]


def test_criteria_page_adopts_a_set_and_refuses_a_wrong_total(as_user, world):
    c = as_user(world.officer)
    url = f"/ratings/criteria/?organization_id={world.bloc.pk}"
    r = c.post(url, {"name": "Bộ mới", "valid_from": "2026-01-01", "criteria": "A | 50\nB | 40"})
    assert r.status_code == 400 and "phải bằng 100" in r.content.decode()
    r = c.post(url, {"name": "Bộ mới", "valid_from": "2026-01-01", "criteria": "A | 60 | x\nB | 40"})
    assert r.status_code == 302


def test_officer_confirms_only_when_complete_and_reopens_with_a_reason(as_user, world, rnd):
    c = as_user(world.officer)
    r = c.post(f"/ratings/rounds/{rnd.pk}/", {"action": "confirm"})
    assert r.status_code == 400 and "Chưa thể xác nhận" in r.content.decode()
    data = {"action": "entries"}
    for m, lv, s in [(world.hanh, "good", "80"), (world.binh, "done", "60")]:
        data |= {f"m-level-{m.pk}": lv, f"m-score-{m.pk}": s}
    for o in (world.committee, world.cell_c):
        data |= {f"o-level-{o.pk}": "good", f"o-score-{o.pk}": "75,5"}
    assert c.post(f"/ratings/rounds/{rnd.pk}/", data).status_code == 302
    r = c.post(f"/ratings/rounds/{rnd.pk}/", {"action": "confirm"}, follow=True)
    assert "Đã xác nhận và khóa sổ" in r.content.decode()
    r = c.post(f"/ratings/rounds/{rnd.pk}/", {"action": "reopen", "reason": ""})
    assert r.status_code == 400 and "lý do" in r.content.decode()
    r = c.post(f"/ratings/rounds/{rnd.pk}/", {"action": "reopen", "reason": "Bổ sung theo kết luận kiểm tra"},
               follow=True)
    assert "Bổ sung theo kết luận kiểm tra" in r.content.decode()
    rnd.refresh_from_db()
    assert rnd.is_open


def test_results_page_has_a_fixed_query_count(as_user, world, rnd, django_assert_max_num_queries):
    c = as_user(world.viewer)
    url = f"/ratings/results/?organization_id={world.bloc.pk}&year=2026&list=member&level=good"
    c.get(url)
    with django_assert_max_num_queries(15):
        assert c.get(url).status_code == 200



def test_results_page_opens_on_the_latest_confirmed_year(as_user, world):
    c = as_user(world.officer)
    assert c.get(f"/ratings/results/?organization_id={world.bloc.pk}").context["year"] == today().year
    closed = rating_round_open(actor=world.officer, organization=world.bloc, year=2024, reference_on=date(2024, 12, 31))
    rating_entries_record(actor=world.officer, rating_round=closed, entries=[
        {"member_id": world.hanh.pk, "level": "good"},
        {"organization_id": world.committee.pk, "level": "good"},
        {"organization_id": world.cell_c.pk, "level": "good"},
    ])
    rating_round_confirm(actor=world.officer, rating_round=closed)
    rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=REF)  # still open
    r = c.get(f"/ratings/results/?organization_id={world.bloc.pk}")
    assert r.context["year"] == 2024 and "100,0%" in r.content.decode()
    # The same default for a cell secretary, whose cell lies under the bloc that opened the rounds.
    r = as_user(world.secretary).get("/ratings/results/")
    assert r.context["year"] == 2024
