"""Organisations: the tree as of a date with member counts, detail with events, founding and restructuring.
Routes that combine orgs and members (counts; merge and split move members), so they sit in the API layer."""

from datetime import date, datetime
from typing import Any, Literal, cast, get_args

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dangvu.core.api import ERRORS, caller
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.members.restructuring import org_dissolve, org_merge, org_split
from dangvu.members.selectors import headcount, subtree_headcounts
from dangvu.orgs.models import Organization, OrgKind, Sector
from dangvu.orgs.selectors import org_events, org_get, tree_on
from dangvu.orgs.services import org_change_kind, org_found, org_move, org_rename

router = Router(tags=["Tổ chức đảng"])

OrgKindIn = Literal[
    "provincial_committee",
    "bloc_committee",
    "local_committee",
    "grassroots_committee",
    "grassroots_cell",
    "subordinate_committee",
    "subordinate_cell",
    "commune_committee",
    "party_agencies_committee",
    "government_committee",
]
SectorIn = Literal[
    "party_agency",
    "state_agency",
    "public_service",
    "state_enterprise",
    "non_state_enterprise",
    "armed_forces",
    "other",
]
assert set(get_args(OrgKindIn)) == set(OrgKind.values) and set(get_args(SectorIn)) == set(Sector.values)


class OrgFilters(Schema):
    parent_id: int | None = Field(None, description="Chỉ các tổ chức trực thuộc trực tiếp tổ chức này")
    on: date | None = Field(None, description="Cây tổ chức vào ngày này (mặc định hôm nay)")


class OrgOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    sector: str
    founded_on: date
    dissolved_on: date | None
    member_count: int


class OrgListOut(Schema):
    on: date
    count: int
    items: list[OrgOut]


class OrgEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    effective_on: date
    document: str
    name: str
    parent_id: int | None
    related_id: int | None
    note: str
    recorded_at: datetime


class OrgDetailOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    sector: str
    parent_id: int | None
    founded_on: date
    dissolved_on: date | None
    member_count: int
    events: list[OrgEventOut]


class OrgIn(Schema):
    name: str = Field(..., max_length=255)
    kind: OrgKindIn
    parent_id: int | None = None
    sector: SectorIn = "other"
    founded_on: date
    document: str = Field("", max_length=64)


class OrgEventIn(Schema):
    kind: Literal["renamed", "moved", "merged", "split", "dissolved", "kind_changed"]
    effective_on: date
    name: str | None = Field(None, max_length=255, description="renamed, split: tên mới")
    parent_id: int | None = Field(None, description="moved: cấp trên mới; split: cấp trên của tổ chức mới")
    into_id: int | None = Field(None, description="merged: tổ chức sáp nhập vào")
    member_ids: list[int] | None = Field(None, description="split: đảng viên sang tổ chức mới")
    new_kind: OrgKindIn | None = Field(None, description="kind_changed: loại hình mới")
    document: str = Field("", max_length=64)


class OrgEventResultOut(Schema):
    organization: OrgDetailOut
    related_organization_id: int | None = Field(None, description="merged: tổ chức nhận; split: tổ chức mới thành lập")


REQUIRED_BY_KIND = {
    "renamed": ["name"],
    "moved": ["parent_id"],
    "merged": ["into_id"],
    "split": ["name", "member_ids"],
    "dissolved": [],
    "kind_changed": ["new_kind"],
}


def _detail(org: Organization) -> dict[str, Any]:
    return {
        "id": org.pk,
        "name": org.name,
        "kind": org.kind,
        "kind_label": org.get_kind_display(),
        "sector": org.sector,
        "parent_id": org.parent_id,
        "founded_on": org.founded_on,
        "dissolved_on": org.dissolved_on,
        "member_count": headcount(org, today()),
        "events": [
            {
                "id": e.pk,
                "kind": e.kind,
                "kind_label": e.get_kind_display(),
                "effective_on": e.effective_on,
                "document": e.document,
                "name": e.name,
                "parent_id": e.parent_id,
                "related_id": e.related_id,
                "note": e.note,
                "recorded_at": e.recorded_at,
            }
            for e in org_events(org)
        ],
    }


@router.get("/organizations", response={200: OrgListOut, **ERRORS})
def organization_list(request: HttpRequest, filters: Query[OrgFilters]) -> dict[str, Any]:
    """Các tổ chức bạn được xem, theo cây tổ chức vào ngày `on`; member_count là số đảng viên cả cây con."""
    user = caller(request)
    on = filters.on or today()
    root = org_get(user, filters.parent_id) if filters.parent_id is not None else None
    # Not tree_on(root=...): it drops every row when `root` lies below the user's assigned organisation.
    nodes = tree_on(user, on)
    if root is not None:
        nodes = [n for n in nodes if n.parent_id == root.pk]
    counts = subtree_headcounts([n.org.pk for n in nodes], on)
    items = [
        {
            "id": n.org.pk,
            "name": n.name,
            "kind": n.org.kind,
            "parent_id": n.parent_id,
            "sector": n.org.sector,
            "founded_on": n.org.founded_on,
            "dissolved_on": n.org.dissolved_on,
            "member_count": counts.get(n.org.pk, 0),
        }
        for n in nodes
    ]
    return {"on": on, "count": len(items), "items": items}


@router.post("/organizations", response={201: OrgDetailOut, **ERRORS})
def organization_create(request: HttpRequest, payload: OrgIn) -> Status:
    """Thành lập tổ chức đảng dưới `parent_id` (chỉ quản trị hệ thống lập đảng bộ tỉnh)."""
    user = caller(request)
    parent = org_get(user, payload.parent_id) if payload.parent_id is not None else None
    org = org_found(
        actor=user,
        name=payload.name,
        kind=payload.kind,
        parent=parent,
        founded_on=payload.founded_on,
        sector=payload.sector,
        document=payload.document,
    )
    return Status(201, _detail(org))


@router.get("/organizations/{org_id}", response={200: OrgDetailOut, **ERRORS})
def organization_detail(request: HttpRequest, org_id: int) -> Any:
    """Thông tin tổ chức (hôm nay) và toàn bộ sự kiện thành lập, đổi tên, sắp xếp."""
    return _detail(org_get(caller(request), org_id))


@router.post("/organizations/{org_id}/events", response={201: OrgEventResultOut, **ERRORS})
def organization_event(request: HttpRequest, org_id: int, payload: OrgEventIn) -> Status:
    """Ghi sự kiện sắp xếp tổ chức: renamed (name), moved (parent_id), merged (into_id),
    split (name, member_ids, parent_id tùy chọn), dissolved, kind_changed (new_kind)."""
    user = caller(request)
    org = org_get(user, org_id)
    for name in REQUIRED_BY_KIND[payload.kind]:
        if getattr(payload, name) is None:
            raise DomainError(
                f"Thiếu trường bắt buộc '{name}' cho sự kiện loại '{payload.kind}'.",
                field=name,
                rule="required",
            )
    common = {"actor": user, "org": org, "effective_on": payload.effective_on, "document": payload.document}
    related: Organization | None = None
    if payload.kind == "renamed":
        org_rename(name=payload.name or "", **common)
    elif payload.kind == "moved":
        org_move(parent=org_get(user, cast(int, payload.parent_id)), **common)  # checked above
    elif payload.kind == "merged":
        related = org_merge(into=org_get(user, cast(int, payload.into_id)), **common)
    elif payload.kind == "split":
        parent = org_get(user, payload.parent_id) if payload.parent_id is not None else None
        related = org_split(name=payload.name or "", member_ids=payload.member_ids or [], parent=parent, **common)
    elif payload.kind == "kind_changed":
        org_change_kind(kind=str(payload.new_kind), **common)
    else:
        org_dissolve(**common)
    org.refresh_from_db()
    return Status(201, {"organization": _detail(org), "related_organization_id": related.pk if related else None})
