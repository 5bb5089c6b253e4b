"""Members: list of a subtree as of a date, record, profile with timeline, lifecycle events, void."""

from datetime import date, datetime
from typing import Any, Literal, get_args

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dangvu.core.api import ERRORS, caller
from dangvu.core.dates import today
from dangvu.core.errors import NotVisible
from dangvu.core.hooks import collect
from dangvu.members.family_api import RelativeOut, family_out, photo_out
from dangvu.members.models import Member, MemberEvent, TransferLetter
from dangvu.members.rules import presentation_deadline
from dangvu.members.selectors import (
    committee_by_id,
    member_get,
    member_party_age,
    member_timeline,
    members_of,
    recognition_full_since,
    target_organization,
)
from dangvu.members.services import (
    PROFILE_FIELDS,
    RECORDABLE_KINDS,
    SENSITIVE_FIELDS,
    member_event_void,
    member_record,
    member_record_event,
    member_view_sensitive,
)
from dangvu.members.services.transfers import LetterIn
from dangvu.members.transfers import letters_of_member
from dangvu.orgs.selectors import org_get, organization_or_default

router = Router(tags=["Đảng viên"])

RecordableKind = Literal[
    "recognised_full",
    "transferred",
    "temporary_ended",
    "transferred_out",
    "struck_off",
    "expelled",
    "released",
    "deceased",
    "reinstated",
    "readmitted",
    "exempted",
    "exemption_ended",
]
assert set(get_args(RecordableKind)) == {str(k) for k in RECORDABLE_KINDS}


class MemberFilters(Schema):
    organization_id: int | None = Field(
        None, description="Cả cây con của tổ chức này (mặc định: tổ chức được phân công đầu tiên)"
    )
    on: date | None = Field(None, description="Danh sách vào ngày này (mặc định hôm nay)")
    q: str = Field("", max_length=128, description="Tìm theo họ tên, không cần dấu")
    status: Literal["probationary", "full"] | None = None
    sex: Literal["M", "F"] | None = None
    sector: str | None = None
    theory_level: str | None = None
    page: int = 1
    after: str | None = Field(
        None, max_length=700,
        description="Đọc tuần tự: giá trị next_after của trang trước (keyset, đúng cả khi có đảng viên mới được ghi)",
    )
    exact_count: bool = Field(False, description="Đếm lại chính xác thay vì dùng số đã đếm khi dữ liệu chưa đổi")


class MemberRowOut(Schema):
    id: int
    full_name: str
    sex: str
    birth_date: date
    status: str
    organization_id: int | None
    organization_name: str
    admitted_on: date
    full_on: date | None


class MemberPageOut(Schema):
    count: int
    page: int
    pages: int
    next_after: str | None = None
    items: list[MemberRowOut]


class MemberIn(Schema):
    full_name: str = Field(..., max_length=128)
    sex: Literal["M", "F"]
    birth_date: date
    organization_id: int
    admitted_on: date
    ceremony_on: date | None = None
    full_on: date | None = None
    joined_on: date | None = Field(None, description="Chuyển đến từ ngoài hệ thống vào ngày này")
    citizen_id: str | None = Field(None, max_length=32)
    card_number: str | None = Field(None, max_length=32)
    document: str = Field("", max_length=64)
    other_name: str | None = Field(None, max_length=128)
    birthplace: str | None = Field(None, max_length=255)
    home_town: str | None = Field(None, max_length=255)
    ethnic_group: str | None = Field(None, max_length=64)
    religion: str | None = Field(None, max_length=64)
    phone: str | None = Field(None, max_length=20)
    address: str | None = Field(None, max_length=255)
    education: str | None = Field(None, max_length=16)
    qualification: str | None = Field(None, max_length=128)
    theory_level: str | None = Field(None, max_length=16)
    occupation: str | None = Field(None, max_length=255)


class SensitiveOut(Schema):
    citizen_id: str | None
    phone: str
    address: str


class LetterOut(Schema):
    id: int
    number: str
    issued_on: date
    sending_committee_id: int
    sending_committee_name: str
    receiving_committee_id: int | None
    receiving_committee_name: str
    deadline: date = Field(..., description="Hạn nộp: ngày làm việc thứ 30 sau ngày cấp (Quy định 294-QĐ/TW)")
    presented_on: date | None


class MemberEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    effective_on: date
    organization_id: int | None
    to_organization_id: int | None
    temporary: bool
    temporary_until: date | None = None
    temporary_purpose: str = ""
    full_since: date | None = Field(
        None, description="recognised_full: «chính thức kể từ ngày» — ngày hết 12 tháng dự bị; effective_on là "
        "ngày quyết định công nhận",
    )
    letter: LetterOut | None = None
    destination: str
    document: str
    note: str
    recorded_at: datetime
    voided_at: datetime | None
    void_reason: str


class MemberStateOut(Schema):
    id: int
    full_name: str
    status: str
    organization_id: int
    organization_name: str
    temporary_organization_id: int | None
    left_on: date | None
    left_kind: str
    exempted: bool


class MemberDetailOut(MemberStateOut):
    other_name: str
    sex: str
    birth_date: date
    birthplace: str
    home_town: str
    ethnic_group: str
    religion: str
    education: str
    qualification: str
    theory_level: str
    occupation: str
    card_number: str | None
    admitted_on: date
    ceremony_on: date | None
    full_on: date | None
    full_since: date | None = Field(
        None, description="Chính thức kể từ ngày (hết 12 tháng dự bị); full_on là ngày quyết định công nhận"
    )
    party_age: int = Field(..., description="Tuổi đảng hôm nay (năm tròn)")
    sensitive: SensitiveOut | None = Field(
        None,
        description="CCCD, điện thoại, nơi ở: chỉ cho người được ghi hồ sơ đảng viên tại tổ chức này; "
        "mỗi lần trả về được ghi nhật ký (member_view_sensitive).",
    )
    events: list[MemberEventOut]
    has_photo: bool = Field(False, description="Hồ sơ có ảnh hay chưa")
    photo_url: str | None = Field(
        None, description="GET ảnh (cùng mã truy cập, chỉ người xem được đảng viên); null khi chưa có ảnh",
    )
    family: list[RelativeOut] = Field(
        default_factory=list, description="Hoàn cảnh gia đình (1-HSĐV): người thân đang có trong lý lịch",
    )
    family_removed: list[RelativeOut] | None = Field(
        None, description="Người thân đã xóa khỏi lý lịch (ai xóa, lúc nào, lý do) — chỉ cho người được sửa hồ sơ; "
        "null với người chỉ xem",
    )


class MemberEventIn(Schema):
    kind: RecordableKind
    effective_on: date
    to_organization_id: int | None = Field(None, description="transferred: chi bộ chuyển đến")
    temporary: bool = False
    temporary_until: date | None = Field(None, description="transferred + temporary: sinh hoạt tạm thời đến ngày")
    temporary_purpose: Literal["work", "study"] = Field(
        "work", description="transferred + temporary: công tác, lao động (dưới 12 tháng) / học tập (đến 24 tháng)"
    )
    destination: str = Field("", max_length=255, description="transferred_out: nơi chuyển đến")
    document: str = Field("", max_length=64)
    note: str = Field("", max_length=2000)
    letter_number: str = Field("", max_length=64, description="transferred/transferred_out: số giấy giới thiệu")
    letter_issued_on: date | None = Field(None, description="Ngày cấp giấy giới thiệu (mặc định effective_on)")
    sending_committee_id: int | None = Field(
        None, description="Cấp ủy giới thiệu đi (mặc định tổ chức cơ sở đảng của chi bộ đang sinh hoạt)"
    )
    receiving_committee_id: int | None = Field(
        None, description="Cấp ủy nơi đến (mặc định tổ chức cơ sở đảng của chi bộ chuyển đến)"
    )


class VoidIn(Schema):
    reason: str = Field(..., max_length=255)


class MemberEventResultOut(Schema):
    event: MemberEventOut
    member: MemberStateOut
    warnings: list[str] = Field(
        default_factory=list,
        description="Cảnh báo không chặn việc ghi, ví dụ công nhận chính thức khi chưa có giấy chứng nhận lớp bồi "
        "dưỡng lý luận chính trị cho đảng viên mới",
    )


def letter_out(t: TransferLetter) -> dict[str, Any]:
    return {
        "id": t.pk, "number": t.number, "issued_on": t.issued_on, "sending_committee_id": t.sending_committee_id,
        "sending_committee_name": t.sending_committee.name, "receiving_committee_id": t.receiving_committee_id,
        "receiving_committee_name": t.receiving_committee.name if t.receiving_committee else t.receiving_name,
        "deadline": presentation_deadline(t.issued_on), "presented_on": t.presented_on,
    }


def _event(
    e: MemberEvent, letters: dict[int, TransferLetter] | None = None, full_since: dict[int, date] | None = None
) -> dict[str, Any]:
    letter = (letters or {}).get(e.pk)
    return {
        "id": e.pk,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "effective_on": e.effective_on,
        "organization_id": e.organization_id,
        "to_organization_id": e.to_organization_id,
        "temporary": e.temporary,
        "temporary_until": e.temporary_until,
        "temporary_purpose": e.temporary_purpose,
        "full_since": (full_since or {}).get(e.pk),
        "letter": letter_out(letter) if letter is not None else None,
        "destination": e.destination,
        "document": e.document,
        "note": e.note,
        "recorded_at": e.recorded_at,
        "voided_at": e.voided_at,
        "void_reason": e.void_reason,
    }


def _state(m: Member) -> dict[str, Any]:
    return {
        "id": m.pk,
        "full_name": m.full_name,
        "status": m.status,
        "organization_id": m.organization_id,
        "organization_name": m.organization.name,
        "temporary_organization_id": m.temporary_organization_id,
        "left_on": m.left_on,
        "left_kind": m.left_kind,
        "exempted": m.exempted,
    }


def _detail(user: Any, m: Member, *, show_sensitive: bool) -> dict[str, Any]:
    out = _state(m)
    out.update({k: getattr(m, k) for k in PROFILE_FIELDS if k not in SENSITIVE_FIELDS})
    timeline = member_timeline(m)
    since = recognition_full_since(m, timeline)
    letters = letters_of_member(m)
    latest_recognition = max((e for e in timeline if e.pk in since), key=lambda e: (e.effective_on, e.pk),
                             default=None)
    out.update(
        sex=m.sex,
        birth_date=m.birth_date,
        card_number=m.card_number,
        admitted_on=m.admitted_on,
        ceremony_on=m.ceremony_on,
        full_on=m.full_on,
        full_since=since[latest_recognition.pk] if latest_recognition is not None and m.full_on else None,
        party_age=member_party_age(m, today()),
        events=[_event(e, letters, since) for e in timeline],
        sensitive=None,
        **photo_out(m),
        **family_out(user, m),
    )
    if show_sensitive:
        # Luật Bảo vệ dữ liệu cá nhân: each disclosure of sensitive fields is logged, not only writes.
        out["sensitive"] = member_view_sensitive(actor=user, member=m)
    return out


def _member_event(member: Member, event_id: int) -> MemberEvent:
    """The member's event with this id, or NotVisible."""
    event = MemberEvent.objects.filter(member=member, pk=event_id).first()
    if event is None:
        raise NotVisible
    return event


def _reloaded(member: Member) -> Member:
    """The state the user's own write produced, even when a transfer took the member out of their scope."""
    return Member.objects.select_related("organization").get(pk=member.pk)


@router.get("/members", response={200: MemberPageOut, **ERRORS})
def member_list(request: HttpRequest, filters: Query[MemberFilters]) -> dict[str, Any]:
    """Đảng viên của cả cây con `organization_id` vào ngày `on`, theo thứ tự tên tiếng Việt, 50 mỗi trang."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    page = members_of(
        user,
        org,
        on=filters.on or today(),
        q=filters.q,
        status=filters.status,
        sex=filters.sex,
        sector=filters.sector,
        theory_level=filters.theory_level,
        page=filters.page,
        after=filters.after,
        exact_count=filters.exact_count,
    )
    return {
        "count": page.count,
        "page": page.page,
        "pages": page.pages,
        "next_after": page.next_after,
        "items": [
            {
                "id": r.member.pk,
                "full_name": r.member.full_name,
                "sex": r.member.sex,
                "birth_date": r.member.birth_date,
                "status": r.status_on,
                "organization_id": r.organization_id,
                "organization_name": r.organization_name,
                "admitted_on": r.member.admitted_on,
                "full_on": r.member.full_on,
            }
            for r in page.items
        ],
    }


@router.post("/members", response={201: MemberDetailOut, **ERRORS})
def member_create(request: HttpRequest, payload: MemberIn) -> Status:
    """Ghi hồ sơ đảng viên (kết nạp, hoặc chuyển đến từ ngoài hệ thống khi có `joined_on`)."""
    user = caller(request)
    data = payload.dict()
    organization = org_get(user, data.pop("organization_id"))
    profile = {k: data.pop(k) for k in PROFILE_FIELDS if k in data}
    profile = {k: v for k, v in profile.items() if v is not None}
    member = member_record(actor=user, organization=organization, **data, **profile)
    return Status(201, _detail(user, member, show_sensitive=False))


@router.get("/members/{member_id}", response={200: MemberDetailOut, **ERRORS})
def member_detail(request: HttpRequest, member_id: int) -> Any:
    """Hồ sơ, tuổi đảng hôm nay và dòng thời gian sự kiện (kể cả sự kiện đã hủy)."""
    user = caller(request)
    return _detail(user, member_get(user, member_id), show_sensitive=True)


@router.post("/members/{member_id}/events", response={201: MemberEventResultOut, **ERRORS})
def member_event_create(request: HttpRequest, member_id: int, payload: MemberEventIn) -> Status:
    """Ghi một sự kiện của đảng viên (công nhận chính thức, chuyển sinh hoạt, xóa tên, ...)."""
    user = caller(request)
    member = member_get(user, member_id)
    letter = None
    if payload.letter_number or payload.letter_issued_on:
        letter = LetterIn(
            number=payload.letter_number, issued_on=payload.letter_issued_on or payload.effective_on,
            sending_committee=committee_by_id(payload.sending_committee_id, "sending_committee_id"),
            receiving_committee=committee_by_id(payload.receiving_committee_id, "receiving_committee_id"),
        )
    event = member_record_event(
        actor=user,
        member=member,
        kind=payload.kind,
        effective_on=payload.effective_on,
        to_organization=target_organization(payload.to_organization_id),
        temporary=payload.temporary,
        destination=payload.destination,
        document=payload.document,
        note=payload.note,
        letter=letter,
        temporary_until=payload.temporary_until,
        temporary_purpose=payload.temporary_purpose,
    )
    member = _reloaded(member)
    warnings = collect("recognition_warnings", member, event.effective_on) if event.kind == "recognised_full" else []
    since = recognition_full_since(member, list(member.events.all())) if event.kind == "recognised_full" else {}
    return Status(201, {"event": _event(event, letters_of_member(member), since), "member": _state(member),
                        "warnings": warnings})


@router.post("/members/{member_id}/events/{event_id}/void", response={200: MemberEventResultOut, **ERRORS})
def member_event_void_route(request: HttpRequest, member_id: int, event_id: int, payload: VoidIn) -> Status:
    """Hủy sự kiện gần nhất của đảng viên (ghi sai), kèm lý do; hồ sơ được tính lại."""
    user = caller(request)
    member = member_get(user, member_id)
    event = member_event_void(actor=user, event=_member_event(member, event_id), reason=payload.reason)
    member = _reloaded(member)
    return Status(200, {"event": _event(event), "member": _state(member)})
