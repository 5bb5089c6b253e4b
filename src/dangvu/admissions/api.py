"""Admission work over JSON: candidates, courses (enrollments, results), admission, probation, figures."""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dangvu.core.api import ERRORS, caller
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.members.selectors import member_get
from dangvu.orgs.selectors import org_get, organization_or_default

from . import services
from .models import Candidate, Course
from .selectors import (
    admission_figures,
    candidate_enrollments,
    candidate_get,
    candidate_steps,
    candidates_of,
    course_get,
    course_register,
    courses_of,
    probation_due,
)

router = Router(tags=["Phát triển đảng viên"])
MAX_BULK = 500


class CandidateFilters(Schema):
    organization_id: int | None = None
    stage: Literal["proposed", "in_course", "course_passed", "dossier", "admitted", "withdrawn"] | None = None
    q: str = Field("", max_length=128)
    page: int = Field(1, ge=1, le=100000)


class CandidateIn(Schema):
    full_name: str = Field(..., max_length=128)
    sex: Literal["M", "F"]
    birth_date: date
    organization_id: int
    proposed_on: date
    citizen_id: str | None = Field(None, max_length=32)
    workplace: str = Field("", max_length=255)
    enterprise_name: str = Field("", max_length=255)
    enterprise_ownership: Literal["", "private", "fdi", "cooperative"] = ""
    owner_role: Literal["", "owner", "manager"] = ""
    referred_by_organization_id: int | None = None
    referred_by_other: str = Field("", max_length=255)
    ethnic_group: str = Field("", max_length=64)
    religion: str = Field("", max_length=64)
    occupation: str = Field("", max_length=255)
    qualification: str = Field("", max_length=128)
    home_town: str = Field("", max_length=255)


class StepOut(Schema):
    stage: str
    stage_label: str
    effective_on: date
    note: str


class CandidateOut(Schema):
    id: int
    full_name: str
    sex: str
    birth_date: date
    organization_id: int
    organization_name: str
    stage: str
    stage_label: str
    stage_on: date
    workplace: str
    enterprise_name: str
    enterprise_ownership: str
    owner_role: str
    member_id: int | None
    decision: str
    decided_on: date | None
    ceremony_on: date | None


class CandidateDetailOut(CandidateOut):
    referred_by_organization_id: int | None
    referred_by_other: str
    withdraw_reason: str
    steps: list[StepOut]
    courses: list[dict[str, Any]]


class CandidatePageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[CandidateOut]


class AdmitIn(Schema):
    decided_on: date
    ceremony_on: date
    decision: str = Field(..., max_length=64, description="Số quyết định, ví dụ 1234-QĐ/ĐUK")
    organization_id: int | None = Field(None, description="Chi bộ sinh hoạt (mặc định: chi bộ đề nghị)")


class AdmitOut(Schema):
    candidate: CandidateOut
    member_id: int


class WithdrawIn(Schema):
    on: date
    reason: str = Field(..., max_length=255)


class CourseFilters(Schema):
    organization_id: int | None = None
    kind: Literal["awareness", "new_member", "theory"] | None = None
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    page: int = Field(1, ge=1, le=100000)


class CourseIn(Schema):
    kind: Literal["awareness", "new_member", "theory"]
    name: str = Field(..., max_length=255)
    organizer_id: int
    starts_on: date
    ends_on: date
    place: str = Field("", max_length=255)
    planned_participants: int = Field(0, ge=0, le=100000)


class CourseOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    organizer_id: int
    organizer_name: str
    starts_on: date
    ends_on: date
    place: str
    planned_participants: int
    participants: int


class EnrollmentOut(Schema):
    id: int
    candidate_id: int | None
    member_id: int | None
    full_name: str
    organization_name: str
    attended: bool
    result: str
    certificate_number: str


class CourseDetailOut(CourseOut):
    enrollments: list[EnrollmentOut]


class CoursePageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[CourseOut]


class EnrollIn(Schema):
    candidate_ids: list[int] = Field(default_factory=list, max_length=MAX_BULK)
    member_ids: list[int] = Field(default_factory=list, max_length=MAX_BULK)


class ResultIn(Schema):
    enrollment_id: int
    attended: bool = True
    result: Literal["", "passed", "failed"]
    certificate_number: str = Field("", max_length=32)


class ResultsIn(Schema):
    results: list[ResultIn] = Field(..., max_length=MAX_BULK)


class ProbationFilters(Schema):
    organization_id: int | None = None
    within_days: int = Field(30, ge=0, le=3660)
    which: Literal["upcoming", "due", "overdue"] | None = None
    on: date | None = None


class ProbationOut(Schema):
    member_id: int
    full_name: str
    organization_name: str
    probation_start: date
    due_on: date
    days: int
    which: str
    new_member_course: str


class RecognitionIn(Schema):
    member_id: int
    effective_on: date
    document: str = Field(..., max_length=64)


class RecognitionsIn(Schema):
    items: list[RecognitionIn] = Field(..., min_length=1, max_length=MAX_BULK)


class RecognitionOut(Schema):
    member_id: int
    event_id: int
    effective_on: date
    document: str


class FiguresQuery(Schema):
    organization_id: int | None = None
    from_: date = Field(..., alias="from")
    to: date


def _candidate(c: Candidate) -> dict[str, Any]:
    return {
        "id": c.pk, "full_name": c.full_name, "sex": c.sex, "birth_date": c.birth_date,
        "organization_id": c.organization_id, "organization_name": c.organization.name, "stage": c.stage,
        "stage_label": c.get_stage_display(), "stage_on": c.stage_on, "workplace": c.workplace,
        "enterprise_name": c.enterprise_name, "enterprise_ownership": c.enterprise_ownership,
        "owner_role": c.owner_role, "member_id": c.member_id, "decision": c.decision, "decided_on": c.decided_on,
        "ceremony_on": c.ceremony_on,
    }


def _candidate_detail(c: Candidate) -> dict[str, Any]:
    return {
        **_candidate(c), "referred_by_organization_id": c.referred_by_org_id,
        "referred_by_other": c.referred_by_other, "withdraw_reason": c.withdraw_reason,
        "steps": [
            {"stage": s.stage, "stage_label": s.get_stage_display(), "effective_on": s.effective_on, "note": s.note}
            for s in candidate_steps(c)
        ],
        "courses": [
            {"course_id": e.course_id, "name": e.course.name, "ends_on": e.course.ends_on, "result": e.result,
             "certificate_number": e.certificate_number}
            for e in candidate_enrollments(c)
        ],
    }


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


@router.get("/candidates", response={200: CandidatePageOut, **ERRORS})
def candidate_list(request: HttpRequest, filters: Query[CandidateFilters]):
    """Quần chúng ưu tú do cây con `organization_id` đề nghị, theo thứ tự tên, 50 mỗi trang."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    page = candidates_of(user, org, stage=filters.stage, q=filters.q, page=filters.page)
    return {"count": page.count, "page": page.page, "pages": page.pages, "items": [_candidate(c) for c in page.items]}


@router.post("/candidates", response={201: CandidateDetailOut, **ERRORS})
def candidate_create(request: HttpRequest, payload: CandidateIn):
    """Ghi một quần chúng ưu tú được giới thiệu (bước 'được giới thiệu' ngày `proposed_on`)."""
    user = caller(request)
    data = payload.dict()
    org = org_get(user, data.pop("organization_id"))
    ref_id = data.pop("referred_by_organization_id")
    ref = org_get(user, ref_id) if ref_id is not None else None
    c = services.candidate_record(actor=user, organization=org, referred_by_org=ref, **data)
    return Status(201, _candidate_detail(candidate_get(user, c.pk)))


@router.get("/candidates/{candidate_id}", response={200: CandidateDetailOut, **ERRORS})
def candidate_detail(request: HttpRequest, candidate_id: int):
    """Hồ sơ quần chúng với các bước và ngày, các lớp đã học."""
    return _candidate_detail(candidate_get(caller(request), candidate_id))


@router.post("/candidates/{candidate_id}/admit", response={201: AdmitOut, **ERRORS})
def candidate_admit(request: HttpRequest, candidate_id: int, payload: AdmitIn):
    """Kết nạp theo quyết định ngày `decided_on` (số `decision`), lễ kết nạp ngày `ceremony_on`."""
    user = caller(request)
    c = candidate_get(user, candidate_id)
    org = org_get(user, payload.organization_id) if payload.organization_id is not None else None
    member = services.candidate_admit(
        actor=user, candidate=c, decided_on=payload.decided_on, ceremony_on=payload.ceremony_on,
        decision=payload.decision, organization=org,
    )
    return Status(201, {"candidate": _candidate(candidate_get(user, c.pk)), "member_id": member.pk})


@router.post("/candidates/{candidate_id}/withdraw", response={200: CandidateDetailOut, **ERRORS})
def candidate_withdraw(request: HttpRequest, candidate_id: int, payload: WithdrawIn):
    """Dừng xem xét kết nạp, kèm lý do (hồ sơ vẫn giữ)."""
    user = caller(request)
    c = services.candidate_withdraw(
        actor=user, candidate=candidate_get(user, candidate_id), on=payload.on, reason=payload.reason
    )
    return _candidate_detail(candidate_get(user, c.pk))


@router.get("/courses", response={200: CoursePageOut, **ERRORS})
def course_list(request: HttpRequest, filters: Query[CourseFilters]):
    """Các lớp do cây con `organization_id` tổ chức, mới nhất trước, kèm số học viên."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    page = courses_of(user, org, kind=filters.kind, start=filters.from_, end=filters.to, page=filters.page)
    return {"count": page.count, "page": page.page, "pages": page.pages, "items": [_course(c) for c in page.items]}


@router.post("/courses", response={201: CourseDetailOut, **ERRORS})
def course_create(request: HttpRequest, payload: CourseIn):
    """Mở một lớp bồi dưỡng."""
    user = caller(request)
    data = payload.dict()
    organizer = org_get(user, data.pop("organizer_id"))
    course = services.course_create(actor=user, organizer=organizer, **data)
    return Status(201, _course_detail(course_get(user, course.pk)))


@router.get("/courses/{course_id}", response={200: CourseDetailOut, **ERRORS})
def course_detail(request: HttpRequest, course_id: int):
    """Lớp và danh sách học viên (kết quả, số giấy chứng nhận)."""
    return _course_detail(course_get(caller(request), course_id))


@router.post("/courses/{course_id}/enrollments", response={201: CourseDetailOut, **ERRORS})
def course_enroll(request: HttpRequest, course_id: int, payload: EnrollIn):
    """Ghi danh nhiều quần chúng (lớp nhận thức) hoặc đảng viên (lớp khác) một lần; lỗi một người thì không ghi ai."""
    user = caller(request)
    course = course_get(user, course_id)
    candidates = [candidate_get(user, i) for i in dict.fromkeys(payload.candidate_ids)]
    members = [member_get(user, i) for i in dict.fromkeys(payload.member_ids)]
    services.course_enroll(actor=user, course=course, candidates=candidates, members=members)
    return Status(201, _course_detail(course))


@router.post("/courses/{course_id}/results", response={200: CourseDetailOut, **ERRORS})
def course_results(request: HttpRequest, course_id: int, payload: ResultsIn):
    """Ghi tham gia, kết quả (passed/failed) và số giấy chứng nhận của học viên."""
    user = caller(request)
    course = course_get(user, course_id)
    services.enrollment_record_results(actor=user, course=course, results=[r.dict() for r in payload.results])
    return _course_detail(course)


@router.get("/members/probation-due", response={200: list[ProbationOut], **ERRORS})
def probation_list(request: HttpRequest, filters: Query[ProbationFilters]):
    """Đảng viên dự bị sắp hết (trong `within_days` ngày), đến hạn hoặc quá hạn 12 tháng dự bị."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    rows = probation_due(user, org, on=filters.on or today(), within_days=filters.within_days, which=filters.which)
    return [
        {"member_id": r.member.pk, "full_name": r.member.full_name, "organization_name": r.organization_name,
         "probation_start": r.start, "due_on": r.due_on, "days": r.days, "which": r.which,
         "new_member_course": r.course_status}
        for r in rows
    ]


@router.post("/members/probation-recognitions", response={201: list[RecognitionOut], **ERRORS})
def probation_recognitions(request: HttpRequest, payload: RecognitionsIn):
    """Công nhận đảng viên chính thức hàng loạt, mỗi người một ngày và một quyết định; một người bị từ chối thì
    không ghi ai."""
    user = caller(request)
    items = [
        {"member": member_get(user, i.member_id), "effective_on": i.effective_on, "document": i.document}
        for i in payload.items
    ]
    events = services.probation_recognise(actor=user, items=items)
    return Status(201, [
        {"member_id": e.member_id, "event_id": e.pk, "effective_on": e.effective_on, "document": e.document}
        for e in events
    ])




@router.get("/reports/admissions", response={200: dict[str, Any], **ERRORS})
def admissions_report(request: HttpRequest, query: Query[FiguresQuery]):
    """Số liệu phát triển đảng viên của cây con trong kỳ (cả hai đầu): lớp và học viên theo loại, quần chúng theo
    giai đoạn, kết nạp theo khối/loại doanh nghiệp/chủ doanh nghiệp/nữ/dưới 30 tuổi/dân tộc thiểu số, công nhận
    chính thức đúng hạn và chậm."""
    user = caller(request)
    org = organization_or_default(user, query.organization_id)
    if query.to < query.from_:
        raise DomainError("Ngày kết thúc kỳ trước ngày bắt đầu.", field="to", rule="period_order")
    f = admission_figures(user, org, start=query.from_, end=query.to)
    return {
        "organization_id": org.pk, "from": f.start, "to": f.end,
        "courses": {k: len(v) for k, v in f.courses.items()},
        "participants": f.participants,
        "candidates_by_stage": f.stages,
        "admissions": {k: len(v) for k, v in f.admissions.items()},
        "recognitions": {k: len(v) for k, v in f.recognitions.items()},
    }
