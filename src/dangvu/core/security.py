"""HTTP-level protections every route shares (middleware; imports no app):

- `NoStoreMiddleware`: `Cache-Control: no-store` on every answer to a signed-in person and on every API answer
  (they carry personal data: citizen ids, party membership), so no browser or proxy keeps a copy.
- `RequestLimitsMiddleware`: a request body over the limit (DANGVU_MAX_JSON_BYTES, 2 MB; DANGVU_MAX_UPLOAD_BYTES,
  20 MB for multipart uploads) answers 413 with a Vietnamese JSON message before anything reads it; numbers in
  the path or the query too large for the database, control characters and dates before 1900 in the query are
  refused (404/422) before a view or the database sees them.
"""

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

MB = 1024 * 1024


def json_error(detail: str, *, status: int, field: str | None = None, rule: str | None = None) -> JsonResponse:
    """The API's error shape {detail, field, rule}, readable Vietnamese (not \\u escapes)."""
    return JsonResponse({"detail": detail, "field": field, "rule": rule}, status=status,
                        json_dumps_params={"ensure_ascii": False})


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, private=True)
        return response


def body_limit(request: HttpRequest) -> int:
    """The largest body this request may carry: uploads (multipart) more than JSON and forms."""
    if request.content_type == "multipart/form-data":
        return int(getattr(settings, "DANGVU_MAX_UPLOAD_BYTES", 20 * MB))
    return int(getattr(settings, "DANGVU_MAX_JSON_BYTES", 2 * MB))


def _mb(n: int) -> str:
    return f"{n / MB:g}".replace(".", ",") + " MB"


# Database integers: an id or count past this cannot exist (ids are far below it) and would make the database fail.
MAX_INT = 2**31 - 1
# Query parameters that are text even when they are all digits (a tax code, a citizen id, a search).
TEXT_PARAMS = {"q", "search", "tax_code", "citizen_id", "card_number", "phone", "document", "code", "name",
               "after", "before", "next", "token", "otp", "key", "format"}
_DIGITS = re.compile(r"^[+-]?\d+$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# Control characters (C0 but tab, newline, carriage return; DEL; C1) never belong in text a person typed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MIN_YEAR = 1900  # no date of this domain (births, admissions, foundings, decisions) is earlier


def text_problem(name: str, value: str) -> tuple[str, str] | None:
    """(rule, Vietnamese message) when a text value carries control characters or a date before 1900."""
    if _CONTROL.search(value):
        return "control_chars", f"Trường '{name}' chứa ký tự điều khiển (ví dụ NUL) không được phép."
    m = _ISO_DATE.match(value)
    if m and int(m.group(1)) < MIN_YEAR:
        return "date_min", f"Trường '{name}' là ngày trước năm {MIN_YEAR}, không thể đúng."
    return None


def query_problem(name: str, value: str) -> tuple[str, str] | None:
    """A query parameter's problem: text_problem, or a number too large for any id, page or count."""
    problem = text_problem(name, value)
    if problem is None and name not in TEXT_PARAMS and _DIGITS.match(value.strip()) and abs(int(value)) > MAX_INT:
        problem = "out_of_range", f"Trường '{name}' có giá trị số quá lớn (tối đa {MAX_INT})."
    return problem


def invalid_input(request: HttpRequest, field: str, rule: str, detail: str, status: int = 422) -> HttpResponse:
    """JSON for the API; the Vietnamese error page elsewhere."""
    if request.path.startswith("/api/"):
        return json_error(detail, status=status, field=field, rule=rule)
    template = "404.html" if status == 404 else "400.html"
    return render(request, template, {"detail": detail}, status=status)


class RequestLimitsMiddleware:
    """Refuses, before any view runs: a body over the limit (413, by Content-Length; Django's own limits guard a
    body that lies about its length: DATA_UPLOAD_MAX_MEMORY_SIZE is the same figure); a number in the path too
    large for an id (404, as any unknown id); a query parameter with control characters, a date before 1900 or a
    number too large for the database (422)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(request)
        if length > limit:
            return too_large(request, limit)
        for segment in request.path.split("/"):
            if segment.isdigit() and int(segment) > MAX_INT:
                return invalid_input(request, "id", "not_found", "Không tìm thấy hoặc bạn không có quyền xem.", 404)
        for name, values in request.GET.lists():
            for value in values:
                problem = query_problem(name, value)
                if problem is not None:
                    return invalid_input(request, name, *problem)
        return self.get_response(request)


def too_large(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    limit = limit or body_limit(request)
    kind = "tệp tải lên" if request.content_type == "multipart/form-data" else "nội dung yêu cầu"
    detail = f"Dung lượng {kind} vượt quá giới hạn {_mb(limit)}."
    return json_error(detail, status=413, field="body", rule="body_too_large")
