"""Each indicator on a hand-built scenario, the numbers worked out by hand; figures of a past year do not move
when the tree is restructured later."""

from datetime import date
from decimal import Decimal

import pytest

from dangvu.core.errors import DomainError, NotVisible
from dangvu.enterprises import services as es
from dangvu.orgs.services import org_move
from dangvu.ratings.services import criteria_set_create, meeting_record
from dangvu.ratings.services.rounds import rating_entries_record, rating_round_confirm, rating_round_open
from dangvu.targets.indicators import INDICATORS
from dangvu.targets.selectors import indicator_value

Y_START, Y_END = date(2024, 1, 1), date(2024, 12, 31)


def value(user, code, org, start=Y_START, end=Y_END):
    return indicator_value(user, code, org, start=start, end=end)


def test_every_indicator_has_a_vietnamese_name_unit_and_definition():
    codes = {"admissions", "members_at_end", "new_grassroots_orgs", "new_grassroots_orgs_non_state",
             "orgs_good_or_better_percent", "members_good_or_better_percent", "mass_orgs_strong_percent",
             "new_trade_unions_non_state", "new_youth_orgs_non_state", "course_participants",
             "meetings_good_percent", "badges_awarded"}
    assert codes <= set(INDICATORS)
    for ind in INDICATORS.values():
        assert ind.name and ind.unit and len(ind.definition) > 40


def test_admissions_members_and_new_organisations_of_2024(year2024):
    w = year2024.world
    # Admitted in the bloc in 2024: An (cell_a), Lan (cell_c), Long (new cell); Mai was 2023, Hải is local.
    assert value(w.officer, "admissions", w.bloc) == 3
    assert value(w.admin, "admissions", w.local) == 1
    # End of 2024 in the bloc: Hạnh + An, Lan, Long + Mai = 5 (Bình was admitted in 2026).
    assert value(w.officer, "members_at_end", w.bloc) == 5
    # Grassroots organisations founded in 2024 under the bloc: the new cell and the new committee (the
    # subordinate cell is not grassroots, the local's cell is elsewhere); one of them non-state.
    assert value(w.officer, "new_grassroots_orgs", w.bloc) == 2
    assert value(w.officer, "new_grassroots_orgs_non_state", w.bloc) == 1
    assert value(w.admin, "new_grassroots_orgs_non_state", w.province) == 2
    assert value(w.officer, "badges_awarded", w.bloc) == 0


def test_a_later_restructuring_does_not_move_2024(year2024):
    w = year2024.world
    before = {c: value(w.officer, c, w.bloc) for c in ("admissions", "members_at_end", "new_grassroots_orgs",
                                                      "new_grassroots_orgs_non_state")}
    org_move(actor=w.root_user, org=year2024.new_cell, parent=w.local, effective_on=date(2026, 2, 1),
             document="12-QĐ/TU")
    after = {c: value(w.admin, c, w.bloc) for c in before}
    assert after == before == {"admissions": 3, "members_at_end": 5, "new_grassroots_orgs": 2,
                               "new_grassroots_orgs_non_state": 1}
    # Today the moved cell and its member count under the local committee.
    assert value(w.admin, "members_at_end", w.local, date(2026, 1, 1), date(2026, 3, 1)) == 3  # Ánh, Hải, Long


def test_rating_shares_of_a_closed_round(world):
    r = rating_round_open(actor=world.officer, organization=world.bloc, year=2025)
    rating_entries_record(actor=world.officer, rating_round=r, entries=[
        {"member_id": world.hanh.pk, "level": "good", "score": 80},
        {"organization_id": world.committee.pk, "level": "excellent", "score": 92, "all_tasks_done": True,
         "tasks_total": 10, "tasks_beyond": 3, "no_discipline": True},  # the 366-QĐ/TW conditions of xuất sắc
        {"organization_id": world.cell_c.pk, "level": "done", "score": 60},
    ])
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    # Open round: no data yet.
    assert value(world.officer, "orgs_good_or_better_percent", world.bloc, start, end) is None
    rating_round_confirm(actor=world.officer, rating_round=r)
    assert value(world.officer, "orgs_good_or_better_percent", world.bloc, start, end) == Decimal("50.00")
    assert value(world.officer, "members_good_or_better_percent", world.bloc, start, end) == Decimal("100.00")


def test_meetings_good_share(world):
    cs = criteria_set_create(
        actor=world.officer, organization=world.bloc, name="Bộ tiêu chí", valid_from=date(2026, 1, 1),
        criteria=[{"name": "Chuẩn bị", "weight": 15}, {"name": "Dự họp", "weight": 20},
                  {"name": "Tiến hành", "weight": 45}, {"name": "Kết thúc", "weight": 20}], document="1-HD/ĐUK",
    )
    crit = list(cs.criteria.all())

    def rec(cell, month, pts):
        meeting_record(actor=world.root_user, cell=cell, year=2026, month=month, held_on=date(2026, month, 5),
                       present=1 if cell == world.cell_a else 0, excused=0, absent=0,
                       scores={c.pk: p for c, p in zip(crit, pts, strict=True)})

    rec(world.cell_a, 1, [15, 20, 45, 20])  # 100: Tốt
    rec(world.cell_a, 2, [15, 20, 40, 10])  # 85: Khá
    rec(world.cell_c, 1, [15, 20, 45, 15])  # 95: Tốt
    assert value(world.officer, "meetings_good_percent", world.bloc, date(2026, 1, 1), date(2026, 2, 28)) \
        == Decimal("66.67")
    assert value(world.officer, "meetings_good_percent", world.bloc, date(2026, 2, 1), date(2026, 2, 28)) == 0


def test_mass_organisations_founded_and_rated(scenario, world):
    # The scenario's enterprises followed by the bloc: e1, e2, e5 (zone of the bloc) and e1 through cell_c.
    es.mass_org_found(actor=world.root_user, enterprise=scenario.e2, kind="youth_union", founded_on=date(2025, 3, 1))
    es.mass_org_found(actor=world.root_user, enterprise=scenario.e1, kind="youth_federation",
                      founded_on=date(2025, 4, 1))
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    unions = value(world.officer, "new_trade_unions_non_state", world.bloc, start, end)
    assert value(world.officer, "new_youth_orgs_non_state", world.bloc, start, end) == 2
    assert unions == len([m for m in scenario.e1.mass_orgs.all() if m.kind == "trade_union"
                          and m.founded_on.year == 2025]) + len(
        [m for m in scenario.e2.mass_orgs.all() if m.kind == "trade_union" and m.founded_on.year == 2025])
    es.mass_org_rate(actor=world.root_user, mass_org=scenario.union1, year=2025, level="strong")
    assert value(world.officer, "mass_orgs_strong_percent", world.bloc, start, end) == Decimal("100.00")


def test_scope_and_bad_input(year2024):
    w = year2024.world
    with pytest.raises(NotVisible):
        value(w.other_secretary, "admissions", w.bloc)
    with pytest.raises(DomainError) as e:
        value(w.officer, "no_such", w.bloc)
    assert e.value.rule == "indicator_unknown"
    with pytest.raises(DomainError) as e:
        value(w.officer, "admissions", w.bloc, Y_END, Y_START)
    assert e.value.rule == "period_order"


def test_a_committee_dissolved_mid_year_is_assessed_to_its_last_day(world):
    from dangvu.members.restructuring import org_dissolve
    from dangvu.orgs.services import org_found
    from dangvu.targets.selectors import target_report
    from dangvu.targets.services import target_create

    cell = org_found(actor=world.root_user, name="Chi bộ Ban Quản lý dự án", kind="grassroots_cell",
                     parent=world.bloc, founded_on=date(2024, 1, 1), sector="state_agency")
    target_create(actor=world.officer, organization=cell, indicator="admissions", comparison="at_least", value=1,
                  year=2024)
    org_dissolve(actor=world.root_user, org=cell, effective_on=date(2024, 6, 1), document="9-QĐ/ĐUK")
    row = target_report(world.officer, cell, year=2024, on=date(2024, 7, 1)).rows[0]
    assert row.end == date(2024, 5, 31)
    assert row.achievement.actual == 0 and row.achievement.status == "not_met"  # over, not "in progress"


def test_badges_awarded(world):
    from dangvu.members.badges import BadgeItem, badge_award
    from dangvu.members.services import member_record

    veteran = member_record(
        actor=world.root_user, organization=world.cell_a, full_name="Đỗ Văn Thành", sex="M",
        birth_date=date(1965, 1, 1), admitted_on=date(1995, 1, 10), ceremony_on=date(1995, 1, 20),
        full_on=date(1996, 1, 20), joined_on=date(2008, 3, 1),
    )
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    assert value(world.officer, "badges_awarded", world.bloc, start, end) == 0
    badge_award(actor=world.officer, occasion_on=date(2025, 9, 2), document="15-QĐ/ĐUK",
                items=[BadgeItem(member=veteran, years=30)])
    assert value(world.officer, "badges_awarded", world.bloc, start, end) == 1
    assert value(world.admin, "badges_awarded", world.local, start, end) == 0
    assert value(world.officer, "badges_awarded", world.bloc, date(2024, 1, 1), date(2024, 12, 31)) == 0
