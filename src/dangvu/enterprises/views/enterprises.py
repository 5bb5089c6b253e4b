"""Enterprise pages: the list, registering, one enterprise with its dated facts and contacts, editing."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.core.http import add_domain_error, parse_date_param, scoped_view
from dangvu.members.selectors import member_by_card_number

from .. import services
from ..access import may_enterprise, require_enterprise
from ..forms import (
    ContactForm,
    EnterpriseEditForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    MassOrgCountForm,
    MassOrgForm,
    StatusForm,
    WorkerForm,
    WorkforceForm,
)
from ..models import EnterpriseWorker, MassOrganization
from ..selectors import (
    enterprise_detail,
    enterprise_get,
    enterprises_of,
    steering_committees_of,
)
from ..selectors.workers import workers_of
from ..services.workers import enterprise_worker_add, enterprise_worker_end
from .common import FORMS


@scoped_view
def enterprise_index(request: HttpRequest) -> HttpResponse:
    form = EnterpriseFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    on = data.get("on") or today()
    yes_no = {"yes": True, "no": False}
    kwargs: dict[str, Any] = {
        "q": data.get("q") or "", "ownership": data.get("ownership") or None,
        "zone_id": int(data["zone"]) if data.get("zone") not in (None, "") else None,
        "locality_id": data["locality"].pk if data.get("locality") else None,
        "has_party_org": yes_no.get(data.get("has_party_org") or ""),
        "has_union": yes_no.get(data.get("has_union") or ""), "min_workforce": data.get("min_workforce"),
    }
    page = enterprises_of(request.user, on=on, page=int(request.GET.get("page") or 1)
                          if (request.GET.get("page") or "1").isdigit() else 1, **kwargs)
    return render(request, "enterprises/list.html", {
        "form": form, "page": page, "on": on, "committees": steering_committees_of(request.user),
    })


@scoped_view
def enterprise_new(request: HttpRequest) -> HttpResponse:
    form = EnterpriseForm(request.POST or None, user=request.user, initial={"registered_on": today()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                e = services.enterprise_register(actor=request.user, **form.cleaned_data)
                messages.success(request, f"Đã đưa {e.name} vào danh sách theo dõi.")
                return redirect("enterprise_detail", e.pk)
            except DomainError as err:
                add_domain_error(form, err)
        status = 422
    return render(request, "enterprises/new.html", {"form": form}, status=status)


def _detail(request: HttpRequest, pk: int, bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    on, date_error = parse_date_param(request.GET.get("on"), today())
    d = enterprise_detail(request.user, pk, on=on)
    committees = steering_committees_of(request.user)
    bound = bound or {}
    forms = {
        "workforce": bound.get("workforce") or WorkforceForm(prefix="workforce", initial={"as_of": today()}),
        "status": bound.get("status") or StatusForm(prefix="status", initial={"effective_on": today()}),
        "mass_org": bound.get("mass_org") or MassOrgForm(prefix="mass_org"),
        "count": bound.get("count") or MassOrgCountForm(prefix="count", initial={"as_of": today()}),
        "contact": bound.get("contact") or ContactForm(prefix="contact", committees=committees,
                                                       initial={"happened_on": today()}),
        "worker": bound.get("worker") or WorkerForm(prefix="worker", initial={"valid_from": today()}),
    }
    try:
        services.rating_organization(request.user, d.enterprise)
        can_rate = True
    except (NotAllowed, NotVisible):
        can_rate = False
    return render(request, "enterprises/detail.html", {
        "d": d, "e": d.enterprise, "f": d.facts, "on": on, "date_error": date_error, "forms": forms,
        "open_form": next(iter(bound), None), "can_rate": can_rate, "rating_form": bound.get("rating"),
        "this_year": today().year, "workers": workers_of(d.enterprise, on),
        "can_manage": may_enterprise(request.user, "manage_org", d.enterprise),
        "end_form": bound.get("worker_end"), "today": today(),
    }, status=status)


@scoped_view
def enterprise_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@require_POST
@scoped_view
def enterprise_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in FORMS:
        raise NotVisible
    e = enterprise_get(request.user, pk)
    kwargs: dict[str, Any] = {"committees": steering_committees_of(request.user)} if action == "contact" else {}
    form = FORMS[action](request.POST, prefix=action, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "workforce":
                services.workforce_record(actor=request.user, enterprise=e, **data)
                msg = "Đã ghi số lao động."
            elif action == "status":
                services.enterprise_set_status(actor=request.user, enterprise=e, **data)
                msg = "Đã ghi tình trạng hoạt động."
            elif action == "mass_org":
                m = services.mass_org_found(actor=request.user, enterprise=e, **data)
                msg = f"Đã ghi {m.get_kind_display()}."
            elif action == "count":
                mass_org = MassOrganization.objects.filter(pk=data.pop("mass_org"), enterprise=e).first()
                if mass_org is None:
                    raise NotVisible
                services.mass_org_count_record(actor=request.user, mass_org=mass_org, **data)
                msg = "Đã ghi số đoàn viên/hội viên."
            elif action == "worker":
                w = enterprise_worker_add(actor=request.user, enterprise=e,
                                          member=member_by_card_number(data["card_number"]),
                                          valid_from=data["valid_from"], position=data["position"])
                msg = f"Đã ghi: đảng viên {w.member.full_name} làm việc tại doanh nghiệp."
            elif action == "worker_end":
                worker = EnterpriseWorker.objects.filter(pk=data["worker"], enterprise=e).first()
                if worker is None:
                    raise NotVisible
                worker = enterprise_worker_end(actor=request.user, worker=worker, valid_to=data["valid_to"])
                msg = (f"Đã ghi: đảng viên {worker.member.full_name} thôi làm việc từ ngày "
                       f"{format_date(data['valid_to'])}.")
            elif action == "rating":
                mass_org = MassOrganization.objects.filter(pk=data.pop("mass_org"), enterprise=e).first()
                if mass_org is None:
                    raise NotVisible
                services.mass_org_rate(actor=request.user, mass_org=mass_org, **data)
                msg = f"Đã ghi xếp loại năm {data['year']} của {mass_org.get_kind_display()}."
            else:
                follow_ups = []
                if data.get("follow_up"):
                    follow_ups.append(services.FollowUpIn(data["follow_up"], data["follow_up_owner"],
                                                          data["follow_up_due"]))
                services.contact_record(
                    actor=request.user, enterprise=e, kind=data["kind"], happened_on=data["happened_on"],
                    steering_committee=data.get("steering_committee"), participants=data["participants"],
                    met_with=data["met_with"], difficulties=data["difficulties"], proposals=data["proposals"],
                    follow_ups=follow_ups,
                )
                msg = "Đã ghi buổi làm việc."
            messages.success(request, msg)
            return redirect("enterprise_detail", e.pk)
        except DomainError as err:
            add_domain_error(form, err, aliases={"follow_ups": "follow_up", "due_on": "follow_up_due"})
    return _detail(request, e.pk, bound={action: form}, status=422)


EDIT_FIELDS = ["name", "ownership", "investor_country", "industry", "address", "locality", "zone", "owner_name",
               "owner_member", "contact", "party_org"]


def _member_ref(member: Any) -> str:
    if member is None:
        return ""
    return member.card_number or f"#{member.pk}"


def _resolve_member(form: EnterpriseEditForm, raw: str, user: Any) -> tuple[bool, Any]:
    """(ok, member) from a card number (or "#id" for a member without a card); one field error, the same words
    whether the member does not exist or lies outside the user's scope (no oracle of member ids)."""
    from dangvu.members.models import Member
    from dangvu.orgs.scope import scope_of

    raw = (raw or "").strip()
    if not raw:
        return True, None
    if raw.startswith("#") and raw[1:].isdigit() and len(raw) < 19:
        member = Member.objects.filter(pk=int(raw[1:])).first()
    else:
        member = Member.objects.filter(card_number=raw).first()
    if member is None or not (user.is_superuser or scope_of(user).sees(member.organization_id)):
        form.add_error("owner_member", f"Không tìm thấy đảng viên có số thẻ \"{raw}\" trong phạm vi của bạn.")
        return False, None
    return True, member


@scoped_view
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the registry fields of an enterprise (services.enterprise_update, audited before/after)."""
    e = enterprise_get(request.user, pk)
    require_enterprise(request.user, "manage_org", e)
    initial = {f: getattr(e, f) for f in EDIT_FIELDS}
    initial["owner_member"] = _member_ref(e.owner_member)
    form = EnterpriseEditForm(request.POST or None, user=request.user, enterprise=e, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            ok, member = _resolve_member(form, form.cleaned_data["owner_member"], request.user)
            if ok:
                data = {**form.cleaned_data, "owner_member": member}
                changes = {k: v for k, v in data.items() if v != (getattr(e, k) if k in EDIT_FIELDS else None)}
                try:
                    if changes:
                        services.enterprise_update(actor=request.user, enterprise=e, **changes)
                        messages.success(request, "Đã cập nhật thông tin doanh nghiệp.")
                    else:
                        messages.info(request, "Không có thay đổi nào.")
                    return redirect("enterprise_detail", e.pk)
                except DomainError as err:
                    e.refresh_from_db()
                    add_domain_error(form, err)
        status = 422
    return render(request, "enterprises/edit.html", {"form": form, "e": e}, status=status)
