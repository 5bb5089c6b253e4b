"""HTTP-level protections every route shares (middleware; imports no app):

- `NoStoreMiddleware`: `Cache-Control: no-store` on every answer to a signed-in person and on every API answer
  (they carry personal data: citizen ids, party membership), so no browser or proxy keeps a copy.
- `RequestLimitsMiddleware`: a request body over the limit (DANGVU_MAX_JSON_BYTES, 2 MB; DANGVU_MAX_UPLOAD_BYTES,
  20 MB for multipart uploads) answers 413 with a Vietnamese JSON message before anything reads it.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
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


class RequestLimitsMiddleware:
    """413 for a body over the limit, judged by Content-Length (Django's own limits then guard a body that
    lies about its length: DATA_UPLOAD_MAX_MEMORY_SIZE is set to the same figure)."""

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
        return self.get_response(request)


def too_large(request: HttpRequest, limit: int | None = None) -> HttpResponse:
    limit = limit or body_limit(request)
    kind = "tệp tải lên" if request.content_type == "multipart/form-data" else "nội dung yêu cầu"
    detail = f"Dung lượng {kind} vượt quá giới hạn {_mb(limit)}."
    return json_error(detail, status=413, field="body", rule="body_too_large")
