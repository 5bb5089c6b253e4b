"""{% cited_documents records as links %} then {% doc_cell record links %}: a record's deciding-document number as
a link to the registered document it designates (documents/uses.py), plain text otherwise. Loaded by the pages of
lower apps (member, organisation), which do not import documents."""

from typing import Any

from django import template
from django.db.models import Model
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..uses import BY_MODEL, documents_cited

register = template.Library()


@register.simple_tag(takes_context=True)
def cited_documents(context: template.Context, records: Any, attr: str = "") -> dict[int, list[Any]]:
    """pk → registered documents the records (or one record, or the records in their `attr`: rows "target") cite,
    visible to the reader (one query)."""
    request = context.get("request")
    if isinstance(records, Model):
        records = [records]
    rows = [getattr(r, attr) if attr else r for r in (records or [])]
    if request is None or not rows:
        return {}
    return documents_cited(request.user, rows)


@register.simple_tag
def doc_cell(record: Any, links: dict[int, list[Any]]) -> str:
    """The record's document text, each registered document it cites as a link; "—" when empty."""
    src = BY_MODEL.get(type(record))
    text = getattr(record, src.field if src else "document", "") or ""
    docs = (links or {}).get(record.pk, [])
    if not docs:
        return text or "—"
    if len(docs) == 1 and text.replace(" ", "").lower() == docs[0].number.replace(" ", "").lower():
        d = docs[0]
        return format_html('<a href="{}" title="{}">{}</a>', reverse("documents:detail", args=[d.pk]),
                           d.title[:120], text)
    return format_html("{} ({})", text, format_html_join(", ", '<a href="{}" title="{}">{}</a>', (
        (reverse("documents:detail", args=[d.pk]), d.title[:120], d.number) for d in docs)))
