from django.conf import settings
from django.urls import URLPattern, URLResolver, path, re_path
from django.views.static import serve

from .docs import NINJA_STATIC_DIR
from .main import api
from .report_files import report_file_or_json

urlpatterns: list[URLPattern | URLResolver] = [
    # ?format=xlsx|docx|pdf on other apps' report routes; without it the JSON route answers as before.
    path("api/v1/reports/<slug:name>", report_file_or_json),
    path("api/v1/", api.urls),
]

if "ninja" not in settings.INSTALLED_APPS:
    # The docs page's swagger-ui ships inside the ninja package; with "ninja" in INSTALLED_APPS whitenoise
    # and collectstatic serve it like any app's static files, until then the app serves it itself (no CDN).
    prefix = settings.STATIC_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{prefix}ninja/(?P<path>.*)$", serve, {"document_root": NINJA_STATIC_DIR / "ninja"}))
