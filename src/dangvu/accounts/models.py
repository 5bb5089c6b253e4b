"""Assignments of a user to an organisation subtree with a role; API tokens."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", "Quản trị hệ thống"
    COMMITTEE_OFFICER = "committee_officer", "Cán bộ cấp ủy"
    CELL_SECRETARY = "cell_secretary", "Bí thư chi bộ"
    VIEWER = "viewer", "Chỉ xem"


# What each role may do inside its subtree (scope is checked separately).
ROLE_ACTIONS: dict[str, set[str]] = {
    Role.PROVINCE_ADMIN: {"view", "record_member", "manage_org", "admin"},
    Role.COMMITTEE_OFFICER: {"view", "record_member", "manage_org"},
    Role.CELL_SECRETARY: {"view", "record_member"},
    Role.VIEWER: {"view"},
}


class LiveAssignmentManager(models.Manager["Assignment"]):
    """Assignments not ended: what scope checks and role lookups read (`Assignment.objects`)."""

    def get_queryset(self) -> models.QuerySet["Assignment"]:
        return super().get_queryset().filter(ended_on__isnull=True)


class Assignment(models.Model):
    """A user works on one organisation's subtree in one role (a user may hold several). Removing a role ends the
    assignment (ended_on, ended_by, reason) and keeps the row as the user's history; `Assignment.objects` holds
    the live ones only, `Assignment.history` every row. Assigning the role again adds a new row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Người dùng", on_delete=models.PROTECT, related_name="assignments"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="Tổ chức", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField("Vai trò", max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Người phân công", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    ended_on = models.DateField("Thôi từ ngày", null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Người thu hồi", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField("Lý do thu hồi", max_length=255, blank=True)

    history = models.Manager()  # every row, ended ones included
    objects = LiveAssignmentManager()  # the default manager (Meta.default_manager_name)

    class Meta:
        verbose_name = "Phân công"
        verbose_name_plural = "Phân công"
        default_manager_name = "objects"
        base_manager_name = "history"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], condition=models.Q(ended_on__isnull=True),
                name="assignment_unique_live",
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_on"], name="assignment_user_live")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class ApiToken(models.Model):
    """Bearer token for the REST API; only its SHA-256 is stored. Live until `expires_at` or its revocation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField("Tên gợi nhớ", max_length=100, blank=True, default="")
    created_at = models.DateTimeField("Cấp lúc", auto_now_add=True)
    expires_at = models.DateTimeField("Hết hạn lúc", null=True, blank=True)
    last_used_at = models.DateTimeField("Dùng lần cuối", null=True, blank=True)
    revoked_at = models.DateTimeField("Thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "Mã truy cập API"
        verbose_name_plural = "Mã truy cập API"
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_live")]

    def __str__(self) -> str:
        return f"Token #{self.pk} của {self.user}" + (f" ({self.name})" if self.name else "")

    def is_live(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
