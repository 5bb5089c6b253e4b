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


# Every route can answer these (the schema documents them, schemathesis holds the answers to it): 400 a body that
# is not JSON, 413 a body over the limit, 415 a body that is not application/json, 422 bad input.
ERRORS: dict[int, Any] = {
    400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 415: ErrorOut, 422: ErrorOut,
}


def caller(request: HttpRequest) -> Any:
    """The user the bearer token belongs to."""
    return request.auth  # type: ignore[attr-defined]  # set by ninja's auth
