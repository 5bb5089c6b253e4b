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
