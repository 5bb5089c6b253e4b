from datetime import date, timedelta

import pytest

from dangvu.admissions import services
from dangvu.admissions.selectors import admission_figures, candidates_of, courses_of, probation_due
from dangvu.core.dates import add_months, today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.members.services import member_record
from dangvu.orgs.scope import scope_of

from .conftest import new_candidate, passed


def _probationary(w, name, ceremony_on, org=None):
    return member_record(
        actor=w.root_user, organization=org or w.cell_a, full_name=name, sex="M", birth_date=date(1990, 1, 1),
        admitted_on=ceremony_on - timedelta(days=5), ceremony_on=ceremony_on,
    )


def test_probation_lists_upcoming_due_and_overdue_with_the_new_member_course(world):
    t = today()
    upcoming = _probationary(world, "Đỗ Văn Sắp", add_months(t, -12) + timedelta(days=10))
    due = _probationary(world, "Đỗ Văn Đến", add_months(t, -12) - timedelta(days=3))
    overdue = _probationary(world, "Đỗ Văn Quá", add_months(t, -12) - timedelta(days=100))
    _probationary(world, "Đỗ Văn Xa", add_months(t, -12) + timedelta(days=200))
    course = services.course_create(actor=world.officer, organizer=world.bloc, kind="new_member",
                                    name="Lớp đảng viên mới", starts_on=t - timedelta(days=60),
                                    ends_on=t - timedelta(days=50))
    (e,) = services.course_enroll(actor=world.officer, course=course, members=[due])
    services.enrollment_record_results(actor=world.officer, course=course,
                                       results=[{"enrollment_id": e.pk, "attended": True, "result": "passed"}])
    rows = probation_due(world.officer, world.bloc, on=t, within_days=30)
    assert [(r.member.full_name, r.which, r.days) for r in rows] == [
        ("Đỗ Văn Quá", "overdue", -100), ("Đỗ Văn Đến", "due", -3), ("Đỗ Văn Sắp", "upcoming", 10),
    ]
    assert [r.course_status for r in rows] == ["", "passed", ""]
    assert rows[0].organization_name == "Chi bộ Văn phòng Sở"
    assert [r.member.pk for r in probation_due(world.officer, world.bloc, on=t, which="overdue")] == [overdue.pk]
    # Bình (cell_b, ceremony 15/01/2026) appears once 365 days ahead are asked for; upcoming is in cell_a only.
    assert world.binh.pk in [r.member.pk for r in probation_due(world.officer, world.bloc, on=t, within_days=400)]
    assert upcoming.pk not in [r.member.pk for r in probation_due(world.officer, world.cell_b, on=t)]
    with pytest.raises(NotVisible):
        probation_due(world.other_secretary, world.bloc, on=t)
    with pytest.raises(DomainError):
        probation_due(world.officer, world.bloc, on=t, within_days=-1)


def test_probation_list_has_a_fixed_query_count(world, django_assert_max_num_queries):
    t = today()
    for i in range(6):
        _probationary(world, f"Người {i}", add_months(t, -12) - timedelta(days=i))
    scope_of(world.officer)  # cached on the user for the request
    with django_assert_max_num_queries(5):
        rows = probation_due(world.officer, world.bloc, on=t)
    assert len(rows) == 6


def test_lists_have_fixed_query_counts(world, django_assert_max_num_queries):
    for i in range(5):
        new_candidate(world, f"Quần chúng {i}")
    scope_of(world.officer)
    with django_assert_max_num_queries(2):
        page = candidates_of(world.officer, world.bloc)
        [c.organization.name for c in page.items]
    assert page.count == 5
    with django_assert_max_num_queries(2):
        assert courses_of(world.officer, world.bloc).count == 0
    assert candidates_of(world.officer, world.committee).count == 0
    with pytest.raises(NotVisible):
        candidates_of(world.other_secretary, world.bloc)


def test_figures_on_a_hand_built_scenario(world, django_assert_max_num_queries):
    """2024: one awareness course (3 enrolled), one new-member course (1 enrolled). Admitted in 2024: Hà (woman,
    26, FDI enterprise, cell_c non-state), Minh (man, 40, owner of a private enterprise, Tày); withdrawn: one;
    proposed: one. Bình (admitted 2026) is outside the period. Counted by hand below."""
    ha = new_candidate(world, "Phạm Thị Thu Hà", birth_date=date(1998, 3, 4), enterprise_ownership="fdi")
    minh = new_candidate(world, "Hoàng Văn Minh", birth_date=date(1984, 1, 1), enterprise_ownership="private",
                         owner_role="owner", ethnic_group="Tày", sex="M")
    out = new_candidate(world, "Lê Văn Dừng", sex="M")
    new_candidate(world, "Ngô Thị Mới")
    course = services.course_create(actor=world.officer, organizer=world.bloc, kind="awareness", name="Lớp 1",
                                    starts_on=date(2024, 4, 8), ends_on=date(2024, 4, 12))
    services.course_enroll(actor=world.officer, course=course, candidates=[out])
    passed(world, ha, course)
    passed(world, minh, course)
    services.candidate_withdraw(actor=world.officer, candidate=out, on=date(2024, 5, 1), reason="Chuyển công tác")
    m_ha = services.candidate_admit(actor=world.officer, candidate=ha, decided_on=date(2024, 9, 2),
                                    ceremony_on=date(2024, 9, 10), decision="1-QĐ/ĐUK")
    m_minh = services.candidate_admit(actor=world.officer, candidate=minh, decided_on=date(2024, 10, 2),
                                      ceremony_on=date(2024, 10, 10), decision="2-QĐ/ĐUK")
    nm = services.course_create(actor=world.officer, organizer=world.committee, kind="new_member", name="Lớp 2",
                                starts_on=date(2024, 11, 1), ends_on=date(2024, 11, 5))
    services.course_enroll(actor=world.officer, course=nm, members=[world.hanh])
    # Hà recognised on time (due 10/09/2025), Minh late (due 10/10/2025, grace 42 days → 21/11/2025).
    services.probation_recognise(actor=world.officer, items=[
        {"member": m_ha, "effective_on": date(2025, 9, 12), "document": "5-QĐ/ĐUK"},
        {"member": m_minh, "effective_on": date(2025, 12, 1), "document": "6-QĐ/ĐUK"},
    ])
    scope_of(world.officer)
    with django_assert_max_num_queries(5):
        f = admission_figures(world.officer, world.bloc, start=date(2024, 1, 1), end=date(2025, 12, 31))
    assert {k: len(v) for k, v in f.courses.items()} == {"awareness": 1, "new_member": 1, "theory": 0}
    assert f.participants == {"awareness": 3, "new_member": 1, "theory": 0}
    assert f.stages == {"proposed": 1, "in_course": 0, "course_passed": 0, "dossier": 0, "admitted": 2,
                        "withdrawn": 1}
    a = {k: sorted(v) for k, v in f.admissions.items() if v}
    assert a == {
        "all": sorted([m_ha.pk, m_minh.pk]), "women": [m_ha.pk], "under_30": [m_ha.pk],
        "ethnic_minority": [m_minh.pk], "fdi": [m_ha.pk], "private": [m_minh.pk], "owners": [m_minh.pk],
        "sector_non_state_enterprise": sorted([m_ha.pk, m_minh.pk]),
    }
    assert f.recognitions == {"on_time": [m_ha.pk], "late": [m_minh.pk]}
    # The committee's subtree holds only the new-member course and none of the admissions.
    g = admission_figures(world.officer, world.committee, start=date(2024, 1, 1), end=date(2025, 12, 31))
    assert (len(g.courses["new_member"]), g.admitted, g.stages["admitted"]) == (1, 0, 0)
    with pytest.raises(DomainError):
        admission_figures(world.officer, world.bloc, start=date(2025, 1, 1), end=date(2024, 1, 1))
