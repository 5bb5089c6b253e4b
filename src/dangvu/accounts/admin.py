from typing import Any

from axes.models import AccessAttempt
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import ApiToken, Assignment
from .services import login_unlock


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Assignments, ended ones included (their history); removing a role goes through the user page (audited)."""

    list_display = ["user", "role", "organization", "created_at", "ended_on", "reason"]
    list_filter = ["role", "ended_on"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["organization"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assignment]:
        return Assignment.history.select_related("user", "organization")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a role is ended (users page, audited), never deleted


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    readonly_fields = ["user", "key_hash", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    """Failed sign-ins counted by django-axes; deleting a row is the unlock, done through the audited service."""

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time", "path_info"]
    search_fields = ["username", "ip_address"]
    readonly_fields = fields = ("username", "ip_address", "user_agent", "path_info", "failures_since_start",
                                "attempt_time")
    actions = ["unlock"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Mở khóa đăng nhập các tài khoản đã chọn")
    def unlock(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        for attempt in list(queryset):
            login_unlock(actor=request.user, username=attempt.username or "", ip_address=attempt.ip_address)
        self.message_user(request, "Đã mở khóa đăng nhập.")

    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        login_unlock(actor=request.user, username=obj.username or "", ip_address=obj.ip_address)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        self.unlock(request, queryset)
