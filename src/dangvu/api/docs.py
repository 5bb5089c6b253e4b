"""The docs page with swagger-ui served by the app itself, never from a CDN.

ninja renders its CDN template unless "ninja" is in INSTALLED_APPS; this class always renders the
local template (assets under STATIC_URL/ninja/)."""

import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import ninja
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.template import RequestContext, Template
from ninja.openapi.docs import Swagger

from dangvu.accounts.tokens import token_lookup
from dangvu.core.security import json_error

NOT_AUTHENTICATED = (
    "Tài liệu API chỉ dành cho người dùng đã đăng nhập: đăng nhập trang web hoặc gửi 'Authorization: Bearer <mã>'."
)

NINJA_STATIC_DIR = Path(ninja.__file__).parent / "static"
_TEMPLATE_DIR = Path(ninja.__file__).parent / "templates" / "ninja"


class LocalSwagger(Swagger):
    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": False}
        if "ninja" in settings.INSTALLED_APPS:
            from django.shortcuts import render

            return render(request, self.template, context)
        source = (_TEMPLATE_DIR / "swagger.html").read_text()
        # The include resolves by name through the app loaders; inline it so ninja need not be installed.
        source = source.replace(
            '{% include "ninja/favicons.html" %}',
            (_TEMPLATE_DIR / "favicons.html").read_text().replace("{% load static %}", ""),
        )
        return HttpResponse(Template(source).render(RequestContext(request, context)))


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and the docs page for a signed-in person (session) or a bearer token, unless
    settings.DANGVU_API_DOCS_PUBLIC; a browser is sent to the login page, a program gets 401 JSON."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(settings, "DANGVU_API_DOCS_PUBLIC", False) or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer ") and token_lookup(header[7:].strip()) is not None:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return json_error(NOT_AUTHENTICATED, status=401, rule="not_authenticated")
        return redirect_to_login(request.get_full_path())

    return wrapper
