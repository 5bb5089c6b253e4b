"""Sign-in lockout (django-axes): the client address, the Vietnamese answer, the audit of each lock."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from dangvu.core.audit import audit


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind the TLS proxy (DANGVU_HTTPS) the last X-Forwarded-For entry,
    the one nginx appended (earlier entries come from the client and could be forged to dodge the lock)."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


def lock_minutes() -> int:
    cool_off = settings.AXES_COOLOFF_TIME
    return max(1, int(cool_off.total_seconds() // 60)) if cool_off else 0


def lockout_message() -> str:
    """Vietnamese text of a lock: how many failures, for how long, who can unlock."""
    return (
        f"Đăng nhập sai quá {settings.AXES_FAILURE_LIMIT} lần: tài khoản tạm khóa đăng nhập từ máy này trong "
        f"{lock_minutes()} phút. Hãy thử lại sau hoặc đề nghị quản trị hệ thống mở khóa."
    )


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """429: JSON {detail, field, rule} on the API, the lockout page elsewhere (web and admin login)."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        body = {"detail": message, "field": "username", "rule": "login_locked"}
        return JsonResponse(body, status=429, json_dumps_params={"ensure_ascii": False})
    return render(request, "registration/locked.html", {"message": message}, status=429)


@receiver(user_locked_out, dispatch_uid="dangvu_audit_lockout")
def audit_lockout(sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kw: Any) -> None:
    """One audit entry when a lock begins (tries during the lock send the signal again: not audited)."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    attempt = AccessAttempt.objects.filter(username=username, ip_address=ip_address).order_by("-attempt_time").first()
    if attempt is None:
        return
    user = get_user_model().objects.filter(username=username).first() if username else None
    audit(
        None,
        "login_locked",
        attempt,
        after={
            "username": username,
            "user_id": user.pk if user else None,
            "ip_address": ip_address,
            "path": request.path,
            "failures": attempt.failures_since_start,
            "minutes": lock_minutes(),
        },
    )
