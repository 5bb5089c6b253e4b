from django.urls import path

from . import views

urlpatterns = [
    path("flow/", views.flow_report, name="flow_report"),
]
