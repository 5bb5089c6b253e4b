"""Writes on organisations: found, rename, move, change kind. Merge, split and dissolve move members, so they live
in dangvu.members.restructuring (apps depend downwards only)."""

from datetime import date
from typing import Any

from django.db import transaction

from dangvu.core.audit import audit, snapshot
from dangvu.core.errors import DomainError, NotAllowed
from dangvu.core.hooks import collect

from .models import Organization, OrgEvent, OrgEventKind, OrgKind, Sector
from .projection import apply_org, rebuild_paths
from .rules import (
    check_active_on,
    check_child_kind,
    check_code,
    check_event_order,
    check_kind_change,
    check_kind_not_retired,
    check_name,
    check_not_future,
    check_parent_kind,
)
from .scope import forget_scope, require


def record_org_event(
    *, actor: Any, org: Organization, kind: str, effective_on: date, document: str = "", rebuild: bool = True,
    **fields: Any,
) -> OrgEvent:
    """Append one event, refresh the organisation's projection and (unless `rebuild=False`, when the caller
    rebuilds once for a whole decision) every path span, audit it."""
    before = snapshot(org)
    event = OrgEvent.objects.create(
        organization=org, kind=kind, effective_on=effective_on, document=(document or "").strip(),
        recorded_by=actor if getattr(actor, "pk", None) else None, **fields,
    )
    apply_org(org)
    if kind == OrgEventKind.MOVED:
        collect("org_moved", effective_on)  # month-end snapshots of that day on are recomputed (members)
    if rebuild and kind not in (OrgEventKind.RENAMED, OrgEventKind.KIND_CHANGED):
        rebuild_paths()
        org.refresh_from_db()
    audit(actor, f"org_{kind}", org, before=before, after={**snapshot(org), "event_id": event.pk})
    forget_scope(actor)
    return event


@transaction.atomic
def org_found(
    *, actor: Any, name: str, kind: str, parent: Organization | None, founded_on: date,
    sector: str = Sector.OTHER, document: str = "", split_from: Organization | None = None,
    code: str | None = None, rebuild: bool = True,
) -> Organization:
    """Found an organisation under `parent` (None only for a provincial committee). `rebuild=False` leaves the
    path spans to the caller, who rebuilds them once for many organisations (an import, a decision)."""
    if kind not in OrgKind.values:
        raise DomainError(f"Loại hình tổ chức '{kind}' không hợp lệ.", field="kind", rule="choices")
    if sector not in Sector.values:
        raise DomainError(f"Khối/lĩnh vực '{sector}' không hợp lệ.", field="sector", rule="choices")
    name = check_name(name)
    if parent is not None:
        require(actor, "manage_org", parent)
        check_active_on(parent, founded_on, "parent_id")
    elif not getattr(actor, "is_superuser", False):
        raise NotAllowed("Chỉ quản trị hệ thống được lập đảng bộ tỉnh.")
    check_parent_kind(kind, parent)
    check_kind_not_retired(kind, founded_on, "kind")
    check_not_future(founded_on, "founded_on")
    org = Organization.objects.create(
        name=name, kind=kind, sector=sector, parent=parent, founded_on=founded_on, code=check_code(code)
    )
    record_org_event(
        actor=actor, org=org, kind=OrgEventKind.FOUNDED, effective_on=founded_on, document=document,
        name=name, parent=parent, related=split_from, org_kind=kind, rebuild=rebuild,
    )
    return org


@transaction.atomic
def org_change_kind(
    *, actor: Any, org: Organization, kind: str, effective_on: date, document: str = ""
) -> OrgEvent:
    """Change the organisation's kind from `effective_on` (chi bộ cơ sở → đảng bộ cơ sở, đảng bộ huyện → …);
    reports of earlier dates keep the old kind. The new kind must fit its parent and its children."""
    require(actor, "manage_org", org)
    check_kind_change(org, kind, effective_on)
    check_parent_kind(kind, org.parent, "kind")
    for child in org.children.filter(dissolved_on__isnull=True):
        check_child_kind(child, kind)
    return record_org_event(
        actor=actor, org=org, kind=OrgEventKind.KIND_CHANGED, effective_on=effective_on, document=document,
        org_kind=kind,
    )


@transaction.atomic
def org_rename(
    *, actor: Any, org: Organization, name: str, effective_on: date, document: str = ""
) -> OrgEvent:
    """Rename from `effective_on`; reports of earlier dates keep the old name."""
    require(actor, "manage_org", org)
    name = check_name(name)
    check_not_future(effective_on)
    check_active_on(org, effective_on, "effective_on")
    check_event_order(org, effective_on)
    if name == org.name:
        raise DomainError("Tên mới trùng tên hiện tại.", field="name", rule="unchanged")
    return record_org_event(
        actor=actor, org=org, kind=OrgEventKind.RENAMED, effective_on=effective_on, document=document,
        name=name,
    )


@transaction.atomic
def org_move(
    *, actor: Any, org: Organization, parent: Organization, effective_on: date, document: str = "",
    rebuild: bool = True,
) -> OrgEvent:
    """Move under another parent (chuyển trực thuộc); the subtree and its members move with it. `rebuild=False`
    leaves the path spans to the caller (rebuilt once for many moves)."""
    require(actor, "manage_org", org)
    require(actor, "manage_org", parent)
    check_not_future(effective_on)
    check_active_on(org, effective_on, "effective_on")
    check_active_on(parent, effective_on, "parent_id")
    check_event_order(org, effective_on)
    check_parent_kind(org.kind, parent)
    if parent.pk == org.parent_id:
        raise DomainError("Tổ chức đã trực thuộc cấp trên này.", field="parent_id", rule="unchanged")
    if f".{org.pk}." in f".{parent.path}":
        raise DomainError(
            "Không thể chuyển tổ chức vào chính nó hoặc tổ chức trực thuộc nó.", field="parent_id", rule="cycle"
        )
    return record_org_event(
        actor=actor, org=org, kind=OrgEventKind.MOVED, effective_on=effective_on, document=document,
        parent=parent, rebuild=rebuild,
    )


@transaction.atomic
def org_set_code(*, actor: Any, org: Organization, code: str | None) -> Organization:
    """Give (or change, or clear) the organisation's code; not a dated fact of its history, but audited."""
    require(actor, "manage_org", org)
    before = snapshot(org)
    org.code = check_code(code, exclude_pk=org.pk)
    org.save(update_fields=["code"])
    audit(actor, "org_set_code", org, before=before)
    return org
