from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("pick/", views.pick, name="pick"),
    path("people/pick/", views.people_pick_view, name="people_pick"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/file/", views.document_file, name="file"),
    path("regulations/", views.regulations, name="regulations"),
    path("regulations/<int:pk>/", views.regulation, name="regulation"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("tasks/", views.tasks, name="tasks"),
    path("conferences/", views.conferences, name="conferences"),
    path("conferences/<int:pk>/", views.conference, name="conference"),
    path("conferences/<int:pk>/word/", views.conference_word, name="conference_word"),
    path("commendations/", views.commendations, name="commendations"),
    path("badges/", views.badges, name="badges"),
]
