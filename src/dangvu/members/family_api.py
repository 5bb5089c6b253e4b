"""/api/v1/members/{id}/photo and /members/{id}/family: the member's photo and family relations (1-HSĐV) through
the same services and checks as the web form (members.services.family, members.photos) — no second validation
here: the schemas take plain values and every refusal is the service's DomainError (422 naming field and rule)."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from dangvu.core.api import ERRORS, caller
from dangvu.core.errors import NotVisible
from dangvu.orgs.scope import can

from .models import FamilyRelation, FamilyRelationKind, Member
from .selectors import family_of, family_removed, member_get
from .services import family as family_services

router = Router(tags=["Đảng viên"])

RELATIONS = ", ".join(f"`{v}` ({label})" for v, label in FamilyRelationKind.choices)


class PhotoOut(Schema):
    has_photo: bool = Field(..., description="Hồ sơ có ảnh hay chưa")
    photo_url: str | None = Field(
        None,
        description="Đường dẫn lấy ảnh (GET, cùng mã truy cập; chỉ người xem được đảng viên); null khi chưa có ảnh",
    )


class RelativeOut(Schema):
    id: int
    relation: str
    relation_label: str
    full_name: str
    birth_year: int | None
    occupation: str
    political_attitude: str
    recorded_at: datetime
    removed_at: datetime | None = None
    removed_by: str | None = Field(None, description="Người xóa (tên đăng nhập)")
    removed_reason: str = ""


class RelativeIn(Schema):
    # Plain values on purpose: the service (check_relative) is the one definition of what is accepted.
    relation: str = Field(..., description=f"Quan hệ: {RELATIONS}")
    full_name: str = Field(..., description="Họ và tên người thân")
    birth_year: int | str | None = Field(None, description="Năm sinh, 4 chữ số")
    occupation: str = Field("", description="Nghề nghiệp, nơi làm việc")
    political_attitude: str = Field("", description="Lịch sử, thái độ chính trị")


class RelativePatchIn(Schema):
    relation: str | None = Field(None, description=f"Quan hệ: {RELATIONS}")
    full_name: str | None = None
    birth_year: int | str | None = Field(None, description="Năm sinh, 4 chữ số; \"\" để xóa năm sinh")
    occupation: str | None = None
    political_attitude: str | None = None


class RemoveIn(Schema):
    reason: str = Field(..., description="Lý do xóa khỏi lý lịch (bắt buộc)")


def photo_out(member: Member) -> dict[str, Any]:
    """Whether the member has a photo and where an API client gets it (scoped like the member)."""
    return {"has_photo": bool(member.photo),
            "photo_url": f"/api/v1/members/{member.pk}/photo" if member.photo else None}


def relative_out(r: FamilyRelation) -> dict[str, Any]:
    return {
        "id": r.pk, "relation": r.relation, "relation_label": r.get_relation_display(), "full_name": r.full_name,
        "birth_year": r.birth_year, "occupation": r.occupation, "political_attitude": r.political_attitude,
        "recorded_at": r.recorded_at, "removed_at": r.removed_at,
        "removed_by": r.removed_by.username if r.removed_by_id and r.removed_by else None,
        "removed_reason": r.removed_reason,
    }


def family_out(user: Any, member: Member) -> dict[str, Any]:
    """The member detail's family part: relatives on the profile; removed ones only for those who may edit."""
    removed = family_removed(member) if can(user, "record_member", member.organization) else None
    return {"family": [relative_out(r) for r in family_of(member)],
            "family_removed": [relative_out(r) for r in removed] if removed is not None else None}


def _relative(member: Member, relative_id: int) -> FamilyRelation:
    """The member's relative with this id (removed ones too), or NotVisible."""
    try:
        found = FamilyRelation.objects.select_related("removed_by").filter(member=member, pk=relative_id).first()
    except (ValueError, TypeError, OverflowError):
        found = None
    if found is None:
        raise NotVisible
    return found


@router.get("/members/{member_id}/photo", response={200: None, **ERRORS})
def member_photo_get(request: HttpRequest, member_id: int) -> HttpResponse:
    """Ảnh của đảng viên (PNG hoặc JPEG) cho người xem được đảng viên; chưa có ảnh: 404."""
    member = member_get(caller(request), member_id)
    if not member.photo:
        raise NotVisible
    try:
        with member.photo.open("rb") as f:
            content = f.read()
    except OSError:
        raise NotVisible from None
    kind = "image/png" if member.photo.name.lower().endswith(".png") else "image/jpeg"
    resp = HttpResponse(content, content_type=kind)
    resp["Cache-Control"] = "private, max-age=300"
    return resp


@router.post("/members/{member_id}/photo", response={200: PhotoOut, **ERRORS})
def member_photo_upload(request: HttpRequest, member_id: int, photo: File[UploadedFile]) -> Any:
    """Tải lên hoặc thay ảnh (multipart, trường `photo`): PNG/JPEG, kiểm tra đuôi tệp, phần đầu tệp và giải mã ảnh,
    tối đa 2 MB — cùng dịch vụ với trang sửa lý lịch; ảnh cũ vẫn được lưu, ghi nhật ký trước/sau."""
    user = caller(request)
    member = family_services.member_photo_set(actor=user, member=member_get(user, member_id), photo=photo)
    return photo_out(member)


@router.post("/members/{member_id}/family", response={201: RelativeOut, **ERRORS})
def member_family_create(request: HttpRequest, member_id: int, payload: RelativeIn) -> Status:
    """Ghi một người thân vào «Hoàn cảnh gia đình» của lý lịch (ghi nhật ký)."""
    user = caller(request)
    relative = family_services.member_family_add(actor=user, member=member_get(user, member_id), **payload.dict())
    return Status(201, relative_out(relative))


@router.patch("/members/{member_id}/family/{relative_id}", response={200: RelativeOut, **ERRORS})
def member_family_correct(request: HttpRequest, member_id: int, relative_id: int, payload: RelativePatchIn) -> Any:
    """Sửa thông tin người thân: trường không gửi (hoặc null) giữ giá trị đang lưu; ghi nhật ký trước → sau."""
    user = caller(request)
    relative = _relative(member_get(user, member_id), relative_id)
    given = {k: v for k, v in payload.dict().items() if v is not None}
    values = {**family_services.relative_values(relative), **given}
    return relative_out(family_services.member_family_update(actor=user, relative=relative, **values))


@router.post("/members/{member_id}/family/{relative_id}/remove", response={200: RelativeOut, **ERRORS})
def member_family_remove(request: HttpRequest, member_id: int, relative_id: int, payload: RemoveIn) -> Any:
    """Xóa người thân khỏi lý lịch kèm lý do: bản ghi được giữ (removed_at, removed_by, removed_reason), khôi phục
    được; không bao giờ xóa hẳn."""
    user = caller(request)
    relative = _relative(member_get(user, member_id), relative_id)
    relative = family_services.member_family_remove(actor=user, relative=relative, reason=payload.reason)
    return relative_out(relative)


@router.post("/members/{member_id}/family/{relative_id}/restore", response={200: RelativeOut, **ERRORS})
def member_family_restore(request: HttpRequest, member_id: int, relative_id: int) -> Any:
    """Khôi phục người thân đã xóa vào lý lịch (một sự kiện ghi nhật ký sau đó)."""
    user = caller(request)
    relative = _relative(member_get(user, member_id), relative_id)
    return relative_out(family_services.member_family_restore(actor=user, relative=relative))
