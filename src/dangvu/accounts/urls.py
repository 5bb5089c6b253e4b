from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("account/", views.account_page, name="account"),
    path("account/tokens/", views.tokens_page, name="account_tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke_view, name="account_token_revoke"),
]
