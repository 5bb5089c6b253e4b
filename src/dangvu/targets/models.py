"""Targets of a committee for a year or a term, their split among subordinate organisations, and the values of
manual indicators. Nothing is deleted: a target set by mistake is withdrawn with a reason."""

from django.conf import settings
from django.db import models

from dangvu.orgs.models import Organization


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", "Từ … trở lên"
    AT_MOST = "at_most", "Không quá …"
    BETWEEN = "between", "Từ … đến …"
    EXACTLY = "exactly", "Đúng bằng …"


class Target(models.Model):
    """One target (chỉ tiêu) of an organisation over a period: a year, or a term such as 2020–2025."""

    organization = models.ForeignKey(
        Organization, verbose_name="Cấp ủy giao / tổ chức nhận", on_delete=models.PROTECT, related_name="targets"
    )
    indicator = models.CharField("Chỉ tiêu (mã)", max_length=64)
    year = models.PositiveSmallIntegerField("Năm", null=True, blank=True)
    start_year = models.PositiveSmallIntegerField("Từ năm")
    end_year = models.PositiveSmallIntegerField("Đến năm")
    comparison = models.CharField("So sánh", max_length=16, choices=Comparison.choices)
    value = models.DecimalField("Giá trị", max_digits=12, decimal_places=2)
    value_max = models.DecimalField("Giá trị tối đa", max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.CharField("Ghi chú", max_length=500, blank=True)
    document = models.CharField("Văn bản giao chỉ tiêu", max_length=64, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="Phân bổ từ chỉ tiêu", null=True, blank=True, on_delete=models.PROTECT,
        related_name="shares",
    )
    withdrawn_at = models.DateTimeField("Rút lúc", null=True, blank=True)
    withdraw_reason = models.CharField("Lý do rút", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Chỉ tiêu"
        verbose_name_plural = "Chỉ tiêu"
        ordering = ["organization_id", "start_year", "end_year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "indicator", "start_year", "end_year"],
                condition=models.Q(withdrawn_at__isnull=True), name="target_unique_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(start_year__lte=models.F("end_year")), name="target_period_order"
            ),
            models.CheckConstraint(
                condition=~models.Q(comparison="between")
                | (models.Q(value_max__isnull=False) & models.Q(value__lte=models.F("value_max"))),
                name="target_between_values",
            ),
        ]
        indexes = [models.Index(fields=["organization", "start_year"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_label} — {self.organization_id}"

    @property
    def comparison_sign(self) -> str:
        return {"at_least": "≥", "at_most": "≤", "exactly": "="}.get(self.comparison, "")

    @property
    def period_label(self) -> str:
        if self.start_year == self.end_year:
            return f"Năm {self.start_year}"
        return f"Nhiệm kỳ {self.start_year}–{self.end_year}"


class ManualValue(models.Model):
    """The value of a manual indicator for an organisation over a period, entered with a note and a document.
    A later entry for the same period supersedes an earlier one (both kept)."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    indicator = models.CharField("Chỉ tiêu (mã)", max_length=64)
    start_year = models.PositiveSmallIntegerField("Từ năm")
    end_year = models.PositiveSmallIntegerField("Đến năm")
    value = models.DecimalField("Giá trị", max_digits=12, decimal_places=2)
    note = models.CharField("Ghi chú", max_length=500)
    document = models.CharField("Văn bản, minh chứng", max_length=255)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Số liệu chỉ tiêu nhập tay"
        verbose_name_plural = "Số liệu chỉ tiêu nhập tay"
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["organization", "indicator", "start_year"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.start_year}–{self.end_year}: {self.value}"
