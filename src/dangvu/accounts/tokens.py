"""API bearer tokens: issued for a lifetime (DANGVU_API_TOKEN_DAYS, 30 days), named, last use kept, revocable by
their owner; the key is shown once, only its SHA-256 is stored (ApiToken.hash)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from dangvu.core.audit import audit
from dangvu.core.errors import DomainError, NotVisible

from .models import ApiToken
from .twofactor import check_api_second_factor

# last_used_at is written at most once per this interval: one UPDATE now and then, never a row per call.
LAST_USE_RESOLUTION = timedelta(minutes=1)


class InvalidCredentials(Exception):
    """Wrong username or password, or an inactive account (answered as 401)."""


def token_lifetime() -> timedelta:
    return timedelta(days=getattr(settings, "DANGVU_API_TOKEN_DAYS", 30))


def check_token_name(name: str) -> str:
    name = (name or "").strip()
    if len(name) > 100:
        raise DomainError("Tên gợi nhớ của mã truy cập dài quá 100 ký tự.", field="name", rule="max_length")
    return name


def authenticate_request(*, username: str, password: str, request: HttpRequest | None) -> Any:
    """The active user with these credentials, through django-axes (counts failures, refuses a locked pair).

    Runs outside any transaction so that the failure axes records survives; a caller without a request (tests,
    the shell) counts as 127.0.0.1."""
    if request is None:
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        request.path = request.path_info = "/api/v1/auth/token"
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise InvalidCredentials("Sai tên đăng nhập hoặc mật khẩu.")
    return user


def token_issue(*, username: str, password: str, request: HttpRequest | None = None, name: str = "",
                otp: str = "") -> str:
    """Check the credentials (and the second factor of a user who has one) and issue a new bearer token;
    returns the key (never stored in clear)."""
    name = check_token_name(name)
    user = authenticate_request(username=username, password=password, request=request)
    check_api_second_factor(user, otp)
    # A sign-in like the web's: last_login is kept and django-axes clears the failures of this user and address.
    if request is not None:
        user_logged_in.send(sender=user.__class__, request=request, user=user)
    return token_create(user=user, name=name)[0]


@transaction.atomic
def token_create(*, user: Any, name: str = "") -> tuple[str, ApiToken]:
    """A new token of `user` (already authenticated: the sign-in or a signed-in page); returns (key, token)."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, key_hash=ApiToken.hash(key), name=check_token_name(name),
        expires_at=timezone.now() + token_lifetime(),
    )
    # The hash is not logged: the audit trail says who got a token and when, nothing that could replay it.
    audit(user, "api_token_issue", token, after={"token_id": token.pk, "user_id": user.pk, "name": token.name,
                                                  "expires_at": str(token.expires_at)})
    return key, token


def token_lookup(key: str) -> ApiToken | None:
    """The live token with this key (not revoked, not expired, its user active) with its user, or None.
    One query, plus one UPDATE of last_used_at at most once a minute."""
    if not key:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(key), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_user(key: str) -> Any | None:
    """The active user owning a live token with this key, or None."""
    token = token_lookup(key)
    return token.user if token else None


def tokens_of(user: Any) -> list[ApiToken]:
    """A user's own tokens, newest first (revoked and expired ones included, marked by their dates)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


@transaction.atomic
def token_revoke(*, actor: Any, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens; anyone else's answers NotVisible, like a missing one."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        raise NotVisible()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(actor, "api_token_revoke", token, after={"token_id": token.pk, "name": token.name})
    return token


@transaction.atomic
def tokens_revoke_all(*, actor: Any, user: Any, reason: str) -> int:
    """Revoke every live token of `user` (password changed, account deactivated); returns how many."""
    live = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    if not live:
        return 0
    ApiToken.objects.filter(pk__in=[t.pk for t in live]).update(revoked_at=timezone.now())
    audit(actor, "api_tokens_revoke_all", user, after={"user_id": user.pk, "tokens": [t.pk for t in live],
                                                        "reason": reason})
    return len(live)
