from typing import Any

from django import template

from dangvu.core.text import format_percent

register = template.Library()


@register.filter
def phantram(value: Any, decimals: int = 1) -> str:
    """62.5 → "62,5%"."""
    if value in (None, ""):
        return ""
    return format_percent(value, int(decimals))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key] in templates (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
