"""View plumbing every app's pages share: scope errors as HTTP, service errors on forms, date parameters.
Lives in core (below the apps) so that each app's views import it downward; imports no app."""

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from dangvu.core.errors import DomainError, NotAllowed, NotVisible


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
