"""Writes on the parts of a member's profile beside the personal fields: the photo and the family relations
(1-HSĐV, «Hoàn cảnh gia đình»). One transaction each, scope checked, audited on the member with before/after."""

import uuid
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from dangvu.core.actors import Actor, recorded_by
from dangvu.core.audit import audit
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.orgs.scope import require

from ..models import FamilyRelation, FamilyRelationKind, Member
from ..photos import check_photo

OLDEST_BIRTH_YEAR = 1880


def _relative_audit(r: FamilyRelation | None) -> dict[str, Any]:
    """What the audit log keeps of a relative (keys labelled by web.audit: relation, relative_name, …)."""
    if r is None:
        return {}
    return {"relative": r.pk, "relation": r.get_relation_display(), "relative_name": r.full_name,
            "birth_year": r.birth_year, "relative_occupation": r.occupation,
            "political_attitude": r.political_attitude}


def check_relative(*, relation: str, full_name: str, birth_year: int | str | None, occupation: str,
                   political_attitude: str) -> dict[str, Any]:
    """The relative's fields cleaned; DomainError naming the field and the rule otherwise."""
    if relation not in FamilyRelationKind.values:
        raise DomainError("Quan hệ không hợp lệ; chọn cha, mẹ, vợ (chồng), con, anh chị em…", field="relation",
                          rule="choices")
    name = " ".join((full_name or "").split())
    if not name:
        raise DomainError("Họ và tên người thân không được để trống.", field="full_name", rule="required")
    if len(name) > 128:
        raise DomainError("Họ và tên người thân dài quá 128 ký tự.", field="full_name", rule="max_length")
    year: int | None = None
    if birth_year not in (None, ""):
        raw = str(birth_year).strip()
        if not raw.isdigit() or len(raw) != 4:
            raise DomainError("Năm sinh ghi bằng 4 chữ số, ví dụ 1958.", field="birth_year", rule="year_format")
        year = int(raw)
        if not OLDEST_BIRTH_YEAR <= year <= today().year:
            raise DomainError(f"Năm sinh phải từ {OLDEST_BIRTH_YEAR} đến {today().year}.", field="birth_year",
                              rule="year_range")
    occupation = " ".join((occupation or "").split())
    if len(occupation) > 255:
        raise DomainError("Nghề nghiệp, nơi làm việc dài quá 255 ký tự.", field="occupation", rule="max_length")
    attitude = (political_attitude or "").strip()
    if len(attitude) > 500:
        raise DomainError("Lịch sử, thái độ chính trị dài quá 500 ký tự.", field="political_attitude",
                          rule="max_length")
    return {"relation": relation, "full_name": name, "birth_year": year, "occupation": occupation,
            "political_attitude": attitude}


@transaction.atomic
def member_family_add(*, actor: Actor, member: Member, relation: str, full_name: str,
                      birth_year: int | str | None = None, occupation: str = "",
                      political_attitude: str = "") -> FamilyRelation:
    """Add a relative to the member's profile."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    require(actor, "record_member", member.organization)
    clean = check_relative(relation=relation, full_name=full_name, birth_year=birth_year, occupation=occupation,
                           political_attitude=political_attitude)
    relative = FamilyRelation.objects.create(member=member, recorded_by=recorded_by(actor), **clean)
    audit(actor, "member_family_add", member, before={}, after=_relative_audit(relative))
    return relative


@transaction.atomic
def member_family_update(*, actor: Actor, relative: FamilyRelation, relation: str, full_name: str,
                         birth_year: int | str | None = None, occupation: str = "",
                         political_attitude: str = "") -> FamilyRelation:
    """Correct a relative's entry; audited with before/after."""
    relative = FamilyRelation.objects.select_for_update().select_related("member__organization").get(pk=relative.pk)
    require(actor, "record_member", relative.member.organization)
    if relative.removed_at is not None:
        raise DomainError("Người thân này đã bị xóa khỏi lý lịch.", field="relative", rule="removed")
    clean = check_relative(relation=relation, full_name=full_name, birth_year=birth_year, occupation=occupation,
                           political_attitude=political_attitude)
    before = _relative_audit(relative)
    for k, v in clean.items():
        setattr(relative, k, v)
    relative.save(update_fields=list(clean))
    audit(actor, "member_family_update", relative.member, before=before, after=_relative_audit(relative))
    return relative


def relative_values(relative: FamilyRelation) -> dict[str, Any]:
    """The relative's stored fields as member_family_update takes them (callers that change a few fields — the
    API's PATCH, an import row with blank cells — start from these, so a blank keeps the stored value)."""
    return {"relation": relative.relation, "full_name": relative.full_name, "birth_year": relative.birth_year,
            "occupation": relative.occupation, "political_attitude": relative.political_attitude}


def check_removal_reason(reason: str | None) -> str:
    """The reason a relative is taken off the profile: required, at most 255 characters."""
    text = " ".join((reason or "").split())
    if not text:
        raise DomainError("Ghi lý do xóa người thân khỏi lý lịch (ví dụ: ghi nhầm, trùng).", field="reason",
                          rule="required")
    if len(text) > 255:
        raise DomainError("Lý do xóa dài quá 255 ký tự.", field="reason", rule="max_length")
    return text


@transaction.atomic
def member_family_remove(*, actor: Actor, relative: FamilyRelation, reason: str) -> FamilyRelation:
    """Take a relative off the profile (an entry made by mistake), with the reason; the row is kept (removed_at,
    removed_by, removed_reason) and member_family_restore puts it back."""
    relative = FamilyRelation.objects.select_for_update().select_related("member__organization").get(pk=relative.pk)
    require(actor, "record_member", relative.member.organization)
    if relative.removed_at is not None:
        raise DomainError("Người thân này đã bị xóa khỏi lý lịch.", field="relative", rule="removed")
    text = check_removal_reason(reason)
    before = _relative_audit(relative)
    relative.removed_at = timezone.now()
    relative.removed_by = recorded_by(actor)
    relative.removed_reason = text
    relative.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    audit(actor, "member_family_remove", relative.member, before=before,
          after={"relative": relative.pk, "removed_reason": text})
    return relative


@transaction.atomic
def member_family_restore(*, actor: Actor, relative: FamilyRelation) -> FamilyRelation:
    """Put a removed relative back on the profile (a later audited event; the removal stays in the audit log)."""
    relative = FamilyRelation.objects.select_for_update().select_related("member__organization").get(pk=relative.pk)
    require(actor, "record_member", relative.member.organization)
    if relative.removed_at is None:
        raise DomainError("Người thân này đang có trong lý lịch, không cần khôi phục.", field="relative",
                          rule="not_removed")
    before = {"relative": relative.pk, "removed_reason": relative.removed_reason}
    relative.removed_at = None
    relative.removed_by = None
    relative.removed_reason = ""
    relative.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    audit(actor, "member_family_restore", relative.member, before=before, after=_relative_audit(relative))
    return relative


def _photo_audit(name: str) -> dict[str, str]:
    """The photo as the audit log keeps it: a sentence for the reader, the stored file's name to find it again."""
    return {"photo": "có ảnh" if name else "chưa có ảnh", "photo_file": name or ""}


@transaction.atomic
def member_photo_set(*, actor: Actor, member: Member, photo: Any) -> Member:
    """Store a new photo for the member (PNG or JPEG, checked); the earlier file is kept, the change audited."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    require(actor, "record_member", member.organization)
    checked = check_photo(photo)
    before = _photo_audit(member.photo.name)
    ext = "jpg" if checked.kind == "jpeg" else checked.kind
    member.photo.save(f"member-{member.pk}-{uuid.uuid4().hex[:12]}.{ext}", File(photo), save=False)
    member.save(update_fields=["photo", "updated_at"])
    audit(actor, "member_photo_set", member, before=before,
          after={**_photo_audit(member.photo.name), "photo": f"ảnh mới ({checked.width}×{checked.height} điểm ảnh)"})
    return member


@transaction.atomic
def member_photo_remove(*, actor: Actor, member: Member) -> Member:
    """Take the photo off the profile (the file is kept, the change audited)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    require(actor, "record_member", member.organization)
    if not member.photo:
        raise DomainError("Hồ sơ chưa có ảnh.", field="photo", rule="no_photo")
    before = _photo_audit(member.photo.name)
    member.photo = ""  # type: ignore[assignment]  # an empty FileField
    member.save(update_fields=["photo", "updated_at"])
    audit(actor, "member_photo_remove", member, before=before, after=_photo_audit(""))
    return member

