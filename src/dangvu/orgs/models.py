"""Organisations: restructuring events are the truth; parent/path spans and the row's fields are projections."""

from datetime import date

from django.conf import settings
from django.db import models


class OrgKind(models.TextChoices):
    PROVINCIAL_COMMITTEE = "provincial_committee", "Đảng bộ tỉnh"
    BLOC_COMMITTEE = "bloc_committee", "Đảng bộ Khối"
    LOCAL_COMMITTEE = "local_committee", "Đảng bộ huyện/thành phố"
    GRASSROOTS_COMMITTEE = "grassroots_committee", "Đảng bộ cơ sở"
    GRASSROOTS_CELL = "grassroots_cell", "Chi bộ cơ sở"
    SUBORDINATE_COMMITTEE = "subordinate_committee", "Đảng bộ bộ phận"
    SUBORDINATE_CELL = "subordinate_cell", "Chi bộ trực thuộc"
    # 2025 reorganisation (Kết luận 137-KL/TW, 2025): districts abolished, blocs replaced.
    COMMUNE_COMMITTEE = "commune_committee", "Đảng bộ xã/phường"
    PARTY_AGENCIES_COMMITTEE = "party_agencies_committee", "Đảng bộ các cơ quan Đảng tỉnh"
    GOVERNMENT_COMMITTEE = "government_committee", "Đảng bộ Ủy ban nhân dân tỉnh"


# Kinds kept for history only: no new one is founded from the day the 2025 reorganisation took effect.
RETIRED_KINDS: dict[str, date] = {
    OrgKind.BLOC_COMMITTEE: date(2025, 7, 1),
    OrgKind.LOCAL_COMMITTEE: date(2025, 7, 1),
}
# A commune/ward committee (2025) is a grassroots organisation directly under the province, with its cells
# (chi bộ trực thuộc) directly under it: counted as one TCCSĐ, as the đảng bộ xã it replaced was.
GRASSROOTS_KINDS = {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL, OrgKind.COMMUNE_COMMITTEE}
# Điều lệ Đảng, Điều 21: every member belongs to a cell (chi bộ).
CELL_KINDS = {OrgKind.GRASSROOTS_CELL, OrgKind.SUBORDINATE_CELL}
# Which kinds may sit directly under which (Điều lệ Đảng, Chương III: hệ thống tổ chức).
# Committees above grassroots level that grassroots organisations sit under, old kinds and 2025 kinds.
UPPER_COMMITTEE_KINDS = {
    OrgKind.PROVINCIAL_COMMITTEE, OrgKind.BLOC_COMMITTEE, OrgKind.LOCAL_COMMITTEE,
    OrgKind.PARTY_AGENCIES_COMMITTEE, OrgKind.GOVERNMENT_COMMITTEE,
}
ALLOWED_PARENT_KINDS: dict[str, set[str | None]] = {
    OrgKind.PROVINCIAL_COMMITTEE: {None},
    OrgKind.BLOC_COMMITTEE: {OrgKind.PROVINCIAL_COMMITTEE},
    OrgKind.LOCAL_COMMITTEE: {OrgKind.PROVINCIAL_COMMITTEE},
    OrgKind.COMMUNE_COMMITTEE: {OrgKind.PROVINCIAL_COMMITTEE},
    OrgKind.PARTY_AGENCIES_COMMITTEE: {OrgKind.PROVINCIAL_COMMITTEE},
    OrgKind.GOVERNMENT_COMMITTEE: {OrgKind.PROVINCIAL_COMMITTEE},
    OrgKind.GRASSROOTS_COMMITTEE: set(UPPER_COMMITTEE_KINDS),
    OrgKind.GRASSROOTS_CELL: set(UPPER_COMMITTEE_KINDS),
    OrgKind.SUBORDINATE_COMMITTEE: {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.COMMUNE_COMMITTEE},
    # Cells directly under a commune committee (chi bộ trực thuộc đảng ủy xã/phường).
    OrgKind.SUBORDINATE_CELL: {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.SUBORDINATE_COMMITTEE, OrgKind.COMMUNE_COMMITTEE},
}


class Sector(models.TextChoices):
    PARTY_AGENCY = "party_agency", "Cơ quan Đảng"
    STATE_AGENCY = "state_agency", "Cơ quan nhà nước"
    PUBLIC_SERVICE = "public_service", "Đơn vị sự nghiệp"
    STATE_ENTERPRISE = "state_enterprise", "Doanh nghiệp nhà nước"
    NON_STATE_ENTERPRISE = "non_state_enterprise", "Doanh nghiệp ngoài khu vực nhà nước"
    ARMED_FORCES = "armed_forces", "Lực lượng vũ trang"
    OTHER = "other", "Khác"


class Organization(models.Model):
    """A party organisation. name/parent/kind/dissolved_on are today's projection of its events."""

    name = models.CharField("Tên tổ chức", max_length=255)
    # The committee's own code for the organisation (spreadsheets, the national database); optional, unique.
    code = models.CharField("Mã tổ chức", max_length=32, null=True, blank=True, unique=True)
    kind = models.CharField("Loại hình", max_length=32, choices=OrgKind.choices)
    sector = models.CharField("Khối/lĩnh vực", max_length=32, choices=Sector.choices, default=Sector.OTHER)
    parent = models.ForeignKey(
        "self", verbose_name="Trực thuộc", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    founded_on = models.DateField("Ngày thành lập")
    dissolved_on = models.DateField("Ngày giải thể/sáp nhập", null=True, blank=True)
    path = models.CharField("Đường dẫn hiện tại", max_length=512, db_index=True, blank=True)
    search_key = models.CharField(max_length=255, blank=True, db_index=True)
    sort_key = models.CharField(max_length=600, blank=True)

    class Meta:
        verbose_name = "Tổ chức đảng"
        verbose_name_plural = "Tổ chức đảng"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None


class OrgEventKind(models.TextChoices):
    FOUNDED = "founded", "Thành lập"
    RENAMED = "renamed", "Đổi tên"
    MOVED = "moved", "Chuyển trực thuộc"
    MERGED = "merged", "Sáp nhập"
    SPLIT = "split", "Chia tách"
    DISSOLVED = "dissolved", "Giải thể"
    KIND_CHANGED = "kind_changed", "Đổi loại hình"


class Reorganization(models.Model):
    """One decision that restructures many organisations at once (sắp xếp tổ chức), all on one date."""

    effective_on = models.DateField("Ngày hiệu lực")
    document = models.CharField("Văn bản quyết định", max_length=64)
    note = models.TextField("Ghi chú", blank=True)
    summary = models.JSONField("Số liệu trước/sau", default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "Quyết định sắp xếp tổ chức"
        verbose_name_plural = "Quyết định sắp xếp tổ chức"
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.document} ({self.effective_on:%d/%m/%Y})"


class OrgEvent(models.Model):
    """A dated restructuring fact with its deciding document."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("Loại sự kiện", max_length=16, choices=OrgEventKind.choices)
    effective_on = models.DateField("Ngày hiệu lực")
    document = models.CharField("Văn bản quyết định", max_length=64, blank=True)
    name = models.CharField("Tên (mới)", max_length=255, blank=True)
    parent = models.ForeignKey(
        Organization, verbose_name="Trực thuộc (mới)", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    # MERGED: the organisation merged into; SPLIT: the new organisation split off; FOUNDED by split: the source.
    related = models.ForeignKey(
        Organization, verbose_name="Tổ chức liên quan", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    # FOUNDED: the kind it was founded as; KIND_CHANGED: the new kind.
    org_kind = models.CharField("Loại hình (mới)", max_length=32, choices=OrgKind.choices, blank=True)
    reorganization = models.ForeignKey(
        Reorganization, verbose_name="Theo quyết định sắp xếp", null=True, blank=True, on_delete=models.PROTECT,
        related_name="events",
    )
    note = models.TextField("Ghi chú", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "Sự kiện tổ chức"
        verbose_name_plural = "Sự kiện tổ chức"
        ordering = ["effective_on", "id"]
        indexes = [models.Index(fields=["organization", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organization} ({self.effective_on:%d/%m/%Y})"


class OrgParentSpan(models.Model):
    """The tree over time: `org` sat under `parent` on [valid_from, valid_to). Derived from OrgEvent."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="parent_spans")
    parent = models.ForeignKey(Organization, null=True, on_delete=models.CASCADE, related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.organization_id}→{self.parent_id} [{self.valid_from}, {self.valid_to or '…'})"


class OrgPathSpan(models.Model):
    """Materialised ancestry over time ("1.9.114."): subtree of X on D = prefix match on X's path on D."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="path_spans")
    path = models.CharField(max_length=512)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["path", "valid_from"]),
            models.Index(fields=["organization", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.path} [{self.valid_from}, {self.valid_to or '…'})"
