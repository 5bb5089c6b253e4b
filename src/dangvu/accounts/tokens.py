"""Issue API bearer tokens: the key is shown once, only its SHA-256 is stored (ApiToken.hash)."""

import secrets
from typing import Any

from django.contrib.auth import authenticate
from django.db import transaction

from dangvu.core.audit import audit

from .models import ApiToken


class InvalidCredentials(Exception):
    """Wrong username or password, or an inactive account (answered as 401)."""


@transaction.atomic
def token_issue(*, username: str, password: str, request: Any = None) -> str:
    """Check the credentials and issue a new bearer token; returns the key (never stored in clear)."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise InvalidCredentials("Sai tên đăng nhập hoặc mật khẩu.")
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
