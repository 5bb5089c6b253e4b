"""Enterprise pages: registry, one enterprise with its dated facts and contacts, coverage, work list,
follow-ups, spreadsheet import. Thin: parse, call a service or selector, render."""

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangvu.accounts.models import Assignment
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.core.http import add_domain_error, parse_date_param, scoped_view
from dangvu.orgs.models import OrgKind
from dangvu.orgs.scope import visible_organizations
from dangvu.orgs.selectors import default_organization

from . import importing, services
from .access import require_any, require_enterprise
from .forms import (
    ContactForm,
    DeactivateForm,
    EnterpriseEditForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    ImportForm,
    LocalityForm,
    MassOrgCountForm,
    MassOrgForm,
    RatingForm,
    StatusForm,
    SteeringForm,
    WorkforceForm,
    ZoneForm,
)
from .models import FollowUp, FollowUpStatus, MassOrganization
from .selectors import (
    COVERAGE_KINDS,
    coverage,
    enterprise_detail,
    enterprise_get,
    enterprises_of,
    follow_ups_of,
    localities_of,
    registry_get,
    steering_committees_of,
    work_list,
    zones_of,
)

MAX_UPLOAD = 5 * 1024 * 1024
# Committees offered as the coverage page's scope (any organisation works through ?scope_id=).
SCOPE_KINDS = [OrgKind.PROVINCIAL_COMMITTEE, OrgKind.BLOC_COMMITTEE, OrgKind.LOCAL_COMMITTEE]


def _default_scope_id(user: Any) -> int:
    org = default_organization(user)
    if org is None:
        raise NotVisible
    return org.pk


def _scope_id(request: HttpRequest) -> Any:
    raw = request.GET.get("scope_id")
    return raw if raw else _default_scope_id(request.user)


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
    }
    try:
        services.rating_organization(request.user, d.enterprise)
        can_rate = True
    except (NotAllowed, NotVisible):
        can_rate = False
    return render(request, "enterprises/detail.html", {
        "d": d, "e": d.enterprise, "f": d.facts, "on": on, "date_error": date_error, "forms": forms,
        "open_form": next(iter(bound), None), "can_rate": can_rate, "rating_form": bound.get("rating"),
        "this_year": today().year,
    }, status=status)


@scoped_view
def enterprise_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


FORMS: dict[str, Any] = {
    "workforce": WorkforceForm, "status": StatusForm, "mass_org": MassOrgForm, "count": MassOrgCountForm,
    "contact": ContactForm, "rating": RatingForm,
}


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
    from .rules import work_list_min_workers

    return render(request, "enterprises/work_list.html", {
        "rows": rows, "on": on, "lacking": lacking, "error": error, "scope_id": scope_id,
        "threshold": min_workers if min_workers is not None else work_list_min_workers(),
    }, status=422 if error else 200)


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


@scoped_view
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD:
                raise DomainError("Tệp lớn quá 5 MB.", field="file", rule="max_size")
            batch = importing.import_upload(actor=request.user, filename=upload.name, data=upload.read())
            importing.import_start_dry_run(actor=request.user, batch=batch)
            return redirect("enterprise_import_batch", batch.pk)
        except DomainError as err:
            add_domain_error(form, err)
    status = 422 if request.method == "POST" else 200
    return render(request, "enterprises/import.html", {"form": form}, status=status)


@scoped_view
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        importing.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-doanh-nghiep.xlsx"'
    return response


IMPORT_PAGE_ROWS = 200


@scoped_view
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's dry run (progress while it runs in the queue, then its stored result) and the confirmation."""
    from dangvu.jobs.services import latest_job

    batch = importing.import_batch_get(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            importing.import_start_confirm(actor=request.user, batch=batch)
            return redirect("enterprise_import_batch", batch.pk)
        except DomainError as err:
            error = err.message
    ref = importing.batch_ref(batch)
    dry = latest_job(kind=importing.DRY_RUN_JOB, ref=ref)
    if dry is None and batch.status == "pending":  # uploaded before imports ran as jobs
        dry = importing.import_start_dry_run(actor=request.user, batch=batch)
    confirm = latest_job(kind=importing.CONFIRM_JOB, ref=ref)
    payload = (dry.result if dry is not None and dry.status == "done" else None) or {}
    rows = payload.get("rows", [])
    show = request.GET.get("show", "")
    if show in importing.ACTION_LABELS:
        rows = [r for r in rows if r["action"] == show]
    page = max(1, min(int(request.GET.get("page", "1")) if request.GET.get("page", "1").isdigit() else 1, 10**6))
    pages = max(1, -(-len(rows) // IMPORT_PAGE_ROWS))
    page = min(page, pages)
    shown = rows[(page - 1) * IMPORT_PAGE_ROWS: page * IMPORT_PAGE_ROWS]
    for r in shown:
        r["action_label"] = importing.ACTION_LABELS[r["action"]]
    working = any(j is not None and not j.finished for j in (dry, confirm))
    return render(request, "enterprises/import_batch.html", {
        "batch": batch, "dry": dry, "confirm": confirm, "rows": shown, "counts": payload.get("counts", {}),
        "total_rows": len(batch.rows), "show": show, "page": page, "pages": pages, "error": error,
        "refresh": working,
    }, status=422 if error else 200)


EDIT_FIELDS = ["name", "ownership", "investor_country", "industry", "address", "locality", "zone", "owner_name",
               "owner_member", "contact", "party_org"]


def _member_ref(member: Any) -> str:
    if member is None:
        return ""
    return member.card_number or f"#{member.pk}"


def _resolve_member(form: EnterpriseEditForm, raw: str) -> tuple[bool, Any]:
    """(ok, member) from a card number (or "#id" for a member without a card); a field error when unknown."""
    from dangvu.members.models import Member

    raw = (raw or "").strip()
    if not raw:
        return True, None
    if raw.startswith("#") and raw[1:].isdigit():
        member = Member.objects.filter(pk=int(raw[1:])).first()
    else:
        member = Member.objects.filter(card_number=raw).first()
    if member is None:
        form.add_error("owner_member", f"Không tìm thấy đảng viên có số thẻ \"{raw}\".")
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
            ok, member = _resolve_member(form, form.cleaned_data["owner_member"])
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


# ---- registry: localities, industrial zones, steering committees --------------------------------------

REGISTRY = {
    "locality": ("Địa bàn", LocalityForm),
    "zone": ("Khu công nghiệp", ZoneForm),
    "steering": ("Ban Chỉ đạo", SteeringForm),
}


def _registry_page(request: HttpRequest, bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    bound = bound or {}
    forms = {k: bound.get(k) or cls(prefix=k, user=request.user) for k, (_, cls) in REGISTRY.items()}
    return render(request, "enterprises/registry.html", {
        "localities": localities_of(request.user), "zones": zones_of(request.user),
        "committees": steering_committees_of(request.user, include_inactive=True), "forms": forms,
        "open_form": next(iter(bound), None), "titles": {k: v[0] for k, v in REGISTRY.items()},
    }, status=status)


@scoped_view
def registry_index(request: HttpRequest) -> HttpResponse:
    return _registry_page(request)


def _registry_save(request: HttpRequest, kind: str, data: dict[str, Any], obj: Any = None) -> Any:
    user = request.user
    if kind == "locality":
        if obj is None:
            return services.locality_create(actor=user, **data)
        return services.locality_update(actor=user, locality=obj, **data)
    if kind == "zone":
        if obj is None:
            return services.zone_create(actor=user, **data)
        return services.zone_update(actor=user, zone=obj, **data)
    data["localities"] = list(data["localities"])
    if obj is None:
        return services.steering_committee_create(actor=user, **data)
    return services.steering_committee_update(actor=user, committee=obj, **data)


@require_POST
@scoped_view
def registry_create(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in REGISTRY:
        raise NotVisible
    title, cls = REGISTRY[kind]
    form = cls(request.POST, prefix=kind, user=request.user)
    if form.is_valid():
        try:
            obj = _registry_save(request, kind, dict(form.cleaned_data))
            messages.success(request, f"Đã thêm {title.lower()} \"{obj.name}\".")
            return redirect("enterprise_registry")
        except DomainError as err:
            add_domain_error(form, err)
    return _registry_page(request, bound={kind: form}, status=422)


def _registry_initial(kind: str, obj: Any) -> dict[str, Any]:
    if kind == "locality":
        return {"name": obj.name, "level": obj.level, "organization": obj.organization}
    if kind == "zone":
        return {"name": obj.name, "locality": obj.locality, "organization": obj.organization}
    return {"name": obj.name, "level": obj.level, "organization": obj.organization,
            "localities": list(obj.localities.all())}


def _registry_edit_page(request: HttpRequest, kind: str, obj: Any, form: Any = None, deactivate: Any = None,
                        status: int = 200) -> HttpResponse:
    title, cls = REGISTRY[kind]
    form = form or cls(prefix=kind, user=request.user, instance=obj, initial=_registry_initial(kind, obj))
    deactivate = deactivate or DeactivateForm(prefix="deactivate", initial={"deactivated_on": today()})
    return render(request, "enterprises/registry_edit.html", {
        "kind": kind, "title": title, "obj": obj, "form": form, "deactivate": deactivate,
    }, status=status)


def _require_registry(request: HttpRequest, kind: str, obj: Any) -> None:
    org = obj.organization if kind != "zone" else (obj.organization or obj.locality.organization)
    require_any(request.user, "manage_org", [org])


@scoped_view
def registry_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in REGISTRY:
        raise NotVisible
    obj = registry_get(request.user, kind, pk)
    _require_registry(request, kind, obj)
    if request.method != "POST":
        return _registry_edit_page(request, kind, obj)
    title, cls = REGISTRY[kind]
    form = cls(request.POST, prefix=kind, user=request.user, instance=obj)
    if form.is_valid():
        try:
            _registry_save(request, kind, dict(form.cleaned_data), obj)
            messages.success(request, f"Đã cập nhật {title.lower()} \"{obj.name}\".")
            return redirect("enterprise_registry")
        except DomainError as err:
            obj.refresh_from_db()
            add_domain_error(form, err)
    return _registry_edit_page(request, kind, obj, form=form, status=422)


@require_POST
@scoped_view
def registry_deactivate(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in REGISTRY:
        raise NotVisible
    obj = registry_get(request.user, kind, pk)
    _require_registry(request, kind, obj)
    form = DeactivateForm(request.POST, prefix="deactivate")
    if form.is_valid():
        try:
            on = form.cleaned_data["deactivated_on"]
            if kind == "locality":
                services.locality_deactivate(actor=request.user, locality=obj, on=on)
            elif kind == "zone":
                services.zone_deactivate(actor=request.user, zone=obj, on=on)
            else:
                services.steering_committee_deactivate(actor=request.user, committee=obj, on=on)
            messages.success(request, f"Đã ngừng theo dõi \"{obj.name}\".")
            return redirect("enterprise_registry")
        except DomainError as err:
            obj.refresh_from_db()
            add_domain_error(form, err)
    return _registry_edit_page(request, kind, obj, deactivate=form, status=422)
