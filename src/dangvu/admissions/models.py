"""Admission work: candidates (quần chúng ưu tú) and their dated steps, courses and enrollments.
A candidate's `stage` is the projection of its CandidateStep rows; nothing is deleted (withdrawn with a reason)."""

from django.conf import settings
from django.db import models

from dangvu.members.models import Member, Sex
from dangvu.orgs.models import Organization


class Stage(models.TextChoices):
    PROPOSED = "proposed", "Được giới thiệu"
    IN_COURSE = "in_course", "Đang học lớp nhận thức"
    COURSE_PASSED = "course_passed", "Đã qua lớp nhận thức"
    DOSSIER = "dossier", "Đang hoàn thiện hồ sơ"
    ADMITTED = "admitted", "Đã kết nạp"
    WITHDRAWN = "withdrawn", "Dừng xem xét"


OPEN_STAGES = [Stage.PROPOSED, Stage.IN_COURSE, Stage.COURSE_PASSED, Stage.DOSSIER]


class Ownership(models.TextChoices):
    NONE = "", "Không phải doanh nghiệp ngoài khu vực nhà nước"
    PRIVATE = "private", "Tư nhân"
    FDI = "fdi", "Có vốn đầu tư nước ngoài (FDI)"
    COOPERATIVE = "cooperative", "Hợp tác xã"


class OwnerRole(models.TextChoices):
    NONE = "", "Người lao động"
    OWNER = "owner", "Chủ doanh nghiệp"
    MANAGER = "manager", "Người quản lý doanh nghiệp"


class Candidate(models.Model):
    full_name = models.CharField("Họ và tên", max_length=128)
    sex = models.CharField("Giới tính", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("Ngày sinh")
    citizen_id = models.CharField("Số CCCD", max_length=12, null=True, blank=True)
    ethnic_group = models.CharField("Dân tộc", max_length=64, default="Kinh")
    religion = models.CharField("Tôn giáo", max_length=64, blank=True, default="Không")
    home_town = models.CharField("Quê quán", max_length=255, blank=True)
    phone = models.CharField("Điện thoại", max_length=20, blank=True)
    address = models.CharField("Nơi ở hiện nay", max_length=255, blank=True)
    education = models.CharField("Giáo dục phổ thông", max_length=16, blank=True, default="12/12")
    qualification = models.CharField("Chuyên môn, nghiệp vụ", max_length=128, blank=True)
    occupation = models.CharField("Nghề nghiệp, chức vụ", max_length=255, blank=True)
    workplace = models.CharField("Nơi làm việc", max_length=255, blank=True)
    enterprise_name = models.CharField("Doanh nghiệp", max_length=255, blank=True)
    enterprise_ownership = models.CharField(
        "Loại hình doanh nghiệp", max_length=16, choices=Ownership.choices, blank=True, default=Ownership.NONE
    )
    owner_role = models.CharField(
        "Vị trí trong doanh nghiệp", max_length=16, choices=OwnerRole.choices, blank=True, default=OwnerRole.NONE
    )
    organization = models.ForeignKey(
        Organization, verbose_name="Chi bộ đề nghị", on_delete=models.PROTECT, related_name="candidates"
    )
    referred_by_org = models.ForeignKey(
        Organization, verbose_name="Tổ chức giới thiệu", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    referred_by_other = models.CharField("Cơ quan, đoàn thể giới thiệu", max_length=255, blank=True)
    proposed_on = models.DateField("Ngày giới thiệu")
    # Projection of the steps.
    stage = models.CharField("Giai đoạn", max_length=16, choices=Stage.choices, default=Stage.PROPOSED)
    stage_on = models.DateField("Từ ngày")
    withdraw_reason = models.CharField("Lý do dừng", max_length=255, blank=True)
    member = models.OneToOneField(
        Member, verbose_name="Đảng viên", null=True, blank=True, on_delete=models.PROTECT, related_name="candidate"
    )
    decision = models.CharField("Quyết định kết nạp", max_length=64, blank=True)
    decided_on = models.DateField("Ngày quyết định kết nạp", null=True, blank=True)
    ceremony_on = models.DateField("Ngày lễ kết nạp", null=True, blank=True)

    search_key = models.CharField(max_length=128, db_index=True, editable=False)
    sort_key = models.CharField(max_length=600, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Quần chúng ưu tú"
        verbose_name_plural = "Quần chúng ưu tú"
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["organization", "stage"]), models.Index(fields=["citizen_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(citizen_id__isnull=True) | models.Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="candidate_citizen_id_12_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class CandidateStep(models.Model):
    """A dated step of a candidate (proposed, in course, passed, dossier, admitted, withdrawn)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="steps")
    stage = models.CharField("Giai đoạn", max_length=16, choices=Stage.choices)
    effective_on = models.DateField("Ngày")
    note = models.CharField("Ghi chú", max_length=255, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.effective_on:%d/%m/%Y}"


class CourseKind(models.TextChoices):
    AWARENESS = "awareness", "Bồi dưỡng nhận thức về Đảng"
    NEW_MEMBER = "new_member", "Bồi dưỡng lý luận chính trị cho đảng viên mới"
    THEORY = "theory", "Lý luận chính trị khác"


class Course(models.Model):
    kind = models.CharField("Loại lớp", max_length=16, choices=CourseKind.choices)
    name = models.CharField("Tên lớp", max_length=255)
    organizer = models.ForeignKey(
        Organization, verbose_name="Đơn vị tổ chức", on_delete=models.PROTECT, related_name="courses"
    )
    starts_on = models.DateField("Ngày khai giảng")
    ends_on = models.DateField("Ngày bế giảng")
    place = models.CharField("Địa điểm", max_length=255, blank=True)
    planned_participants = models.PositiveIntegerField("Số học viên dự kiến", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Lớp bồi dưỡng"
        verbose_name_plural = "Lớp bồi dưỡng"
        ordering = ["-starts_on", "id"]
        indexes = [models.Index(fields=["organizer", "ends_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_dates_order"),
        ]

    def __str__(self) -> str:
        return self.name


class Result(models.TextChoices):
    PENDING = "", "Chưa có kết quả"
    PASSED = "passed", "Đạt"
    FAILED = "failed", "Không đạt"


class Enrollment(models.Model):
    """A candidate or a member in a course, with attendance, result and certificate."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrollments")
    candidate = models.ForeignKey(
        Candidate, null=True, blank=True, on_delete=models.PROTECT, related_name="enrollments"
    )
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField("Tham gia đầy đủ", default=False)
    result = models.CharField("Kết quả", max_length=8, choices=Result.choices, blank=True, default=Result.PENDING)
    certificate_number = models.CharField("Số giấy chứng nhận", max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Học viên"
        verbose_name_plural = "Học viên"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(candidate__isnull=False) & models.Q(member__isnull=True))
                | (models.Q(candidate__isnull=True) & models.Q(member__isnull=False)),
                name="enrollment_one_person",
            ),
            models.UniqueConstraint(fields=["course", "candidate"], name="enrollment_unique_candidate"),
            models.UniqueConstraint(fields=["course", "member"], name="enrollment_unique_member"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.candidate_id or self.member_id}"
