from django.urls import path

from . import views

urlpatterns = [
    path("", views.org_tree, name="org_tree"),
    path("<int:pk>/", views.org_detail, name="org_detail"),
    path("<int:pk>/<slug:action>/", views.org_action, name="org_action"),
]
