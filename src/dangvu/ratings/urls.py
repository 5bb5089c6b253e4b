from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("results/", views.results, name="results"),
    path("results.xlsx", views.results_export, name="results_export"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/record/<int:cell_id>/", views.meeting_form, name="meeting_form"),
    path("meetings/cell/<int:cell_id>/<int:year>/", views.cell_year_view, name="cell_year"),
    path("criteria/", views.criteria, name="criteria"),
]
