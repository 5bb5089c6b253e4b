"""`audit()`: services call it inside their transaction, so the entry exists iff the write does."""

import hashlib
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditEntry

# Sensitive personal data (Luật BVDLCN 91/2025/QH15) is not copied into the log: only whether it was set.
REDACTED_FIELDS = {"citizen_id", "phone", "address"}
REDACTED = "[đã ẩn]"


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """JSON-safe dict of a model's concrete fields (foreign keys as ids), sensitive values hidden."""
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        value = getattr(obj, f.attname)
        if f.name in REDACTED_FIELDS and value:
            # A short digest tells that the value changed without revealing it.
            value = f"{REDACTED} #{hashlib.sha256(str(value).encode()).hexdigest()[:6]}"
        if isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, FieldFile):  # a stored file: its name
            value = value.name or ""
        out[f.name] = value
    return out


def audit(
    actor: Any,
    action: str,
    obj: models.Model,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after if after is not None else snapshot(obj),
    )
