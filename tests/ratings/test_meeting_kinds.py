"""Cell meetings (issue 11, item 9): regular and thematic meetings, attendance of the members expected, the quarter's
thematic meeting, a cell judged on the months it existed."""

import inspect
from datetime import date
from typing import Any

import pytest

from dangvu.core.errors import NotVisible
from dangvu.members.activity import cell_activity_on, exempted_on
from dangvu.members.restructuring import org_merge
from dangvu.members.services import member_end_exemption, member_exempt, member_transfer
from dangvu.orgs.services import org_found
from dangvu.ratings.models import CellMeeting
from dangvu.ratings.rules import year_good_min, year_qualifies_good
from dangvu.ratings.selectors import cell_year, meetings_month, months_existed
from dangvu.ratings.services import criteria_set_create, meeting_record
from dangvu.ratings.verdict import GOOD, NOT_GOOD, year_verdict
from tests.api.conftest import ApiClient

from .conftest import COMMON_CRITERIA, refused

FULL = [15, 20, 45, 20]  # 100: Tốt
FAIR = [15, 20, 35, 10]  # 80: Khá


@pytest.fixture
def criteria2025(world):
    return criteria_set_create(
        actor=world.officer, organization=world.bloc, name="Bộ tiêu chí 2025", valid_from=date(2025, 1, 1),
        criteria=COMMON_CRITERIA, document="12-HD/ĐUK",
    )


def _scores(cs, values):
    return {c.pk: v for c, v in zip(cs.criteria.all(), values, strict=True)}


def _meet(w, cs, held_on, *, cell=None, kind="regular", present=1, values=FULL, **kw):
    return meeting_record(
        actor=w.root_user, cell=cell or w.cell_a, year=held_on.year, month=held_on.month, held_on=held_on,
        present=present, excused=kw.pop("excused", 0), absent=kw.pop("absent", 0), scores=_scores(cs, values),
        kind=kind, topic=kw.pop("topic", "Học tập Nghị quyết" if kind == "thematic" else ""), **kw,
    )


def test_a_month_holds_one_regular_meeting_and_any_number_of_thematic_ones(world, criteria2025):
    cs = criteria2025
    _meet(world, cs, date(2025, 3, 5))
    _meet(world, cs, date(2025, 3, 12), kind="thematic")
    _meet(world, cs, date(2025, 3, 26), kind="thematic", topic="Chuyển đổi số")
    assert CellMeeting.objects.filter(cell=world.cell_a, year=2025, month=3).count() == 3
    e = refused("meeting_duplicate", _meet, w=world, cs=cs, held_on=date(2025, 3, 20))
    assert "thường kỳ tháng 3/2025" in e.message
    e = refused("meeting_duplicate", _meet, w=world, cs=cs, held_on=date(2025, 3, 12), kind="thematic")
    assert "chuyên đề ngày 12/03/2025" in e.message
    e = refused("thematic_topic", _meet, w=world, cs=cs, held_on=date(2025, 3, 19), kind="thematic", topic="  ")
    assert "Hướng dẫn 12-HD/BTCTW" in e.message
    refused("choices", _meet, w=world, cs=cs, held_on=date(2025, 3, 19), kind="other")
    # A thematic meeting corrected on its day; the regular meeting of the month left as it was.
    m = _meet(world, cs, date(2025, 3, 12), kind="thematic", values=FAIR, replace=True)
    assert m.grade == "fair" and CellMeeting.objects.get(kind="regular", month=3).grade == "good"


def test_attendance_counts_the_members_expected_exempted_ones_excused_by_rule(world, criteria2025):
    cs = criteria2025
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2025, 3, 5), document="5-QĐ/ĐU")
    # The day before the exemption she is expected; from its day on she is not (end-of-day dates).
    assert exempted_on([world.hanh.pk], date(2025, 3, 4)) == set()
    assert exempted_on([world.hanh.pk], date(2025, 3, 5)) == {world.hanh.pk}
    m = _meet(world, cs, date(2025, 3, 4), present=1)
    assert (m.headcount, m.exempted, m.expected) == (1, 0, 1)
    e = refused("attendance", _meet, w=world, cs=cs, held_on=date(2025, 4, 5), present=1)
    assert "trừ 1 đảng viên được miễn sinh hoạt" in e.message and "(0: 1 đảng viên" in e.message
    refused("attendance", _meet, w=world, cs=cs, held_on=date(2025, 4, 5), present=0, absent=1)
    m = _meet(world, cs, date(2025, 4, 5), present=0)
    assert (m.headcount, m.exempted, m.expected, m.absent) == (1, 1, 0, 0)
    member_end_exemption(actor=world.root_user, member=world.hanh, effective_on=date(2025, 5, 5))
    refused("attendance", _meet, w=world, cs=cs, held_on=date(2025, 5, 5), present=0)
    assert _meet(world, cs, date(2025, 5, 5), present=1).expected == 1


def _temporary(world, member, cell, on):
    kwargs: dict[str, Any] = {"temporary": True}
    if "temporary_until" in inspect.signature(member_transfer).parameters:
        kwargs["temporary_until"] = date(on.year + 1, on.month, 1)
    return member_transfer(actor=world.root_user, member=member, to_organization=cell, effective_on=on, **kwargs)


def test_temporary_members_who_attend_are_counted_apart(world, criteria2025):
    cs = criteria2025
    # Bình (probationary in cell B from 2026) is a full example only in 2026: use 2026 and its own criteria set.
    criteria_set_create(actor=world.officer, organization=world.bloc, name="2026", valid_from=date(2026, 1, 1),
                        criteria=COMMON_CRITERIA)
    cs = world.bloc.criteria_sets.get(name="2026")
    _temporary(world, world.binh, world.cell_a, date(2026, 2, 2))
    members, exempt, guests = cell_activity_on([world.cell_a.pk], date(2026, 3, 5))[world.cell_a.pk]
    assert (members, exempt, guests) == (1, set(), {world.binh.pk})
    e = refused("attendance_guests", _meet, w=world, cs=cs, held_on=date(2026, 3, 5), guests=2)
    assert "chỉ có 1 đảng viên sinh hoạt tạm thời" in e.message
    m = _meet(world, cs, date(2026, 3, 5), guests=1)
    assert (m.expected, m.present, m.guests) == (1, 1, 1)  # the guest is not one of the members expected
    # Before the temporary transfer nobody is hosted.
    refused("attendance_guests", _meet, w=world, cs=cs, held_on=date(2026, 2, 1), guests=1)


def test_a_quarter_without_a_thematic_meeting_is_flagged(world, criteria2025, django_assert_max_num_queries):
    cs = criteria2025
    for month in (1, 2, 3, 4, 5, 6):
        _meet(world, cs, date(2025, month, 5))
    _meet(world, cs, date(2025, 2, 20), kind="thematic")
    with django_assert_max_num_queries(6):
        view = meetings_month(world.officer, world.bloc.pk, 2025, 3)
    rows = {r.cell_id: r for r in view.rows}
    assert rows[world.cell_a.pk].quarter_thematic == 1 and not rows[world.cell_a.pk].quarter_lacks_thematic
    assert rows[world.cell_b.pk].quarter_lacks_thematic and view.quarter_closed
    assert {r.cell_id for r in view.lacking_thematic} == {world.cell_b.pk, world.cell_c.pk}
    # Thematic meetings are listed beside, never as the month's regular meeting.
    feb = {r.cell_id: r for r in meetings_month(world.officer, world.bloc.pk, 2025, 2).rows}[world.cell_a.pk]
    assert feb.meeting is not None and feb.meeting.kind == "regular" and [t.kind for t in feb.thematic] == ["thematic"]
    assert not meetings_month(world.officer, world.bloc.pk, 2025, 2).quarter_closed
    y = cell_year(world.secretary, world.cell_a.pk, 2025)
    flags = [(q.quarter, q.thematic, q.flagged) for q in y.quarters]
    assert flags == [(1, 1, False), (2, 0, True), (3, 0, True), (4, 0, True)]
    show = [r.cell_id for g in view.groups(show="no_thematic") for r in g.rows]
    assert world.cell_a.pk not in show and world.cell_b.pk in show


def test_year_good_needs_seven_of_twelve_or_the_same_share_of_a_shorter_year():
    assert [year_good_min(n) for n in (12, 11, 6, 5, 1)] == [7, 7, 4, 3, 1]
    assert year_qualifies_good(["good"] * 4 + ["fair"] * 2)  # six months, four Tốt
    assert not year_qualifies_good(["good"] * 3 + ["fair"] * 3)
    assert not year_qualifies_good(["good"] * 5 + [None])
    assert not year_qualifies_good([])


def test_a_cell_founded_during_the_year_is_judged_on_the_months_it_existed(world, criteria2025):
    cs = criteria2025
    new = org_found(actor=world.root_user, name="Chi bộ Phòng Chuyển đổi số", kind="subordinate_cell",
                    parent=world.committee, founded_on=date(2025, 7, 1))
    assert months_existed(new.pk, 2025) == [False] * 6 + [True] * 6
    for month in range(7, 13):
        _meet(world, cs, date(2025, month, 5), cell=new, present=0, values=FULL if month < 10 else FAIR)
    y = cell_year(world.root_user, new.pk, 2025)
    assert y.judged == [False] * 6 + [True] * 6 and y.months_existed == 6
    assert y.good_count == 3 and not y.qualifies_good  # 3 Tốt of 6 months: needs 4
    v = year_verdict(y.grades, y.judged)
    assert v.state == NOT_GOOD and "tồn tại 6 tháng" in v.text and "cần 4 tháng Tốt" in v.text
    _meet(world, cs, date(2025, 10, 5), cell=new, present=0, values=FULL, replace=True)
    y = cell_year(world.root_user, new.pk, 2025)
    assert y.qualifies_good and year_verdict(y.grades, y.judged).state == GOOD
    # Quarters before it existed are not judged, never flagged.
    assert [q.judged for q in y.quarters] == [False, False, True, True]


def test_a_cell_merged_during_the_year_is_judged_until_the_merge(world, criteria2025):
    cs = criteria2025
    old = org_found(actor=world.root_user, name="Chi bộ Phòng Tổng hợp", kind="subordinate_cell",
                    parent=world.committee, founded_on=date(2020, 1, 1))
    for month in range(1, 7):
        _meet(world, cs, date(2025, month, 5), cell=old, present=0, values=FULL if month <= 4 else FAIR)
    org_merge(actor=world.root_user, org=old, into=world.cell_c, effective_on=date(2025, 7, 1))
    y = cell_year(world.root_user, old.pk, 2025)
    assert y.judged == [True] * 6 + [False] * 6
    assert y.qualifies_good  # 4 Tốt of the 6 months it existed


def test_the_api_records_a_thematic_meeting_and_reports_the_quarter(world, criteria2025):
    api = ApiClient(world.secretary)
    scores = [{"criterion_id": c.pk, "score": c.weight} for c in criteria2025.criteria.all()]
    body = {"cell_id": world.cell_a.pk, "year": 2025, "month": 3, "held_on": "2025-03-12", "kind": "thematic",
            "topic": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "present": 1, "scores": scores}
    r = api.post("/meetings", body)
    assert r.status_code == 201, r.content
    assert r.json()["kind"] == "thematic" and r.json()["expected"] == 1 and r.json()["guests"] == 0
    r = api.post("/meetings", {**body, "topic": ""})
    assert r.status_code == 422 and r.json()["rule"] == "thematic_topic"
    r = api.get("/meetings", cell_id=world.cell_a.pk, year=2025, kind="thematic")
    assert [m["held_on"] for m in r.json()] == ["2025-03-12"]
    r = ApiClient(world.officer).get("/reports/meetings", organization_id=world.bloc.pk, year=2025, month=3)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["thematic"] == 1 and body["quarter_closed"] and body["lacking_thematic"] == 2 and body["missing"] == 3
    item = {i["cell_id"]: i for i in body["items"]}[world.cell_a.pk]
    assert item["recorded"] is False and item["quarter_thematic"] == 1 and not item["quarter_lacks_thematic"]
    r = api.get("/reports/meetings/cell-year", cell_id=world.cell_a.pk, year=2025)
    assert r.status_code == 200 and r.json()["quarters"][0]["thematic"] == 1 and r.json()["judged_months"][0] == 1
    assert api.get("/reports/meetings/cell-year", cell_id=world.cell_b.pk, year=2025).status_code == 404
    with pytest.raises(NotVisible):
        cell_year(world.other_secretary, world.cell_a.pk, 2025)


def test_the_month_page_and_the_form_show_kinds_and_the_members_expected(world, criteria2025, client):
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2025, 3, 1))
    _meet(world, criteria2025, date(2025, 3, 12), kind="thematic", present=0)
    client.force_login(world.officer)
    page = client.get(f"/ratings/meetings/?organization_id={world.bloc.pk}&year=2025&month=3").content.decode()
    assert "Chuyên đề quý 1" in page and "chi bộ chưa sinh hoạt chuyên đề quý 1" in page
    form = client.get(f"/ratings/meetings/record/{world.cell_a.pk}/?year=2025&month=3&kind=thematic")
    text = form.content.decode()
    assert form.status_code == 200 and "1 được miễn sinh hoạt" in text and "0 đảng viên phải dự họp" in text
    year = client.get(f"/ratings/meetings/cell/{world.cell_a.pk}/2025/").content.decode()
    assert "Quý 2: <strong>chưa sinh hoạt chuyên đề</strong>" in year
    r = client.post(f"/ratings/meetings/record/{world.cell_a.pk}/", {
        "year": 2025, "month": 3, "kind": "thematic", "held_on": "2025-03-19", "present": 0, "excused": 0,
        "absent": 0, "topic": "", **{f"c-{c.pk}": c.weight for c in criteria2025.criteria.all()},
    })
    assert r.status_code == 400 and "phải ghi chủ đề" in r.content.decode()
