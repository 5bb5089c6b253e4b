"""Bearer-token authentication for every route but POST /auth/token."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from dangvu.accounts.tokens import token_user


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = token_user(token.strip())
        if user is not None:
            request.user = user
        return user
