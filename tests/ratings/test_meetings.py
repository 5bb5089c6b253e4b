from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from dangvu.core.errors import NotAllowed, NotVisible
from dangvu.ratings.models import CellMeeting, MassOrgRating
from dangvu.ratings.rules import meeting_grade, year_qualifies_good
from dangvu.ratings.selectors import cell_year, criteria_set_for, mass_org_ratings_for, meetings_month
from dangvu.ratings.services import criteria_set_create, mass_org_rating_record, meeting_record

from .conftest import COMMON_CRITERIA, refused


def _scores(cs, values):
    return {c.pk: v for c, v in zip(cs.criteria.all(), values, strict=True)}


def test_grade_band_edges():
    assert meeting_grade(Decimal("90")) == "good"
    assert meeting_grade(Decimal("89.99")) == "fair"
    assert meeting_grade(Decimal("70")) == "fair"
    assert meeting_grade(Decimal("69.99")) == "average"
    assert meeting_grade(Decimal("50")) == "average"
    assert meeting_grade(Decimal("49.99")) == "poor"
    assert meeting_grade(Decimal("100"), required_full=False) == "fair"


def test_year_rule_needs_every_meeting_fair_or_better_and_seven_good():
    assert year_qualifies_good(["good"] * 7 + ["fair"] * 5)
    assert not year_qualifies_good(["good"] * 6 + ["fair"] * 6)
    assert not year_qualifies_good(["good"] * 11 + ["average"])
    assert not year_qualifies_good(["good"] * 11 + [None])


def test_criteria_set_weights_must_sum_to_100(world):
    bad = [dict(c) for c in COMMON_CRITERIA]
    bad[0]["weight"] = 16
    e = refused(
        "criteria_total", criteria_set_create, actor=world.officer, organization=world.bloc, name="Sai",
        valid_from=date(2026, 1, 1), criteria=bad,
    )
    assert "101" in e.message
    refused(
        "criterion_weight", criteria_set_create, actor=world.officer, organization=world.bloc, name="Sai",
        valid_from=date(2026, 1, 1), criteria=[{"name": "A", "weight": 0}, {"name": "B", "weight": 100}],
    )
    with pytest.raises(NotAllowed):
        criteria_set_create(
            actor=world.secretary, organization=world.cell_a, name="X", valid_from=date(2026, 1, 1),
            criteria=COMMON_CRITERIA,
        )


def test_the_nearest_committee_criteria_set_applies(world, criteria):
    assert criteria_set_for(world.cell_a, date(2026, 3, 5)) == criteria
    assert criteria_set_for(world.cell_a, date(2025, 12, 5)) is None
    own = criteria_set_create(
        actor=world.officer, organization=world.committee, name="Bộ tiêu chí Sở Y tế",
        valid_from=date(2026, 6, 1), criteria=[{"name": "Chung", "weight": 100}],
    )
    assert criteria_set_for(world.cell_a, date(2026, 6, 5)) == own
    assert criteria_set_for(world.cell_c, date(2026, 6, 5)) == criteria


def test_meeting_grade_is_computed_from_the_scores(world, criteria):
    m = meeting_record(
        actor=world.secretary, cell=world.cell_a, year=2026, month=3, held_on=date(2026, 3, 5),
        present=1, excused=0, absent=0, scores=_scores(criteria, [15, 20, "44,99", 20]), notes="Chuyên đề",
    )
    assert m.total == Decimal("99.99") and m.grade == "good" and m.headcount == 1
    # 90 points but the attendance criterion (required for Tốt) not full: Khá.
    m = meeting_record(
        actor=world.secretary, cell=world.cell_a, year=2026, month=4, held_on=date(2026, 4, 5),
        present=1, excused=0, absent=0, scores=_scores(criteria, [15, 19, 45, 11]),
    )
    assert m.total == Decimal(90) and m.grade == "fair"
    m = meeting_record(
        actor=world.secretary, cell=world.cell_a, year=2026, month=5, held_on=date(2026, 5, 5),
        present=1, excused=0, absent=0, scores=_scores(criteria, [15, 20, "34,99", 20]),
    )
    assert m.total == Decimal("89.99") and m.grade == "fair"


def test_meeting_checks_refuse_with_vietnamese_messages(world, criteria):
    base = dict(
        actor=world.secretary, cell=world.cell_a, year=2026, month=3, held_on=date(2026, 3, 5), present=1,
        excused=0, absent=0, scores=_scores(criteria, [15, 20, 45, 20]),
    )
    e = refused("attendance", meeting_record, **{**base, "present": 2})
    assert "(1)" in e.message
    refused("meeting_month", meeting_record, **{**base, "held_on": date(2026, 4, 1)})
    refused("criterion_score", meeting_record, **{**base, "scores": _scores(criteria, [16, 20, 45, 20])})
    refused("criterion_score", meeting_record, **{**base, "scores": _scores(criteria, [15, 20, 45, None])})
    refused("no_criteria_set", meeting_record, **{**base, "year": 2025, "held_on": date(2025, 3, 5)})
    refused("not_a_cell", meeting_record, **{**base, "actor": world.officer, "cell": world.committee})
    meeting_record(**base)
    refused("meeting_duplicate", meeting_record, **base)
    meeting_record(**{**base, "scores": _scores(criteria, [0, 20, 45, 20]), "replace": True})
    assert CellMeeting.objects.get(cell=world.cell_a, month=3).grade == "fair"


def test_it_validates_scope(world, criteria):
    with pytest.raises(NotVisible):
        meeting_record(
            actor=world.other_secretary, cell=world.cell_a, year=2026, month=3, held_on=date(2026, 3, 5),
            present=1, excused=0, absent=0, scores=_scores(criteria, [15, 20, 45, 20]),
        )
    with pytest.raises(NotVisible):
        meetings_month(world.other_secretary, world.bloc.pk, 2026, 3)
    with pytest.raises(NotVisible):
        cell_year(world.secretary, world.cell_b.pk, 2026)


def test_month_view_lists_cells_without_a_meeting(world, criteria, django_assert_max_num_queries):
    meeting_record(
        actor=world.secretary, cell=world.cell_a, year=2026, month=3, held_on=date(2026, 3, 5),
        present=1, excused=0, absent=0, scores=_scores(criteria, [15, 20, 45, 20]),
    )
    with django_assert_max_num_queries(5):
        view = meetings_month(world.officer, world.bloc.pk, 2026, 3)
    assert [r.cell_id for r in view.rows] == [world.cell_a.pk, world.cell_b.pk, world.cell_c.pk]
    assert view.done == 1 and [r.cell_id for r in view.missing] == [world.cell_b.pk, world.cell_c.pk]
    assert view.grade_counts["good"] == 1


def test_cell_year_has_twelve_grades(world, criteria):
    for month in range(1, 11):
        values = [15, 20, 45, 20] if month <= 7 else [15, 20, 35, 10]
        meeting_record(
            actor=world.secretary, cell=world.cell_a, year=2026, month=month, held_on=date(2026, month, 5),
            present=0, excused=1, absent=0, scores=_scores(criteria, values),
        )
    y = cell_year(world.secretary, world.cell_a.pk, 2026)
    assert y.grades == ["good"] * 7 + ["fair"] * 3 + [None, None]
    assert y.good_count == 7 and not y.qualifies_good  # November and December not recorded yet


def test_mass_org_ratings_are_recorded_per_year_with_levels_of_their_kind(world):
    # Any model serves as subject here; enterprises' mass organisations will in production.
    subject = User.objects.create_user("cong-doan")
    refused(
        "mass_org_level", mass_org_rating_record, actor=world.officer, subject=subject, organization=world.cell_c,
        kind="trade_union", year=2025, level="excellent",
    )
    mass_org_rating_record(
        actor=world.officer, subject=subject, organization=world.cell_c, kind="trade_union", year=2025,
        level="strong", document="05-QĐ/CĐ",
    )
    mass_org_rating_record(
        actor=world.officer, subject=subject, organization=world.cell_c, kind="trade_union", year=2025, level="good"
    )
    assert MassOrgRating.objects.count() == 1
    assert mass_org_ratings_for([subject], 2025) == {subject.pk: "good"}
    assert mass_org_ratings_for([subject], 2024) == {}
    with pytest.raises(NotVisible):
        mass_org_rating_record(
            actor=world.other_secretary, subject=subject, organization=world.cell_c, kind="trade_union",
            year=2025, level="good",
        )
