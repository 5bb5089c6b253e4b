"""Reports: membership flow of a subtree over a period."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dangvu.core.api import ERRORS, caller
from dangvu.orgs.selectors import organization_or_default
from dangvu.reports.selectors import membership_flow

router = Router(tags=["Báo cáo"])


class FlowFilters(Schema):
    organization_id: int | None = Field(None, description="Mặc định: tổ chức được phân công đầu tiên")
    start: date = Field(..., alias="from", description="Từ ngày (tính cả ngày này)")
    end: date = Field(..., alias="to", description="Đến ngày (tính cả ngày này)")


class InflowsOut(Schema):
    admitted: int
    transferred_in: int
    reinstated: int
    readmitted: int
    restructured_in: int


class OutflowsOut(Schema):
    transferred_out: int
    struck_off: int
    expelled: int
    released: int
    deceased: int
    restructured_out: int


class FlowOut(Schema):
    organization_id: int
    start: date = Field(..., alias="from")
    end: date = Field(..., alias="to")
    opening: int = Field(..., description="Số đảng viên cuối ngày trước `from`")
    inflows: InflowsOut
    outflows: OutflowsOut
    closing: int = Field(..., description="Số đảng viên cuối ngày `to`")


@router.get("/reports/membership-flow", response={200: FlowOut, **ERRORS}, by_alias=True)
def membership_flow_report(request: HttpRequest, filters: Query[FlowFilters]) -> dict[str, Any]:
    """Biến động đảng viên của cả cây con: đầu kỳ + tăng − giảm = cuối kỳ (kỳ tính cả hai đầu)."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    flow = membership_flow(user, org, start=filters.start, end=filters.end)
    return {
        "organization_id": org.pk,
        "from": flow.start,
        "to": flow.end,
        "opening": flow.opening,
        "inflows": flow.inflows,
        "outflows": flow.outflows,
        "closing": flow.closing,
    }
