"""Badges: the due list at the edges of a milestone, a gap in membership delays it, milestones already held left
out, early and posthumous candidates flagged; the bulk award refuses members not due or already holding it."""

from datetime import date

import pytest

from dangvu.core.errors import DomainError, NotVisible
from dangvu.members.badges import BadgeItem, badge_award, badges_due
from dangvu.members.models import BadgeAward
from dangvu.members.services import member_exempt, member_leave
from tests.documents.conftest import veteran, with_gap

OCCASION = date(2026, 2, 3)


def _due(world, org=None, on=OCCASION):
    return {(r.full_name, r.years, r.flag) for r in badges_due(world.officer, org or world.bloc, on)}


def test_the_day_of_the_milestone_is_due_and_the_day_before_is_not(world):
    veteran(world, "Phạm Văn Đúng", date(1996, 2, 3))  # 30 years exactly on 3/2/2026
    short = veteran(world, "Phạm Văn Thiếu", date(1996, 2, 4))  # 30 years on 4/2/2026: one day short
    due = _due(world)
    assert ("Phạm Văn Đúng", 30, "") in due
    assert not any(n == "Phạm Văn Thiếu" for n, _, _ in due)
    # Exempted from activity (illness): offered as an early award, flagged for a decision.
    member_exempt(actor=world.root_user, member=short, effective_on=date(2025, 6, 1))
    assert ("Phạm Văn Thiếu", 30, "early") in _due(world)


def test_a_gap_in_membership_delays_the_badge(world):
    m = veteran(world, "Hoàng Văn Gián", date(1994, 2, 3))  # 32 years since admission on 3/2/2026
    with_gap(world, m, date(2010, 1, 3), date(2013, 1, 3))  # 3 years out: 29 years of party age
    # Without the gap he would be due (32 years since admission); with it, not yet.
    assert not any(n == "Hoàng Văn Gián" for n, _, _ in _due(world))
    # 19/5/2027: 30 years and 3 months of party age.
    assert ("Hoàng Văn Gián", 30, "") in _due(world, on=date(2027, 5, 19))


def test_highest_milestone_reached_and_held_ones_left_out(world):
    m = veteran(world, "Đỗ Văn Lão", date(1980, 11, 7))  # 45 years on 7/11/2025
    assert ("Đỗ Văn Lão", 45, "") in _due(world)
    badge_award(actor=world.officer, occasion_on=date(2025, 11, 7), document="120-QĐ/TU",
                items=[BadgeItem(member=m, years=45)])
    assert not any(n == "Đỗ Văn Lão" for n, _, _ in _due(world))


def test_posthumous_candidates_are_flagged(world):
    m = veteran(world, "Vũ Văn Cố", date(1996, 6, 1))
    member_leave(actor=world.root_user, member=m, kind="deceased", effective_on=date(2025, 12, 1))
    # 29 years 6 months at death: within 12 months of 30.
    assert ("Vũ Văn Cố", 30, "posthumous") in _due(world)
    with pytest.raises(DomainError) as e:
        badge_award(actor=world.officer, occasion_on=OCCASION, document="1-QĐ/TU",
                    items=[BadgeItem(member=m, years=30)])
    assert e.value.rule == "badge_not_due"
    [a] = badge_award(actor=world.officer, occasion_on=OCCASION, document="1-QĐ/TU",
                      items=[BadgeItem(member=m, years=30, posthumous=True)])
    assert a.posthumous and a.party_age == 29


def test_award_refuses_not_due_and_duplicates_writing_nothing(world):
    ok = veteran(world, "Phạm Văn Đúng", date(1996, 2, 3))
    young = world.hanh  # admitted 2000
    items = [BadgeItem(member=ok, years=30), BadgeItem(member=young, years=30)]
    with pytest.raises(DomainError) as e:
        badge_award(actor=world.officer, occasion_on=OCCASION, document="5-QĐ/TU", items=items)
    assert e.value.rule == "badge_not_due" and young.full_name in e.value.message
    assert BadgeAward.objects.count() == 0
    badge_award(actor=world.officer, occasion_on=OCCASION, document="5-QĐ/TU", items=items[:1])
    with pytest.raises(DomainError) as e:
        badge_award(actor=world.officer, occasion_on=date(2026, 5, 19), document="6-QĐ/TU", items=items[:1])
    assert e.value.rule == "badge_duplicate"
    with pytest.raises(DomainError) as e:
        badge_award(actor=world.officer, occasion_on=date(2026, 5, 20), document="6-QĐ/TU", items=items[:1])
    assert e.value.rule == "badge_occasion"
    assert BadgeAward.objects.count() == 1


def test_scope(world):
    veteran(world, "Lê Văn Xa", date(1990, 2, 3), org=world.cell_l)
    assert _due(world) == set()  # the bloc's list does not hold the local committee's member
    with pytest.raises(NotVisible):
        badges_due(world.officer, world.local, OCCASION)


def test_due_list_query_count_is_fixed(world, django_assert_max_num_queries):
    for i in range(12):
        veteran(world, f"Nguyễn Văn Cựu {i}", date(1980 + i, 2, 3))
    with django_assert_max_num_queries(10):
        rows = badges_due(world.officer, world.bloc, OCCASION)
    assert len(rows) == 12


def test_awards_feed_the_badges_awarded_indicator(world):
    from dangvu.targets.selectors import indicator_value

    m = veteran(world, "Phạm Văn Đúng", date(1996, 2, 3))
    badge_award(actor=world.officer, occasion_on=OCCASION, document="5-QĐ/TU", items=[BadgeItem(member=m, years=30)])
    assert indicator_value(world.officer, "badges_awarded", world.bloc, start=date(2026, 1, 1),
                           end=date(2026, 12, 31)) == 1


def test_due_list_reads_events_as_rows_not_instances(world, monkeypatch):
    """~4.000 MemberEvent instances were most of /documents/badges/ at bloc scale: the events party age reads are
    light rows now, and the answer is the same (a gap, a death, an exemption included)."""
    from django.db.models import Model

    for i in range(6):
        veteran(world, f"Nguyễn Văn Cựu {i}", date(1980 + i, 2, 3))
    gap = veteran(world, "Hoàng Văn Gián", date(1994, 2, 3))
    with_gap(world, gap, date(2010, 1, 3), date(2013, 1, 3))
    made: list[str] = []
    original = Model.from_db.__func__  # type: ignore[attr-defined]

    def from_db(cls, db, names, values):
        made.append(cls.__name__)
        return original(cls, db, names, values)

    monkeypatch.setattr(Model, "from_db", classmethod(from_db))
    rows = _due(world)
    monkeypatch.undo()
    assert "MemberEvent" not in made
    assert {n for n, _, _ in rows} == {f"Nguyễn Văn Cựu {i}" for i in range(6)}  # Gián not yet (29 years)
    assert ("Hoàng Văn Gián", 30, "") in _due(world, on=date(2027, 5, 19))


def test_a_secretary_sees_her_cell_in_the_committee_filter(world):
    from django.test import Client

    c = Client()
    c.force_login(world.secretary)
    for path in ("/documents/badges/", "/documents/conferences/", "/documents/regulations/", "/documents/tasks/"):
        body = c.get(path).content.decode()
        options = body.split('<select name="organization_id">', 1)[1].split("</select>", 1)[0]
        assert f'<option value="{world.cell_a.pk}" selected>{world.cell_a.name}</option>' in options, path
