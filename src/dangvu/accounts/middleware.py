"""Pages wait for the second factor: a signed-in user with an authenticator (or whose role requires one) who has
not yet given a code this session is sent to the code page (or to enrolment) before any other page."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .twofactor import SESSION_KEY, second_factor_state

# Paths that stay open before the second factor: the second-factor pages themselves, sign-out, assets, the API
# (bearer tokens, checked at POST /auth/token) and the health check.
OPEN_PREFIXES = ("/account/2fa/", "/logout/", "/login/", "/static/", "/api/", "/healthz", "/admin/logout/")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not user.is_verified()  # type: ignore[union-attr]  # django_otp.middleware.OTPMiddleware
        ):
            # Decided once per session (at sign-in), so a page costs no query for it.
            state = request.session.get(SESSION_KEY)
            if state is None:
                state = request.session[SESSION_KEY] = second_factor_state(user)
            if state == "verify":
                return self._to("account_2fa_verify", request)
            if state == "setup":
                return self._to("account_2fa_setup", request)
        return self.get_response(request)

    @staticmethod
    def _to(name: str, request: HttpRequest) -> HttpResponse:
        return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
