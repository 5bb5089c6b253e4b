"""The reports committees send, each built from the owning apps' selectors into a Report (tables, charts, source).
Every figure "as of D" uses the tree of date D (OrgPathSpan) and the member's span on D; status on D is
members.selectors.full_q/probationary_q — never recomputed here."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from dangvu.core.errors import DomainError, NotVisible
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of

from .builders.common import Params, letterhead
from .builders.members import admissions_report, members, membership_flow_report
from .builders.organizations import organizations, organizations_founded
from .builders.work import coverage_report, meetings_report, ratings_report, targets_report
from .model import Report

__all__ = ["REPORTS", "ReportSpec", "build_report", "letterhead"]


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title: str
    takes: str  # "on" | "period" | "year"
    build: Callable[[Params], Report]


REPORTS: dict[str, ReportSpec] = {
    s.name: s
    for s in [
        ReportSpec("organizations", "Tổ chức đảng theo loại hình, lĩnh vực", "on", organizations),
        ReportSpec("organizations-founded", "Tổ chức thành lập mới, giải thể", "period", organizations_founded),
        ReportSpec("members", "Cơ cấu đội ngũ đảng viên", "on", members),
        ReportSpec("membership-flow", "Biến động đảng viên", "period", membership_flow_report),
        ReportSpec("admissions", "Phát triển đảng viên", "period", admissions_report),
        ReportSpec("ratings", "Đánh giá, xếp loại chất lượng", "year", ratings_report),
        ReportSpec("meetings", "Chất lượng sinh hoạt chi bộ", "year", meetings_report),
        ReportSpec("enterprise-coverage", "Tổ chức đảng, đoàn thể trong doanh nghiệp", "on", coverage_report),
        ReportSpec("targets", "Chỉ tiêu và kết quả thực hiện", "year", targets_report),
    ]
}


def build_report(user: Any, name: str, org: Organization, *, on: date, start: date, end: date, year: int) -> Report:
    """One report for the organisation (NotVisible outside the user's scope), with its letterhead."""
    spec = REPORTS.get(name)
    if spec is None:
        raise NotVisible
    if not scope_of(user).sees(org.pk):
        raise NotVisible
    if start > end:
        raise DomainError(
            "Ngày bắt đầu (from) phải trước hoặc bằng ngày kết thúc (to).", field="from", rule="period_order"
        )
    if not 1930 <= year <= 2100 or start < date(1930, 2, 3) or on < date(1930, 2, 3):
        raise DomainError("Ngày, năm báo cáo phải từ 1930 trở về sau.", field="year", rule="period_range")
    report = spec.build(Params(user, org, on, start, end, year))
    report.letterhead = letterhead(org, min(on, end) if spec.takes == "period" else on)
    return report
