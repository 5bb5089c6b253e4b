"""Reorganisation decisions: many moves, merges, dissolutions and kind changes under one document and date.
Merges move members, so the route sits in the API layer above orgs and members."""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dangvu.core.api import ERRORS, caller
from dangvu.members.reorganization import MAX_STEPS, ReorgResult, ReorgStep, reorganization_record
from dangvu.orgs.models import OrgKind

router = Router(tags=["Sắp xếp tổ chức"])



class MoveIn(Schema):
    organization_id: int = Field(..., ge=1, le=2**31 - 1)
    kind: Literal["moved", "merged", "dissolved", "kind_changed"]
    parent_id: int | None = Field(None, ge=1, le=2**31 - 1, description="moved: cấp trên mới")
    into_id: int | None = Field(None, ge=1, le=2**31 - 1, description="merged: tổ chức sáp nhập vào")
    new_kind: str | None = Field(None, max_length=32, description="kind_changed: loại hình mới (một trong: "
                                 + ", ".join(OrgKind.values) + ")")


class ReorganizationIn(Schema):
    effective_on: date
    document: str = Field(..., max_length=64, description="Văn bản quyết định, vd. 100-QĐ/TU")
    note: str = Field("", max_length=2000)
    moves: list[MoveIn] = Field(..., max_length=MAX_STEPS)


class DryRunQuery(Schema):
    dry_run: bool = Field(False, description="true: chỉ xem trước số liệu trước/sau, không ghi gì")


class OrgCountOut(Schema):
    organization_id: int
    name: str
    kind_before: str
    kind_after: str
    active_after: bool
    members_before: int
    members_after: int
    children_before: int
    children_after: int
    grassroots_before: int
    grassroots_after: int


class ReorganizationOut(Schema):
    id: int | None = Field(None, description="Mã quyết định đã ghi (null khi dry_run)")
    dry_run: bool
    effective_on: date
    document: str
    steps: int
    totals_before: dict[str, int]
    totals_after: dict[str, int]
    organizations: list[OrgCountOut]


def result_out(r: ReorgResult) -> dict[str, Any]:
    return {
        "id": r.reorganization.pk if r.reorganization else None, "dry_run": r.dry_run,
        "effective_on": r.effective_on, "document": r.document, "steps": r.steps,
        "totals_before": r.totals_before, "totals_after": r.totals_after,
        "organizations": [c.__dict__ for c in r.counts],
    }


@router.post("/reorganizations", response={200: ReorganizationOut, 201: ReorganizationOut, **ERRORS})
def reorganization_create(request: HttpRequest, payload: ReorganizationIn, query: Query[DryRunQuery]) -> Status:
    """Ghi một quyết định sắp xếp tổ chức: mọi dòng (moved/merged/dissolved/kind_changed) cùng ngày hiệu lực và
    văn bản, ghi tất cả hoặc không ghi gì. `?dry_run=true` trả về số liệu trước/sau (200) mà không ghi."""
    steps = [ReorgStep(m.organization_id, m.kind, m.parent_id, m.into_id, m.new_kind) for m in payload.moves]
    result = reorganization_record(
        actor=caller(request), effective_on=payload.effective_on, document=payload.document, steps=steps,
        note=payload.note, dry_run=query.dry_run,
    )
    return Status(200 if query.dry_run else 201, result_out(result))
