from decimal import Decimal
from typing import Any

from django import template

from dangvu.core.text import format_number

register = template.Library()


@register.filter
def num(value: Any) -> str:
    """A target or actual value: 300 → "300", 94.5 → "94,5", 8614 → "8.614"; None → "—"."""
    if value is None or value == "":
        return "—"
    s = format_number(Decimal(str(value)), 2)
    return s.rstrip("0").rstrip(",") if "," in s else s


@register.filter
def percent_of(part: Any, whole: Any) -> str:
    """{{ women|percent_of:total }} → "38,2%"."""
    try:
        p, w = Decimal(str(part or 0)), Decimal(str(whole or 0))
    except ArithmeticError:
        return "—"
    if not w:
        return "—"
    s = format_number(p * 100 / w, 1)
    return (s.rstrip("0").rstrip(",") if "," in s else s) + "%"


@register.simple_tag
def target_wording(target: Any, percent: bool = False) -> str:
    """A target as a sentence: "Từ 109 trở lên", "Không quá 2", "Từ 1 đến 2", "Đúng bằng 3" ("85%" for a
    percent indicator)."""
    unit = "%" if percent else ""
    low = f"{num(target.value)}{unit}"
    high = f"{num(target.value_max)}{unit}" if target.value_max is not None else ""
    return {
        "at_least": f"Từ {low} trở lên",
        "at_most": f"Không quá {low}",
        "between": f"Từ {low} đến {high}",
        "exactly": f"Đúng bằng {low}",
    }.get(target.comparison, low)
