"""API plumbing every app's router shares: the error schema and the caller. Lives in core (below the apps)
so that each app's api.py imports it downward; imports no app."""

from typing import Any

from django.http import HttpRequest
from ninja import Schema


class ErrorOut(Schema):
    detail: str
    field: str | None = None
    rule: str | None = None
    errors: list[dict[str, Any]] | None = None


ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def caller(request: HttpRequest) -> Any:
    """The user the bearer token belongs to."""
    return request.auth  # type: ignore[attr-defined]  # set by ninja's auth
