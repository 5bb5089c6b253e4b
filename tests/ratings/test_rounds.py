from datetime import date

import pytest

from dangvu.core.errors import NotAllowed, NotVisible
from dangvu.core.models import AuditEntry
from dangvu.ratings.models import RatingEntry, RoundStatus
from dangvu.ratings.rules import quota_allows, rating_rules_for
from dangvu.ratings.selectors import rating_result_list, rating_results, round_missing, round_view
from dangvu.ratings.services import (
    rating_entries_record,
    rating_round_confirm,
    rating_round_open,
    rating_round_reopen,
)
from tests.factories import MemberFactory

from .conftest import EXCELLENT_OK, refused

REF = date(2026, 11, 1)


@pytest.fixture
def rnd(world):
    return rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=REF)


def test_round_copies_the_rules_of_its_year(world, rnd):
    assert rnd.uses_score and "366-QĐ/TW" in rnd.rules_document
    assert rnd.quota_percent == 20 and rnd.quota_mode == "warn"
    assert "124-QĐ/TW" in rating_rules_for(2024).document and not rating_rules_for(2024).uses_score
    assert AuditEntry.objects.filter(action="rating_round_open").count() == 1


def test_opening_twice_or_overlapping_is_refused(world, rnd):
    refused("round_duplicate", rating_round_open, actor=world.officer, organization=world.bloc, year=2026)
    refused("round_overlap", rating_round_open, actor=world.officer, organization=world.committee, year=2026)
    refused(
        "reference_date", rating_round_open, actor=world.officer, organization=world.committee, year=2025,
        reference_on=date(2026, 1, 1),
    )


def test_it_validates_scope(world, rnd):
    with pytest.raises(NotVisible):
        rating_round_open(actor=world.other_secretary, organization=world.bloc, year=2025)
    with pytest.raises(NotAllowed):
        rating_round_open(actor=world.secretary, organization=world.cell_a, year=2025)
    # A secretary may rate the members of their cell, not another cell's, nor organisations.
    rating_entries_record(
        actor=world.secretary, rating_round=rnd, entries=[{"member_id": world.hanh.pk, "level": "good", "score": 80}]
    )
    with pytest.raises(NotVisible):
        rating_entries_record(
            actor=world.secretary, rating_round=rnd,
            entries=[{"organization_id": world.committee.pk, "level": "good", "score": 80}],
        )
    with pytest.raises(NotVisible):
        rating_entries_record(
            actor=world.other_secretary, rating_round=rnd,
            entries=[{"member_id": world.binh.pk, "level": "good", "score": 80}],
        )


def test_missing_list_shows_members_and_grassroots_organisations(world, rnd):
    members, orgs = round_missing(rnd)
    assert {m for m, _, _ in members} == {world.hanh.pk, world.binh.pk}
    assert {o for o, _ in orgs} == {world.committee.pk, world.cell_c.pk}
    rating_entries_record(
        actor=world.officer, rating_round=rnd,
        entries=[
            {"member_id": world.hanh.pk, "level": "good", "score": "85,5"},
            {"organization_id": world.cell_c.pk, "level": "done", "score": 60},
        ],
    )
    members, orgs = round_missing(rnd)
    assert [m for m, _, _ in members] == [world.binh.pk]
    assert [o for o, _ in orgs] == [world.committee.pk]
    assert RatingEntry.objects.get(member=world.hanh).score == pytest.approx(85.5)


def test_entry_checks_refuse_with_vietnamese_messages(world, rnd):
    e = refused(
        "not_member_on_reference_date", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[{"member_id": world.anh.pk, "level": "good", "score": 80}],
    )
    assert "01/11/2026" in e.message
    e = refused(
        "score_band", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[{"member_id": world.hanh.pk, "level": "excellent", "score": "89.99"}],
    )
    assert "Hoàn thành xuất sắc nhiệm vụ" in e.message and "366-QĐ/TW" in e.message
    refused(
        "score_required", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[{"member_id": world.hanh.pk, "level": "good"}],
    )
    refused(
        "duplicate_entry", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[
            {"member_id": world.hanh.pk, "level": "good", "score": 80},
            {"member_id": world.hanh.pk, "level": "good", "score": 81},
        ],
    )
    refused(
        "choices", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[{"member_id": world.hanh.pk, "level": "great", "score": 80}],
    )
    # The whole batch is refused when one entry is wrong: the first one is not written either.
    refused(
        "score_band", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[
            {"member_id": world.binh.pk, "level": "good", "score": 75},
            {"member_id": world.hanh.pk, "level": "not_done", "score": 50},
        ],
    )
    rating_entries_record(
        actor=world.officer, rating_round=rnd,
        entries=[{"member_id": world.hanh.pk, "level": "excellent", "score": 90, **EXCELLENT_OK}],
    )
    refused(
        "duplicate_entry", rating_entries_record, actor=world.officer, rating_round=rnd,
        entries=[{"member_id": world.hanh.pk, "level": "good", "score": 80}],
    )
    rating_entries_record(
        actor=world.officer, rating_round=rnd, replace=True,
        entries=[{"member_id": world.hanh.pk, "level": "good", "score": 89.99}],
    )
    assert RatingEntry.objects.get(member=world.hanh).level == "good"
    assert AuditEntry.objects.filter(action="rating_entry_change").count() == 1


def test_quota_edge_is_exactly_twenty_percent(world):
    assert quota_allows(2, 10, 20) and not quota_allows(3, 10, 20) and not quota_allows(1, 4, 20)
    assert quota_allows(1, 5, 20) and quota_allows(0, 0, 20) and not quota_allows(1, 0, 20)
    cell = world.cell_c
    members = [MemberFactory.create(organization=cell, full_on=date(2017, 1, 1)) for _ in range(13)]
    rnd = rating_round_open(
        actor=world.officer, organization=world.bloc, year=2026, reference_on=REF, quota_mode="refuse"
    )
    good = [{"member_id": m.pk, "level": "good", "score": 80} for m in members[:10]]
    excellent = [{"member_id": m.pk, "level": "excellent", "score": 95, **EXCELLENT_OK} for m in members[10:]]
    # 3 xuất sắc against 10 tốt is 30%: refused in refuse mode, nothing written.
    e = refused("quota", rating_entries_record, actor=world.officer, rating_round=rnd, entries=good + excellent)
    assert "20%" in e.message and world.cell_c.name in e.message
    # 2 against 10 is exactly 20%: allowed.
    assert rating_entries_record(actor=world.officer, rating_round=rnd, entries=good + excellent[:2]) == []


def test_quota_only_warns_in_warn_mode(world, rnd):
    members = [MemberFactory.create(organization=world.cell_c, full_on=date(2017, 1, 1)) for _ in range(4)]
    warnings = rating_entries_record(
        actor=world.officer, rating_round=rnd,
        entries=[{"member_id": members[0].pk, "level": "excellent", "score": 92, **EXCELLENT_OK}]
        + [{"member_id": m.pk, "level": "good", "score": 80} for m in members[1:]],
    )
    assert len(warnings) == 1 and "vượt quá 20%" in warnings[0]
    assert RatingEntry.objects.filter(rating_round=rnd).count() == 4


def _rate_everyone(world, rnd, hanh="good", binh="excellent", committee="good", cell_c="done"):
    scores = {"excellent": 95, "good": 80, "done": 60, "not_done": 30}
    rating_entries_record(
        actor=world.officer, rating_round=rnd,
        entries=[
            {"member_id": world.hanh.pk, "level": hanh, "score": scores[hanh], **EXCELLENT_OK},
            {"member_id": world.binh.pk, "level": binh, "score": scores[binh], **EXCELLENT_OK},
            {"organization_id": world.committee.pk, "level": committee, "score": scores[committee], **EXCELLENT_OK},
            {"organization_id": world.cell_c.pk, "level": cell_c, "score": scores[cell_c], **EXCELLENT_OK},
        ],
    )


def test_confirmation_needs_every_entry_then_closes_and_reopens_with_a_reason(world, rnd):
    rating_entries_record(
        actor=world.officer, rating_round=rnd, entries=[{"member_id": world.hanh.pk, "level": "good", "score": 80}]
    )
    e = refused("entries_missing", rating_round_confirm, actor=world.officer, rating_round=rnd)
    assert "1 đảng viên và 2 tổ chức" in e.message and "Trần Văn Bình" in e.message
    with pytest.raises(NotAllowed):
        rating_round_confirm(actor=world.secretary, rating_round=rnd)
    rating_entries_record(
        actor=world.officer, rating_round=rnd,
        entries=[
            {"member_id": world.binh.pk, "level": "good", "score": 80},
            {"organization_id": world.committee.pk, "level": "good", "score": 80},
            {"organization_id": world.cell_c.pk, "level": "done", "score": 60},
        ],
    )
    assert rating_round_confirm(actor=world.officer, rating_round=rnd) == []
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.CLOSED
    refused(
        "round_closed", rating_entries_record, actor=world.officer, rating_round=rnd, replace=True,
        entries=[{"member_id": world.hanh.pk, "level": "done", "score": 60}],
    )
    refused("reopen_reason", rating_round_reopen, actor=world.officer, rating_round=rnd, reason="  ")
    rating_round_reopen(actor=world.officer, rating_round=rnd, reason="Sửa kết quả đồng chí Hạnh theo kết luận")
    rating_entries_record(
        actor=world.officer, rating_round=rnd, replace=True,
        entries=[{"member_id": world.hanh.pk, "level": "done", "score": 60}],
    )
    assert AuditEntry.objects.filter(action="rating_round_reopen", after__reason__startswith="Sửa").exists()


def test_results_count_levels_shares_and_compare_with_the_previous_year(world):
    # 2025: 1 of 2 organisations good or better, Hạnh good.
    r25 = rating_round_open(actor=world.officer, organization=world.bloc, year=2025)
    rating_entries_record(
        actor=world.officer, rating_round=r25,
        entries=[
            {"member_id": world.hanh.pk, "level": "good", "score": 80},
            {"organization_id": world.committee.pk, "level": "good", "score": 75},
            {"organization_id": world.cell_c.pk, "level": "not_done", "score": 49.5},
        ],
    )
    rating_round_confirm(actor=world.officer, rating_round=r25)
    r26 = rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=REF)
    _rate_everyone(world, r26, hanh="good", binh="done", committee="excellent", cell_c="good")
    # Open rounds do not count yet.
    assert rating_results(world.viewer, world.bloc.pk, 2026).members.total == 0
    rating_round_confirm(actor=world.officer, rating_round=r26)  # 1 xuất sắc vs 1 tốt: warning only
    res = rating_results(world.viewer, world.bloc.pk, 2026)
    assert res.organizations.counts == {"excellent": 1, "good": 1}
    assert res.organizations.good_or_better_share == 100.0
    assert res.members.counts == {"good": 1} and res.probationary.counts == {"done": 1}
    assert res.all_members.good_or_better_share == 50.0
    assert res.change("organizations") == pytest.approx(50.0)  # 100% against 50%
    assert res.change("members") == pytest.approx(0.0)
    # A subtree: the committee alone (its own rating and its members).
    sub = rating_results(world.viewer, world.committee.pk, 2026)
    assert sub.organizations.counts == {"excellent": 1} and sub.all_members.total == 2
    listed = rating_result_list(world.viewer, world.bloc.pk, 2026, subject="member", probationary=True)
    assert [e.member_id for e in listed] == [world.binh.pk]
    with pytest.raises(NotVisible):
        rating_results(world.other_secretary, world.bloc.pk, 2026)


def test_rounds_before_2025_need_no_score(world):
    r24 = rating_round_open(actor=world.officer, organization=world.bloc, year=2024)
    assert not r24.uses_score and "124-QĐ/TW" in r24.rules_document
    rating_entries_record(
        actor=world.officer, rating_round=r24, entries=[{"member_id": world.hanh.pk, "level": "good"}]
    )
    refused(
        "score_band", rating_entries_record, actor=world.officer, rating_round=r24,
        entries=[{"organization_id": world.cell_c.pk, "level": "good", "score": 90}],
    )


def test_round_view_has_a_fixed_query_count(world, rnd, django_assert_max_num_queries):
    for _ in range(5):
        MemberFactory.create(organization=world.cell_c, full_on=date(2017, 1, 1))
    with django_assert_max_num_queries(8):
        view = round_view(world.officer, rnd)
    assert view.missing_members == 7 and view.missing_orgs == 2
    assert len(view.cells) == 3
    secretary_view = round_view(world.secretary, rnd)
    assert [b.cell_id for b in secretary_view.cells] == [world.cell_a.pk]
