from django.urls import path

from . import pages, views

urlpatterns = [
    path("", pages.report_index, name="report_index"),
    path("flow/", views.flow_report, name="flow_report"),
    path("<slug:name>/", pages.report_page, name="report_page"),
]
