"""Annual ratings (issue 11, item 8): the 366-QĐ/TW conditions of "xuất sắc", members exempted from activity
left unrated, leadership collectives and leaders as subjects of a round."""

from datetime import date

import pytest

from dangvu.core.errors import NotAllowed, NotVisible
from dangvu.members.services import member_exempt
from dangvu.ratings.models import RatingEntry, RoundStatus
from dangvu.ratings.rules import ExcellentConditions, excellent_conditions_missing
from dangvu.ratings.selectors import rating_results, round_missing, round_view
from dangvu.ratings.services import rating_entries_record, rating_round_confirm, rating_round_open
from tests.api.conftest import ApiClient

from .conftest import EXCELLENT_OK, refused

REF = date(2026, 11, 1)


@pytest.fixture
def rnd(world):
    return rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=REF)


def _record(world, rnd, *entries, actor=None):
    return rating_entries_record(actor=actor or world.officer, rating_round=rnd, entries=list(entries))


def test_excellent_conditions_at_their_edges():
    ok = ExcellentConditions(True, 10, 3, True)
    assert excellent_conditions_missing(ok, 30) == []
    assert excellent_conditions_missing(ExcellentConditions(True, 7, 2, True), 30) == [
        "ít nhất 30% nhiệm vụ vượt yêu cầu (ghi nhận 2/7)"  # 28,6%
    ]
    assert excellent_conditions_missing(ExcellentConditions(True, 7, 3, True), 30) == []  # 42,9%
    assert excellent_conditions_missing(ExcellentConditions(True, 0, 0, True), 30) != []  # no task recorded
    assert excellent_conditions_missing(ExcellentConditions(False, 10, 10, True), 30) == ["hoàn thành 100% nhiệm vụ"]
    assert excellent_conditions_missing(ExcellentConditions(True, 10, 3, None), 30) == ["không bị kỷ luật trong năm"]
    assert len(excellent_conditions_missing(ExcellentConditions(), 30)) == 3


def test_an_entry_rated_excellent_without_the_366_conditions_is_refused(world, rnd):
    assert rnd.excellent_conditions and rnd.excellent_beyond_percent == 30
    e = refused(
        "excellent_conditions", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[{"member_id": world.hanh.pk, "level": "excellent", "score": 95, **EXCELLENT_OK, "tasks_beyond": 2}],
    )
    assert "Quy định 366-QĐ/TW" in e.message and "30% nhiệm vụ vượt yêu cầu (ghi nhận 2/10)" in e.message
    assert e.field == "entries[0].level" and "Nguyễn Thị Hồng Hạnh" in e.message
    refused(
        "excellent_conditions", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[{"organization_id": world.cell_c.pk, "level": "excellent", "score": 95, **EXCELLENT_OK,
                  "no_discipline": False}],
    )
    refused(
        "tasks", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[{"member_id": world.hanh.pk, "level": "good", "score": 80, "tasks_total": 3, "tasks_beyond": 4}],
    )
    _record(world, rnd, {"member_id": world.hanh.pk, "level": "excellent", "score": 95, **EXCELLENT_OK})
    entry = RatingEntry.objects.get(member=world.hanh)
    assert (entry.all_tasks_done, entry.tasks_total, entry.tasks_beyond, entry.no_discipline) == (True, 10, 3, True)
    # "tốt" needs none of them.
    _record(world, rnd, {"member_id": world.binh.pk, "level": "good", "score": 80})


def test_rounds_before_2025_do_not_ask_the_366_conditions(world):
    rnd = rating_round_open(actor=world.officer, organization=world.bloc, year=2024)
    assert not rnd.excellent_conditions
    _record(world, rnd, {"member_id": world.hanh.pk, "level": "excellent"})


def test_a_province_may_ask_another_share_of_tasks_beyond_requirement(world, settings):
    settings.DANGVU_RULES = {**settings.DANGVU_RULES, "RATING_EXCELLENT_BEYOND_PERCENT": 40}
    rnd = rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=REF)
    assert rnd.excellent_beyond_percent == 40
    e = refused("excellent_conditions", rating_entries_record, actor=world.officer, rating_round=rnd,
                entries=[{"member_id": world.hanh.pk, "level": "excellent", "score": 95, **EXCELLENT_OK}])
    assert "ít nhất 40%" in e.message
    _record(world, rnd, {"member_id": world.hanh.pk, "level": "excellent", "score": 95, **EXCELLENT_OK,
                         "tasks_beyond": 4})


def test_members_exempted_from_activity_may_stay_unrated_without_blocking_confirmation(world, rnd):
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=REF)  # exempted on the reference date
    members, _orgs = round_missing(rnd)
    assert [m for m, _, _ in members] == [world.binh.pk]
    refused(
        "not_rated_exempted_only", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[{"member_id": world.binh.pk, "level": "not_rated"}],
    )
    refused(
        "score", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[{"member_id": world.hanh.pk, "level": "not_rated", "score": 50}],
    )
    _record(world, rnd, {"member_id": world.binh.pk, "level": "good", "score": 80},
            {"organization_id": world.committee.pk, "level": "good", "score": 80},
            {"organization_id": world.cell_c.pk, "level": "good", "score": 80})
    assert rating_round_confirm(actor=world.officer, rating_round=rnd) == []
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.CLOSED
    res = rating_results(world.officer, world.bloc.pk, 2026)
    assert res.all_members.total == 1 and res.not_rated == 0


def test_an_exemption_after_the_reference_date_does_not_excuse(world, rnd):
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2026, 11, 2))
    assert {m for m, _, _ in round_missing(rnd)[0]} == {world.hanh.pk, world.binh.pk}
    refused(
        "not_rated_exempted_only", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[{"member_id": world.hanh.pk, "level": "not_rated"}],
    )


def test_not_rated_is_counted_apart_from_every_share(world, rnd):
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2026, 3, 1))
    _record(world, rnd, {"member_id": world.hanh.pk, "level": "not_rated"},
            {"member_id": world.binh.pk, "level": "good", "score": 80},
            {"organization_id": world.committee.pk, "level": "good", "score": 80},
            {"organization_id": world.cell_c.pk, "level": "good", "score": 80})
    rating_round_confirm(actor=world.officer, rating_round=rnd)
    res = rating_results(world.officer, world.bloc.pk, 2026)
    assert res.not_rated == 1 and res.all_members.total == 1 and res.all_members.good_or_better_share == 100


def test_leadership_collectives_and_leaders_are_rated_with_their_own_entries(world, rnd):
    _record(
        world, rnd,
        {"subject": "leadership", "organization_id": world.committee.pk, "collective": "standing",
         "level": "excellent", "score": 92, **EXCELLENT_OK},
        {"subject": "leadership", "organization_id": world.committee.pk, "collective": "committee",
         "level": "good", "score": 85},
        {"subject": "leadership", "organization_id": world.bloc.pk, "collective": "standing", "level": "good",
         "score": 88},
        {"subject": "leader", "member_id": world.hanh.pk, "position": "Bí thư Đảng ủy Sở Y tế", "level": "good",
         "score": 86},
        # The same organisation and the same member keep their own ratings as such.
        {"organization_id": world.committee.pk, "level": "done", "score": 60},
        {"member_id": world.hanh.pk, "level": "good", "score": 80},
    )
    refused("duplicate_entry", rating_entries_record, actor=world.officer, rating_round=rnd, entries=[
        {"subject": "leadership", "organization_id": world.committee.pk, "collective": "standing", "level": "good",
         "score": 80}])
    refused("not_leadership_subject", rating_entries_record, actor=world.officer, rating_round=rnd, entries=[
        {"subject": "leadership", "organization_id": world.cell_a.pk, "collective": "committee", "level": "good",
         "score": 80}])
    refused("collective", rating_entries_record, actor=world.officer, rating_round=rnd, entries=[
        {"subject": "leadership", "organization_id": world.committee.pk, "level": "good", "score": 80}])
    refused("leader_position", rating_entries_record, actor=world.officer, rating_round=rnd, entries=[
        {"subject": "leader", "member_id": world.binh.pk, "position": "  ", "level": "good", "score": 80}])
    refused("subject_kind", rating_entries_record, actor=world.officer, rating_round=rnd, entries=[
        {"subject": "leader", "organization_id": world.committee.pk, "level": "good", "score": 80}])
    refused("excellent_conditions", rating_entries_record, actor=world.officer, rating_round=rnd, entries=[
        {"subject": "leader", "member_id": world.binh.pk, "position": "Trưởng phòng", "level": "excellent",
         "score": 95}])
    with pytest.raises((NotAllowed, NotVisible)):  # a cell secretary does not rate the committee's leaders
        _record(world, rnd, {"subject": "leader", "member_id": world.hanh.pk, "position": "Chánh Văn phòng",
                             "level": "good", "score": 80}, actor=world.secretary)
    # Leadership entries neither block confirmation nor count for the quota of members and organisations.
    _record(world, rnd, {"member_id": world.binh.pk, "level": "good", "score": 80},
            {"organization_id": world.cell_c.pk, "level": "good", "score": 80})
    assert rating_round_confirm(actor=world.officer, rating_round=rnd) == []
    res = rating_results(world.officer, world.bloc.pk, 2026)
    assert res.leadership.counts == {"excellent": 1, "good": 2} and res.leaders.counts == {"good": 1}
    assert res.organizations.counts == {"done": 1, "good": 1} and res.all_members.total == 2
    view = round_view(world.officer, rnd)
    assert len(view.leadership) == 3 and view.leaders[0].position == "Bí thư Đảng ủy Sở Y tế"


def test_the_api_rates_leadership_and_lists_exempted_members(world, rnd):
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2026, 3, 1))
    api = ApiClient(world.officer)
    r = api.get(f"/rating-rounds/{rnd.pk}")
    assert r.json()["exempted_members"] == [world.hanh.pk] and r.json()["missing_members"] == [world.binh.pk]
    assert r.json()["excellent_conditions"] is True
    r = api.post(f"/rating-rounds/{rnd.pk}/entries", {"entries": [
        {"subject": "leadership", "organization_id": world.committee.pk, "collective": "standing",
         "level": "excellent", "score": 91, "all_tasks_done": True, "tasks_total": 10, "tasks_beyond": 2,
         "no_discipline": True}]})
    assert r.status_code == 422 and r.json()["rule"] == "excellent_conditions", r.content
    r = api.post(f"/rating-rounds/{rnd.pk}/entries", {"entries": [
        {"subject": "leadership", "organization_id": world.committee.pk, "collective": "standing",
         "level": "excellent", "score": 91, **EXCELLENT_OK},
        {"member_id": world.hanh.pk, "level": "not_rated"},
        {"member_id": world.binh.pk, "level": "good", "score": 80},
        {"organization_id": world.committee.pk, "level": "good", "score": 80},
        {"organization_id": world.cell_c.pk, "level": "good", "score": 80}]})
    assert r.status_code == 200, r.content
    assert api.post(f"/rating-rounds/{rnd.pk}/confirm", {}).status_code == 200
    body = api.get("/reports/ratings", organization_id=world.bloc.pk, year=2026).json()
    assert body["leadership"]["excellent"] == 1 and body["not_rated_members"] == 1
    assert body["all_members"]["total"] == 1


def test_the_round_page_rates_a_leadership_collective_and_shows_the_conditions(as_user, world, rnd):
    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2026, 3, 1))
    c = as_user(world.officer)
    page = c.get(f"/ratings/rounds/{rnd.pk}/").content.decode()
    assert "Điều kiện xuất sắc" in page and "miễn sinh hoạt" in page and 'value="not_rated"' in page
    r = c.post(f"/ratings/rounds/{rnd.pk}/", {
        "action": "leadership", "subject_id": world.committee.pk, "collective": "standing", "level": "excellent",
        "score": "92", "lead-all": "1", "lead-beyond": "1", "lead-tasks": "10", "lead-nodisc": "1"})
    assert r.status_code == 400 and "không đủ điều kiện" in r.content.decode()
    r = c.post(f"/ratings/rounds/{rnd.pk}/", {
        "action": "leadership", "subject_id": world.committee.pk, "collective": "standing", "level": "excellent",
        "score": "92", "lead-all": "1", "lead-beyond": "3", "lead-tasks": "10", "lead-nodisc": "1"})
    assert r.status_code == 302
    r = c.post(f"/ratings/rounds/{rnd.pk}/", {
        "action": "entries", f"m-level-{world.binh.pk}": "excellent", f"m-score-{world.binh.pk}": "95",
        f"m-{world.binh.pk}-all": "1", f"m-{world.binh.pk}-beyond": "3", f"m-{world.binh.pk}-tasks": "9",
        f"m-{world.binh.pk}-nodisc": "1", f"m-level-{world.hanh.pk}": "not_rated"})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert RatingEntry.objects.get(member=world.binh, subject_kind="member").tasks_beyond == 3
    page = c.get(f"/ratings/rounds/{rnd.pk}/").content.decode()
    assert "Ban Thường vụ Đảng bộ Sở Y tế" in page
