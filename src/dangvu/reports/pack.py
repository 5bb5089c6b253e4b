"""The annual review pack: the year's figures of a committee (organisations, founded and dissolved, members,
flow, admissions, ratings, meetings, enterprise coverage, targets and achievement) in one document."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError
from dangvu.orgs.models import Organization

from .catalog import REPORTS, build_report, letterhead
from .model import Pack

PACK_ORDER = ["targets", "organizations", "organizations-founded", "members", "membership-flow", "admissions",
              "ratings", "meetings", "enterprise-coverage"]


def review_pack(
    user: Any, org: Organization, *, year: int, on: date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Pack:
    """Build every report of the pack for `year` (figures as of 31/12, or today for the current year);
    `progress(done, total, stage)` is called after each report."""
    t = today()
    if not 1990 <= year <= t.year:
        raise DomainError(f"Năm phải từ 1990 đến {t.year}.", field="year", rule="year_range")
    end = on or min(t, date(year, 12, 31))
    if org.dissolved_on is not None and org.dissolved_on <= end:  # dissolved that year: to its last day
        end = org.dissolved_on - timedelta(days=1)
    start = date(year, 1, 1)
    if end < start:
        raise DomainError(f"{org.name} không còn hoạt động trong năm {year}.", field="year", rule="org_not_active")
    reports = []
    for n, name in enumerate(PACK_ORDER, start=1):
        reports.append(build_report(user, name, org, on=end, start=start, end=end, year=year))
        if progress:
            progress(n, len(PACK_ORDER), REPORTS[name].title)
    scope = reports[0].scope
    targets = reports[0]
    intro = [
        f"Báo cáo tổng hợp số liệu công tác xây dựng Đảng năm {year} của {scope}, tính đến ngày {format_date(end)}, "
        "lập từ cơ sở dữ liệu Đảng vụ theo cây tổ chức của từng ngày (các thay đổi tổ chức sau đó không làm thay "
        "đổi số liệu).",
    ]
    if targets.data.get("total"):
        intro.append(f"Kết quả thực hiện chỉ tiêu: đạt {targets.data['met']}/{targets.data['total']} chỉ tiêu.")
    return Pack(
        title=f"Tổng hợp số liệu công tác xây dựng Đảng năm {year}", scope=scope, period=f"Năm {year}",
        reports=reports, intro=intro, organization_id=org.pk, letterhead=letterhead(org, end),
    )
