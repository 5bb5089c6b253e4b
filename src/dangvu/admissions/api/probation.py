"""Probation over JSON (due list, recognitions) and the admission figures report."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from dangvu.core.api import ERRORS, caller
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.members.selectors import member_get, recognition_full_since
from dangvu.orgs.selectors import organization_or_default

from .. import services
from ..selectors import (
    admission_figures,
    probation_due,
    recognition_warnings,
)
from .base import router
from .schemas import FiguresQuery, ProbationFilters, ProbationOut, RecognitionOut, RecognitionsIn


@router.get("/members/probation-due", response={200: list[ProbationOut], **ERRORS})
def probation_list(request: HttpRequest, filters: Query[ProbationFilters]) -> Any:
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
def probation_recognitions(request: HttpRequest, payload: RecognitionsIn) -> Status:
    """Công nhận đảng viên chính thức hàng loạt, mỗi người một ngày và một quyết định; một người bị từ chối thì
    không ghi ai."""
    user = caller(request)
    items = [
        {"member": member_get(user, i.member_id), "effective_on": i.effective_on, "document": i.document}
        for i in payload.items
    ]
    events = services.probation_recognise(actor=user, items=items)
    out = []
    for e in events:
        since = recognition_full_since(e.member, list(e.member.events.all()))
        out.append({"member_id": e.member_id, "event_id": e.pk, "effective_on": e.effective_on,
                    "document": e.document, "full_since": since.get(e.pk),
                    "warnings": recognition_warnings(e.member, e.effective_on)})
    return Status(201, out)


@router.get("/reports/admissions", response={200: dict[str, Any], **ERRORS})
def admissions_report(request: HttpRequest, query: Query[FiguresQuery]) -> dict[str, Any]:
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
