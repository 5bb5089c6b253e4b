"""The dashboard as a work centre for one organisation of the user's scope: headcount and composition, the
year's flow, targets with progress, the latest ratings, what is due (each linking to its list), enterprise
coverage and charts. Each block reads the owning app's selectors; a block that fails to compute is shown as
unavailable rather than failing the page."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from dangvu.admissions.selectors import probation_due
from dangvu.core.dates import add_years
from dangvu.enterprises.models import FollowUpStatus
from dangvu.enterprises.selectors import coverage, follow_ups_of
from dangvu.members.models import Member, Sex
from dangvu.members.selectors import probationary_q, spans_in_subtree_on
from dangvu.members.transfers import letters_q, temporary_due
from dangvu.orgs.models import Organization
from dangvu.orgs.selectors import names_on, path_on
from dangvu.ratings.selectors import (
    latest_closed_year,
    meetings_missing_count,
    rating_results,
    rating_rounds_visible,
)
from dangvu.reports.charts import svg
from dangvu.reports.model import Chart
from dangvu.reports.selectors import INFLOW_KINDS, INFLOW_LABELS, OUTFLOW_KINDS, OUTFLOW_LABELS, Flow, membership_flow
from dangvu.targets.selectors import TargetReport, target_report


def _url(name: str, *args: Any, **params: Any) -> str:
    base = reverse(name, args=args) if args else reverse(name)
    return f"{base}?{urlencode(params)}" if params else base


@dataclass
class DueItem:
    label: str
    count: int
    url: str
    urgent: bool = False


@dataclass
class Composition:
    total: int
    probationary: int
    women: int
    under_30: int
    ethnic_minority: int

    def share(self, n: int) -> float:
        return 100 * n / self.total if self.total else 0.0


@dataclass
class WorkCentre:
    org: Organization
    name: str
    on: date
    year: int
    composition: Composition
    flow: Flow | None
    targets: TargetReport | None
    ratings: Any
    ratings_year: int | None
    due: list[DueItem]
    coverage: Any
    charts: list[SafeString] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)


def composition(org: Organization, on: date) -> Composition:
    """Headcount and composition of the subtree on `on` (tree of that date; status from members.selectors)."""
    path = path_on(org.pk, on)
    if path is None:
        return Composition(0, 0, 0, 0, 0)
    spans = spans_in_subtree_on(path, on)
    probationary = spans.filter(probationary_q(on)).count()
    born_after = add_years(on, -30)  # under 30 on `on`: born after this day
    row = Member.objects.filter(pk__in=spans.values("member_id")).aggregate(
        total=Count("id"), women=Count("id", filter=Q(sex=Sex.FEMALE)),
        under_30=Count("id", filter=Q(birth_date__gt=born_after)),
        minority=Count("id", filter=~Q(ethnic_group__in=["Kinh", ""])),
    )
    return Composition(row["total"], probationary, row["women"], row["under_30"], row["minority"])


def due_items(user: Any, org: Organization, on: date) -> list[DueItem]:
    """What is due: probation ending within 30 days / overdue, cells without last month's meeting, open rating
    rounds, transfer letters overdue, temporary transfers ending, overdue follow-ups — each with its list."""
    items: list[DueItem] = []
    rows = probation_due(user, org, on=on, within_days=30)
    upcoming = sum(1 for r in rows if r.which == "upcoming")
    late = sum(1 for r in rows if r.which in ("due", "overdue"))
    items.append(DueItem("Đảng viên dự bị đến hạn xét chính thức trong 30 ngày", upcoming,
                         _url("admissions:probation", organization_id=org.pk, which="upcoming")))
    items.append(DueItem("Đảng viên dự bị đã quá 12 tháng, chưa xét chính thức", late,
                         _url("admissions:probation", organization_id=org.pk, which="overdue"), urgent=late > 0))
    last = on.replace(day=1) - timedelta(days=1)
    missing = meetings_missing_count(user, org.pk, last.year, last.month)
    items.append(DueItem(f"Chi bộ chưa ghi kết quả sinh hoạt tháng {last.month}/{last.year}", missing,
                         _url("ratings:meetings", organization_id=org.pk, year=last.year, month=last.month),
                         urgent=missing > 0))
    path = org.path or ""
    open_rounds = [r for r in rating_rounds_visible(user) if r.is_open and (r.path or "").startswith(path)]
    items.append(DueItem("Đợt đánh giá, xếp loại đang mở", len(open_rounds),
                         _url("ratings:round", open_rounds[0].pk) if len(open_rounds) == 1 else _url("ratings:index")))
    letters = letters_q(user, org, on=on, state="overdue").count()
    items.append(DueItem("Giấy giới thiệu sinh hoạt đảng quá 30 ngày làm việc chưa nộp", letters,
                         _url("transfer_letters", organization_id=org.pk, state="overdue"), urgent=letters > 0))
    temporary = temporary_due(user, org, on=on)
    ended = sum(1 for t in temporary if t.which != "upcoming")
    items.append(DueItem("Sinh hoạt tạm thời sắp hết hạn hoặc đã hết hạn", len(temporary),
                         _url("transfer_letters", organization_id=org.pk), urgent=ended > 0))
    overdue = [f for f in follow_ups_of(user, status=FollowUpStatus.OPEN) if f.due_on < on]
    items.append(DueItem("Việc theo dõi sau làm việc với doanh nghiệp đã quá hạn", len(overdue),
                         _url("enterprise_follow_ups", status=FollowUpStatus.OPEN), urgent=len(overdue) > 0))
    return items


def last_day(org: Organization, on: date) -> date:
    """The date the dashboard shows: `on`, or the last day of an organisation dissolved by then."""
    if org.dissolved_on is not None and org.dissolved_on <= on:
        return org.dissolved_on - timedelta(days=1)
    return on


def work_centre(user: Any, org: Organization, *, on: date, year: int) -> WorkCentre:
    """Every block of the dashboard for `org` (figures as of `on`, or of the last day of an organisation
    dissolved by then; the year's flow, targets and ratings)."""
    on = last_day(org, on)
    year = min(year, on.year)
    year_end = min(on, date(year, 12, 31))
    comp = composition(org, on)
    flow = membership_flow(user, org, start=date(year, 1, 1), end=year_end) if year <= on.year else None
    targets = target_report(user, org, year=year, on=year_end, shares=False)
    ratings_year = year if year < on.year else latest_closed_year(user)
    ratings = rating_results(user, org.pk, ratings_year, compare=True) if ratings_year else None
    cov = coverage(user, org.pk, on)
    # What is due belongs to a living organisation; one dissolved since has nothing left to do.
    due = due_items(user, org, on) if org.dissolved_on is None else []
    wc = WorkCentre(org, names_on([org.pk], on).get(org.pk, org.name), on, year, comp, flow, targets, ratings,
                    ratings_year, due, cov)
    charts: list[Chart] = []
    if flow is not None:
        charts.append(Chart(f"Tăng, giảm đảng viên năm {year}",
                            [INFLOW_LABELS[k] for k in INFLOW_KINDS if flow.inflows[k]]
                            + [OUTFLOW_LABELS[k] for k in OUTFLOW_KINDS if flow.outflows[k]],
                            [float(flow.inflows[k]) for k in INFLOW_KINDS if flow.inflows[k]]
                            + [float(flow.outflows[k]) for k in OUTFLOW_KINDS if flow.outflows[k]]))
    if ratings is not None and ratings.organizations.total:
        charts.append(Chart(f"Hoàn thành tốt nhiệm vụ trở lên năm {ratings_year}",
                            ["Tổ chức cơ sở đảng", "Đảng viên"],
                            [float(ratings.organizations.good_or_better_share or 0),
                             float(ratings.all_members.good_or_better_share or 0)], "%"))
    if cov.total.enterprises:
        charts.append(Chart("Doanh nghiệp ngoài khu vực nhà nước có tổ chức", [lbl for _k, lbl in [
            ("party", "Tổ chức đảng"), ("trade_union", "Công đoàn"), ("youth_union", "Đoàn thanh niên")]],
            [cov.total.share("party"), cov.total.share("trade_union"), cov.total.share("youth_union")], "%"))
    wc.charts = [mark_safe(svg(c)) for c in charts if c.labels]  # noqa: S308  (markup we build and escape)
    wc.links = {
        "members": _url("member_list", organization_id=org.pk),
        "flow": _url("flow_report", organization_id=org.pk, start=f"{year}-01-01", end=year_end.isoformat()),
        "targets": _url("targets:index", organization_id=org.pk, year=year),
        "ratings": _url("ratings:results", organization_id=org.pk, year=ratings_year or year),
        "coverage": _url("enterprise_coverage", scope_id=org.pk),
        "composition": _url("report_page", "members", organization_id=org.pk, on=on.isoformat()),
        "review_pack": _url("review_pack", org.pk),
    }
    return wc

