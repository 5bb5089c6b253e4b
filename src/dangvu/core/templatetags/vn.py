"""Vietnamese display filters, one per kind of figure: counts `so` ("8.614"), years and ids `ma` ("2025"),
scores `diem` ("48,00"), shares `tyle` ("75,1%"); dates `ngay` ("dd/mm/yyyy"); query strings for paging."""

from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone

from dangvu.core.dates import format_date
from dangvu.core.text import format_code, format_number, format_score, format_share

register = template.Library()


@register.filter
def so(value: Any, decimals: int = 0) -> str:
    """8614 → "8.614"; None → ""."""
    if value in (None, ""):
        return ""
    return format_number(value, int(decimals))


@register.filter
def ma(value: Any) -> str:
    """A year or an id, never grouped: 2025 → "2025" (where {{ year }} alone would print "2.025")."""
    return "" if value in (None, "") else format_code(value)


@register.filter
def diem(value: Any) -> str:
    """A score with two decimals: 48 → "48,00"."""
    return "" if value in (None, "") else format_score(value)


@register.filter
def tyle(value: Any) -> str:
    """A share in percent with one decimal: 75 → "75,0%", 75.06 → "75,1%"."""
    return "" if value in (None, "") else format_share(value)


@register.filter
def ngay(value: date | datetime | None) -> str:
    """A date as dd/mm/yyyy; a datetime as dd/mm/yyyy HH:MM in local time."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return format_date(value)


@register.filter
def iso(value: date | None) -> str:
    """A date as YYYY-MM-DD for links and <input type="date">."""
    return value.isoformat() if value else ""


@register.simple_tag(takes_context=True)
def query(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced: {% query page=2 %} → "?q=...&page=2"."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def make_list_words(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form: Any, name: str) -> Any:
    """A bound field by name: {% with f=form|field:"full_name" %}."""
    return form[name]
