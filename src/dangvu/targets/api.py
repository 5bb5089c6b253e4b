"""Targets API: the indicator registry, an indicator's value for a subtree and period, targets set and listed."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status

from dangvu.core.api import ERRORS, caller
from dangvu.core.dates import today
from dangvu.orgs.selectors import org_get, organization_or_default

from .indicators import INDICATORS
from .selectors import indicator_or_error, indicator_value, target_report
from .services import target_create

router = Router(tags=["Chỉ tiêu"])


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    definition: str
    manual: bool


class IndicatorsOut(Schema):
    items: list[IndicatorOut]


@router.get("/indicators", response={200: IndicatorsOut, **ERRORS})
def indicators(request: HttpRequest) -> dict[str, Any]:
    """Danh mục chỉ tiêu: mã, tên, đơn vị, định nghĩa (chỉ tiêu nhập tay: manual = true)."""
    caller(request)
    return {"items": [{"code": i.code, "name": i.name, "unit": i.unit, "definition": i.definition,
                       "manual": i.manual} for i in INDICATORS.values()]}


class ValueQuery(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Mặc định: tổ chức được phân công")
    start: date | None = Field(None, alias="from", description="Từ ngày (mặc định 1/1 năm nay)")
    end: date | None = Field(None, alias="to", description="Đến ngày (mặc định hôm nay)")


class ValueOut(Schema):
    code: str
    organization_id: int
    value: float | None = Field(..., description="null: chưa có số liệu (đợt đánh giá chưa khóa sổ, chưa nhập)")
    start: date = Field(..., alias="from")
    end: date = Field(..., alias="to")


@router.get("/indicators/{code}/value", response={200: ValueOut, **ERRORS}, by_alias=True)
def indicator_value_route(
    request: HttpRequest, code: Path[str], query: Query[ValueQuery]
) -> dict[str, Any]:
    """Giá trị một chỉ tiêu của cả cây con trong kỳ (tính cả hai đầu), theo cây tổ chức của ngày cuối kỳ."""
    user = caller(request)
    indicator_or_error(code[:64])
    org = organization_or_default(user, query.organization_id)
    t = today()
    start, end = query.start or date(t.year, 1, 1), query.end or t
    v = indicator_value(user, code, org, start=start, end=end)
    return {"code": code, "organization_id": org.pk, "value": None if v is None else float(v), "from": start,
            "to": end}


class TargetIn(Schema):
    organization_id: int = Field(..., ge=1, le=2**31 - 1)
    year: int | None = Field(None, ge=1990, le=2100, description="Chỉ tiêu năm; hoặc start_year/end_year")
    start_year: int | None = Field(None, ge=1990, le=2100, description="Nhiệm kỳ: từ năm")
    end_year: int | None = Field(None, ge=1990, le=2100, description="Nhiệm kỳ: đến năm")
    indicator: str = Field(..., max_length=64)
    comparison: str = Field(..., max_length=16, description="at_least | at_most | between | exactly")
    value: Decimal | None = Field(None, ge=0, lt=10**10)
    value_max: Decimal | None = Field(None, ge=0, lt=10**10, description="Chỉ với between: giá trị tối đa")
    note: str = Field("", max_length=500)
    document: str = Field("", max_length=64)


class TargetOut(Schema):
    id: int
    organization_id: int
    indicator: str
    year: int | None
    start_year: int
    end_year: int
    comparison: str
    value: float
    value_max: float | None
    note: str
    document: str


def _target_out(t: Any) -> dict[str, Any]:
    return {"id": t.pk, "organization_id": t.organization_id, "indicator": t.indicator, "year": t.year,
            "start_year": t.start_year, "end_year": t.end_year, "comparison": t.comparison,
            "value": float(t.value), "value_max": None if t.value_max is None else float(t.value_max),
            "note": t.note, "document": t.document}


@router.post("/targets", response={201: TargetOut, **ERRORS})
def target_create_route(request: HttpRequest, payload: TargetIn) -> Status:
    """Giao chỉ tiêu cho cấp ủy theo năm (hoặc nhiệm kỳ). 422: chỉ tiêu không có trong danh mục, thiếu giá trị,
    between với value > value_max, trùng chỉ tiêu cùng tổ chức và năm."""
    user = caller(request)
    org = org_get(user, payload.organization_id)
    t = target_create(
        actor=user, organization=org, indicator=payload.indicator, comparison=payload.comparison,
        value=payload.value, value_max=payload.value_max, year=payload.year, start_year=payload.start_year,
        end_year=payload.end_year, note=payload.note, document=payload.document,
    )
    return Status(201, _target_out(t))


class AchievementOut(Schema):
    id: int
    indicator: str
    indicator_name: str
    period: str
    comparison: str
    target: float
    target_max: float | None
    actual: float | None
    percent: float | None
    status: str
    status_label: str


class TargetsReportOut(Schema):
    organization_id: int
    year: int
    on: date
    items: list[AchievementOut]
    met: int
    total: int


class TargetsQuery(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)
    year: int | None = Field(None, ge=1990, le=2100, description="Mặc định năm nay")
    on: date | None = Field(None, description="Đánh giá vào ngày (mặc định hôm nay)")


def _f(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


def targets_json(user: Any, organization_id: int | None, year: int | None, on: date | None) -> dict[str, Any]:
    org = organization_or_default(user, organization_id)
    t = today()
    year = year or t.year
    on = on or min(t, date(year, 12, 31))
    tr = target_report(user, org, year=year, on=on, shares=False)
    items = [{
        "id": r.target.pk, "indicator": r.target.indicator, "indicator_name": r.indicator.name,
        "period": r.target.period_label, "comparison": r.target.comparison, "target": float(r.achievement.target),
        "target_max": _f(r.achievement.target_max), "actual": _f(r.achievement.actual),
        "percent": _f(r.achievement.percent), "status": r.achievement.status,
        "status_label": r.achievement.status_label,
    } for r in tr.rows]
    return {"organization_id": org.pk, "year": year, "on": on, "items": items, "met": tr.met, "total": tr.total}
