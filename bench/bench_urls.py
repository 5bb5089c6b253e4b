"""The project's URLs plus /bench/floor: a Django view answering a small JSON without touching the database, the
floor under the real pages' figures (same server, same middleware)."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from dangvu.urls import urlpatterns as project_urls


def floor(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/floor", floor), *project_urls]
