"""Annual rating rounds and entries, monthly cell meetings with criteria sets, mass-organisation ratings.

Entries are rewritten only while their round is open; a closed round changes only after a reopening
recorded with its reason. Nothing is deleted."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from dangvu.orgs.models import Organization

from .rules import Level, MassOrgKind, MeetingGrade, MeetingKind, QuotaMode


class RoundStatus(models.TextChoices):
    OPEN = "open", "Đang nhập"
    CLOSED = "closed", "Đã xác nhận, khóa sổ"


class RatingRound(models.Model):
    """One committee's rating of a year; the rule set in force is copied in when the round opens."""

    organization = models.ForeignKey(
        Organization, verbose_name="Cấp ủy", on_delete=models.PROTECT, related_name="rating_rounds"
    )
    year = models.PositiveSmallIntegerField("Năm đánh giá")
    reference_on = models.DateField("Ngày chốt danh sách")
    status = models.CharField("Trạng thái", max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    path = models.CharField("Đường dẫn vào ngày chốt", max_length=512)
    # The rule set (rules.rating_rules_for(year)), frozen for the round.
    rules_document = models.CharField("Văn bản quy định", max_length=255)
    uses_score = models.BooleanField("Chấm điểm", default=False)
    excellent_min = models.DecimalField(max_digits=5, decimal_places=2)
    good_min = models.DecimalField(max_digits=5, decimal_places=2)
    done_min = models.DecimalField(max_digits=5, decimal_places=2)
    quota_enabled = models.BooleanField("Áp dụng tỷ lệ 20%", default=True)
    quota_percent = models.PositiveSmallIntegerField("Tỷ lệ xuất sắc/tốt (%)", default=20)
    quota_mode = models.CharField(max_length=8, choices=QuotaMode.choices, default=QuotaMode.WARN)
    excellent_conditions = models.BooleanField("Kiểm tra điều kiện xuất sắc (366-QĐ/TW)", default=False)
    excellent_beyond_percent = models.PositiveSmallIntegerField("Tỷ lệ nhiệm vụ vượt yêu cầu tối thiểu (%)", default=30)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "Đợt đánh giá, xếp loại"
        verbose_name_plural = "Đợt đánh giá, xếp loại"
        ordering = ["-year", "path"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="rating_round_unique")]

    def __str__(self) -> str:
        return f"Đánh giá, xếp loại năm {self.year} — {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class RatingReopening(models.Model):
    rating_round = models.ForeignKey(RatingRound, on_delete=models.PROTECT, related_name="reopenings")
    reason = models.CharField("Lý do mở lại", max_length=500)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Mở lại {self.rating_round}: {self.reason}"


class SubjectKind(models.TextChoices):
    MEMBER = "member", "Đảng viên"
    ORGANIZATION = "organization", "Tổ chức cơ sở đảng"
    LEADERSHIP = "leadership", "Tập thể lãnh đạo, quản lý"
    LEADER = "leader", "Cán bộ lãnh đạo, quản lý"


class Collective(models.TextChoices):
    """The leadership collective of an organisation rated as a subject (tập thể lãnh đạo)."""

    COMMITTEE = "committee", "Ban Chấp hành (cấp ủy)"
    STANDING = "standing", "Ban Thường vụ"


class RatingEntry(models.Model):
    """The level (and score) of one subject in a round: a member, a grassroots organisation, an organisation's
    leadership collective (its committee or standing committee) or a leader (a member in a leading post)."""

    rating_round = models.ForeignKey(RatingRound, on_delete=models.PROTECT, related_name="entries")
    year = models.PositiveSmallIntegerField()
    subject_kind = models.CharField(max_length=16, choices=SubjectKind.choices)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="rating_entries"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="rating_entries",
        help_text="The rated grassroots organisation (organisation entries).",
    )
    # Where the subject stood on the round's reference date (member: their cell), for scope and quota.
    cell = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    grassroots = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=512, db_index=True)
    probationary = models.BooleanField(default=False)
    level = models.CharField("Xếp loại", max_length=16, choices=Level.choices)
    score = models.DecimalField("Điểm", max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.CharField("Ghi chú", max_length=255, blank=True)
    collective = models.CharField("Tập thể", max_length=16, choices=Collective.choices, blank=True)
    position = models.CharField("Chức vụ lãnh đạo, quản lý", max_length=255, blank=True)
    # The conditions of "xuất sắc" (Quy định 366-QĐ/TW), recorded as the committee found them.
    all_tasks_done = models.BooleanField("Hoàn thành 100% nhiệm vụ", null=True, blank=True)
    tasks_total = models.PositiveSmallIntegerField("Số nhiệm vụ", null=True, blank=True)
    tasks_beyond = models.PositiveSmallIntegerField("Số nhiệm vụ vượt yêu cầu", null=True, blank=True)
    no_discipline = models.BooleanField("Không bị kỷ luật trong năm", null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Kết quả xếp loại"
        verbose_name_plural = "Kết quả xếp loại"
        constraints = [
            # A member is rated once as a member and may be rated once more as a leader; an organisation once as
            # a grassroots organisation and once per leadership collective.
            models.UniqueConstraint(
                fields=["rating_round", "subject_kind", "member"], condition=models.Q(member__isnull=False),
                name="rating_entry_member_kind_unique",
            ),
            models.UniqueConstraint(
                fields=["rating_round", "subject_kind", "organization", "collective"],
                condition=models.Q(organization__isnull=False), name="rating_entry_org_kind_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(tasks_beyond__isnull=True) | models.Q(tasks_total__isnull=True)
                | models.Q(tasks_beyond__lte=models.F("tasks_total")),
                name="rating_entry_tasks_beyond_le_total",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="rating_entry_score_0_100",
            ),
        ]
        indexes = [models.Index(fields=["year", "path"])]

    def __str__(self) -> str:
        return f"{self.member or self.organization}: {self.get_level_display()} ({self.year})"


class CriteriaSet(models.Model):
    """A committee's scoring criteria for monthly cell meetings, valid over [valid_from, valid_to]."""

    organization = models.ForeignKey(
        Organization, verbose_name="Cấp ủy ban hành", on_delete=models.PROTECT, related_name="criteria_sets"
    )
    name = models.CharField("Tên bộ tiêu chí", max_length=255)
    valid_from = models.DateField("Áp dụng từ ngày")
    valid_to = models.DateField("Đến ngày", null=True, blank=True)
    document = models.CharField("Văn bản ban hành", max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Bộ tiêu chí sinh hoạt chi bộ"
        verbose_name_plural = "Bộ tiêu chí sinh hoạt chi bộ"
        ordering = ["organization_id", "-valid_from"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    name = models.CharField("Tiêu chí", max_length=255)
    weight = models.PositiveSmallIntegerField("Điểm tối đa")
    required_for_good = models.BooleanField("Phải đạt điểm tối đa để xếp Tốt", default=False)

    class Meta:
        ordering = ["criteria_set_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "position"], name="criterion_position_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0, weight__lte=100), name="criterion_weight"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class CellMeeting(models.Model):
    """A cell's meeting: the regular one of a month (one a month) or a thematic one (at least one a quarter,
    several a month possible); the grade is computed from the scores, never typed. Attendance counts the members
    expected: the cell's members that day less those exempted from activity (excused by rule, not absent);
    temporary members who attend are counted apart (`guests`)."""

    cell = models.ForeignKey(Organization, verbose_name="Chi bộ", on_delete=models.PROTECT, related_name="meetings")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    kind = models.CharField("Loại sinh hoạt", max_length=10, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    topic = models.CharField("Chủ đề", max_length=255, blank=True)
    held_on = models.DateField("Ngày sinh hoạt")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="meetings")
    headcount = models.PositiveIntegerField("Số đảng viên")
    exempted = models.PositiveIntegerField("Miễn sinh hoạt", default=0)
    present = models.PositiveIntegerField("Có mặt")
    excused = models.PositiveIntegerField("Vắng có lý do")
    absent = models.PositiveIntegerField("Vắng không lý do")
    guests = models.PositiveIntegerField("Đảng viên sinh hoạt tạm thời dự họp", default=0)
    total = models.DecimalField("Tổng điểm", max_digits=5, decimal_places=2)
    grade = models.CharField("Xếp loại", max_length=8, choices=MeetingGrade.choices)
    notes = models.TextField("Ghi chú", blank=True)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Sinh hoạt chi bộ"
        verbose_name_plural = "Sinh hoạt chi bộ"
        ordering = ["cell_id", "year", "month", "held_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cell", "year", "month"], condition=models.Q(kind="regular"), name="cell_meeting_regular_unique"
            ),
            models.UniqueConstraint(fields=["cell", "held_on", "kind"], name="cell_meeting_day_unique"),
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="cell_meeting_month"),
            models.CheckConstraint(
                condition=models.Q(exempted__lte=models.F("headcount")), name="cell_meeting_exempted"
            ),
        ]
        indexes = [models.Index(fields=["year", "month"]), models.Index(fields=["cell", "year", "kind"])]

    def __str__(self) -> str:
        kind = self.get_kind_display().lower()
        return f"{self.cell} — {kind} tháng {self.month}/{self.year}: {self.get_grade_display()}"

    @property
    def expected(self) -> int:
        """Members expected at the meeting: the cell's members less those exempted from activity."""
        return self.headcount - self.exempted

    @property
    def is_thematic(self) -> bool:
        return self.kind == MeetingKind.THEMATIC


class MeetingScore(models.Model):
    meeting = models.ForeignKey(CellMeeting, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "criterion"], name="meeting_score_unique")]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class MassOrgRating(models.Model):
    """A mass organisation's rating of a year; the subject lives in a higher app (enterprises)."""

    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField("Loại đoàn thể", max_length=20, choices=MassOrgKind.choices)
    year = models.PositiveSmallIntegerField("Năm")
    level = models.CharField("Xếp loại", max_length=16)
    organization = models.ForeignKey(
        Organization, verbose_name="Tổ chức đảng lãnh đạo", on_delete=models.PROTECT, related_name="+"
    )
    document = models.CharField("Văn bản", max_length=64, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "Xếp loại tổ chức đoàn thể"
        verbose_name_plural = "Xếp loại tổ chức đoàn thể"
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id", "year"], name="mass_org_rating_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.subject_id} ({self.year}): {self.level}"
