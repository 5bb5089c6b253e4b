"""Shared checks of the enterprise services: Vietnamese field labels, text and date checks."""

from datetime import date
from typing import Any

from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError

LABELS = {
    "name": "Tên doanh nghiệp", "tax_code": "Mã số thuế", "ownership": "Loại hình sở hữu",
    "investor_country": "Quốc gia nhà đầu tư", "industry": "Ngành nghề", "address": "Địa chỉ",
    "owner_name": "Chủ doanh nghiệp/giám đốc", "contact": "Liên hệ", "registered_on": "Ngày đưa vào theo dõi",
    "as_of": "Ngày số liệu", "founded_on": "Ngày thành lập", "dissolved_on": "Ngày giải thể",
    "happened_on": "Ngày làm việc", "due_on": "Hạn", "effective_on": "Ngày hiệu lực", "closed_on": "Ngày kết thúc",
    "deactivated_on": "Ngày ngừng theo dõi", "note": "Ghi chú",
    "valid_from": "Ngày bắt đầu làm việc", "valid_to": "Ngày thôi làm việc", "position": "Vị trí, chức vụ",
}


TEXT_LIMITS = {"name": 255, "investor_country": 64, "industry": 255, "address": 255, "owner_name": 255,
               "contact": 255}


def _not_future(d: date, field: str) -> None:
    if d > today():
        raise DomainError(
            f"{LABELS.get(field, 'Ngày')} {format_date(d)} ở tương lai: chỉ ghi nhận số liệu, sự việc đã có "
            f"(không sau ngày {format_date(today())}).",
            field=field, rule="no_future_dates",
        )


def _text(value: Any, field: str, *, required: bool = False, limit: int = 255) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise DomainError(f"{LABELS.get(field, field)} không được để trống.", field=field, rule="required")
    if len(text) > limit:
        raise DomainError(f"{LABELS.get(field, field)} dài quá {limit} ký tự.", field=field, rule="max_length")
    return text


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None
