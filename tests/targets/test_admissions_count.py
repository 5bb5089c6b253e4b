"""The admissions indicator counts with admissions.selectors.admissions_count: one COUNT query, the same rule as
admission_figures (one definition of what counts), before and after a later restructuring."""

from datetime import date

import pytest

from dangvu.admissions.selectors import admission_figures, admissions_count
from dangvu.core.errors import DomainError, NotVisible
from dangvu.orgs.services import org_move
from dangvu.targets.selectors import indicator_value

PERIODS = [(date(2024, 1, 1), date(2024, 12, 31)), (date(2024, 3, 1), date(2024, 3, 1)),
           (date(2023, 1, 1), date(2026, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31))]


def test_the_count_is_the_figures_admitted(year2024):
    w = year2024.world
    for org in (w.province, w.bloc, w.local, w.committee, w.cell_a, year2024.new_cell):
        for start, end in PERIODS:
            expected = admission_figures(w.admin, org, start=start, end=end).admitted
            assert admissions_count(w.admin, org, start=start, end=end) == expected, (org.name, start, end)
    assert admissions_count(w.officer, w.bloc, start=date(2024, 1, 1), end=date(2024, 12, 31)) == 3
    org_move(actor=w.root_user, org=year2024.new_cell, parent=w.local, effective_on=date(2026, 2, 1),
             document="12-QĐ/TU")
    for org in (w.bloc, w.local):
        expected = admission_figures(w.admin, org, start=date(2024, 1, 1), end=date(2026, 12, 31)).admitted
        assert admissions_count(w.admin, org, start=date(2024, 1, 1), end=date(2026, 12, 31)) == expected
    assert admissions_count(w.admin, w.bloc, start=date(2024, 1, 1), end=date(2024, 12, 31)) == 3


def test_one_query_and_the_indicator_uses_it(year2024, django_assert_num_queries):
    w = year2024.world
    w.officer.refresh_from_db()
    admissions_count(w.officer, w.bloc, start=date(2024, 1, 1), end=date(2024, 12, 31))  # the scope, loaded once
    with django_assert_num_queries(1):
        assert admissions_count(w.officer, w.bloc, start=date(2024, 1, 1), end=date(2024, 12, 31)) == 3
    assert indicator_value(w.officer, "admissions", w.bloc, start=date(2024, 1, 1), end=date(2024, 12, 31)) == 3


def test_scope_and_period_are_checked(year2024):
    w = year2024.world
    with pytest.raises(NotVisible):
        admissions_count(w.other_secretary, w.bloc, start=date(2024, 1, 1), end=date(2024, 12, 31))
    with pytest.raises(DomainError) as e:
        admissions_count(w.officer, w.bloc, start=date(2024, 12, 31), end=date(2024, 1, 1))
    assert e.value.rule == "period_order"
