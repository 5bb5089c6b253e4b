"""Reports: membership flow, organisations, members, targets and the review pack; each answers JSON, or the file
with ?format=xlsx|docx|pdf."""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from dangvu.core.api import ERRORS, caller
from dangvu.core.dates import today
from dangvu.orgs.selectors import organization_or_default
from dangvu.reports.selectors import membership_flow
from dangvu.targets.api import TargetsReportOut, targets_json

from .catalog import build_report
from .pack import review_pack
from .pages import file_response

Format = Literal["json", "xlsx", "docx", "pdf"]

router = Router(tags=["Báo cáo"])


class FlowFilters(Schema):
    organization_id: int | None = Field(None, description="Mặc định: tổ chức được phân công đầu tiên")
    start: date = Field(..., alias="from", description="Từ ngày (tính cả ngày này)")
    end: date = Field(..., alias="to", description="Đến ngày (tính cả ngày này)")
    format: Format | None = Field(None, description="xlsx | docx | pdf: tải tệp thay cho JSON")


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
def membership_flow_report(request: HttpRequest, filters: Query[FlowFilters]) -> Any:
    """Biến động đảng viên của cả cây con: đầu kỳ + tăng − giảm = cuối kỳ (kỳ tính cả hai đầu)."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    if filters.format not in (None, "json"):
        return _file(user, "membership-flow", org, filters.format, start=filters.start, end=filters.end)
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


def _file(user: Any, name: str, org: Any, fmt: str | None, *, on: date | None = None, start: date | None = None,
          end: date | None = None, year: int | None = None) -> HttpResponse:
    t = today()
    year = year or (end or on or t).year
    end = end or on or min(t, date(year, 12, 31))
    report = build_report(user, name, org, on=on or end, start=start or date(year, 1, 1), end=end, year=year)
    return file_response(report, fmt or "xlsx")


class OnQuery(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Mặc định: tổ chức được phân công")
    on: date | None = Field(None, description="Tính đến ngày (mặc định hôm nay)")
    format: Format | None = Field(None, description="xlsx | docx | pdf: tải tệp thay cho JSON")


class PeriodQuery(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1, description="Mặc định: tổ chức được phân công")
    start: date | None = Field(None, alias="from", description="Từ ngày (mặc định 1/1 năm nay)")
    end: date | None = Field(None, alias="to", description="Đến ngày (mặc định hôm nay)")
    format: Format | None = Field(None, description="xlsx | docx | pdf: tải tệp thay cho JSON")


def _report(request: HttpRequest, name: str, organization_id: int | None, fmt: str | None, **dates: Any) -> Any:
    user = caller(request)
    org = organization_or_default(user, organization_id)
    if fmt not in (None, "json"):
        return _file(user, name, org, fmt, **dates)
    t = today()
    on = dates.get("on") or dates.get("end") or t
    start = dates.get("start") or date(on.year, 1, 1)
    return build_report(user, name, org, on=on, start=start, end=on, year=on.year).as_json()


@router.get("/reports/organizations", response={200: dict[str, Any], **ERRORS})
def organizations_report(request: HttpRequest, q: Query[OnQuery]) -> Any:
    """Tổ chức đảng của cây con vào ngày `on` theo loại hình và theo khối, lĩnh vực ("159 tổ chức cơ sở đảng:
    80 đảng bộ, 79 chi bộ"), theo cây tổ chức của ngày đó."""
    return _report(request, "organizations", q.organization_id, q.format, on=q.on)


@router.get("/reports/organizations-founded", response={200: dict[str, Any], **ERRORS})
def organizations_founded_report(request: HttpRequest, q: Query[PeriodQuery]) -> Any:
    """Tổ chức đảng thành lập mới, giải thể, sáp nhập trong kỳ theo khối, lĩnh vực và loại hình sở hữu; tổ chức
    đoàn thể trong doanh nghiệp ngoài khu vực nhà nước thành lập, giải thể theo loại."""
    return _report(request, "organizations-founded", q.organization_id, q.format, start=q.start, end=q.end)


@router.get("/reports/members", response={200: dict[str, Any], **ERRORS})
def members_report(request: HttpRequest, q: Query[OnQuery]) -> Any:
    """Đảng viên của cây con vào ngày `on` theo loại, giới tính, độ tuổi, dân tộc, tôn giáo, trình độ, lý luận
    chính trị và tuổi đảng."""
    return _report(request, "members", q.organization_id, q.format, on=q.on)


class TargetsReportQuery(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)
    year: int | None = Field(None, ge=1990, le=2100, description="Mặc định năm nay")
    on: date | None = Field(None, description="Đánh giá vào ngày (mặc định hôm nay hoặc 31/12 của năm)")
    format: Format | None = Field(None, description="xlsx | docx | pdf: tải tệp thay cho JSON")


@router.get("/reports/targets", response={200: TargetsReportOut, **ERRORS})
def targets_report(request: HttpRequest, q: Query[TargetsReportQuery]) -> Any:
    """Chỉ tiêu của cấp ủy trong năm và kết quả thực hiện vào ngày `on`: thực hiện, tỷ lệ so với chỉ tiêu, đánh giá
    ("Đạt", "Vượt 28,75%", "Không đạt", "Đang thực hiện"); met/total: "đạt 6/6 chỉ tiêu"."""
    user = caller(request)
    if q.format not in (None, "json"):
        org = organization_or_default(user, q.organization_id)
        year = q.year or today().year
        return _file(user, "targets", org, q.format, on=q.on or min(today(), date(year, 12, 31)), year=year)
    return targets_json(user, q.organization_id, q.year, q.on)


class PackQuery(Schema):
    organization_id: int | None = Field(None, ge=1, le=2**31 - 1)
    year: int = Field(..., ge=1990, le=2100)
    format: Literal["docx", "pdf"] = "docx"


@router.get("/reports/review-pack", response={200: Any, **ERRORS})
def review_pack_report(request: HttpRequest, q: Query[PackQuery]) -> HttpResponse:
    """Bộ số liệu tổng kết năm của cấp ủy (mọi bảng, biểu đồ, chỉ tiêu và kết quả) trong một tệp Word (sửa được)
    hoặc PDF. Ở quy mô lớn nên dùng nút "Bộ số liệu tổng kết năm" trên trang cấp ủy (chạy nền, có tiến độ)."""
    user = caller(request)
    org = organization_or_default(user, q.organization_id)
    return file_response(review_pack(user, org, year=q.year), q.format)
