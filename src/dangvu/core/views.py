"""Shared view helpers (scope errors → 404/403, DomainError → form errors), dashboard, audit log."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dangvu.accounts.models import ROLE_ACTIONS, Assignment
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.core.models import AuditEntry
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrgPathSpan
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import on_date_q, path_on

AUDIT_PAGE_SIZE = 50


def scoped_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """login_required, and the domain's scope errors as HTTP: NotVisible → 404, NotAllowed → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotVisible:
            raise Http404("Không tìm thấy hoặc bạn không có quyền xem.") from None
        except NotAllowed as e:
            raise PermissionDenied(str(e) or "Bạn không có quyền thực hiện thao tác này.") from None

    return login_required(wrapper)


def add_domain_error(form: forms.BaseForm, error: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Show a service's Vietnamese message beside the field it names ("parent_id" → "parent"),
    or above the form when the field is not on it."""
    name = error.field or ""
    if aliases and name in aliases:
        name = aliases[name]
    elif name not in form.fields and name.endswith("_id") and name[:-3] in form.fields:
        name = name[:-3]
    form.add_error(name if name in form.fields else None, error.message)


def parse_date_param(value: str | None, default: date) -> tuple[date, str | None]:
    """A date from a query parameter (YYYY-MM-DD or dd/mm/yyyy); an error message if unreadable."""
    if not value:
        return default, None
    field = forms.DateField()
    try:
        return field.clean(value), None
    except forms.ValidationError:
        return default, f"Ngày '{value}' không hợp lệ; nhập theo dạng ngày/tháng/năm."


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
    from dangvu.members.selectors import spans_in_subtree_on

    path = path_on(org.pk, on)
    if path is None:
        return OrgSummary(org, role, 0, 0, 0)
    spans = spans_in_subtree_on(path, on)
    probationary = spans.filter(Q(member__full_on__isnull=True) | Q(member__full_on__gt=on)).count()
    grassroots = (
        OrgPathSpan.objects.filter(on_date_q(on), path__startswith=path, organization__kind__in=GRASSROOTS_KINDS)
        .values("organization_id")
        .distinct()
        .count()
    )
    return OrgSummary(org, role, spans.count(), probationary, grassroots)


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
    return render(request, "core/dashboard.html", {"summaries": summaries, "on": on})


@scoped_view
def audit_log(request: HttpRequest) -> HttpResponse:
    if not is_auditor(request.user):
        raise PermissionDenied("Chỉ quản trị hệ thống được xem nhật ký thay đổi.")
    entries = AuditEntry.objects.select_related("actor").order_by("-at", "-id")
    action = (request.GET.get("action") or "").strip()
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page, "action": action})
