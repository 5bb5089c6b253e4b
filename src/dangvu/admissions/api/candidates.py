"""Candidates over JSON: list, record, one candidate, admit, withdraw."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from dangvu.core.api import ERRORS, caller
from dangvu.orgs.selectors import org_get, organization_or_default

from .. import services
from ..models import Candidate
from ..selectors import (
    candidate_enrollments,
    candidate_get,
    candidate_steps,
    candidates_of,
)
from .base import router
from .schemas import AdmitIn, AdmitOut, CandidateDetailOut, CandidateFilters, CandidateIn, CandidatePageOut, WithdrawIn


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


@router.get("/candidates", response={200: CandidatePageOut, **ERRORS})
def candidate_list(request: HttpRequest, filters: Query[CandidateFilters]) -> dict[str, Any]:
    """Quần chúng ưu tú do cây con `organization_id` đề nghị, theo thứ tự tên, 50 mỗi trang."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    page = candidates_of(user, org, stage=filters.stage, q=filters.q, page=filters.page)
    return {"count": page.count, "page": page.page, "pages": page.pages, "items": [_candidate(c) for c in page.items]}


@router.post("/candidates", response={201: CandidateDetailOut, **ERRORS})
def candidate_create(request: HttpRequest, payload: CandidateIn) -> Status:
    """Ghi một quần chúng ưu tú được giới thiệu (bước 'được giới thiệu' ngày `proposed_on`)."""
    user = caller(request)
    data = payload.dict()
    org = org_get(user, data.pop("organization_id"))
    ref_id = data.pop("referred_by_organization_id")
    ref = org_get(user, ref_id) if ref_id is not None else None
    c = services.candidate_record(actor=user, organization=org, referred_by_org=ref, **data)
    return Status(201, _candidate_detail(candidate_get(user, c.pk)))


@router.get("/candidates/{candidate_id}", response={200: CandidateDetailOut, **ERRORS})
def candidate_detail(request: HttpRequest, candidate_id: int) -> Any:
    """Hồ sơ quần chúng với các bước và ngày, các lớp đã học."""
    return _candidate_detail(candidate_get(caller(request), candidate_id))


@router.post("/candidates/{candidate_id}/admit", response={201: AdmitOut, **ERRORS})
def candidate_admit(request: HttpRequest, candidate_id: int, payload: AdmitIn) -> Status:
    """Kết nạp theo quyết định ngày `decided_on` (số `decision`), lễ kết nạp ngày `ceremony_on`."""
    user = caller(request)
    c = candidate_get(user, candidate_id)
    org = org_get(user, payload.organization_id) if payload.organization_id is not None else None
    member = services.candidate_admit(
        actor=user, candidate=c, decided_on=payload.decided_on, ceremony_on=payload.ceremony_on,
        decision=payload.decision, organization=org, over_age_decision=payload.over_age_decision,
        received_on=payload.received_on,
    )
    return Status(201, {"candidate": _candidate(candidate_get(user, c.pk)), "member_id": member.pk})


@router.post("/candidates/{candidate_id}/withdraw", response={200: CandidateDetailOut, **ERRORS})
def candidate_withdraw(request: HttpRequest, candidate_id: int, payload: WithdrawIn) -> Any:
    """Dừng xem xét kết nạp, kèm lý do (hồ sơ vẫn giữ)."""
    user = caller(request)
    c = services.candidate_withdraw(
        actor=user, candidate=candidate_get(user, candidate_id), on=payload.on, reason=payload.reason
    )
    return _candidate_detail(candidate_get(user, c.pk))
