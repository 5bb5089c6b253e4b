"""Registry pages of localities, industrial zones and steering committees."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.http import add_domain_error, scoped_view
from dangvu.orgs.scope import can
from dangvu.orgs.selectors import default_organization

from .. import services
from ..access import require_any
from ..forms import (
    DeactivateForm,
    LocalityForm,
    SteeringForm,
    ZoneForm,
)
from ..selectors import (
    localities_of,
    registry_get,
    steering_committees_of,
    zones_of,
)

REGISTRY = {
    "locality": ("Địa bàn", LocalityForm),
    "zone": ("Khu công nghiệp", ZoneForm),
    "steering": ("Ban Chỉ đạo", SteeringForm),
}


def _registry_page(request: HttpRequest, bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    bound = bound or {}
    user = request.user
    forms = {k: bound.get(k) or cls(prefix=k, user=user) for k, (_, cls) in REGISTRY.items()}
    localities, zones = localities_of(user), zones_of(user)
    committees = steering_committees_of(user, include_inactive=True)
    # «Sửa» and the add forms only for whoever may change them (a viewer got 403 behind each link).
    editable = {
        "locality": {x.pk for x in localities if can(user, "manage_org", x.organization)},
        "zone": {x.pk for x in zones if can(user, "manage_org", x.organization or x.locality.organization)},
        "steering": {x.pk for x in committees if can(user, "manage_org", x.organization)},
    }
    home = default_organization(user)
    return render(request, "enterprises/registry.html", {
        "localities": localities, "zones": zones, "committees": committees, "forms": forms,
        "open_form": next(iter(bound), None), "titles": {k: v[0] for k, v in REGISTRY.items()},
        "editable": editable, "may_add": home is not None and can(user, "manage_org", home),
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
