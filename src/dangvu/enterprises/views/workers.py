"""Members working in the scope's enterprises but registered elsewhere (article 003, task 7): the list with the
organisation picker and paging, and recording a member's workplace by the party card number."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_GET, require_POST

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.http import add_domain_error, scoped_view
from dangvu.members.selectors import member_by_card_number
from dangvu.orgs.forms import DateInput, OrgChoiceField, VnForm, active_orgs
from dangvu.orgs.selectors import default_organization, org_get

from ..access import visible_enterprises
from ..rules import normalize_tax_code
from ..selectors import enterprise_pick
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
    """The enterprise is typed (name or tax code; js/rowpicker.js suggests the user's enterprises and fills the
    hidden id) rather than chosen among hundreds of names; without JavaScript the tax code alone finds it."""

    enterprise_name = forms.CharField(
        label="Doanh nghiệp", max_length=255, required=False, widget=forms.TextInput(attrs={
            "data-pick-url": reverse_lazy("enterprise_pick"), "data-pick-target": "id_enterprise",
            "autocomplete": "off", "placeholder": "Gõ tên hoặc mã số thuế"}))
    enterprise = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1)
    card_number = forms.CharField(label="Số thẻ đảng viên", max_length=16)
    valid_from = forms.DateField(label="Làm việc từ ngày", widget=DateInput)
    position = forms.CharField(label="Vị trí, chức vụ", max_length=128, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        visible = visible_enterprises(self.user)
        chosen = visible.filter(pk=data["enterprise"]).first() if data.get("enterprise") else None
        text = (data.get("enterprise_name") or "").strip()
        if chosen is None and text:
            code = normalize_tax_code(text.rsplit("MST", 1)[-1])
            chosen = visible.filter(tax_code=code).first() if code else None
        if chosen is None and "enterprise_name" not in self.errors:
            self.add_error("enterprise_name", "Chọn doanh nghiệp trong danh sách gợi ý, hoặc ghi đúng mã số thuế "
                                              "của một doanh nghiệp do cấp ủy của bạn theo dõi.")
        data["enterprise"] = chosen
        return data


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


@require_GET
@scoped_view
def enterprise_pick_view(request: HttpRequest) -> JsonResponse:
    """?q=may ha phong (or a tax code) → {"results": [{id, name, label}]}: enterprises the user sees."""
    return JsonResponse({"results": enterprise_pick(request.user, (request.GET.get("q") or "")[:128])})


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
