"""The docs page with swagger-ui served by the app itself, never from a CDN.

ninja renders its CDN template unless "ninja" is in INSTALLED_APPS; this class always renders the
local template (assets under STATIC_URL/ninja/)."""

import json
from pathlib import Path
from typing import Any

import ninja
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template import RequestContext, Template
from ninja.openapi.docs import Swagger

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
