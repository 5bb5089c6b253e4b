"""Shared pieces of the report builders: parameters, labels of dates and periods, the letterhead."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError
from dangvu.orgs.models import Organization
from dangvu.orgs.selectors import names_on, path_on

from ..model import Letterhead

SOURCE = "Cơ sở dữ liệu Đảng vụ"


@dataclass
class Params:
    user: Any
    org: Organization
    on: date
    start: date
    end: date
    year: int


def _pct(part: int, whole: int) -> Decimal | None:
    return (Decimal(100 * part) / whole).quantize(Decimal("0.01")) if whole else None


def _name(org: Organization, on: date) -> str:
    return names_on([org.pk], on).get(org.pk, org.name)


def _day(on: date) -> str:
    return f"Tính đến ngày {format_date(on)}"


def _period(start: date, end: date) -> str:
    return f"Từ ngày {format_date(start)} đến ngày {format_date(end)}"


def _path(org: Organization, on: date) -> str:
    path = path_on(org.pk, on)
    if path is None:
        raise DomainError(
            f"{org.name} chưa tồn tại hoặc đã giải thể vào ngày {format_date(on)}.",
            field="on",
            rule="org_not_active_on",
        )
    return path


def letterhead(org: Organization, on: date) -> Letterhead:
    """The document heading of the organisation's committee as the tree stood on `on`."""
    path = path_on(org.pk, on) or org.path
    segs = [int(s) for s in path.rstrip(".").split(".") if s]
    names = names_on(segs, on)
    own = names.get(org.pk, org.name)
    issuer = own.replace("Đảng bộ", "Đảng ủy", 1) if own.startswith("Đảng bộ") else own
    superior = names.get(segs[-2], "") if len(segs) > 1 else ""
    province = names.get(segs[0], "")
    place = province
    for prefix in ("Đảng bộ tỉnh ", "Đảng bộ thành phố ", "Đảng bộ "):
        if place.startswith(prefix):
            place = place[len(prefix) :]
            break
    # Dated the day the document is made; the figures' own date is in the title's period line.
    return Letterhead(
        superior=superior or "ĐẢNG CỘNG SẢN VIỆT NAM", issuer=issuer, place=place or "…", issued_on=today()
    )


def _dec(v: float | None) -> Decimal | None:
    return None if v is None else Decimal(str(v)).quantize(Decimal("0.01"))


def _float(v: float | None) -> float | None:
    return None if v is None else float(_dec(v))  # type: ignore[arg-type]


def _dec_text(v: float | None) -> str:
    from dangvu.core.text import format_percent

    return "—" if v is None else format_percent(_dec(v) or 0)
