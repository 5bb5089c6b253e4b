"""Checks shared by organisation services; each message names the field and the rule (Vietnamese)."""

from datetime import date

from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError

from .models import ALLOWED_PARENT_KINDS, RETIRED_KINDS, Organization, OrgEvent, OrgKind

DATE_LABELS = {
    "effective_on": "Ngày hiệu lực", "founded_on": "Ngày thành lập", "birth_date": "Ngày sinh",
    "admitted_on": "Ngày quyết định kết nạp", "ceremony_on": "Ngày lễ kết nạp", "full_on": "Ngày chính thức",
    "joined_on": "Ngày chuyển đến",
}


def check_not_future(d: date, field: str = "effective_on") -> None:
    if d > today():
        raise DomainError(
            f"{DATE_LABELS.get(field, 'Ngày')} {format_date(d)} ở tương lai: chỉ ghi nhận sự kiện đã xảy ra "
            f"(không sau ngày {format_date(today())}).",
            field=field, rule="no_future_dates",
        )


def check_name(name: str, field: str = "name") -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Tên tổ chức không được để trống.", field=field, rule="required")
    if len(name) > 255:
        raise DomainError("Tên tổ chức dài quá 255 ký tự.", field=field, rule="max_length")
    return name


def check_parent_kind(kind: str, parent: Organization | None, field: str = "parent_id") -> None:
    allowed = ALLOWED_PARENT_KINDS[kind]
    parent_kind = parent.kind if parent else None
    if parent_kind not in allowed:
        label = OrgKind(kind).label
        where = OrgKind(parent_kind).label if parent_kind else "không có cấp trên"
        names = ", ".join(OrgKind(k).label for k in allowed if k) or "không có cấp trên"
        raise DomainError(
            f"{label} không thể trực thuộc {where}; chỉ trực thuộc: {names} (Điều lệ Đảng, hệ thống tổ chức).",
            field=field, rule="parent_kind",
        )


def check_active_on(org: Organization, d: date, field: str) -> None:
    if d < org.founded_on:
        raise DomainError(
            f"{org.name} thành lập ngày {format_date(org.founded_on)}, sau ngày {format_date(d)}.",
            field=field, rule="org_not_yet_founded",
        )
    if org.dissolved_on is not None and d >= org.dissolved_on:
        raise DomainError(
            f"{org.name} đã giải thể/sáp nhập từ ngày {format_date(org.dissolved_on)}.",
            field=field, rule="org_dissolved",
        )


def check_event_order(org: Organization, d: date, field: str = "effective_on") -> None:
    """Events are appended in date order; a correction of the past is a new event, not a back-dated one."""
    last = OrgEvent.objects.filter(organization=org).order_by("-effective_on").values_list(
        "effective_on", flat=True
    ).first()
    if last is not None and d < last:
        raise DomainError(
            f"Ngày hiệu lực {format_date(d)} trước sự kiện gần nhất của {org.name} "
            f"({format_date(last)}); sự kiện phải ghi theo thứ tự thời gian.",
            field=field, rule="event_order",
        )


def check_kind_not_retired(kind: str, on: date, field: str = "kind") -> None:
    """Bloc and district committees are kept for history; none is founded or created by a kind change from
    1/7/2025 (Kết luận 137-KL/TW và Nghị quyết 60-NQ/TW, 2025: bỏ cấp huyện, kết thúc đảng bộ khối)."""
    retired = RETIRED_KINDS.get(kind)
    if retired is not None and on >= retired:
        raise DomainError(
            f"Loại hình «{OrgKind(kind).label}» không còn được lập từ ngày {format_date(retired)} (sắp xếp tổ chức "
            "năm 2025: bỏ cấp huyện, kết thúc hoạt động đảng bộ khối); chọn loại hình mới.",
            field=field, rule="kind_retired",
        )


def check_kind_change(org: Organization, kind: str, on: date) -> None:
    if kind not in OrgKind.values:
        raise DomainError(f"Loại hình tổ chức '{kind}' không hợp lệ.", field="kind", rule="choices")
    if kind == org.kind:
        raise DomainError("Loại hình mới trùng loại hình hiện tại.", field="kind", rule="unchanged")
    if OrgKind.PROVINCIAL_COMMITTEE in (kind, org.kind):
        raise DomainError("Không đổi loại hình của/thành đảng bộ tỉnh.", field="kind", rule="parent_kind")
    check_kind_not_retired(kind, on)
    check_not_future(on)
    check_active_on(org, on, "effective_on")
    check_event_order(org, on)


def check_child_kind(child: Organization, parent_kind: str, field: str = "kind") -> None:
    """A kind change must leave each subordinate organisation under a kind it may sit under."""
    if parent_kind not in ALLOWED_PARENT_KINDS[child.kind]:
        raise DomainError(
            f"{child.name} ({OrgKind(child.kind).label}) không thể trực thuộc {OrgKind(parent_kind).label}; "
            "chuyển hoặc đổi loại hình tổ chức trực thuộc trước (Điều lệ Đảng, hệ thống tổ chức).",
            field=field, rule="parent_kind",
        )


def check_code(code: str | None, *, exclude_pk: int | None = None, field: str = "code") -> str | None:
    """An organisation's code: optional, up to 32 letters, digits, dots or dashes, unique across the system."""
    from .models import Organization as _Org

    code = (code or "").strip() or None
    if code is None:
        return None
    if len(code) > 32 or not all(c.isalnum() or c in ".-_/" for c in code):
        raise DomainError(
            "Mã tổ chức gồm tối đa 32 chữ, số hoặc dấu . - _ /.", field=field, rule="org_code_format"
        )
    if _Org.objects.filter(code=code).exclude(pk=exclude_pk or 0).exists():
        raise DomainError(f"Mã tổ chức {code} đã dùng cho tổ chức khác.", field=field, rule="org_code_unique")
    return code
