"""`?format=xlsx|docx|pdf` on the report routes that other apps' routers answer in JSON (admissions, ratings,
meetings, enterprise coverage): the file is built from the report catalogue with the same figures; without
`format` the request goes on to the JSON route unchanged."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path, resolve
from django.views.decorators.csrf import csrf_exempt

from dangvu.accounts.tokens import token_user
from dangvu.core.errors import DomainError, NotVisible
from dangvu.orgs.selectors import organization_or_default
from dangvu.reports.catalog import build_report
from dangvu.reports.pages import file_response, parse_query
from dangvu.reports.renderers import FORMATS

from .errors import NOT_AUTHENTICATED, NOT_VISIBLE
from .main import api

FILE_ROUTES = {"admissions", "ratings", "meetings", "enterprise-coverage"}


class _NinjaOnly:
    urlpatterns = [path("api/v1/", api.urls)]


def _json(body: dict[str, Any], status: int) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@csrf_exempt  # the JSON routes behind it are token-authenticated, like every ninja route
def report_file_or_json(request: HttpRequest, name: str) -> Any:
    fmt = request.GET.get("format")
    if name not in FILE_ROUTES or fmt in (None, "", "json"):
        match = resolve(request.path_info, urlconf=_NinjaOnly)  # type: ignore[arg-type]  # a module-like object
        return match.func(request, *match.args, **match.kwargs)
    if fmt not in FORMATS:
        return _json({"detail": "Định dạng (format) phải là xlsx, docx hoặc pdf.", "field": "format",
                      "rule": "choices"}, 422)
    header = request.headers.get("Authorization", "")
    user = token_user(header[7:].strip()) if header.lower().startswith("bearer ") else None
    if user is None:
        return _json({"detail": NOT_AUTHENTICATED}, 401)
    params = {k: request.GET.get(k, "") for k in ("organization_id", "on", "from", "to", "year")}
    if not params["organization_id"]:
        params["organization_id"] = request.GET.get("scope_id", "")
    q = parse_query(params)
    if q.errors:
        return _json({"detail": " ".join(q.errors), "field": "on", "rule": "date"}, 422)
    try:
        org = organization_or_default(user, q.organization_id)
        report = build_report(user, name, org, on=q.on, start=q.start, end=q.end, year=q.year)
    except NotVisible:
        return _json({"detail": NOT_VISIBLE}, 404)
    except DomainError as e:
        return _json(e.as_dict(), 422)
    response: HttpResponse = file_response(report, fmt)
    return response
