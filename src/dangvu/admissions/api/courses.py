"""Courses over JSON: list, create, one course, enrol, record results."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from dangvu.core.api import ERRORS, caller
from dangvu.members.selectors import member_get
from dangvu.orgs.selectors import org_get, organization_or_default

from .. import services
from ..models import Course
from ..selectors import (
    candidate_get,
    course_get,
    course_register,
    courses_of,
)
from .base import router
from .schemas import CourseDetailOut, CourseFilters, CourseIn, CoursePageOut, EnrollIn, ResultsIn


def _course(c: Course, participants: int | None = None) -> dict[str, Any]:
    return {
        "id": c.pk, "kind": c.kind, "kind_label": c.get_kind_display(), "name": c.name,
        "organizer_id": c.organizer_id, "organizer_name": c.organizer.name, "starts_on": c.starts_on,
        "ends_on": c.ends_on, "place": c.place, "planned_participants": c.planned_participants,
        "participants": participants if participants is not None else getattr(c, "participants", 0),
    }


def _course_detail(c: Course) -> dict[str, Any]:
    rows = course_register(c)
    return {
        **_course(c, len(rows)),
        "enrollments": [
            {"id": r.enrollment.pk, "candidate_id": r.enrollment.candidate_id, "member_id": r.enrollment.member_id,
             "full_name": r.full_name, "organization_name": r.organization_name,
             "attended": r.enrollment.attended, "result": r.enrollment.result,
             "certificate_number": r.enrollment.certificate_number}
            for r in rows
        ],
    }


@router.get("/courses", response={200: CoursePageOut, **ERRORS})
def course_list(request: HttpRequest, filters: Query[CourseFilters]) -> dict[str, Any]:
    """Các lớp do cây con `organization_id` tổ chức, mới nhất trước, kèm số học viên."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    page = courses_of(user, org, kind=filters.kind, start=filters.from_, end=filters.to, page=filters.page)
    return {"count": page.count, "page": page.page, "pages": page.pages, "items": [_course(c) for c in page.items]}


@router.post("/courses", response={201: CourseDetailOut, **ERRORS})
def course_create(request: HttpRequest, payload: CourseIn) -> Status:
    """Mở một lớp bồi dưỡng."""
    user = caller(request)
    data = payload.dict()
    organizer = org_get(user, data.pop("organizer_id"))
    course = services.course_create(actor=user, organizer=organizer, **data)
    return Status(201, _course_detail(course_get(user, course.pk)))


@router.get("/courses/{course_id}", response={200: CourseDetailOut, **ERRORS})
def course_detail(request: HttpRequest, course_id: int) -> Any:
    """Lớp và danh sách học viên (kết quả, số giấy chứng nhận)."""
    return _course_detail(course_get(caller(request), course_id))


@router.post("/courses/{course_id}/enrollments", response={201: CourseDetailOut, **ERRORS})
def course_enroll(request: HttpRequest, course_id: int, payload: EnrollIn) -> Status:
    """Ghi danh nhiều quần chúng (lớp nhận thức) hoặc đảng viên (lớp khác) một lần; lỗi một người thì không ghi ai."""
    user = caller(request)
    course = course_get(user, course_id)
    candidates = [candidate_get(user, i) for i in dict.fromkeys(payload.candidate_ids)]
    members = [member_get(user, i) for i in dict.fromkeys(payload.member_ids)]
    services.course_enroll(actor=user, course=course, candidates=candidates, members=members)
    return Status(201, _course_detail(course))


@router.post("/courses/{course_id}/results", response={200: CourseDetailOut, **ERRORS})
def course_results(request: HttpRequest, course_id: int, payload: ResultsIn) -> Any:
    """Ghi tham gia, kết quả (passed/failed) và số giấy chứng nhận của học viên."""
    user = caller(request)
    course = course_get(user, course_id)
    services.enrollment_record_results(actor=user, course=course, results=[r.dict() for r in payload.results])
    return _course_detail(course)
