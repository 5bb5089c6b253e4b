"""One definition of "status of a member on date D", seen the same by every page and report.

Phúc was admitted in 2010, became full in 2011, was struck off in 2019 and readmitted in 2024 (a new 12-month
probation), then recognised full again in 2025. Every reader must see: full in 2015, not a member in 2020,
probationary in mid-2024, full again in mid-2025."""

from datetime import date

import pytest

from dangvu.admissions.selectors import admission_figures, probation_due
from dangvu.members.selectors import members_of, status_on, statuses_on
from dangvu.members.services import member_record, member_record_event
from dangvu.ratings.population import population_on
from dangvu.reports.selectors import membership_flow
from dangvu.web.views import _summary

FULL_THEN = date(2015, 6, 1)
OUT_THEN = date(2020, 1, 1)
READMITTED_ON = date(2024, 2, 1)
PROBATIONARY_THEN = date(2024, 6, 1)
FULL_AGAIN_ON = date(2025, 2, 20)  # 12 months after the readmission, within the recognition grace
FULL_AGAIN_THEN = date(2025, 6, 1)


@pytest.fixture
def phuc(world):
    m = member_record(
        actor=world.root_user, organization=world.cell_c, full_name="Lý Văn Phúc", sex="M",
        birth_date=date(1985, 4, 4), admitted_on=date(2010, 3, 1), ceremony_on=date(2010, 3, 15),
        full_on=date(2011, 3, 15), joined_on=date(2015, 6, 1),
    )
    # Struck off, not expelled: an expelled member is never readmitted (Quy định 294-QĐ/TW).
    member_record_event(actor=world.root_user, member=m, kind="struck_off", effective_on=date(2019, 5, 1))
    m.refresh_from_db()
    member_record_event(actor=world.root_user, member=m, kind="readmitted", effective_on=READMITTED_ON)
    m.refresh_from_db()
    member_record_event(actor=world.root_user, member=m, kind="recognised_full", effective_on=FULL_AGAIN_ON)
    m.refresh_from_db()
    return m


def test_status_on_follows_admission_expulsion_and_readmission(phuc):
    assert status_on(phuc, FULL_THEN) == "full"
    assert status_on(phuc, OUT_THEN) is None
    assert status_on(phuc, PROBATIONARY_THEN) == "probationary"
    assert status_on(phuc, FULL_AGAIN_ON - date.resolution) == "probationary"
    assert status_on(phuc, FULL_AGAIN_ON) == "full"
    assert statuses_on([phuc.pk], FULL_THEN) == {phuc.pk: "full"}
    assert statuses_on([phuc.pk], OUT_THEN) == {}


@pytest.mark.parametrize(
    ("on", "status"), [(FULL_THEN, "full"), (PROBATIONARY_THEN, "probationary"), (FULL_AGAIN_THEN, "full")]
)
def test_member_list_filters_and_shows_the_status_of_the_date(world, phuc, on, status):
    other = "probationary" if status == "full" else "full"
    shown = {r.member.pk: r.status_on for r in members_of(world.officer, world.bloc, on=on).items}
    assert shown[phuc.pk] == status
    assert phuc.pk in [r.member.pk for r in members_of(world.officer, world.bloc, on=on, status=status).items]
    assert phuc.pk not in [r.member.pk for r in members_of(world.officer, world.bloc, on=on, status=other).items]


def test_member_list_leaves_him_out_while_expelled(world, phuc):
    assert phuc.pk not in [r.member.pk for r in members_of(world.officer, world.bloc, on=OUT_THEN).items]


def test_ratings_population_marks_probationary_by_the_reference_date(world, phuc):
    assert population_on(world.bloc.path, date(2015, 12, 31)).members[phuc.pk][1] is False
    assert population_on(world.bloc.path, date(2024, 12, 31)).members[phuc.pk][1] is True
    assert population_on(world.bloc.path, date(2025, 12, 31)).members[phuc.pk][1] is False


def test_dashboard_counts_him_probationary_only_after_readmission(world, phuc):
    # Bình (cell_b) is admitted in 2026; before that the bloc's only probationary member can be Phúc.
    assert _summary(world.bloc, "", FULL_THEN).probationary == 0
    assert _summary(world.bloc, "", PROBATIONARY_THEN).probationary == 1
    assert _summary(world.bloc, "", FULL_AGAIN_THEN).probationary == 0


def test_probation_list_starts_his_probation_at_the_readmission(world, phuc):
    rows = probation_due(world.officer, world.bloc, on=date(2025, 1, 20), within_days=30)
    row = next(r for r in rows if r.member.pk == phuc.pk)
    assert (row.start, row.due_on) == (READMITTED_ON, date(2025, 2, 1))
    assert not [r for r in probation_due(world.officer, world.bloc, on=FULL_THEN, within_days=400)
                if r.member.pk == phuc.pk]


def test_admission_figures_count_his_recognition_on_time(world, phuc):
    figures = admission_figures(world.officer, world.bloc, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert phuc.pk in figures.recognitions["on_time"]
    assert phuc.pk not in figures.recognitions["late"]


def test_flow_counts_the_striking_off_and_the_readmission(world, phuc):
    assert membership_flow(world.officer, world.bloc, start=date(2019, 1, 1), end=date(2019, 12, 31)).outflows[
        "struck_off"
    ] == 1
    assert membership_flow(world.officer, world.bloc, start=date(2024, 1, 1), end=date(2024, 12, 31)).inflows[
        "readmitted"
    ] == 1
