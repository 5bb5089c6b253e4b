"""One uploaded file: its kind and its rows (per sheet, as read), waiting for the dry run and the confirmation."""

from django.conf import settings
from django.db import models


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Chờ xác nhận"
    CONFIRMED = "confirmed", "Đã ghi"


class ImportFile(models.Model):
    """The rows of an uploaded spreadsheet keyed by sheet ({"members": [{"_line": 2, "full_name": …}, …]}); the
    dry run's and the confirmation's results are stored on their jobs (dangvu.jobs), never recomputed."""

    kind = models.CharField("Loại dữ liệu", max_length=32)
    filename = models.CharField("Tên tệp", max_length=255)
    sheets = models.JSONField("Các dòng", default=dict)
    row_count = models.PositiveIntegerField("Số dòng", default=0)
    status = models.CharField("Trạng thái", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Tệp nhập dữ liệu"
        verbose_name_plural = "Tệp nhập dữ liệu"
        ordering = ["-id"]
        indexes = [models.Index(fields=["created_by", "-id"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind})"
