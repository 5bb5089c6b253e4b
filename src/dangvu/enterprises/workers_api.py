"""Members working in enterprises over JSON: the list of those registered elsewhere (article 003, task 7) and
recording a member's workplace by party card number."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dangvu.core.api import ERRORS, caller
from dangvu.core.dates import today
from dangvu.core.errors import NotVisible
from dangvu.members.selectors import member_by_card_number
from dangvu.orgs.selectors import organization_or_default

from .models import EnterpriseWorker
from .selectors import enterprise_get
from .selectors.workers import workers_of, workers_registered_elsewhere
from .services.workers import enterprise_worker_add, enterprise_worker_end

router = Router(tags=["Doanh nghiệp ngoài khu vực nhà nước"])


class WorkersQuery(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Cấp ủy (mặc định: được phân công)")
    on: date | None = None
    page: int = Field(1, ge=1, le=10**6)


class WorkerRowOut(Schema):
    worker_id: int
    enterprise_id: int
    enterprise_name: str
    member_id: int
    full_name: str
    position: str
    valid_from: date
    registered_organization_id: int
    registered_organization_name: str
    party_org_id: int | None
    party_org_name: str


class WorkersPageOut(Schema):
    count: int
    page: int
    pages: int
    members_working: int
    items: list[WorkerRowOut]


class WorkerIn(Schema):
    card_number: str = Field(..., max_length=16, description="Số thẻ đảng viên")
    valid_from: date
    position: str = Field("", max_length=128)


class WorkerOut(Schema):
    id: int
    enterprise_id: int
    member_id: int
    full_name: str
    valid_from: date
    valid_to: date | None = None
    position: str
    registered_organization_id: int | None = None
    registered_organization_name: str = ""


class WorkerEndIn(Schema):
    valid_to: date = Field(..., description="Thôi làm việc từ ngày (ngày này không còn làm việc)")


class WorkersOnQuery(Schema):
    on: date | None = None


def _worker_out(w: EnterpriseWorker) -> dict[str, Any]:
    return {"id": w.pk, "enterprise_id": w.enterprise_id, "member_id": w.member_id, "full_name": w.member.full_name,
            "valid_from": w.valid_from, "valid_to": w.valid_to, "position": w.position,
            "registered_organization_id": w.member.organization_id,
            "registered_organization_name": w.member.organization.name}


@router.get("/enterprises/workers-elsewhere", response={200: WorkersPageOut, **ERRORS})
def workers_elsewhere(request: HttpRequest, query: Query[WorkersQuery]) -> dict[str, Any]:
    """Đảng viên đang làm việc tại doanh nghiệp do cấp ủy theo dõi nhưng sinh hoạt đảng nơi khác (không thuộc tổ
    chức đảng của doanh nghiệp, hoặc doanh nghiệp chưa có tổ chức đảng), 50 mỗi trang."""
    user = caller(request)
    org = organization_or_default(user, query.organization_id)
    page = workers_registered_elsewhere(user, org.pk, on=query.on or today(), page=query.page)
    return {
        "count": page.count, "page": page.page, "pages": page.pages, "members_working": page.members_working,
        "items": [
            {"worker_id": r.worker.pk, "enterprise_id": r.enterprise.pk, "enterprise_name": r.enterprise.name,
             "member_id": r.member.pk, "full_name": r.member.full_name, "position": r.worker.position,
             "valid_from": r.worker.valid_from, "registered_organization_id": r.registered_id,
             "registered_organization_name": r.registered_name, "party_org_id": r.party_org_id,
             "party_org_name": r.party_org_name}
            for r in page.items
        ],
    }


@router.post("/enterprises/{enterprise_id}/workers", response={201: WorkerOut, **ERRORS})
def worker_create(request: HttpRequest, enterprise_id: int, payload: WorkerIn) -> Status:
    """Ghi một đảng viên (theo số thẻ) làm việc tại doanh nghiệp từ ngày `valid_from`."""
    user = caller(request)
    e = enterprise_get(user, enterprise_id)
    w = enterprise_worker_add(actor=user, enterprise=e, member=member_by_card_number(payload.card_number),
                              valid_from=payload.valid_from, position=payload.position)
    return Status(201, _worker_out(w))


@router.get("/enterprises/{enterprise_id}/workers", response={200: list[WorkerOut], **ERRORS})
def worker_list(request: HttpRequest, enterprise_id: int, query: Query[WorkersOnQuery]) -> list[dict[str, Any]]:
    """Đảng viên làm việc tại doanh nghiệp vào ngày `on` (mặc định hôm nay), sinh hoạt ở đâu cũng vậy."""
    e = enterprise_get(caller(request), enterprise_id)
    return [_worker_out(w) for w in workers_of(e, query.on or today())]


@router.post("/enterprises/{enterprise_id}/workers/{worker_id}/end", response={200: WorkerOut, **ERRORS})
def worker_end(request: HttpRequest, enterprise_id: int, worker_id: int, payload: WorkerEndIn) -> dict[str, Any]:
    """Ghi đảng viên thôi làm việc tại doanh nghiệp từ ngày `valid_to` (quá trình được giữ lại, có nhật ký)."""
    user = caller(request)
    e = enterprise_get(user, enterprise_id)
    worker = EnterpriseWorker.objects.filter(pk=worker_id, enterprise=e).first()
    if worker is None:
        raise NotVisible
    return _worker_out(enterprise_worker_end(actor=user, worker=worker, valid_to=payload.valid_to))
