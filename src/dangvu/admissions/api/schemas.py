"""Input and output schemas of the admissions API."""

from datetime import date
from typing import Any, Literal

from ninja import Field, Schema

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
    received_on: date | None = Field(None, description="Ngày chi bộ nhận quyết định (mặc định: ngày quyết định); "
                                     "lễ kết nạp trong 30 ngày làm việc kể từ ngày này")
    over_age_decision: str = Field("", max_length=200, description="Quyết định của tỉnh ủy cho kết nạp người trên "
                                   "60 tuổi (Quy định 294-QĐ/TW)")


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
    full_since: date | None = Field(None, description="Chính thức kể từ ngày (hết 12 tháng dự bị)")
    warnings: list[str] = Field(default_factory=list, description="Cảnh báo không chặn (lớp đảng viên mới)")


class FiguresQuery(Schema):
    organization_id: int | None = None
    from_: date = Field(..., alias="from")
    to: date
