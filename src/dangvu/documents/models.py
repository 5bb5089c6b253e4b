"""Party documents and their register, coordination regulations and plans with numbered tasks and progress,
conferences, commendations. Nothing is deleted: a document is replaced or expires, a task is cancelled,
a wrong progress report or commendation is voided with a reason."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from dangvu.orgs.models import Organization

from .storage import document_storage


class DocumentType(models.Model):
    """A kind of party document and its abbreviation in the number (Hướng dẫn 36-HD/VPTW): NQ, QĐ, QC, ..."""

    code = models.CharField("Viết tắt", max_length=8, unique=True)
    name = models.CharField("Tên loại văn bản", max_length=64)
    key = models.CharField(max_length=8, unique=True, editable=False)  # search_key(code): "QĐ" → "qd"

    class Meta:
        verbose_name = "Loại văn bản"
        verbose_name_plural = "Loại văn bản"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Issuer(models.Model):
    """A body that issues documents and its abbreviation after the slash: TW, TU, ĐUK, VPTW, BTCTW, ..."""

    code = models.CharField("Viết tắt", max_length=16, unique=True)
    name = models.CharField("Cơ quan ban hành", max_length=255)
    key = models.CharField(max_length=16, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, verbose_name="Tổ chức đảng tương ứng", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "Cơ quan ban hành"
        verbose_name_plural = "Cơ quan ban hành"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", "Còn hiệu lực"
    REPLACED = "replaced", "Đã được thay thế"
    EXPIRED = "expired", "Hết hiệu lực"


class Document(models.Model):
    """A registered document "651-QĐ/TU": numbers run per type and issuer across a term (nhiệm kỳ)."""

    organization = models.ForeignKey(
        Organization, verbose_name="Cấp ủy lưu văn bản", on_delete=models.PROTECT, related_name="documents"
    )
    number = models.CharField("Số, ký hiệu", max_length=64)
    serial = models.PositiveIntegerField("Số")
    doc_type = models.ForeignKey(DocumentType, verbose_name="Loại", on_delete=models.PROTECT, related_name="+")
    issuer = models.ForeignKey(Issuer, verbose_name="Cơ quan ban hành", on_delete=models.PROTECT, related_name="+")
    term = models.CharField("Nhiệm kỳ", max_length=9)  # "2020-2025"
    issued_on = models.DateField("Ngày ban hành")
    title = models.CharField("Trích yếu", max_length=500)
    summary = models.TextField("Tóm tắt nội dung", blank=True)
    signer = models.CharField("Người ký", max_length=128, blank=True)
    status = models.CharField("Hiệu lực", max_length=16, choices=DocumentStatus.choices,
                              default=DocumentStatus.IN_FORCE)
    status_on = models.DateField("Hết hiệu lực từ ngày", null=True, blank=True)
    replaces = models.ForeignKey(
        "self", verbose_name="Thay thế văn bản", null=True, blank=True, on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    implements = models.ForeignKey(
        "self", verbose_name="Triển khai thực hiện văn bản", null=True, blank=True, on_delete=models.PROTECT,
        related_name="implemented_by",
    )
    file = models.FileField("Tệp đính kèm", storage=document_storage, upload_to="documents/%Y/", blank=True,
                            max_length=255)
    file_name = models.CharField("Tên tệp gốc", max_length=255, blank=True)
    file_size = models.PositiveIntegerField("Dung lượng (byte)", null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)  # search_key of number, title, summary, signer
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Văn bản"
        verbose_name_plural = "Văn bản"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "issuer", "term", "serial"], name="document_number_unique"),
        ]
        indexes = [models.Index(fields=["organization", "issued_on"]), models.Index(fields=["number"])]

    def __str__(self) -> str:
        return f"{self.number} — {self.title[:80]}"


class UseKind(models.TextChoices):
    MEMBER_EVENT = "member_event", "Sự kiện của đảng viên"
    ADMISSION = "admission", "Kết nạp đảng viên"
    ORG_EVENT = "org_event", "Sự kiện của tổ chức đảng"
    TARGET = "target", "Chỉ tiêu"
    RATING = "rating", "Đánh giá, xếp loại"
    BADGE = "badge", "Huy hiệu Đảng"


class DocumentUse(models.Model):
    """A record of a lower app (a member's or organisation's event, an admission, a target, a rating, a badge)
    whose deciding-document text designates this registered document (documents/uses.py keeps it). The link lives
    here so that those apps' tables stay as they are; `organization` and `on` are the record's, for scope and order."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="uses")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=16, choices=UseKind.choices)
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "Văn bản được dẫn"
        verbose_name_plural = "Văn bản được dẫn"
        ordering = ["document_id", "kind", "on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "document"], name="document_use_once"),
        ]
        indexes = [models.Index(fields=["document", "kind", "on"]), models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.document_id} ← {self.kind} {self.object_id}"


class RegulationKind(models.TextChoices):
    COORDINATION = "coordination", "Quy chế phối hợp"
    PLAN = "plan", "Kế hoạch"
    PROGRAMME = "programme", "Chương trình"


class Regulation(models.Model):
    """A coordination regulation or a plan: its document, the parties, a period and numbered tasks."""

    organization = models.ForeignKey(
        Organization, verbose_name="Cấp ủy chủ trì", on_delete=models.PROTECT, related_name="regulations"
    )
    kind = models.CharField("Loại", max_length=16, choices=RegulationKind.choices,
                            default=RegulationKind.COORDINATION)
    title = models.CharField("Tên quy chế, kế hoạch", max_length=500)
    document = models.ForeignKey(Document, verbose_name="Văn bản", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="regulations")
    document_text = models.CharField("Số văn bản", max_length=64, blank=True)
    starts_on = models.DateField("Từ ngày")
    ends_on = models.DateField("Đến ngày", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Quy chế phối hợp, kế hoạch"
        verbose_name_plural = "Quy chế phối hợp, kế hoạch"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="regulation_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Party(models.Model):
    """A body taking part in a regulation: a party committee, an agency (the industrial-zone board), a mass
    organisation. Linked to a party organisation when it is one."""

    regulation = models.ForeignKey(Regulation, on_delete=models.PROTECT, related_name="parties")
    name = models.CharField("Bên tham gia", max_length=255)
    key = models.CharField(max_length=255, editable=False, db_index=True)  # search_key(name)
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = "Bên tham gia"
        verbose_name_plural = "Bên tham gia"
        ordering = ["regulation_id", "id"]
        constraints = [models.UniqueConstraint(fields=["regulation", "key"], name="party_unique_in_regulation")]

    def __str__(self) -> str:
        return self.name


class Recurrence(models.TextChoices):
    NONE = "", "Một lần"
    MONTHLY = "monthly", "Hằng tháng"
    QUARTERLY = "quarterly", "Hằng quý"
    YEARLY = "yearly", "Hằng năm"


class Task(models.Model):
    """A numbered task ("5- thành lập 2 đến 3 tổ chức cơ sở đảng trong năm 2023") of a regulation or set by a
    conference's conclusions; due once (due_on) or each month, quarter or year."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    regulation = models.ForeignKey(Regulation, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="tasks")
    conference = models.ForeignKey("Conference", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="tasks")
    number = models.PositiveSmallIntegerField("Số thứ tự")
    title = models.CharField("Nhiệm vụ", max_length=500)
    lead = models.ForeignKey(Party, verbose_name="Chủ trì", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="led_tasks")
    lead_name = models.CharField("Chủ trì", max_length=255)
    supporting = models.ManyToManyField(Party, verbose_name="Phối hợp", blank=True, related_name="supported_tasks")
    expected_output = models.CharField("Sản phẩm, kết quả", max_length=500, blank=True)
    due_on = models.DateField("Hạn hoàn thành", null=True, blank=True)
    recurrence = models.CharField("Định kỳ", max_length=16, choices=Recurrence.choices, blank=True,
                                  default=Recurrence.NONE)
    indicator = models.CharField("Chỉ tiêu liên quan (mã)", max_length=64, blank=True)
    percent = models.PositiveSmallIntegerField("Tiến độ (%)", default=0)  # the latest report's
    last_report_on = models.DateField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField("Lý do hủy", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Nhiệm vụ"
        verbose_name_plural = "Nhiệm vụ"
        ordering = ["regulation_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], condition=models.Q(regulation__isnull=False),
                                    name="task_number_unique_in_regulation"),
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="task_percent_0_100"),
        ]
        indexes = [models.Index(fields=["organization", "due_on"])]

    def __str__(self) -> str:
        return f"{self.number}- {self.title[:80]}"


class Progress(models.Model):
    """A progress report on a task: date, what was done, percent, evidence."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    on = models.DateField("Ngày báo cáo")
    text = models.TextField("Kết quả thực hiện")
    percent = models.PositiveSmallIntegerField("Tiến độ (%)")
    evidence = models.FileField("Minh chứng", storage=document_storage, upload_to="evidence/%Y/", blank=True,
                                max_length=255)
    evidence_name = models.CharField(max_length=255, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Báo cáo tiến độ"
        verbose_name_plural = "Báo cáo tiến độ"
        ordering = ["task_id", "on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(percent__lte=100), name="progress_percent_0_100")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.on}: {self.percent}%"


class ConferenceKind(models.TextChoices):
    INTERIM = "interim", "Hội nghị sơ kết"
    FINAL = "final", "Hội nghị tổng kết"
    ENTERPRISES = "enterprises", "Gặp mặt doanh nghiệp"
    DIALOGUE = "dialogue", "Đối thoại"
    FORUM = "forum", "Diễn đàn"
    OTHER = "other", "Hội nghị khác"


class Conference(models.Model):
    """A review conference, a meeting with enterprises, a dialogue or forum; its page reads like the minutes."""

    organization = models.ForeignKey(Organization, verbose_name="Cấp ủy tổ chức", on_delete=models.PROTECT,
                                     related_name="conferences")
    kind = models.CharField("Loại", max_length=16, choices=ConferenceKind.choices)
    title = models.CharField("Tên hội nghị", max_length=500)
    held_on = models.DateField("Ngày")
    place = models.CharField("Địa điểm", max_length=255, blank=True)
    chair = models.CharField("Chủ trì", max_length=255)
    regulation = models.ForeignKey(Regulation, verbose_name="Quy chế, kế hoạch", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="conferences")
    results = models.TextField("Kết quả đạt được", blank=True)
    conclusions = models.TextField("Kết luận", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Hội nghị"
        verbose_name_plural = "Hội nghị"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class ParticipantKind(models.TextChoices):
    PERSON = "person", "Đại biểu"
    BODY = "body", "Cơ quan, đơn vị"


class Participant(models.Model):
    """A person at a conference (a member of the scope, or an outsider by name) or a body (a party organisation,
    or another agency by name)."""

    conference = models.ForeignKey(Conference, on_delete=models.PROTECT, related_name="participants")
    kind = models.CharField("Loại", max_length=8, choices=ParticipantKind.choices, default=ParticipantKind.PERSON)
    name = models.CharField("Đại biểu, đơn vị", max_length=255)
    role = models.CharField("Chức vụ, đơn vị", max_length=255, blank=True)
    member = models.ForeignKey("members.Member", verbose_name="Đảng viên", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey(Organization, verbose_name="Tổ chức đảng", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["conference_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=True) | models.Q(body__isnull=True), name="participant_person_or_body"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CommendationLevel(models.TextChoices):
    CERTIFICATE = "certificate", "Giấy khen"
    MERIT = "merit", "Bằng khen"
    FLAG = "flag", "Cờ thi đua"
    ORDER = "order", "Huân chương"


class Commendation(models.Model):
    """One deciding document awarding a form of commendation to organisations and members, for a year."""

    organization = models.ForeignKey(Organization, verbose_name="Cấp ủy khen thưởng", on_delete=models.PROTECT,
                                     related_name="commendations")
    year = models.PositiveSmallIntegerField("Năm")
    level = models.CharField("Hình thức", max_length=16, choices=CommendationLevel.choices)
    document = models.ForeignKey(Document, verbose_name="Văn bản quyết định", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="commendations")
    document_text = models.CharField("Số quyết định", max_length=64)
    reason = models.CharField("Thành tích", max_length=500)
    decided_on = models.DateField("Ngày quyết định", null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Khen thưởng"
        verbose_name_plural = "Khen thưởng"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["organization", "year"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.year} — {self.document_text}"


class CommendationSubject(models.Model):
    """An organisation or a member named in a commendation (from a rating entry when proposed from a round)."""

    commendation = models.ForeignKey(Commendation, on_delete=models.PROTECT, related_name="subjects")
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="commendations")
    subject_org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="commended")
    rating_entry = models.ForeignKey("ratings.RatingEntry", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["commendation_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(member__isnull=False) & models.Q(subject_org__isnull=True))
                | (models.Q(member__isnull=True) & models.Q(subject_org__isnull=False)),
                name="commendation_subject_one_of",
            ),
            models.UniqueConstraint(fields=["commendation", "member"], condition=models.Q(member__isnull=False),
                                    name="commendation_member_once"),
            models.UniqueConstraint(fields=["commendation", "subject_org"],
                                    condition=models.Q(subject_org__isnull=False), name="commendation_org_once"),
        ]

    def __str__(self) -> str:
        return f"{self.commendation_id}: {self.member_id or self.subject_org_id}"
