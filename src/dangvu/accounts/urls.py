from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("account/", views.account_page, name="account"),
    path("account/tokens/", views.tokens_page, name="account_tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke_view, name="account_token_revoke"),
    path("account/2fa/setup/", views.twofactor_setup, name="account_2fa_setup"),
    path("account/2fa/verify/", views.twofactor_verify, name="account_2fa_verify"),
    path("account/2fa/recovery/", views.twofactor_recovery, name="account_2fa_recovery"),
    path("account/2fa/disable/", views.twofactor_disable, name="account_2fa_disable"),
]
