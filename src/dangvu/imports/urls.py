from django.urls import path

from . import views

urlpatterns = [
    path("", views.import_home, name="import_home"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/errors.xlsx", views.import_errors, name="import_errors"),
    path("templates/<str:kind>.<str:fmt>", views.import_template, name="import_template"),
    path("export/<str:kind>/", views.export, name="import_export"),
    path("export/jobs/<int:job_id>/", views.export_job, name="import_export_job"),
    path("export/jobs/<int:job_id>/file/", views.export_download, name="import_export_download"),
]
