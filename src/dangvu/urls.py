from django.contrib import admin
from django.urls import include, path

from dangvu.ops.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("dangvu.api.urls")),
    path("", include("dangvu.accounts.urls")),
    path("", include("dangvu.web.urls")),
    path("members/", include("dangvu.members.urls")),
    path("reports/", include("dangvu.reports.urls")),
    path("admissions/", include("dangvu.admissions.urls")),
    path("ratings/", include("dangvu.ratings.urls")),
    path("enterprises/", include("dangvu.enterprises.urls")),
    path("targets/", include("dangvu.targets.urls")),
    path("documents/", include("dangvu.documents.urls")),
    path("imports/", include("dangvu.imports.urls")),
]
