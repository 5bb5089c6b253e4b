"""The monthly meeting's quality counts the regular meetings only (RULES.md: each cell's regular meeting every month,
graded by the criteria set); a thematic meeting held in the same month is no second monthly meeting. One
definition (ratings.selectors.regular_meeting_grades) behind the month view, the targets' indicator and the
meetings report."""

from datetime import date
from decimal import Decimal

from dangvu.ratings.selectors import meetings_month, regular_meeting_grades
from dangvu.ratings.services import criteria_set_create, meeting_record
from dangvu.reports.catalog import build_report
from dangvu.targets.selectors import indicator_value

from .conftest import COMMON_CRITERIA

FULL = [15, 20, 45, 20]  # 100: Tốt
FAIR = [15, 20, 40, 10]  # 85: Khá


def _meet(world, cs, held_on, values, *, cell=None, kind="regular"):
    scores = {c.pk: v for c, v in zip(cs.criteria.all(), values, strict=True)}
    return meeting_record(
        actor=world.root_user, cell=cell or world.cell_a, year=held_on.year, month=held_on.month, held_on=held_on,
        present=1, excused=0, absent=0, scores=scores, kind=kind,
        topic="Học tập Nghị quyết" if kind == "thematic" else "",
    )


def _month_with_both(world):
    cs = criteria_set_create(
        actor=world.officer, organization=world.bloc, name="Bộ tiêu chí 2026", valid_from=date(2026, 1, 1),
        criteria=COMMON_CRITERIA, document="12-HD/ĐUK",
    )
    _meet(world, cs, date(2026, 3, 5), FAIR)  # the regular meeting of March: Khá
    _meet(world, cs, date(2026, 3, 19), FULL, kind="thematic")  # a thematic one the same month: Tốt
    return cs


def test_a_thematic_meeting_is_not_counted_in_the_monthly_grades(world):
    _month_with_both(world)
    grades = regular_meeting_grades([world.cell_a.pk], date(2026, 3, 1), date(2026, 3, 31))
    assert grades == {"good": 0, "fair": 1, "average": 0, "poor": 0}
    assert meetings_month(world.officer, world.bloc.pk, 2026, 3).grade_counts == grades


def test_the_targets_indicator_counts_regular_meetings_only(world):
    cs = _month_with_both(world)
    march = (date(2026, 3, 1), date(2026, 3, 31))
    # One regular meeting graded, Khá: 0% Tốt (counting the thematic Tốt too would say 50%).
    assert indicator_value(world.officer, "meetings_good_percent", world.bloc, start=march[0], end=march[1]) \
        == Decimal("0.00")
    _meet(world, cs, date(2026, 4, 6), FULL)  # April regular: Tốt
    _meet(world, cs, date(2026, 4, 20), FAIR, kind="thematic")
    assert indicator_value(world.officer, "meetings_good_percent", world.bloc, start=march[0],
                           end=date(2026, 4, 30)) == Decimal("50.00")


def test_the_meetings_report_follows_the_same_definition(world):
    _month_with_both(world)
    report = build_report(world.officer, "meetings", world.bloc, on=date(2026, 3, 31), start=date(2026, 1, 1),
                          end=date(2026, 3, 31), year=2026)
    march = report.tables[0].rows[2]
    cols = [c.key for c in report.tables[0].columns]
    assert march[0] == "Tháng 3/2026"
    assert (march[cols.index("good")], march[cols.index("fair")], march[cols.index("thematic")]) == (0, 1, 1)
