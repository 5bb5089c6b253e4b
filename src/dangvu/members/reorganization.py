"""One reorganisation decision (quyết định sắp xếp tổ chức): many moves, merges, dissolutions and kind
changes on one effective date under one document, all or nothing, with the counts before and after.

Merges move members, so the decision lives above orgs (here, in members). The tree is checked once after every
step is applied, and the path spans are rebuilt once per decision — not once per organisation."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from dangvu.core.actors import Actor, recorded_by
from dangvu.core.audit import audit
from dangvu.core.errors import DomainError, NotVisible
from dangvu.orgs.models import (
    ALLOWED_PARENT_KINDS,
    CELL_KINDS,
    GRASSROOTS_KINDS,
    Organization,
    OrgEventKind,
    OrgKind,
    OrgPathSpan,
    Reorganization,
)
from dangvu.orgs.projection import rebuild_paths
from dangvu.orgs.rules import check_active_on, check_event_order, check_kind_change, check_not_future
from dangvu.orgs.scope import forget_scope, require
from dangvu.orgs.selectors import kinds_on, names_on, on_date_q
from dangvu.orgs.services import record_org_event

from .restructuring import dissolve, merge_into
from .selectors import subtree_headcounts

STEP_KINDS = {
    "moved": "Chuyển trực thuộc",
    "merged": "Sáp nhập",
    "dissolved": "Giải thể",
    "kind_changed": "Đổi loại hình",
}
# Kind changes first (a committee's new kind may be what lets the moved organisations sit under it), then moves,
# merges and dissolutions (a dissolved committee must have handed over its organisations first).
PHASES = ["kind_changed", "moved", "merged", "dissolved"]
MAX_STEPS = 5000


@dataclass(frozen=True)
class ReorgStep:
    organization_id: int
    kind: str
    parent_id: int | None = None
    into_id: int | None = None
    new_kind: str | None = None


@dataclass
class OrgCount:
    """One organisation the decision touches, before and after (subtree on the effective date)."""

    organization_id: int
    name: str
    members_before: int = 0
    members_after: int = 0
    children_before: int = 0
    children_after: int = 0
    grassroots_before: int = 0
    grassroots_after: int = 0
    kind_before: str = ""
    kind_after: str = ""
    active_after: bool = True


@dataclass
class ReorgResult:
    effective_on: date
    document: str
    dry_run: bool
    steps: int
    reorganization: Reorganization | None
    counts: list[OrgCount] = field(default_factory=list)
    totals_before: dict[str, int] = field(default_factory=dict)
    totals_after: dict[str, int] = field(default_factory=dict)


class _DryRun(Exception):
    """Raised inside the transaction to roll a preview back."""

    def __init__(self, result: ReorgResult):
        self.result = result


def _step_error(i: int, org_name: str, e: DomainError) -> DomainError:
    return DomainError(f"Dòng {i + 1} ({org_name}): {e.message}", field=f"moves[{i}].{e.field or 'organization_id'}",
                       rule=e.rule)


def _org(actor: Actor, org_id: int | None, i: int, name: str) -> Organization:
    if org_id is None:
        raise DomainError(f"Dòng {i + 1}: chưa chọn «{name}».", field=f"moves[{i}].{name}", rule="required")
    # One answer for "no such organisation" and "not yours to see": the message must not reveal which.
    unknown = DomainError(f"Dòng {i + 1}: không có tổ chức #{org_id} trong phạm vi của bạn.",
                          field=f"moves[{i}].{name}", rule="exists")
    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        raise unknown
    try:
        require(actor, "manage_org", org)
    except NotVisible:
        raise unknown from None
    return org


def _snapshot(ids: list[int], on: date) -> tuple[dict[int, OrgCount], dict[str, int]]:
    """Members, direct sub-organisations and grassroots organisations of each id's subtree on `on`, and the totals
    of the whole tree (4 queries)."""
    rows = list(OrgPathSpan.objects.filter(on_date_q(on)).values_list("organization_id", "path"))
    kinds = kinds_on([o for o, _ in rows], on)
    heads = subtree_headcounts(ids, on)
    names = names_on(ids, on)
    out = {i: OrgCount(i, names.get(i, "")) for i in ids}
    for o, path in rows:
        segs = [int(s) for s in path.rstrip(".").split(".")]
        if len(segs) > 1 and segs[-2] in out:
            out[segs[-2]].children_before += 1
        if kinds.get(o) in GRASSROOTS_KINDS:
            for s in segs:
                if s in out:
                    out[s].grassroots_before += 1
    alive = {o for o, _ in rows}
    for i, c in out.items():
        c.members_before = heads.get(i, 0)
        c.kind_before = kinds.get(i, "") if i in alive else ""
    roots = [o for o, p in rows if p.count(".") == 1]
    totals = {
        "organizations": len(rows),
        "grassroots": sum(1 for o, _ in rows if kinds.get(o) in GRASSROOTS_KINDS),
        "cells": sum(1 for o, _ in rows if kinds.get(o) in CELL_KINDS),
        "members": sum(subtree_headcounts(roots, on).values()) if roots else 0,
    }
    return out, totals


def _check_tree(touched: set[int], effective_on: date) -> None:
    """After every step: no cycle, and every organisation touched (and its children) sits under a kind it may."""
    parent_of = dict(Organization.objects.filter(dissolved_on__isnull=True).values_list("id", "parent_id"))
    children = set(
        Organization.objects.filter(parent_id__in=touched, dissolved_on__isnull=True).values_list("id", flat=True)
    )
    parents = {parent_of[t] for t in touched if parent_of.get(t)}
    rows = {o.pk: o for o in Organization.objects.filter(pk__in=touched | children | parents)}
    for org_id in sorted(touched):
        seen: set[int] = set()
        cur: int | None = org_id
        while cur is not None:
            if cur in seen:
                raise DomainError(
                    f"{rows[org_id].name}: quyết định tạo vòng lặp trong cây tổ chức (một tổ chức trực thuộc chính "
                    "tổ chức cấp dưới của nó).", field="moves", rule="cycle",
                )
            seen.add(cur)
            cur = parent_of.get(cur)
    for org in rows.values():
        if org.dissolved_on is not None:
            continue
        parent = rows.get(org.parent_id) if org.parent_id else None
        if org.parent_id and parent is None:
            continue  # an untouched organisation under an untouched parent: unchanged by the decision
        if parent is not None and parent.dissolved_on is not None:
            raise DomainError(
                f"{org.name} còn trực thuộc {parent.name}, tổ chức đã giải thể/sáp nhập theo quyết định; "
                "thêm một dòng chuyển trực thuộc cho nó.", field="moves", rule="orphan",
            )
        allowed = ALLOWED_PARENT_KINDS[org.kind]
        if (parent.kind if parent else None) not in allowed:
            where = OrgKind(parent.kind).label if parent else "không có cấp trên"
            names = ", ".join(OrgKind(k).label for k in allowed if k)
            raise DomainError(
                f"Sau quyết định, {org.name} ({OrgKind(org.kind).label}) trực thuộc {where}; loại hình này chỉ "
                f"trực thuộc: {names} (Điều lệ Đảng, hệ thống tổ chức).", field="moves", rule="parent_kind",
            )


def _apply(actor: Actor, reorg: Reorganization, steps: list[ReorgStep]) -> set[int]:
    """Write every step's events (and members' events for merges); return the organisations touched."""
    on, doc = reorg.effective_on, reorg.document
    touched: set[int] = set()
    order = sorted(range(len(steps)), key=lambda i: PHASES.index(steps[i].kind))
    for i in order:
        step = steps[i]
        org = _org(actor, step.organization_id, i, "organization_id")
        try:
            touched.add(org.pk)
            if org.parent_id:
                touched.add(org.parent_id)
            if step.kind == "kind_changed":
                if not step.new_kind:
                    raise DomainError("Chưa chọn loại hình mới.", field="new_kind", rule="required")
                check_kind_change(org, step.new_kind, on)
                record_org_event(actor=actor, org=org, kind=OrgEventKind.KIND_CHANGED, effective_on=on,
                                 document=doc, org_kind=step.new_kind, reorganization=reorg, rebuild=False)
            elif step.kind == "moved":
                parent = _org(actor, step.parent_id, i, "parent_id")
                check_active_on(org, on, "effective_on")
                check_active_on(parent, on, "parent_id")
                check_event_order(org, on)
                if parent.pk == org.parent_id:
                    raise DomainError("Tổ chức đã trực thuộc cấp trên này.", field="parent_id", rule="unchanged")
                record_org_event(actor=actor, org=org, kind=OrgEventKind.MOVED, effective_on=on, document=doc,
                                 parent=parent, reorganization=reorg, rebuild=False)
                touched.add(parent.pk)
            elif step.kind == "merged":
                into = _org(actor, step.into_id, i, "into_id")
                merge_into(actor=actor, org=org, into=into, effective_on=on, document=doc, reorganization=reorg)
                touched.add(into.pk)
            else:
                dissolve(actor=actor, org=org, effective_on=on, document=doc, reorganization=reorg)
        except DomainError as e:
            raise _step_error(i, org.name, e) from None
    return touched


def reorganization_record(
    *, actor: Actor, effective_on: date, document: str, steps: list[ReorgStep], note: str = "",
    dry_run: bool = False,
) -> ReorgResult:
    """Record a reorganisation decision: every step or none; path spans rebuilt once. With `dry_run` the same
    work is done and rolled back, so the preview's counts are exactly what the decision would give."""
    document = " ".join((document or "").split())
    if not document:
        raise DomainError("Chưa nhập «Văn bản quyết định» của quyết định sắp xếp.", field="document", rule="required")
    if len(document) > 64:
        raise DomainError("«Văn bản quyết định» dài quá 64 ký tự.", field="document", rule="max_length")
    check_not_future(effective_on)
    if not steps:
        raise DomainError("Quyết định chưa có dòng sắp xếp nào.", field="moves", rule="required")
    if len(steps) > MAX_STEPS:
        raise DomainError(f"Một quyết định có tối đa {MAX_STEPS} dòng.", field="moves", rule="max_length")
    seen: dict[tuple[int, str], int] = {}
    ended: set[int] = set()
    for i, s in enumerate(steps):
        if s.kind not in STEP_KINDS:
            raise DomainError(f"Dòng {i + 1}: loại sắp xếp '{s.kind}' không hợp lệ.", field=f"moves[{i}].kind",
                              rule="choices")
        key = (s.organization_id, "end" if s.kind in ("merged", "dissolved") else s.kind)
        if key in seen or (s.kind in ("moved", "kind_changed") and s.organization_id in ended):
            raise DomainError(f"Dòng {i + 1}: tổ chức #{s.organization_id} có hai dòng cùng loại trong quyết định.",
                              field=f"moves[{i}].organization_id", rule="duplicate")
        seen[key] = i
        if s.kind in ("merged", "dissolved"):
            if any(k[0] == s.organization_id for k in seen if k != key):
                raise DomainError(f"Dòng {i + 1}: tổ chức #{s.organization_id} vừa chuyển/đổi loại hình vừa chấm "
                                  "dứt trong cùng quyết định.", field=f"moves[{i}].organization_id",
                                  rule="duplicate")
            ended.add(s.organization_id)
    try:
        with transaction.atomic():
            reorg = Reorganization.objects.create(
                effective_on=effective_on, document=document, note=note, recorded_by=recorded_by(actor)
            )
            ids = sorted({i for s in steps for i in (s.organization_id, s.parent_id, s.into_id) if i} | set(
                Organization.objects.filter(pk__in=[s.organization_id for s in steps]).exclude(parent__isnull=True)
                .values_list("parent_id", flat=True)
            ))
            before, totals_before = _snapshot(ids, effective_on)
            touched = _apply(actor, reorg, steps)
            _check_tree(touched, effective_on)
            rebuild_paths()  # once for the whole decision
            forget_scope(actor)
            after, totals_after = _snapshot(ids, effective_on)
            counts = []
            for i in ids:
                c, a = before[i], after[i]
                c.members_after, c.children_after, c.grassroots_after = (
                    a.members_before, a.children_before, a.grassroots_before,
                )
                c.kind_after, c.active_after = a.kind_before, bool(a.kind_before)
                counts.append(c)
            result = ReorgResult(
                effective_on=effective_on, document=document, dry_run=dry_run, steps=len(steps),
                reorganization=None if dry_run else reorg, counts=counts, totals_before=totals_before,
                totals_after=totals_after,
            )
            reorg.summary = {"steps": len(steps), "before": totals_before, "after": totals_after}
            reorg.save(update_fields=["summary"])
            audit(actor, "reorganization_record", reorg, after={
                "effective_on": effective_on.isoformat(), "document": document, **reorg.summary,
                "moves": [s.__dict__ for s in steps],
            })
            if dry_run:
                raise _DryRun(result)
    except _DryRun as preview:
        forget_scope(actor)
        return preview.result
    return result


def step_from(data: dict[str, Any]) -> ReorgStep:
    """A step from a dict of the API or the page (unknown keys ignored)."""
    return ReorgStep(
        organization_id=int(data["organization_id"]), kind=str(data["kind"]),
        parent_id=data.get("parent_id"), into_id=data.get("into_id"), new_kind=data.get("new_kind"),
    )
