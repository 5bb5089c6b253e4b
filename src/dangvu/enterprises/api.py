"""Enterprises: registry with filters, dated workforce, mass organisations and their counts; coverage report."""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dangvu.core.api import ERRORS, caller
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import organization_or_default

from . import services
from .models import IndustrialZone, Locality, MassOrganization
from .selectors import Facts, coverage, enterprise_detail, enterprise_get, enterprises_of, work_list

router = Router(tags=["Doanh nghiệp ngoài khu vực nhà nước"])

OwnershipIn = Literal["private", "fdi", "cooperative", "other"]
MassKindIn = Literal["trade_union", "youth_union", "youth_federation", "women", "veterans"]


class EnterpriseFilters(Schema):
    on: date | None = Field(None, description="Số liệu vào ngày này (mặc định hôm nay)")
    q: str = Field("", max_length=128, description="Tìm theo tên (không cần dấu) hoặc mã số thuế")
    ownership: OwnershipIn | None = None
    zone_id: int | None = Field(None, description="Khu công nghiệp; 0 = ngoài khu công nghiệp")
    locality_id: int | None = None
    has_party_org: bool | None = None
    has_union: bool | None = None
    min_workforce: int | None = Field(None, ge=0)
    page: int = Field(1, ge=1)


class MassOrgOut(Schema):
    id: int
    kind: str
    kind_label: str
    form: str
    name: str
    founded_on: date
    dissolved_on: date | None
    members: int | None = Field(None, description="Số đoàn viên/hội viên vào ngày `on` (số liệu gần nhất trước đó)")


class EnterpriseRowOut(Schema):
    id: int
    name: str
    tax_code: str
    ownership: str
    investor_country: str
    locality_id: int
    locality_name: str
    zone_id: int | None
    zone_name: str | None
    status: str | None
    workers: int | None
    women: int | None
    union_eligible: int | None
    party_org_id: int | None
    has_party_org: bool
    has_union: bool
    owner_is_member: bool


class EnterprisePageOut(Schema):
    count: int
    page: int
    pages: int
    on: date
    items: list[EnterpriseRowOut]


class CountOut(Schema):
    as_of: date
    members: int
    voided: bool


class EnterpriseDetailOut(EnterpriseRowOut):
    industry: str
    address: str
    owner_name: str
    owner_member_id: int | None
    contact: str
    registered_on: date
    party_org_name: str | None
    party_org_founded_on: date | None
    party_members: int = Field(..., description="Đảng viên của tổ chức đảng (cả cây con) vào ngày `on`")
    on: date
    mass_organizations: list[MassOrgOut]


class EnterpriseIn(Schema):
    name: str = Field(..., max_length=255)
    tax_code: str = Field(..., max_length=20, description="10 chữ số, hoặc NNNNNNNNNN-NNN cho đơn vị phụ thuộc")
    ownership: OwnershipIn
    investor_country: str = Field("", max_length=64)
    industry: str = Field("", max_length=255)
    address: str = Field("", max_length=255)
    locality_id: int
    zone_id: int | None = None
    owner_name: str = Field("", max_length=255)
    owner_member_id: int | None = None
    contact: str = Field("", max_length=255)
    party_org_id: int | None = None
    registered_on: date


class WorkforceIn(Schema):
    as_of: date
    workers: int = Field(..., ge=0)
    women: int = Field(0, ge=0)
    union_eligible: int = Field(0, ge=0)


class WorkforceOut(Schema):
    id: int
    enterprise_id: int
    as_of: date
    workers: int
    women: int
    union_eligible: int


class MassOrgIn(Schema):
    kind: MassKindIn
    form: Literal["", "club", "branch", "group"] = ""
    name: str = Field("", max_length=255)
    founded_on: date


class MassOrgCountIn(Schema):
    as_of: date
    members: int = Field(..., ge=0)


class MassOrgCountOut(Schema):
    id: int
    mass_org_id: int
    as_of: date
    members: int


class CoverageCellOut(Schema):
    kind: str
    enterprises: int
    enterprise_share: float
    workers: int
    worker_share: float


class CoverageRowOut(Schema):
    label: str
    enterprises: int
    workers: int
    kinds: list[CoverageCellOut]


class HeadlinePartOut(Schema):
    label: str
    organizations: int
    members: int


class HeadlineOut(Schema):
    kind: str
    label: str
    organizations: int
    members: int
    parts: list[HeadlinePartOut]


class BreakdownOut(Schema):
    by: str
    rows: list[CoverageRowOut]


class WorkItemOut(Schema):
    id: int
    name: str
    workers: int | None
    has_party_org: bool
    has_union: bool


class CoverageOut(Schema):
    scope_id: int
    scope_name: str
    on: date
    total: CoverageRowOut
    breakdowns: list[BreakdownOut]
    headline: list[HeadlineOut]
    owners_who_are_members: int
    work_list: list[WorkItemOut]


class CoverageQuery(Schema):
    scope_id: int | None = Field(None, description="Tổ chức (cả cây con); mặc định tổ chức được phân công đầu tiên")
    on: date | None = None


def _row(f: Facts) -> dict[str, Any]:
    e = f.enterprise
    return {
        "id": e.pk, "name": e.name, "tax_code": e.tax_code, "ownership": e.ownership,
        "investor_country": e.investor_country, "locality_id": e.locality_id, "locality_name": e.locality.name,
        "zone_id": e.zone_id, "zone_name": e.zone.name if e.zone else None, "status": f.status,
        "workers": f.workers, "women": f.women, "union_eligible": f.union_eligible, "party_org_id": e.party_org_id,
        "has_party_org": f.party, "has_union": f.has("trade_union"), "owner_is_member": bool(e.owner_member_id),
    }


def _scoped_refs(user: Any, party_org_id: int | None, owner_member_id: int | None) -> tuple[Any, Any]:
    """The party organisation and owner member by id; a missing one and one outside the caller's scope get the
    same refusal (the services' words), so ids cannot be probed."""
    party_org = Organization.objects.filter(pk=party_org_id).first() if party_org_id is not None else None
    if party_org_id is not None and (party_org is None or not _sees(user, party_org.pk)):
        raise DomainError("Tổ chức đảng không có hoặc ngoài phạm vi của bạn.", field="party_org_id",
                          rule="party_org_scope")
    member = Member.objects.filter(pk=owner_member_id).first() if owner_member_id is not None else None
    if owner_member_id is not None and (member is None or not _sees(user, member.organization_id)):
        raise DomainError("Đảng viên là chủ doanh nghiệp không có hoặc ngoài phạm vi của bạn.",
                          field="owner_member_id", rule="owner_member_scope")
    return party_org, member


def _sees(user: Any, org_id: int) -> bool:
    return bool(user.is_superuser) or scope_of(user).sees(org_id)


def _lookup(model: Any, pk: int | None, field: str, label: str) -> Any:
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise DomainError(f"Không có {label} mã {pk}.", field=field, rule="not_found")
    return obj


def _detail(user: Any, enterprise_id: int, on: date) -> dict[str, Any]:
    d = enterprise_detail(user, enterprise_id, on=on)
    e = d.enterprise
    out = _row(d.facts)
    out.update({
        "industry": e.industry, "address": e.address, "owner_name": e.owner_name,
        "owner_member_id": e.owner_member_id, "contact": e.contact, "registered_on": e.registered_on,
        "party_org_name": e.party_org.name if e.party_org else None, "party_org_founded_on": d.party_founded_on,
        "party_members": d.facts.party_members, "on": on,
        "mass_organizations": [
            {
                "id": m.pk, "kind": m.kind, "kind_label": m.get_kind_display(), "form": m.form, "name": m.name,
                "founded_on": m.founded_on, "dissolved_on": m.dissolved_on,
                "members": next((c.members for c in reversed(counts) if c.as_of <= on and not c.voided_at), None),
            }
            for m, counts, _rating in d.mass_orgs
        ],
    })
    return out


@router.get("/enterprises", response={200: EnterprisePageOut, **ERRORS})
def enterprise_list(request: HttpRequest, filters: Query[EnterpriseFilters]) -> dict[str, Any]:
    """Doanh nghiệp trong phạm vi của người dùng, với số liệu vào ngày `on`, 50 mỗi trang."""
    user = caller(request)
    on = filters.on or today()
    page = enterprises_of(
        user, on=on, q=filters.q, ownership=filters.ownership, zone_id=filters.zone_id,
        locality_id=filters.locality_id, has_party_org=filters.has_party_org, has_union=filters.has_union,
        min_workforce=filters.min_workforce, page=filters.page,
    )
    items = [_row(f) for f in page.rows] if filters.page <= page.pages else []
    return {"count": page.count, "page": filters.page, "pages": page.pages, "on": on, "items": items}


@router.post("/enterprises", response={201: EnterpriseDetailOut, **ERRORS})
def enterprise_create(request: HttpRequest, payload: EnterpriseIn) -> Status:
    """Đưa một doanh nghiệp vào danh sách theo dõi (mã số thuế được kiểm tra chữ số kiểm tra, không trùng)."""
    user = caller(request)
    data = payload.dict()
    locality = _lookup(Locality, data.pop("locality_id"), "locality_id", "địa bàn")
    zone = _lookup(IndustrialZone, data.pop("zone_id"), "zone_id", "khu công nghiệp")
    party_org, owner_member = _scoped_refs(user, data.pop("party_org_id"), data.pop("owner_member_id"))
    e = services.enterprise_register(
        actor=user, locality=locality, zone=zone, party_org=party_org, owner_member=owner_member, **data
    )
    return Status(201, _detail(user, e.pk, today()))


@router.get("/enterprises/{enterprise_id}", response={200: EnterpriseDetailOut, **ERRORS})
def enterprise_get_route(request: HttpRequest, enterprise_id: int, on: date | None = None) -> Any:
    """Một doanh nghiệp với lao động, tổ chức đảng và các đoàn thể vào ngày `on`."""
    return _detail(caller(request), enterprise_id, on or today())


@router.post("/enterprises/{enterprise_id}/workforce", response={201: WorkforceOut, **ERRORS})
def workforce_create(request: HttpRequest, enterprise_id: int, payload: WorkforceIn) -> Status:
    """Ghi số lao động vào một ngày (số liệu cũ giữ làm lịch sử)."""
    user = caller(request)
    e = enterprise_get(user, enterprise_id)
    c = services.workforce_record(actor=user, enterprise=e, **payload.dict())
    return Status(201, {"id": c.pk, "enterprise_id": e.pk, "as_of": c.as_of, "workers": c.workers,
                        "women": c.women, "union_eligible": c.union_eligible})


@router.post("/enterprises/{enterprise_id}/mass-organizations", response={201: MassOrgOut, **ERRORS})
def mass_org_create(request: HttpRequest, enterprise_id: int, payload: MassOrgIn) -> Status:
    """Ghi một tổ chức đoàn thể thành lập trong doanh nghiệp (Hội Phụ nữ: câu lạc bộ, chi hội hoặc tổ)."""
    user = caller(request)
    e = enterprise_get(user, enterprise_id)
    m = services.mass_org_found(actor=user, enterprise=e, **payload.dict())
    return Status(201, {"id": m.pk, "kind": m.kind, "kind_label": m.get_kind_display(), "form": m.form,
                        "name": m.name, "founded_on": m.founded_on, "dissolved_on": m.dissolved_on, "members": None})


@router.post(
    "/enterprises/{enterprise_id}/mass-organizations/{mass_org_id}/counts", response={201: MassOrgCountOut, **ERRORS}
)
def mass_org_count_create(
    request: HttpRequest, enterprise_id: int, mass_org_id: int, payload: MassOrgCountIn
) -> Any:
    """Ghi số đoàn viên/hội viên của tổ chức vào một ngày (lịch sử giữ nguyên)."""
    user = caller(request)
    e = enterprise_get(user, enterprise_id)
    m = MassOrganization.objects.filter(pk=mass_org_id, enterprise=e).first()
    if m is None:
        from dangvu.core.errors import NotVisible

        raise NotVisible
    c = services.mass_org_count_record(actor=user, mass_org=m, **payload.dict())
    return Status(201, {"id": c.pk, "mass_org_id": m.pk, "as_of": c.as_of, "members": c.members})


def _coverage_row(r: Any) -> dict[str, Any]:
    return {
        "label": r.label, "enterprises": r.enterprises, "workers": r.workers,
        "kinds": [
            {"kind": k, "enterprises": cell.enterprises, "enterprise_share": round(share, 2),
             "workers": cell.workers, "worker_share": round(wshare, 2)}
            for k, cell, share, wshare in r.cells
        ],
    }


@router.get("/reports/enterprise-coverage", response={200: CoverageOut, **ERRORS})
def enterprise_coverage(request: HttpRequest, filters: Query[CoverageQuery]) -> dict[str, Any]:
    """Độ phủ tổ chức đảng, đoàn thể trong DNNKVNN của cây con `scope_id` vào ngày `on`: số và tỷ lệ doanh
    nghiệp (và lao động) có từng loại tổ chức, theo loại hình, quy mô, KCN, địa bàn; bảng tổng hợp; danh sách
    doanh nghiệp lớn chưa có tổ chức đảng hoặc công đoàn."""
    user = caller(request)
    scope = organization_or_default(user, filters.scope_id)
    on = filters.on or today()
    c = coverage(user, scope.pk, on)
    wl = work_list(user, scope.pk, on)
    return {
        "scope_id": scope.pk, "scope_name": scope.name, "on": on, "total": _coverage_row(c.total),
        "breakdowns": [{"by": by, "rows": [_coverage_row(r) for r in rows]} for by, rows in c.breakdowns],
        "headline": [
            {"kind": h.kind, "label": h.label, "organizations": h.organizations, "members": h.members,
             "parts": [{"label": p[0], "organizations": p[1], "members": p[2]} for p in h.parts]}
            for h in c.headline
        ],
        "owners_who_are_members": c.owners_members,
        "work_list": [
            {"id": f.enterprise.pk, "name": f.enterprise.name, "workers": f.workers, "has_party_org": f.party,
             "has_union": f.has("trade_union")}
            for f in wl
        ],
    }
