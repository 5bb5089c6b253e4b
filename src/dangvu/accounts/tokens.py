"""Issue API bearer tokens: the key is shown once, only its SHA-256 is stored (ApiToken.hash)."""

import secrets
from typing import Any

from django.contrib.auth import authenticate, user_logged_in
from django.db import transaction
from django.http import HttpRequest

from dangvu.core.audit import audit

from .models import ApiToken


class InvalidCredentials(Exception):
    """Wrong username or password, or an inactive account (answered as 401)."""


def token_issue(*, username: str, password: str, request: HttpRequest | None = None) -> str:
    """Check the credentials and issue a new bearer token; returns the key (never stored in clear).

    The check runs outside the transaction so that django-axes keeps the failure it records (a rollback would
    forget it); a caller without a request (tests, the shell) counts as 127.0.0.1."""
    if request is None:
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        request.path = request.path_info = "/api/v1/auth/token"
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise InvalidCredentials("Sai tên đăng nhập hoặc mật khẩu.")
    # A sign-in like the web's: last_login is kept and django-axes clears the failures of this user and address.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return _token_create(user)


@transaction.atomic
def _token_create(user: Any) -> str:
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, key_hash=ApiToken.hash(key))
    # The hash is not logged: the audit trail says who got a token and when, nothing that could replay it.
    audit(user, "api_token_issue", token, after={"token_id": token.pk, "user_id": user.pk})
    return key


def token_user(key: str) -> Any | None:
    """The active user owning a live token with this key, or None. One query."""
    if not key:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None
