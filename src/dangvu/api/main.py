"""The ninja API object; each app contributes its router from <app>/api.py."""

from ninja import NinjaAPI

api = NinjaAPI(title="Đảng vụ API", version="1", urls_namespace="api")
