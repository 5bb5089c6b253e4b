from typing import Any

from django import template

from dangvu.core.text import format_share

register = template.Library()


@register.filter
def phantram(value: Any, decimals: int = 1) -> str:
    """62.5 → "62,5%", 50 → "50,0%": the one rule for shares (core.text.format_share); `decimals` is ignored."""
    if value in (None, ""):
        return ""
    return format_share(value)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key] in templates (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
