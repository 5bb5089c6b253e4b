"""Report pages: each report of the catalogue as a page with its charts, and the same report as
?format=xlsx|docx|pdf. Parameters: organization_id, on, from, to, year."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.http import parse_date_param, scoped_view
from dangvu.orgs.forms import OrgSelectForm
from dangvu.orgs.models import Organization
from dangvu.orgs.selectors import organization_or_default

from . import charts
from .catalog import REPORTS, build_report
from .renderers import FORMATS
from .renderers import render as render_file


@dataclass
class ReportQuery:
    organization_id: int | None
    on: date
    start: date
    end: date
    year: int
    errors: list[str]


def parse_query(params: Any) -> ReportQuery:
    """The report parameters from a query string, with Vietnamese messages for what cannot be read."""
    t = today()
    errors: list[str] = []
    raw = (params.get("organization_id") or "").strip()
    org_id = int(raw) if raw.isdigit() and len(raw) < 10 else (-1 if raw else None)
    raw_year = (params.get("year") or "").strip()
    year = int(raw_year) if raw_year.isdigit() and len(raw_year) == 4 else t.year
    if raw_year and year != int(raw_year or 0):
        errors.append(f"Năm '{raw_year}' không hợp lệ.")
    default_end = min(t, date(year, 12, 31))
    on, e1 = parse_date_param(params.get("on"), default_end)
    start, e2 = parse_date_param(params.get("from"), date(year, 1, 1))
    end, e3 = parse_date_param(params.get("to"), default_end)
    errors += [e for e in (e1, e2, e3) if e]
    return ReportQuery(org_id, on, start, end, year, errors)


def on_last_day(q: ReportQuery, org: Organization, params: Any) -> ReportQuery:
    """Dates not asked for, for an organisation dissolved by then: its last day (and that year), so its report
    opens on its history instead of a refusal (an officer kept on a dissolved committee got 400 on every report)."""
    if org.dissolved_on is None:
        return q
    last = org.dissolved_on - timedelta(days=1)
    year = q.year if params.get("year") else min(q.year, last.year)
    on = q.on if params.get("on") or q.on <= last else last
    start = q.start if params.get("from") else date(year, 1, 1)
    end = q.end if params.get("to") or q.end <= last else last
    return ReportQuery(q.organization_id, on, min(start, end), end, year, q.errors)


def file_response(doc: Any, fmt: str) -> HttpResponse:
    f = render_file(doc, fmt)
    response = HttpResponse(f.content, content_type=f.content_type)
    response["Content-Disposition"] = f'attachment; filename="{f.filename}"'
    return response


@scoped_view
def report_index(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/index.html", {"reports": list(REPORTS.values())})


@scoped_view
def report_page(request: HttpRequest, name: str) -> HttpResponse:
    spec = REPORTS.get(name)
    if spec is None:
        raise NotVisible
    q = parse_query(request.GET)
    org = organization_or_default(request.user, q.organization_id)
    q = on_last_day(q, org, request.GET)
    report, errors = None, list(q.errors)
    if not errors:
        try:
            report = build_report(request.user, name, org, on=q.on, start=q.start, end=q.end, year=q.year)
        except DomainError as e:
            errors.append(e.message)
    fmt = request.GET.get("format") or ""
    if report is not None and fmt in FORMATS:
        return file_response(report, fmt)
    svgs = [mark_safe(charts.svg(c)) for c in report.charts] if report else []  # noqa: S308  (our own markup)
    org_form = OrgSelectForm(user=request.user, current=org)  # search as you type, "Parent › Name"
    return render(
        request, "reports/report.html",
        {"spec": spec, "report": report, "charts": svgs, "errors": errors, "q": q, "org": org, "org_form": org_form,
         "formats": FORMATS, "years": list(range(today().year, today().year - 8, -1))},
        status=400 if errors else 200,
    )
