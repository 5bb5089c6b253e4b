"""Bearer-token authentication for every route but POST /auth/token."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from dangvu.accounts.tokens import token_lookup


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        api_token = token_lookup(token.strip())
        if api_token is None:
            return None
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]  # POST /auth/logout revokes this one
        return api_token.user
