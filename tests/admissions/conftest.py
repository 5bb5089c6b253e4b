"""Admission test helpers: candidates and courses written through the services."""

from datetime import date
from typing import Any

import pytest

from dangvu.admissions import services
from dangvu.admissions.models import Candidate, CandidateStep, Course, Enrollment
from dangvu.core.errors import DomainError
from tests.helpers import written_counts

ADMISSION_TABLES = [Candidate, CandidateStep, Course, Enrollment]


def all_counts() -> tuple[int, ...]:
    return (*written_counts(), *(m._default_manager.count() for m in ADMISSION_TABLES))


def refused_all(rule: str, fn: Any, **kwargs: Any) -> DomainError:
    """A DomainError with `rule`, a Vietnamese message, and nothing written (admission tables included)."""
    before = all_counts()
    with pytest.raises(DomainError) as exc:
        fn(**kwargs)
    assert exc.value.rule == rule, exc.value.message
    assert exc.value.message
    assert all_counts() == before
    return exc.value


def new_candidate(w: Any, name: str = "Phạm Thị Thu Hà", *, org: Any = None, citizen_id: str | None = None,
                  **kw: Any) -> Candidate:
    data: dict[str, Any] = {
        "sex": "F", "birth_date": date(1998, 3, 4), "proposed_on": date(2024, 3, 1),
        "workplace": "Công ty TNHH May Nam Sơn", **kw,
    }
    return services.candidate_record(
        actor=w.officer, organization=org or w.cell_c, full_name=name, citizen_id=citizen_id, **data
    )


def awareness_course(w: Any, ends_on: date = date(2024, 4, 12), **kw: Any) -> Course:
    return services.course_create(
        actor=w.officer, organizer=w.bloc, kind="awareness", name=kw.pop("name", "Lớp nhận thức khóa 1/2024"),
        starts_on=kw.pop("starts_on", date(2024, 4, 8)), ends_on=ends_on, place="Trường Chính trị tỉnh",
        planned_participants=60, **kw,
    )


def passed(w: Any, candidate: Candidate, course: Course | None = None) -> Course:
    course = course or awareness_course(w)
    (e,) = services.course_enroll(actor=w.officer, course=course, candidates=[candidate])
    services.enrollment_record_results(
        actor=w.officer, course=course,
        results=[{"enrollment_id": e.pk, "attended": True, "result": "passed", "certificate_number": "NT-001"}],
    )
    return course
