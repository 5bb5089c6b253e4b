"""Helpers shared by the routers: the caller, the default organisation, error schemas."""

from typing import Any

from django.http import HttpRequest
from ninja import Schema

from dangvu.accounts.models import Assignment
from dangvu.core.errors import NotVisible
from dangvu.orgs.models import Organization
from dangvu.orgs.selectors import org_get


class ErrorOut(Schema):
    detail: str
    field: str | None = None
    rule: str | None = None
    errors: list[dict[str, Any]] | None = None


ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def caller(request: HttpRequest) -> Any:
    """The user the bearer token belongs to."""
    return request.auth  # type: ignore[attr-defined]  # set by ninja's auth


def organization_or_default(user: Any, organization_id: int | None) -> Organization:
    """The organisation asked for (404 outside the scope); else the user's first assigned organisation,
    or the root for superusers. A user with no assignment sees nothing (404)."""
    if organization_id is not None:
        return org_get(user, organization_id)
    first = Assignment.objects.filter(user=user).order_by("id").values_list("organization_id", flat=True).first()
    if first is None and getattr(user, "is_superuser", False):
        first = Organization.objects.filter(parent__isnull=True).order_by("id").values_list("id", flat=True).first()
    if first is None:
        raise NotVisible
    return org_get(user, first)
