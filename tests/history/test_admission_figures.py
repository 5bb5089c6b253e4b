"""Admission figures count each event in the subtree it lay in on its own date (issue 11, point 1)."""

from datetime import date

from dangvu.admissions.selectors import admission_figures
from dangvu.members.services import member_record
from dangvu.orgs.services import org_move


def _admit(w, org, name, on):
    return member_record(
        actor=w.root_user, organization=org, full_name=name, sex="F", birth_date=date(1996, 1, 1),
        admitted_on=on, ceremony_on=on,
    )


def test_2024_admissions_stay_with_the_committee_that_held_the_cell_then(world):
    m = _admit(world, world.cell_a, "Phạm Thị Mai", date(2024, 5, 1))
    year = {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}
    before = {o.pk: admission_figures(world.root_user, o, **year).admissions for o in
              (world.committee, world.bloc, world.local, world.province)}
    assert before[world.committee.pk]["all"] == [m.pk]
    # The grassroots committee (with its cells) moves under the local committee in 2025.
    org_move(actor=world.root_user, org=world.committee, parent=world.local, effective_on=date(2025, 7, 1))
    after = {o.pk: admission_figures(world.root_user, o, **year).admissions for o in
             (world.committee, world.bloc, world.local, world.province)}
    assert after == before
    assert after[world.local.pk]["all"] == []
    # Its 2025 admissions count under the local committee, not the bloc.
    m2 = _admit(world, world.cell_b, "Phạm Thị Lan", date(2025, 8, 1))
    y25 = {"start": date(2025, 1, 1), "end": date(2025, 12, 31)}
    assert admission_figures(world.root_user, world.local, **y25).admissions["all"] == [m2.pk]
    assert admission_figures(world.root_user, world.bloc, **y25).admissions["all"] == []
