"""Request log (id, user, status, duration) and the last guard against a write conflict answering 500."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from dangvu.core.errors import CONFLICT_MESSAGE
from dangvu.core.locking import is_write_conflict

from .logs import request_id_var, user_var

logger = logging.getLogger("dangvu.request")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _user_of(request: HttpRequest) -> str:
    """The username if the view already loaded the user (no extra query for the log line)."""
    user = getattr(request, "_cached_user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return "-"
    return str(user.get_username())


class RequestLogMiddleware:
    """One line per request: method, path, status, duration in ms, user, request id (X-Request-ID kept or made)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex[:12]
        rid_token = request_id_var.set(rid)
        user_token = user_var.set("-")
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            user_var.set(_user_of(request))
            ms = (time.perf_counter() - start) * 1000
            level = logging.ERROR if response.status_code >= 500 else logging.INFO
            logger.log(level, "%s %s %s %.0fms user=%s", request.method, request.get_full_path()[:300],
                       response.status_code, ms, user_var.get())
            response["X-Request-ID"] = rid
            return response
        finally:
            request_id_var.reset(rid_token)
            user_var.reset(user_token)


class WriteConflictMiddleware:
    """Two requests changed the same record at once and the database refused the second (a unique key, a lock
    timeout): answer 409 with a Vietnamese message instead of 500; nothing was written (the transaction rolled back)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_write_conflict(exception):
            return None
        logger.warning("write conflict on %s %s: %s", request.method, request.path, exception)
        if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"detail": CONFLICT_MESSAGE, "field": None, "rule": "write_conflict"}, status=409)
        html = render_to_string("ops/409.html", {"message": CONFLICT_MESSAGE}, request=request)
        return HttpResponse(html, status=409)
