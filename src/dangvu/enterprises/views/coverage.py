"""Coverage of party and mass organisations, and the work list of large enterprises lacking them."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dangvu.accounts.models import Assignment
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.http import parse_date_param, scoped_view
from dangvu.orgs.scope import visible_organizations

from ..selectors import (
    COVERAGE_KINDS,
    coverage,
    work_list,
)
from .common import SCOPE_KINDS, _scope_id


@scoped_view
def coverage_page(request: HttpRequest) -> HttpResponse:
    on, date_error = parse_date_param(request.GET.get("on"), today())
    c = coverage(request.user, _scope_id(request), on)
    assigned = Assignment.objects.filter(user_id=request.user.pk or 0).values_list("organization_id", flat=True)
    scopes = list(
        visible_organizations(request.user)
        .filter(Q(kind__in=SCOPE_KINDS) | Q(pk__in=list(assigned)))
        .order_by("path")[:200]
    )
    if c.scope not in scopes:
        scopes.insert(0, c.scope)
    return render(request, "enterprises/coverage.html", {
        "c": c, "on": on, "date_error": date_error, "kinds": COVERAGE_KINDS, "scopes": scopes,
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
    try:
        rows = work_list(request.user, scope_id, on, lacking=lacking, min_workers=min_workers)
    except DomainError as err:
        rows, error = [], err.message
    from ..rules import work_list_min_workers

    return render(request, "enterprises/work_list.html", {
        "rows": rows, "on": on, "lacking": lacking, "error": error, "scope_id": scope_id,
        "threshold": min_workers if min_workers is not None else work_list_min_workers(),
    }, status=422 if error else 200)
