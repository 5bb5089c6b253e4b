"""Follow-ups of working visits: the list and closing one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.http import parse_date_param, scoped_view

from .. import services
from ..models import FollowUp, FollowUpStatus
from ..selectors import (
    enterprise_get,
    follow_ups_of,
    steering_committees_of,
)


@scoped_view
def follow_up_list(request: HttpRequest) -> HttpResponse:
    committees = steering_committees_of(request.user)
    raw = request.GET.get("committee") or ""
    committee_id = int(raw) if raw.isdigit() else None
    status = request.GET.get("status") or ""
    error = None
    try:
        rows = follow_ups_of(request.user, steering_committee_id=committee_id, status=status or None)
    except DomainError as err:
        rows, error = [], err.message
    return render(request, "enterprises/follow_ups.html", {
        "rows": rows, "committees": committees, "committee_id": committee_id, "status": status, "error": error,
        "statuses": FollowUpStatus.choices, "today": today(),
    }, status=422 if error else 200)


@require_POST
@scoped_view
def follow_up_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = FollowUp.objects.select_related("contact__enterprise").filter(pk=pk).first()
    if follow_up is None:
        raise NotVisible
    enterprise_get(request.user, follow_up.contact.enterprise_id)
    closed_on, date_error = parse_date_param(request.POST.get("closed_on"), today())
    try:
        if date_error:
            raise DomainError(date_error, field="closed_on")
        services.follow_up_close(actor=request.user, follow_up=follow_up,
                                 status=request.POST.get("status") or "done", closed_on=closed_on)
        messages.success(request, "Đã cập nhật việc theo dõi.")
    except DomainError as err:
        messages.error(request, err.message)
    return redirect(reverse("enterprise_follow_ups"))
