from datetime import date, timedelta

import pytest

from dangvu.admissions import services
from dangvu.admissions.models import Candidate, CandidateStep, Enrollment, Stage
from dangvu.core.dates import today
from dangvu.core.errors import NotVisible
from dangvu.core.models import AuditEntry
from dangvu.members.models import EventKind, Member, MemberEvent, MemberStatus

from .conftest import awareness_course, new_candidate, passed, refused_all


def test_a_candidate_moves_through_the_stages_with_dated_steps(world):
    c = new_candidate(world, citizen_id="037198000111", enterprise_ownership="private", owner_role="owner",
                      referred_by_other="Ban Quản lý các khu công nghiệp")
    assert c.stage == Stage.PROPOSED
    course = passed(world, c)
    c.refresh_from_db()
    assert c.stage == Stage.COURSE_PASSED and c.stage_on == course.ends_on
    services.candidate_start_dossier(actor=world.officer, candidate=c, on=date(2024, 5, 2))
    member = services.candidate_admit(
        actor=world.officer, candidate=c, decided_on=date(2024, 9, 2), ceremony_on=date(2024, 9, 10),
        decision="1234-QĐ/ĐUK",
    )
    c.refresh_from_db()
    assert c.member_id == member.pk and c.stage == Stage.ADMITTED
    assert [(s.stage, s.effective_on) for s in c.steps.all()] == [
        ("proposed", date(2024, 3, 1)), ("in_course", date(2024, 4, 8)), ("course_passed", date(2024, 4, 12)),
        ("dossier", date(2024, 5, 2)), ("admitted", date(2024, 9, 2)),
    ]
    assert (member.admitted_on, member.ceremony_on, member.organization_id) == (
        date(2024, 9, 2), date(2024, 9, 10), world.cell_c.pk
    )
    assert member.citizen_id == "037198000111" and member.status == MemberStatus.PROBATIONARY
    ev = MemberEvent.objects.get(member=member)
    assert (ev.kind, ev.effective_on, ev.document) == (EventKind.ADMITTED, date(2024, 9, 2), "1234-QĐ/ĐUK")
    assert AuditEntry.objects.filter(action="candidate_admit", object_id=str(c.pk)).exists()


def test_admit_refuses_before_the_awareness_course_was_passed(world):
    c = new_candidate(world)
    course = awareness_course(world)
    (e,) = services.course_enroll(actor=world.officer, course=course, candidates=[c])
    services.enrollment_record_results(
        actor=world.officer, course=course, results=[{"enrollment_id": e.pk, "attended": True, "result": "failed"}]
    )
    err = refused_all(
        "awareness_course_required", services.candidate_admit, actor=world.officer, candidate=c,
        decided_on=date(2024, 9, 2), ceremony_on=date(2024, 9, 10), decision="1234-QĐ/ĐUK",
    )
    assert "lớp bồi dưỡng nhận thức" in err.message


def test_admit_refuses_a_certificate_older_than_the_setting(world, settings):
    settings.DANGVU_RULES = {**settings.DANGVU_RULES, "CERTIFICATE_VALID_MONTHS": 12}
    c = new_candidate(world)
    passed(world, c)
    err = refused_all(
        "certificate_expired", services.candidate_admit, actor=world.officer, candidate=c,
        decided_on=date(2025, 4, 13), ceremony_on=date(2025, 4, 20), decision="88-QĐ/ĐUK",
    )
    assert "12 tháng" in err.message
    # Exactly 12 months is still valid.
    services.candidate_admit(actor=world.officer, candidate=c, decided_on=date(2025, 4, 12),
                             ceremony_on=date(2025, 4, 20), decision="88-QĐ/ĐUK")


def test_admit_refuses_a_person_who_is_already_a_member(world):
    c = new_candidate(world, citizen_id="037198000222")
    passed(world, c)
    from dangvu.members.services import member_update_profile
    member_update_profile(actor=world.root_user, member=world.anh, citizen_id="037198000222")
    refused_all(
        "already_member", services.candidate_admit, actor=world.officer, candidate=c,
        decided_on=date(2024, 9, 2), ceremony_on=date(2024, 9, 10), decision="1-QĐ/ĐUK",
    )


def test_recording_refuses_a_member_citizen_id_and_a_duplicate_candidate(world):
    refused_all("already_member", new_candidate, w=world, citizen_id="037175000123")  # Hạnh's
    new_candidate(world, citizen_id="037198000333")
    refused_all("candidate_identity_conflict", new_candidate, w=world, name="Người khác",
                citizen_id="037198000333")


def test_admit_refuses_withdrawn_candidates_future_dates_and_bad_decisions(world):
    c = new_candidate(world)
    passed(world, c)
    kw = {"actor": world.officer, "candidate": c, "ceremony_on": date(2024, 9, 10)}
    refused_all("no_future_dates", services.candidate_admit, decided_on=today() + timedelta(days=1),
                decision="1-QĐ/ĐUK", **kw)
    refused_all("document_number", services.candidate_admit, decided_on=date(2024, 9, 2), decision="QĐ 12", **kw)
    refused_all("ceremony_after_decision", services.candidate_admit, decided_on=date(2024, 9, 12),
                decision="1-QĐ/ĐUK", **kw)
    services.candidate_withdraw(actor=world.officer, candidate=c, on=date(2024, 6, 1), reason="Chuyển công tác")
    refused_all("candidate_closed", services.candidate_admit, decided_on=date(2024, 9, 2), decision="1-QĐ/ĐUK", **kw)
    refused_all("candidate_closed", services.candidate_withdraw, actor=world.officer, candidate=c,
                on=date(2024, 6, 2), reason="x")


def test_admit_twice_is_refused(world):
    c = new_candidate(world)
    passed(world, c)
    services.candidate_admit(actor=world.officer, candidate=c, decided_on=date(2024, 9, 2),
                             ceremony_on=date(2024, 9, 10), decision="1-QĐ/ĐUK")
    refused_all("already_member", services.candidate_admit, actor=world.officer, candidate=c,
                decided_on=date(2024, 9, 3), ceremony_on=date(2024, 9, 10), decision="2-QĐ/ĐUK")


def test_services_validate_scope(world):
    c = new_candidate(world)
    with pytest.raises(NotVisible):
        new_candidate(world, org=world.cell_l)
    with pytest.raises(NotVisible):
        services.candidate_withdraw(actor=world.other_secretary, candidate=c, on=date(2024, 5, 1), reason="x")
    assert Candidate.objects.count() == 1


def test_course_rules(world):
    refused_all("course_dates_order", services.course_create, actor=world.officer, organizer=world.bloc,
                kind="awareness", name="Lớp", starts_on=date(2024, 4, 8), ends_on=date(2024, 4, 1))
    refused_all("required", services.course_create, actor=world.officer, organizer=world.bloc,
                kind="awareness", name=" ", starts_on=date(2024, 4, 8), ends_on=date(2024, 4, 9))
    course = awareness_course(world)
    c = new_candidate(world)
    refused_all("course_kind", services.course_enroll, actor=world.officer, course=course, members=[world.binh])
    services.course_enroll(actor=world.officer, course=course, candidates=[c])
    refused_all("enrolled", services.course_enroll, actor=world.officer, course=course, candidates=[c])
    e = Enrollment.objects.get()
    refused_all("attendance_required", services.enrollment_record_results, actor=world.officer, course=course,
                results=[{"enrollment_id": e.pk, "attended": False, "result": "passed"}])
    future = awareness_course(world, name="Lớp cuối năm", starts_on=today() + timedelta(days=3),
                              ends_on=today() + timedelta(days=7))
    refused_all("no_future_dates", services.enrollment_record_results, actor=world.officer, course=future,
                results=[])


def test_bulk_recognition_is_all_or_nothing_and_names_the_member(world):
    binh = world.binh  # ceremony 15/01/2026: due 15/01/2027
    c = new_candidate(world)
    passed(world, c)
    m = services.candidate_admit(actor=world.officer, candidate=c, decided_on=date(2024, 9, 2),
                                 ceremony_on=date(2024, 9, 10), decision="1-QĐ/ĐUK")
    events_before = MemberEvent.objects.count()
    err = refused_all(
        "probation_12_months", services.probation_recognise, actor=world.officer, items=[
            {"member": m, "effective_on": date(2025, 9, 15), "document": "20-QĐ/ĐUK"},
            {"member": binh, "effective_on": today(), "document": "21-QĐ/ĐUK"},
        ],
    )
    assert err.message.startswith("Trần Văn Bình:")
    assert MemberEvent.objects.count() == events_before
    (ev,) = services.probation_recognise(
        actor=world.officer, items=[{"member": m, "effective_on": date(2025, 9, 15), "document": "20-QĐ/ĐUK"}]
    )
    assert ev.kind == EventKind.RECOGNISED_FULL and ev.document == "20-QĐ/ĐUK"
    assert Member.objects.get(pk=m.pk).status == MemberStatus.FULL


def test_steps_are_kept_when_a_candidate_is_withdrawn(world):
    c = new_candidate(world)
    services.candidate_withdraw(actor=world.officer, candidate=c, on=date(2024, 3, 5), reason="Không đủ tiêu chuẩn")
    c.refresh_from_db()
    assert c.stage == Stage.WITHDRAWN and c.withdraw_reason == "Không đủ tiêu chuẩn"
    assert CandidateStep.objects.filter(candidate=c).count() == 2
