from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ApiToken, Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Assignments are configuration, not dated facts: operators edit them here."""

    list_display = ["user", "role", "organization", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    readonly_fields = ["user", "key_hash", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
