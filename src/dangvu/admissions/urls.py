from django.urls import path

from . import views

app_name = "admissions"

urlpatterns = [
    path("", views.index, name="index"),
    path("candidates/", views.candidate_list, name="candidate_list"),
    path("candidates/new/", views.candidate_new, name="candidate_new"),
    path("candidates/<int:pk>/", views.candidate_detail, name="candidate_detail"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("probation/", views.probation, name="probation"),
    path("figures/", views.figures, name="figures"),
    path("figures/members/", views.figure_members, name="figure_members"),
]
