"""One row per piece of long work: what it is, how far it got, what it produced."""

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    PENDING = "pending", "Đang chờ"
    RUNNING = "running", "Đang chạy"
    DONE = "done", "Xong"
    FAILED = "failed", "Lỗi"


class Job(models.Model):
    """A job: `kind` names the work, `ref` the record it is about ("enterprises.importbatch:12"), `handler` the
    function that does it; progress is `done` of `total`; the result is stored and shown again, never recomputed."""

    kind = models.CharField("Loại việc", max_length=64)
    ref = models.CharField("Đối tượng", max_length=128, blank=True)
    handler = models.CharField(max_length=255)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField("Trạng thái", max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    stage = models.CharField("Bước", max_length=128, blank=True)
    done = models.PositiveIntegerField("Đã xử lý", default=0)
    total = models.PositiveIntegerField("Tổng số", default=0)
    result = models.JSONField("Kết quả", null=True, blank=True)
    error = models.TextField("Lỗi", blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=128, blank=True, help_text="host:pid of the process running it")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Công việc chạy nền"
        verbose_name_plural = "Công việc chạy nền"
        ordering = ["-id"]
        indexes = [models.Index(fields=["ref", "kind"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
