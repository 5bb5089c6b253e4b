"""Target pages: a committee's targets of a year with their achievement on a date (progress bars, "đạt 6/6 chỉ
tiêu"), setting, splitting and withdrawing targets, manual values, the indicator registry."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.http import add_domain_error, parse_date_param, scoped_view
from dangvu.orgs.forms import OrgSelectForm
from dangvu.orgs.models import Organization, OrgPathSpan
from dangvu.orgs.scope import can
from dangvu.orgs.selectors import names_on, on_date_q, organization_or_default, path_on

from .forms import ManualValueForm, TargetForm, WithdrawForm
from .indicators import INDICATORS
from .selectors import target_get, target_report, target_years
from .services import manual_value_record, target_create, target_split, target_withdraw


def _year(raw: str | None, default: int) -> int:
    return int(raw) if raw and raw.isdigit() and 1990 <= int(raw) <= 2100 else default


def _children(org: Organization, on: date) -> list[tuple[int, str]]:
    """Organisations directly under `org` on `on` (the ones a target may be split among)."""
    path = path_on(org.pk, on) or org.path
    depth = path.count(".") + 1
    ids = [o for o, p in OrgPathSpan.objects.filter(on_date_q(on), path__startswith=path)
           .values_list("organization_id", "path") if p.count(".") == depth]
    names = names_on(ids, on)
    return sorted(((i, names.get(i, "")) for i in ids), key=lambda x: x[1])


def _url(org: Organization, year: int) -> str:
    return f"{reverse('targets:index')}?organization_id={org.pk}&year={year}"


@scoped_view
def index(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("organization_id") or request.POST.get("organization_id")
    org = organization_or_default(request.user, int(raw) if raw and raw.isdigit() and len(raw) < 10 else None)
    t = today()
    year = _year(request.GET.get("year") or request.POST.get("year"), t.year)
    on, date_error = parse_date_param(request.GET.get("on"), min(t, date(year, 12, 31)))
    manage = can(request.user, "manage_org", org)
    form = TargetForm(initial={"year": year, "comparison": "at_least"})
    manual = ManualValueForm(initial={"year": year})
    if request.method == "POST" and manage:
        action = request.POST.get("action")
        try:
            if action == "create":
                form = TargetForm(request.POST)
                if form.is_valid():
                    d = form.cleaned_data
                    target_create(
                        actor=request.user, organization=org, indicator=d["indicator"], comparison=d["comparison"],
                        value=d["value"], value_max=d["value_max"], year=d["year"] if not d["start_year"] else None,
                        start_year=d["start_year"], end_year=d["end_year"], note=d["note"], document=d["document"],
                    )
                    messages.success(request, "Đã giao chỉ tiêu.")
                    return redirect(_url(org, year))
            elif action == "manual":
                manual = ManualValueForm(request.POST)
                if manual.is_valid():
                    d = manual.cleaned_data
                    manual_value_record(actor=request.user, organization=org, indicator=d["indicator"],
                                        year=d["year"], value=d["value"], note=d["note"], document=d["document"])
                    messages.success(request, "Đã ghi số liệu nhập tay.")
                    return redirect(_url(org, year))
        except DomainError as e:
            add_domain_error(form if action == "create" else manual, e)
    report = target_report(request.user, org, year=year, on=on)
    org_form = OrgSelectForm(user=request.user, current=org, label="Cấp ủy")  # search as you type
    bad = bool(form.errors or manual.errors or date_error)
    return render(request, "targets/index.html", {
        "org": org, "year": year, "on": on, "report": report, "form": form, "manual": manual, "manage": manage,
        "date_error": date_error, "org_form": org_form,
        "years": sorted({*target_years(org), t.year, t.year - 1, t.year - 2}, reverse=True),
    }, status=400 if bad else 200)


@scoped_view
def split(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_get(request.user, pk)
    children = _children(target.organization, date(target.start_year, 1, 1))
    errors: list[str] = []
    values: dict[int, str] = {}
    if request.method == "POST":
        shares: dict[Organization, Decimal] = {}
        by_id = Organization.objects.in_bulk([c for c, _ in children])
        for cid, name in children:
            raw = (request.POST.get(f"share_{cid}") or "").strip().replace(",", ".")
            values[cid] = raw
            if not raw:
                continue
            try:
                shares[by_id[cid]] = Decimal(raw)
            except InvalidOperation:
                errors.append(f"Giá trị giao cho {name} phải là một số.")
        if not errors:
            try:
                target_split(actor=request.user, target=target, shares=shares)
                messages.success(request, f"Đã phân bổ chỉ tiêu cho {len(shares)} tổ chức.")
                return redirect(_url(target.organization, target.start_year))
            except DomainError as e:
                errors.append(e.message)
    return render(request, "targets/split.html", {
        "target": target, "indicator": INDICATORS[target.indicator], "children": children, "values": values,
        "errors": errors,
    }, status=400 if errors else 200)


@scoped_view
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_get(request.user, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target_withdraw(actor=request.user, target=target, reason=form.cleaned_data["reason"])
            messages.success(request, "Đã rút chỉ tiêu (vẫn lưu trong nhật ký).")
            return redirect(_url(target.organization, target.start_year))
        except DomainError as e:
            add_domain_error(form, e)
    return render(request, "targets/withdraw.html", {"target": target, "indicator": INDICATORS[target.indicator],
                                                     "form": form}, status=400 if form.errors else 200)


@scoped_view
def indicators(request: HttpRequest) -> HttpResponse:
    return render(request, "targets/indicators.html", {"indicators": list(INDICATORS.values())})
