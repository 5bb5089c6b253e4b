from django.urls import path

from . import views

urlpatterns = [
    path("", views.enterprise_index, name="enterprise_index"),
    path("new/", views.enterprise_new, name="enterprise_new"),
    path("coverage/", views.coverage_page, name="enterprise_coverage"),
    path("work-list/", views.work_list_page, name="enterprise_work_list"),
    path("follow-ups/", views.follow_up_list, name="enterprise_follow_ups"),
    path("pick/", views.enterprise_pick_view, name="enterprise_pick"),
    path("workers-elsewhere/", views.workers_elsewhere_page, name="enterprise_workers_elsewhere"),
    path("workers-elsewhere/add/", views.worker_add, name="enterprise_worker_add"),
    path("follow-ups/<int:pk>/close/", views.follow_up_close_view, name="enterprise_follow_up_close"),
    path("import/", views.import_page, name="enterprise_import"),
    path("import/template.xlsx", views.import_template, name="enterprise_import_template"),
    path("import/<int:pk>/", views.import_batch, name="enterprise_import_batch"),
    path("registry/", views.registry_index, name="enterprise_registry"),
    path("registry/<slug:kind>/new/", views.registry_create, name="enterprise_registry_create"),
    path("registry/<slug:kind>/<int:pk>/", views.registry_edit, name="enterprise_registry_edit"),
    path("registry/<slug:kind>/<int:pk>/deactivate/", views.registry_deactivate,
         name="enterprise_registry_deactivate"),
    path("<int:pk>/", views.enterprise_detail_page, name="enterprise_detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("<int:pk>/<slug:action>/", views.enterprise_action, name="enterprise_action"),
]
