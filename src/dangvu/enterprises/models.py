"""Non-state enterprises (DNNKVNN), their mass organisations and the steering committees that follow them.

Dated facts: WorkforceCount, EnterpriseStatusChange, MassOrganization (founded/dissolved) and MassOrgCount
rows; "as of D" is the latest row with as_of/effective_on <= D. Nothing is deleted: a wrong count is voided.
"""

from django.conf import settings
from django.db import models


class Ownership(models.TextChoices):
    PRIVATE = "private", "Tư nhân"
    FDI = "fdi", "Có vốn đầu tư nước ngoài (FDI)"
    COOPERATIVE = "cooperative", "Hợp tác xã"
    OTHER = "other", "Khác"


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", "Đang hoạt động"
    SUSPENDED = "suspended", "Tạm ngừng hoạt động"
    DISSOLVED = "dissolved", "Giải thể/phá sản"


class MassOrgKind(models.TextChoices):
    TRADE_UNION = "trade_union", "Công đoàn cơ sở"
    YOUTH_UNION = "youth_union", "Đoàn TNCS Hồ Chí Minh"
    YOUTH_FEDERATION = "youth_federation", "Hội Liên hiệp Thanh niên"
    WOMEN = "women", "Hội Liên hiệp Phụ nữ"
    VETERANS = "veterans", "Hội Cựu chiến binh"


class WomenForm(models.TextChoices):
    NONE = "", "—"
    CLUB = "club", "Câu lạc bộ"
    BRANCH = "branch", "Chi hội"
    GROUP = "group", "Tổ"


class LocalityLevel(models.TextChoices):
    DISTRICT = "district", "Huyện/thành phố"
    COMMUNE = "commune", "Xã/phường/thị trấn"


class Locality(models.Model):
    """A place enterprises sit in; `organization` is the party committee responsible for it."""

    name = models.CharField("Tên địa bàn", max_length=255, unique=True)
    level = models.CharField("Cấp", max_length=16, choices=LocalityLevel.choices, default=LocalityLevel.DISTRICT)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="Cấp ủy phụ trách", on_delete=models.PROTECT,
        related_name="enterprise_localities",
    )
    deactivated_on = models.DateField("Ngừng theo dõi từ ngày", null=True, blank=True)

    class Meta:
        verbose_name = "Địa bàn"
        verbose_name_plural = "Địa bàn"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndustrialZone(models.Model):
    """Khu công nghiệp; `organization` is the committee that follows its enterprises (e.g. the bloc)."""

    name = models.CharField("Tên khu công nghiệp", max_length=255, unique=True)
    locality = models.ForeignKey(Locality, verbose_name="Địa bàn", on_delete=models.PROTECT, related_name="zones")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="Cấp ủy phụ trách", null=True, blank=True, on_delete=models.PROTECT,
        related_name="enterprise_zones",
    )
    deactivated_on = models.DateField("Ngừng theo dõi từ ngày", null=True, blank=True)

    class Meta:
        verbose_name = "Khu công nghiệp"
        verbose_name_plural = "Khu công nghiệp"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SteeringLevel(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    LOCAL = "local", "Cấp huyện/xã"


class SteeringCommittee(models.Model):
    """Ban Chỉ đạo xây dựng tổ chức đảng, đoàn thể trong DNNKVNN: belongs to a party committee and
    follows the enterprises of its localities (a province committee follows every locality)."""

    name = models.CharField("Tên Ban Chỉ đạo", max_length=255)
    level = models.CharField("Cấp", max_length=16, choices=SteeringLevel.choices)
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="Thuộc cấp ủy", on_delete=models.PROTECT, related_name="steering_committees"
    )
    localities = models.ManyToManyField(
        Locality, verbose_name="Địa bàn", blank=True, related_name="steering_committees"
    )
    deactivated_on = models.DateField("Ngừng theo dõi từ ngày", null=True, blank=True)

    class Meta:
        verbose_name = "Ban Chỉ đạo"
        verbose_name_plural = "Ban Chỉ đạo"
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    """A non-state enterprise, identified by its tax code; current status is a projection of status changes."""

    name = models.CharField("Tên doanh nghiệp", max_length=255)
    tax_code = models.CharField("Mã số thuế", max_length=14, unique=True)
    ownership = models.CharField("Loại hình sở hữu", max_length=16, choices=Ownership.choices)
    investor_country = models.CharField("Quốc gia nhà đầu tư", max_length=64, blank=True)
    industry = models.CharField("Ngành nghề", max_length=255, blank=True)
    address = models.CharField("Địa chỉ", max_length=255, blank=True)
    locality = models.ForeignKey(
        Locality, verbose_name="Địa bàn", on_delete=models.PROTECT, related_name="enterprises"
    )
    zone = models.ForeignKey(
        IndustrialZone, verbose_name="Khu công nghiệp", null=True, blank=True, on_delete=models.PROTECT,
        related_name="enterprises",
    )
    owner_name = models.CharField("Chủ doanh nghiệp/giám đốc", max_length=255, blank=True)
    owner_member = models.ForeignKey(
        "members.Member", verbose_name="Chủ doanh nghiệp là đảng viên", null=True, blank=True,
        on_delete=models.PROTECT, related_name="owned_enterprises",
    )
    contact = models.CharField("Liên hệ", max_length=255, blank=True)
    party_org = models.ForeignKey(
        "orgs.Organization", verbose_name="Tổ chức đảng", null=True, blank=True, on_delete=models.PROTECT,
        related_name="enterprises",
    )
    registered_on = models.DateField("Ngày đưa vào theo dõi")
    status = models.CharField("Tình trạng", max_length=16, choices=EnterpriseStatus.choices,
                              default=EnterpriseStatus.OPERATING)
    search_key = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Doanh nghiệp"
        verbose_name_plural = "Doanh nghiệp"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EnterpriseStatusChange(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField("Tình trạng", max_length=16, choices=EnterpriseStatus.choices)
    effective_on = models.DateField("Từ ngày")
    note = models.CharField("Ghi chú", max_length=255, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["effective_on", "id"]
        indexes = [models.Index(fields=["enterprise", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.get_status_display()} từ {self.effective_on:%d/%m/%Y}"


class WorkforceCount(models.Model):
    """Người lao động as of a date (history kept; a wrong row is voided)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="workforce_counts")
    as_of = models.DateField("Ngày số liệu")
    workers = models.PositiveIntegerField("Số lao động")
    women = models.PositiveIntegerField("Lao động nữ", default=0)
    union_eligible = models.PositiveIntegerField("Đủ điều kiện gia nhập công đoàn", default=0)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["as_of", "id"]
        indexes = [models.Index(fields=["enterprise", "as_of"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(women__lte=models.F("workers")), name="workforce_women_le"),
            models.CheckConstraint(
                condition=models.Q(union_eligible__lte=models.F("workers")), name="workforce_eligible_le"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workers} lao động ngày {self.as_of:%d/%m/%Y}"


class MassOrganization(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="mass_orgs")
    kind = models.CharField("Loại đoàn thể", max_length=20, choices=MassOrgKind.choices)
    form = models.CharField("Hình thức (Phụ nữ)", max_length=8, choices=WomenForm.choices, blank=True, default="")
    name = models.CharField("Tên", max_length=255, blank=True)
    founded_on = models.DateField("Ngày thành lập")
    dissolved_on = models.DateField("Ngày giải thể", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Tổ chức đoàn thể"
        verbose_name_plural = "Tổ chức đoàn thể"
        ordering = ["kind", "founded_on", "id"]

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} {self.enterprise_id}"


class MassOrgCount(models.Model):
    mass_org = models.ForeignKey(MassOrganization, on_delete=models.PROTECT, related_name="counts")
    as_of = models.DateField("Ngày số liệu")
    members = models.PositiveIntegerField("Số đoàn viên/hội viên")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["as_of", "id"]
        indexes = [models.Index(fields=["mass_org", "as_of"])]

    def __str__(self) -> str:
        return f"{self.members} đoàn viên/hội viên ngày {self.as_of:%d/%m/%Y}"


class ContactKind(models.TextChoices):
    VISIT = "visit", "Khảo sát, làm việc tại doanh nghiệp"
    MEETING = "meeting", "Gặp mặt, đối thoại"


class Contact(models.Model):
    """A working visit or meeting with an enterprise: who went, whom they met, what the enterprise raised."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="contacts")
    steering_committee = models.ForeignKey(
        SteeringCommittee, verbose_name="Ban Chỉ đạo", null=True, blank=True, on_delete=models.PROTECT,
        related_name="contacts",
    )
    kind = models.CharField("Hình thức", max_length=16, choices=ContactKind.choices, default=ContactKind.VISIT)
    happened_on = models.DateField("Ngày")
    participants = models.CharField("Thành phần đoàn", max_length=500)
    met_with = models.CharField("Làm việc với", max_length=500, blank=True)
    difficulties = models.TextField("Khó khăn doanh nghiệp nêu", blank=True)
    proposals = models.TextField("Kiến nghị, đề xuất", blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ngày {self.happened_on:%d/%m/%Y}"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "Đang theo dõi"
    DONE = "done", "Đã giải quyết"
    DROPPED = "dropped", "Không thực hiện"


class FollowUp(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="follow_ups")
    description = models.CharField("Việc cần theo dõi", max_length=500)
    owner = models.CharField("Người/cơ quan thực hiện", max_length=255)
    due_on = models.DateField("Hạn")
    status = models.CharField("Trạng thái", max_length=16, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.OPEN)
    closed_on = models.DateField("Ngày kết thúc", null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class ImportBatchStatus(models.TextChoices):
    PENDING = "pending", "Chờ xác nhận"
    CONFIRMED = "confirmed", "Đã ghi"
    DISCARDED = "discarded", "Đã hủy"


class ImportBatch(models.Model):
    """A spreadsheet's parsed rows between the dry run and the confirmation."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255, blank=True)
    rows = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=ImportBatchStatus.choices, default=ImportBatchStatus.PENDING)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Nhập tệp {self.filename} ({self.get_status_display()})"


# ---- dated links (issue 11): who followed what, when ------------------------------------------------------
# The FK fields above (Locality.organization, IndustrialZone.organization, Enterprise.locality/zone/party_org)
# are today's projection; these spans are the history that coverage and visibility on a past date read.
# valid_to is exclusive, None = open, as MembershipSpan.

class LocalityCommitteeSpan(models.Model):
    """The committee responsible for a locality on [valid_from, valid_to)."""

    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="committee_spans")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["locality", "valid_from"]), models.Index(fields=["organization", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.locality_id}→{self.organization_id} [{self.valid_from}, {self.valid_to or '…'})"


class ZoneCommitteeSpan(models.Model):
    """The committee following an industrial zone on [valid_from, valid_to) (None: its locality's committee)."""

    zone = models.ForeignKey(IndustrialZone, on_delete=models.PROTECT, related_name="committee_spans")
    organization = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["zone", "valid_from"]), models.Index(fields=["organization", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.zone_id}→{self.organization_id} [{self.valid_from}, {self.valid_to or '…'})"


class EnterpriseLinkSpan(models.Model):
    """An enterprise's locality, industrial zone and party organisation on [valid_from, valid_to)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="link_spans")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="+")
    zone = models.ForeignKey(IndustrialZone, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    party_org = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["enterprise", "valid_from"]),
            models.Index(fields=["locality", "valid_from"]),
            models.Index(fields=["party_org", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.locality_id}/{self.zone_id}/{self.party_org_id} [{self.valid_from}, …)"


class EnterpriseWorker(models.Model):
    """A party member working in the enterprise on [valid_from, valid_to) (valid_to exclusive, None = still
    there). Where the member is registered (their cell) stays the members app's fact; the list of workers
    registered elsewhere (article 003, task 7) compares the two on a date."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="workers")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="workplaces")
    position = models.CharField("Vị trí, chức vụ", max_length=128, blank=True)
    valid_from = models.DateField("Làm việc từ ngày")
    valid_to = models.DateField("Thôi làm việc từ ngày", null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "Đảng viên làm việc tại doanh nghiệp"
        verbose_name_plural = "Đảng viên làm việc tại doanh nghiệp"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "member"], condition=models.Q(valid_to__isnull=True),
                name="enterprise_worker_one_open",
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "valid_from"]), models.Index(fields=["member", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.enterprise_id} [{self.valid_from}, {self.valid_to or '…'})"
