"""Members working in the scope's enterprises but registered elsewhere (article 003, task 7): the list with the
organisation picker and paging, and recording a member's workplace by the party card number."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.http import add_domain_error, scoped_view
from dangvu.members.selectors import member_by_card_number
from dangvu.orgs.forms import DateInput, OrgChoiceField, VnForm, active_orgs
from dangvu.orgs.selectors import default_organization, org_get

from ..access import visible_enterprises
from ..models import Enterprise
from ..selectors.workers import workers_registered_elsewhere
from ..services.workers import enterprise_worker_add


class WorkersFilterForm(VnForm):
    on = forms.DateField(label="Tính đến ngày", required=False, widget=DateInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        picker = OrgChoiceField(label="Cấp ủy", queryset=active_orgs(user), required=False,
                                empty_label="— Tổ chức được phân công —")
        picker.error_messages["invalid_choice"] = "«Cấp ủy»: lựa chọn không hợp lệ."
        self.fields = {"organization_id": picker, **self.fields}


class WorkerAddForm(VnForm):
    enterprise = forms.ModelChoiceField(label="Doanh nghiệp", queryset=Enterprise.objects.none(),
                                        empty_label="— Chọn doanh nghiệp —")
    card_number = forms.CharField(label="Số thẻ đảng viên", max_length=16)
    valid_from = forms.DateField(label="Làm việc từ ngày", widget=DateInput)
    position = forms.CharField(label="Vị trí, chức vụ", max_length=128, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["enterprise"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = visible_enterprises(user).order_by("name")


def _org(request: HttpRequest) -> Any:
    raw = request.GET.get("organization_id")
    org = org_get(request.user, int(raw) if raw.isdigit() else -1) if raw else default_organization(request.user)
    if org is None:
        raise Http404("Bạn chưa được phân công tổ chức nào.")
    return org


def _render(request: HttpRequest, org: Any, add_form: WorkerAddForm, status: int = 200) -> HttpResponse:
    form = WorkersFilterForm(request.GET or None, user=request.user, initial={"organization_id": org.pk,
                                                                              "on": today()})
    on = today()
    if form.is_bound and form.is_valid():
        on = form.cleaned_data.get("on") or on
    raw_page = request.GET.get("page") or "1"
    number = min(max(1, int(raw_page)), 10**6) if raw_page.isdigit() else 1
    page = workers_registered_elsewhere(request.user, org.pk, on=on, page=number)
    return render(request, "enterprises/workers.html", {
        "org": org, "form": form, "on": on, "page": page, "add_form": add_form,
    }, status=status)


@scoped_view
def workers_elsewhere_page(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    return _render(request, org, WorkerAddForm(user=request.user, initial={"valid_from": today()}))


@require_POST
@scoped_view
def worker_add(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    form = WorkerAddForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        try:
            member = member_by_card_number(d["card_number"])
            w = enterprise_worker_add(actor=request.user, enterprise=d["enterprise"], member=member,
                                      valid_from=d["valid_from"], position=d["position"])
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, f"Đã ghi: đảng viên {w.member.full_name} làm việc tại {w.enterprise.name}.")
            return redirect(f"{reverse('enterprise_workers_elsewhere')}?organization_id={org.pk}")
    return _render(request, org, form, status=400)
