from typing import Any

from django import template

from dangvu.reports.model import cell_text

register = template.Library()


@register.filter
def cell(value: Any, kind: str) -> str:
    """{{ value|cell:column.kind }}: Vietnamese number, percent or text."""
    return cell_text(kind, value)


@register.filter
def zip_columns(row: list[Any], columns: list[Any]) -> list[tuple[Any, Any]]:
    return list(zip(columns, row, strict=False))
