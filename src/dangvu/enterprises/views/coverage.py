"""Coverage of party and mass organisations, and the work list of large enterprises lacking them."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.http import parse_date_param, scoped_view
from dangvu.orgs.forms import OrgSelectForm

from ..selectors import (
    COVERAGE_KINDS,
    coverage,
    work_list_paged,
)
from .common import _scope_id


@scoped_view
def coverage_page(request: HttpRequest) -> HttpResponse:
    on, date_error = parse_date_param(request.GET.get("on"), today())
    c = coverage(request.user, _scope_id(request), on)
    # The committees a coverage report is asked of, searched as you type ("Parent › Name"); the current one listed.
    scope_form = OrgSelectForm(user=request.user, current=c.scope, name="scope_id", label="Phạm vi",
                               kinds="territorial")
    return render(request, "enterprises/coverage.html", {
        "c": c, "on": on, "date_error": date_error, "kinds": COVERAGE_KINDS, "scope_form": scope_form,
    })


@scoped_view
def work_list_page(request: HttpRequest) -> HttpResponse:
    on, date_error = parse_date_param(request.GET.get("on"), today())
    lacking = request.GET.get("lacking") or ""
    raw_min = request.GET.get("min_workers") or ""
    error = date_error
    min_workers = int(raw_min) if raw_min.isdigit() else None
    if raw_min and min_workers is None:
        error = "Số lao động tối thiểu phải là số nguyên không âm."
    scope_id = _scope_id(request)
    raw_page = request.GET.get("page") or "1"
    number = int(raw_page) if raw_page.isdigit() and len(raw_page) < 7 else 1
    page = None
    try:
        page = work_list_paged(request.user, scope_id, on, lacking=lacking, min_workers=min_workers, page=number)
    except DomainError as err:
        error = err.message
    from ..rules import work_list_min_workers

    return render(request, "enterprises/work_list.html", {
        "rows": page.items if page else [], "page": page, "on": on, "lacking": lacking, "error": error,
        "scope_id": scope_id, "threshold": min_workers if min_workers is not None else work_list_min_workers(),
    }, status=422 if error else 200)
