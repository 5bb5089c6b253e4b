"""Transfers over JSON (Quy định 294-QĐ/TW): transfer letters by state (the overdue list), the presentation of a
letter to the receiving committee, temporary transfers whose end approaches or has passed."""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dangvu.core.api import ERRORS, caller
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.orgs.selectors import organization_or_default

from .models import LETTER_NUMBER_MAX_LENGTH
from .services import member_transfer_receive, transfer_letter_correct
from .transfers import LetterRow, letter_committees, letter_get, letter_row, temporary_due, transfer_letters

router = Router(tags=["Chuyển sinh hoạt đảng"])


class LetterFilters(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Cây con (mặc định: tổ chức được "
                                        "phân công); giấy gửi đi hoặc nhận về trong cây con")
    on: date | None = Field(None, description="Tính đến ngày (mặc định hôm nay)")
    state: Literal["overdue", "pending", "presented", "all"] = Field(
        "overdue", description="overdue: đã cấp, chưa nộp, quá 30 ngày làm việc; pending: chưa nộp, còn hạn"
    )
    page: int = Field(1, ge=1, le=10**6)


class LetterRowOut(Schema):
    id: int
    member_id: int
    full_name: str
    number: str
    issued_on: date
    deadline: date
    presented_on: date | None
    state: str = Field(..., description="overdue / pending / presented / presented_late")
    days_over: int = Field(..., description="Số ngày quá hạn (đến ngày tính hoặc đến ngày nộp)")
    temporary: bool
    from_organization_id: int | None
    from_organization_name: str
    to_organization_id: int | None
    destination: str
    sending_committee_name: str
    receiving_committee_name: str


class LetterPageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[LetterRowOut]


class PresentationIn(Schema):
    presented_on: date


class LetterCorrectIn(Schema):
    number: str = Field(..., max_length=LETTER_NUMBER_MAX_LENGTH, description="Số giấy giới thiệu đúng")
    issued_on: date = Field(..., description="Ngày cấp đúng")
    sending_committee_id: int | None = Field(None, ge=1, le=2**31 - 1,
                                             description="Cấp ủy giới thiệu đi (chi bộ hoặc cấp trên của chi bộ)")
    reason: str = Field(..., max_length=255, description="Lý do sửa")


class TemporaryFilters(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)
    on: date | None = None
    within_days: int | None = Field(None, ge=0, le=3660, description="Mặc định 30 ngày (TEMPORARY_END_REMINDER_DAYS)")


class TemporaryOut(Schema):
    member_id: int
    full_name: str
    since: date
    until: date
    days: int = Field(..., description="until − on: 0 là hết hạn hôm nay, âm là đã quá hạn")
    which: str = Field(..., description="upcoming / today / passed")
    home_organization_name: str
    host_organization_name: str


def _row(r: LetterRow) -> dict[str, Any]:
    t = r.letter
    ev = t.event
    return {
        "id": t.pk, "member_id": t.member_id, "full_name": t.member.full_name, "number": t.number,
        "issued_on": t.issued_on, "deadline": r.deadline, "presented_on": t.presented_on, "state": r.state,
        "days_over": r.days_over, "temporary": ev.temporary, "from_organization_id": ev.organization_id,
        "from_organization_name": ev.organization.name if ev.organization else "",
        "to_organization_id": ev.to_organization_id, "destination": r.destination,
        "sending_committee_name": t.sending_committee.name,
        "receiving_committee_name": t.receiving_committee.name if t.receiving_committee else t.receiving_name,
    }


@router.get("/transfer-letters", response={200: LetterPageOut, **ERRORS})
def letters_list(request: HttpRequest, filters: Query[LetterFilters]) -> dict[str, Any]:
    """Giấy giới thiệu sinh hoạt đảng gửi đi hoặc nhận về trong cây con, theo trạng thái; mặc định danh sách quá
    hạn (đã cấp, chưa nộp cho cấp ủy nơi đến sau 30 ngày làm việc, Quy định 294-QĐ/TW), 50 mỗi trang."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    page = transfer_letters(user, org, on=filters.on or today(), state=filters.state, page=filters.page)
    return {"count": page.count, "page": page.page, "pages": page.pages, "items": [_row(r) for r in page.items]}


@router.post("/transfer-letters/{letter_id}/presentation", response={200: LetterRowOut, **ERRORS})
def letter_presented(request: HttpRequest, letter_id: int, payload: PresentationIn) -> dict[str, Any]:
    """Ghi ngày đảng viên nộp giấy giới thiệu cho cấp ủy nơi đến (cấp ủy nơi đến ghi; chuyển ra ngoài tỉnh: nơi đi
    ghi theo phiếu báo). Nộp sau hạn vẫn được ghi và báo quá hạn."""
    user = caller(request)
    letter = member_transfer_receive(actor=user, letter=letter_get(user, letter_id), presented_on=payload.presented_on)
    return _row(letter_row(letter_get(user, letter.pk), today()))


@router.post("/transfer-letters/{letter_id}/correct", response={200: LetterRowOut, **ERRORS})
def letter_correct(request: HttpRequest, letter_id: int, payload: LetterCorrectIn) -> dict[str, Any]:
    """Sửa số, ngày cấp hoặc cấp ủy giới thiệu đi của giấy giới thiệu ghi sai (kèm lý do, có nhật ký trước/sau);
    sự kiện chuyển sinh hoạt không đổi. 422: `required`, `max_length`, `not_future`, `letter_after_transfer`,
    `letter_committee`, `presented_before_issued`, `unchanged`, `letter_voided`."""
    user = caller(request)
    letter = letter_get(user, letter_id)
    sending = None
    if payload.sending_committee_id is not None:
        sending = letter_committees(letter).filter(pk=payload.sending_committee_id).first()
        if sending is None:  # never names an organisation picked by id: it is the cell or above it, or nothing
            raise DomainError("«Cấp ủy giới thiệu đi» phải là chi bộ của đảng viên hoặc cấp ủy cấp trên của chi bộ.",
                              field="sending_committee_id", rule="letter_committee")
    letter = transfer_letter_correct(actor=user, letter=letter, number=payload.number, issued_on=payload.issued_on,
                                     sending_committee=sending, reason=payload.reason)
    return _row(letter_row(letter_get(user, letter.pk), today()))


@router.get("/transfers/temporary-due", response={200: list[TemporaryOut], **ERRORS})
def temporary_list(request: HttpRequest, filters: Query[TemporaryFilters]) -> list[dict[str, Any]]:
    """Đảng viên sinh hoạt tạm thời sắp hết hạn (trong `within_days` ngày), hết hạn hôm nay hoặc đã quá hạn mà chưa
    ghi kết thúc (chi bộ chính thức hoặc chi bộ sinh hoạt tạm thời trong cây con)."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    rows = temporary_due(user, org, on=filters.on or today(), within_days=filters.within_days)
    return [
        {"member_id": r.member.pk, "full_name": r.member.full_name, "since": r.since, "until": r.until,
         "days": r.days, "which": r.which, "home_organization_name": r.home_name,
         "host_organization_name": r.host_name}
        for r in rows
    ]
