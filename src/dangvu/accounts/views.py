from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangvu.core.errors import DomainError
from dangvu.core.http import scoped_view

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
    return render(request, "accounts/account.html", {"live_tokens": sum(t.is_live() for t in tokens_of(request.user))})
