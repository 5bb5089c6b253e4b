"""Pages that span the apps: the dashboard of the user's scope (the audit log is in web/audit.py)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dangvu.accounts.models import ROLE_ACTIONS, Assignment
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.http import scoped_view
from dangvu.members.selectors import probationary_q, spans_in_subtree_on
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrgPathSpan
from dangvu.orgs.scope import can, scope_of
from dangvu.orgs.selectors import default_organization, on_date_q, org_get, path_on
from dangvu.reports.pack import review_pack as build_review_pack
from dangvu.reports.pages import file_response

from .workcentre import last_day, work_centre


def is_auditor(user: Any) -> bool:
    if user.is_superuser:
        return True
    roles = Assignment.objects.filter(user=user).values_list("role", flat=True)
    return any("admin" in ROLE_ACTIONS[r] for r in roles)


@dataclass
class OrgSummary:
    org: Organization
    role: str
    headcount: int
    probationary: int
    grassroots: int


def _summary(org: Organization, role: str, on: date) -> OrgSummary:
    """Headcount, probationary count and grassroots organisations of one subtree today (3 queries)."""
    path = path_on(org.pk, on)
    if path is None:
        return OrgSummary(org, role, 0, 0, 0)
    counts = spans_in_subtree_on(path, on).aggregate(
        total=Count("id"), probationary=Count("id", filter=probationary_q(on))
    )
    grassroots = (
        OrgPathSpan.objects.filter(on_date_q(on), path__startswith=path, organization__kind__in=GRASSROOTS_KINDS)
        .values("organization_id")
        .distinct()
        .count()
    )
    return OrgSummary(org, role, counts["total"], counts["probationary"], grassroots)


@scoped_view
def dashboard(request: HttpRequest) -> HttpResponse:
    on = today()
    assignments = list(
        Assignment.objects.filter(user_id=request.user.pk or 0)
        .select_related("organization")
        .order_by("organization__path")
    )
    pairs = [(a.organization, a.get_role_display()) for a in assignments]
    if not pairs and scope_of(request.user).everything:
        pairs = [(o, "Quản trị hệ thống") for o in Organization.objects.filter(parent__isnull=True)]
    summaries = [_summary(org, role, on) for org, role in pairs]
    raw = request.GET.get("organization_id") or ""
    try:
        org = org_get(request.user, int(raw)) if raw.isdigit() and len(raw) < 10 else None
    except NotVisible:
        org = None
    org = org or default_organization(request.user) or (pairs[0][0] if pairs else None)
    raw_year = request.GET.get("year") or ""
    shown = last_day(org, on) if org is not None else on  # an organisation dissolved since: its last day
    year = int(raw_year) if raw_year.isdigit() and 1990 <= int(raw_year) <= shown.year else shown.year
    centre = work_centre(request.user, org, on=on, year=year) if org is not None else None
    years = list(range(on.year, on.year - 6, -1))
    # «Giao chỉ tiêu» only for whoever may set them (a secretary or a viewer found no form behind it).
    may_set_targets = org is not None and org.dissolved_on is None and can(request.user, "manage_org", org)
    return render(request, "web/dashboard.html",
                  {"summaries": summaries, "on": on, "centre": centre, "year": year, "years": years,
                   "may_set_targets": may_set_targets})


@scoped_view
def review_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's annual review pack as Word or PDF (built while the request waits: the synchronous path;
    see README for the background job)."""
    org = org_get(request.user, pk)
    t = today()
    raw = request.GET.get("year") or ""
    year = int(raw) if raw.isdigit() and len(raw) == 4 else t.year
    fmt = "pdf" if request.GET.get("format") == "pdf" else "docx"
    try:
        pack = build_review_pack(request.user, org, year=year)
    except DomainError as e:
        return render(request, "web/review_pack_error.html", {"org": org, "message": e.message}, status=400)
    return file_response(pack, fmt)
