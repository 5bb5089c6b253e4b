from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangvu.core.errors import DomainError
from dangvu.core.http import scoped_view

from . import twofactor
from .forms import LoginForm
from .tokens import token_create, token_lifetime, token_revoke, tokens_of


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): the header's "Đăng xuất" button posts here."""


@login_required
def tokens_page(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: list, issue one (its key shown once, on this answer only), revoke."""
    new_key = None
    error = None
    if request.method == "POST":
        try:
            new_key, _ = token_create(user=request.user, name=request.POST.get("name", ""))
        except DomainError as e:
            error = e.message
    return render(request, "accounts/tokens.html", {
        "tokens": tokens_of(request.user), "new_key": new_key, "error": error,
        "lifetime_days": token_lifetime().days,
    })


@require_POST
@scoped_view
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = token_revoke(actor=request.user, token_id=token_id)
    messages.success(request, f"Đã thu hồi mã truy cập #{token.pk}{' (' + token.name + ')' if token.name else ''}.")
    return redirect("account_tokens")


@login_required
def account_page(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own security settings: API tokens (and, with two-factor sign-in, its devices)."""
    return render(request, "accounts/account.html", {
        "live_tokens": sum(t.is_live() for t in tokens_of(request.user)),
        "enrolled": twofactor.enrolled(request.user), "required": twofactor.required_for(request.user),
    })


def _verified(request: HttpRequest) -> bool:
    return bool(request.user.is_verified())  # type: ignore[union-attr]  # django_otp.middleware.OTPMiddleware


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if ok and target else reverse("dashboard")


@login_required
def twofactor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: QR code and secret, then a code from the app confirms it; recovery codes once."""
    user = request.user
    if twofactor.enrolled(user) and not _verified(request):
        return redirect(f"{reverse('account_2fa_verify')}?next={reverse('account_2fa_setup')}")
    error = None
    if request.method == "POST":
        try:
            codes = twofactor.otp_enrol(request=request, user=user, token=request.POST.get("token", ""))
        except DomainError as e:
            error = e.message
        else:
            request.session[twofactor.SESSION_KEY] = "verify"
            return render(request, "accounts/2fa_codes.html", {"codes": codes, "next": _next(request)})
    device = twofactor.pending_device(user)
    return render(request, "accounts/2fa_setup.html", {
        "qr": twofactor.qr_data_uri(device), "secret": twofactor.secret_of(device), "error": error,
        "required": twofactor.required_for(user), "next": request.GET.get("next", ""),
    })


@login_required
def twofactor_verify(request: HttpRequest) -> HttpResponse:
    """The code page after the password: a code from the app or a recovery code."""
    if _verified(request) or not twofactor.enrolled(request.user):
        return redirect(_next(request))
    error = None
    if request.method == "POST":
        try:
            twofactor.otp_verify(request=request, user=request.user, token=request.POST.get("token", ""))
        except DomainError as e:
            error = e.message
        else:
            return redirect(_next(request))
    return render(request, "accounts/2fa_verify.html", {"error": error, "next": request.GET.get("next", "")},
                  status=200 if error is None else 422)


@require_POST
@scoped_view
def twofactor_recovery(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the session must have given the second factor)."""
    if not _verified(request):
        return redirect(f"{reverse('account_2fa_verify')}?next={reverse('account')}")
    codes = twofactor.otp_recovery_codes_renew(user=request.user)
    return render(request, "accounts/2fa_codes.html", {"codes": codes, "next": reverse("account")})


@require_POST
@scoped_view
def twofactor_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off for oneself, where one's role does not require it."""
    if twofactor.enrolled(request.user) and not _verified(request):
        return redirect(f"{reverse('account_2fa_verify')}?next={reverse('account')}")
    twofactor.otp_disable(actor=request.user, user=request.user)
    request.session[twofactor.SESSION_KEY] = twofactor.second_factor_state(request.user)
    messages.success(request, "Đã tắt xác thực hai bước.")
    return redirect("account")
