"""Members: MemberEvent rows are the dated facts; MembershipSpan and the Member row's status fields are
projections rebuilt from them (services/projection.py)."""

from django.conf import settings
from django.db import models

from dangvu.orgs.models import Organization

from .storage import member_photo_storage


class Sex(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    FULL = "full", "Chính thức"


class TheoryLevel(models.TextChoices):
    NONE = "", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Sơ cấp"
    INTERMEDIATE = "intermediate", "Trung cấp"
    ADVANCED = "advanced", "Cao cấp"
    BACHELOR = "bachelor", "Cử nhân"


class EventKind(models.TextChoices):
    ADMITTED = "admitted", "Kết nạp"
    JOINED = "joined", "Chuyển đến từ ngoài hệ thống"
    RECOGNISED_FULL = "recognised_full", "Công nhận đảng viên chính thức"
    TRANSFERRED = "transferred", "Chuyển sinh hoạt đảng"
    TEMPORARY_ENDED = "temporary_ended", "Kết thúc sinh hoạt tạm thời"
    TRANSFERRED_OUT = "transferred_out", "Chuyển sinh hoạt ra ngoài"
    STRUCK_OFF = "struck_off", "Xóa tên"
    EXPELLED = "expelled", "Khai trừ"
    RELEASED = "released", "Cho ra khỏi Đảng"
    DECEASED = "deceased", "Từ trần"
    REINSTATED = "reinstated", "Phục hồi đảng tịch"
    READMITTED = "readmitted", "Kết nạp lại"
    EXEMPTED = "exempted", "Miễn công tác và sinh hoạt đảng"
    EXEMPTION_ENDED = "exemption_ended", "Thôi miễn sinh hoạt"
    ORG_MERGED = "org_merged", "Theo tổ chức sáp nhập"
    ORG_SPLIT = "org_split", "Theo tổ chức chia tách"


ENDING_KINDS = {
    EventKind.TRANSFERRED_OUT, EventKind.STRUCK_OFF, EventKind.EXPELLED, EventKind.RELEASED, EventKind.DECEASED,
}
RETURN_KINDS = {EventKind.REINSTATED, EventKind.READMITTED}


class SpanEdge(models.TextChoices):
    """How a membership span starts or ends; flows of a subtree are counted from these."""

    ADMITTED = "admitted", "Kết nạp"
    TRANSFERRED_IN = "transferred_in", "Chuyển đến"
    REINSTATED = "reinstated", "Phục hồi đảng tịch"
    READMITTED = "readmitted", "Kết nạp lại"
    MOVED = "moved", "Chuyển trong hệ thống"
    RESTRUCTURED = "restructured", "Theo sắp xếp tổ chức"
    TRANSFERRED_OUT = "transferred_out", "Chuyển đi"
    STRUCK_OFF = "struck_off", "Xóa tên"
    EXPELLED = "expelled", "Khai trừ"
    RELEASED = "released", "Cho ra khỏi Đảng"
    DECEASED = "deceased", "Từ trần"


class Member(models.Model):
    # Identity and record (1-HSĐV, 2-HSĐV)
    full_name = models.CharField("Họ và tên", max_length=128)
    other_name = models.CharField("Tên gọi khác", max_length=128, blank=True)
    sex = models.CharField("Giới tính", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("Ngày sinh")
    birthplace = models.CharField("Nơi sinh", max_length=255, blank=True)
    home_town = models.CharField("Quê quán", max_length=255, blank=True)
    ethnic_group = models.CharField("Dân tộc", max_length=64, default="Kinh")
    religion = models.CharField("Tôn giáo", max_length=64, blank=True, default="Không")
    citizen_id = models.CharField("Số CCCD", max_length=12, null=True, blank=True, unique=True)
    phone = models.CharField("Điện thoại", max_length=20, blank=True)
    address = models.CharField("Nơi ở hiện nay", max_length=255, blank=True)
    education = models.CharField("Giáo dục phổ thông", max_length=16, blank=True, default="12/12")
    qualification = models.CharField("Chuyên môn, nghiệp vụ", max_length=128, blank=True)
    theory_level = models.CharField(
        "Lý luận chính trị", max_length=16, choices=TheoryLevel.choices, blank=True, default=TheoryLevel.NONE
    )
    occupation = models.CharField("Nghề nghiệp, chức vụ", max_length=255, blank=True)
    card_number = models.CharField("Số thẻ đảng viên", max_length=16, null=True, blank=True, unique=True)
    # Ảnh 3x4 of the profile (members.photos checks size and type); a replaced photo's file is kept.
    photo = models.FileField("Ảnh", storage=member_photo_storage, upload_to="photos/%Y/", blank=True, max_length=255)
    admitted_on = models.DateField("Ngày quyết định kết nạp")
    ceremony_on = models.DateField("Ngày vào Đảng (lễ kết nạp)", null=True, blank=True)
    full_on = models.DateField("Ngày chính thức", null=True, blank=True)

    # Projection of the member's events (services/projection.py), never written by hand.
    organization = models.ForeignKey(
        Organization, verbose_name="Chi bộ sinh hoạt", on_delete=models.PROTECT, related_name="members"
    )
    status = models.CharField(
        "Loại đảng viên", max_length=16, choices=MemberStatus.choices, default=MemberStatus.PROBATIONARY
    )
    left_on = models.DateField("Ngày ra khỏi danh sách", null=True, blank=True)
    left_kind = models.CharField("Lý do", max_length=20, choices=EventKind.choices, blank=True)
    exempted = models.BooleanField("Miễn sinh hoạt", default=False)
    temporary_organization = models.ForeignKey(
        Organization, verbose_name="Sinh hoạt tạm thời tại", null=True, blank=True, on_delete=models.PROTECT,
        related_name="temporary_members",
    )

    search_key = models.CharField(max_length=128, db_index=True, editable=False)
    sort_key = models.CharField(max_length=600, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Đảng viên"
        verbose_name_plural = "Đảng viên"
        ordering = ["sort_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(citizen_id__isnull=True) | models.Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="member_citizen_id_12_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class MemberEvent(models.Model):
    """A dated fact of a member's life in the party. Wrong events are voided, never deleted."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("Loại sự kiện", max_length=20, choices=EventKind.choices)
    effective_on = models.DateField("Ngày hiệu lực")
    organization = models.ForeignKey(
        Organization, verbose_name="Tổ chức", on_delete=models.PROTECT, related_name="+", null=True
    )
    to_organization = models.ForeignKey(
        Organization, verbose_name="Đến tổ chức", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    temporary = models.BooleanField("Tạm thời", default=False)
    # A temporary transfer's planned end and purpose (Quy định 294-QĐ/TW: work 3 months to under 1 year, full-time
    # study 3 months to 2 years); null for other events and for temporary transfers recorded before issue 11.
    temporary_until = models.DateField("Sinh hoạt tạm thời đến ngày", null=True, blank=True)
    temporary_purpose = models.CharField(
        "Lý do sinh hoạt tạm thời", max_length=8, blank=True,
        choices=[("work", "Công tác, lao động"), ("study", "Học tập tập trung")],
    )
    destination = models.CharField("Nơi chuyển đến (ngoài hệ thống)", max_length=255, blank=True)
    document = models.CharField("Văn bản quyết định", max_length=64, blank=True)
    note = models.TextField("Ghi chú", blank=True)
    org_event = models.ForeignKey(
        "orgs.OrgEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="member_events"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voided_at = models.DateTimeField("Hủy lúc", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_reason = models.CharField("Lý do hủy", max_length=255, blank=True)

    class Meta:
        verbose_name = "Sự kiện đảng viên"
        verbose_name_plural = "Sự kiện đảng viên"
        ordering = ["effective_on", "id"]
        indexes = [
            models.Index(fields=["member", "effective_on"]),
            models.Index(fields=["kind", "effective_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.member} ({self.effective_on:%d/%m/%Y})"


class MembershipSpan(models.Model):
    """`member` belonged to `organization` on [valid_from, valid_to). Derived from MemberEvent."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="spans")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="membership_spans")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True)
    start_kind = models.CharField(max_length=16, choices=SpanEdge.choices)
    end_kind = models.CharField(max_length=16, choices=SpanEdge.choices, blank=True)
    # Full member from this date inside the span (recognition, possibly before the span began); probationary
    # before it or when null. The one source of "status on D" (members.selectors.status_on and full_q).
    full_from = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            # PostgreSQL answers "who was in these organisations on D, with which status" from the index alone
            # (ARCHITECTURE.md, storage for dated facts); SQLite builds it without the included columns.
            models.Index(
                fields=["organization", "valid_from", "valid_to"], include=["member", "full_from"],
                name="span_org_dates_covering",
            ),
            models.Index(fields=["member", "valid_from"]),
            models.Index(fields=["valid_from"]),
            models.Index(fields=["valid_to"]),
            # Recognitions in a period (members.snapshots.national_flow around whole months).
            models.Index(fields=["full_from"], name="span_full_from"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.organization_id} [{self.valid_from}, {self.valid_to or '…'})"


class MonthEndHeadcount(models.Model):
    """Members of one organisation itself (not its subtree) at the end of a month's last day, full and
    probationary. Derived from MembershipSpan by members/snapshots.py for whole-tree and national figures."""

    month_end = models.DateField()
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    # The root of the organisation's path on month_end (its province in a national database): history keeps the
    # root of its date after a later restructuring. No foreign key (millions of COPYed rows; the organisation's
    # own key already holds), null only if the organisation had no path that day.
    root = models.ForeignKey(Organization, on_delete=models.DO_NOTHING, related_name="+", null=True,
                             db_constraint=False, db_index=False)
    full = models.PositiveIntegerField(default=0)
    probationary = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month_end", "organization"], name="month_end_headcount_unique"),
        ]
        indexes = [  # headcount by province of one month end: an index-only scan on PostgreSQL
            models.Index(fields=["month_end", "root"], include=["full", "probationary"],
                         name="month_end_headcount_root"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}@{self.month_end}: {self.full}+{self.probationary}"


class MonthEndFlow(models.Model):
    """Flows of one organisation itself during a month (the row is dated by the month's last day): members admitted,
    transferred in or out, left by reason, recognised full… (`kind` is a report kind of reports.selectors, or
    "recognised"). For a move, `shared` is how many leading path segments the two organisations had in common on the
    move's dates: the move is internal to a subtree whose path has at most that many segments; −1 for every other
    flow. Derived from MembershipSpan by members/snapshots.py, in the same sweep as MonthEndHeadcount."""

    month_end = models.DateField()
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    shared = models.SmallIntegerField(default=-1)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month_end", "organization", "kind", "shared"],
                                    name="month_end_flow_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}@{self.month_end}: {self.kind}/{self.shared} {self.count}"


class SnapshotWatermark(models.Model):
    """One row: month-end snapshots are exact for every month end up to `clean_through`. A membership change
    effective on D lowers it to the day before D; a refresh recomputes what lies after it."""

    clean_through = models.DateField(null=True, blank=True)
    # While a refresh writes month ends one transaction at a time: the last month end it may still write. A change
    # effective on D lowers it too, so the refresh stops before a month end its sweep read too early.
    refreshing_through = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"snapshots exact through {self.clean_through}"


class BadgeAward(models.Model):
    """A party badge (Huy hiệu Đảng) of `years` presented to a member on an occasion (members/badges.py).
    Early (serious illness) and posthumous awards are marked; a wrong award is voided, never deleted."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="badges")
    years = models.PositiveSmallIntegerField("Huy hiệu (năm tuổi đảng)")
    occasion_on = models.DateField("Đợt trao")
    awarded_on = models.DateField("Ngày trao")
    document = models.CharField("Quyết định", max_length=64)
    party_age = models.PositiveSmallIntegerField("Tuổi đảng vào đợt trao")
    early = models.BooleanField("Trao sớm (ốm đau nặng)", default=False)
    posthumous = models.BooleanField("Truy tặng", default=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voided_at = models.DateTimeField("Hủy lúc", null=True, blank=True)
    void_reason = models.CharField("Lý do hủy", max_length=255, blank=True)

    class Meta:
        verbose_name = "Huy hiệu Đảng"
        verbose_name_plural = "Huy hiệu Đảng"
        ordering = ["-awarded_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "years"], condition=models.Q(voided_at__isnull=True), name="badge_once_per_milestone"
            ),
        ]
        indexes = [models.Index(fields=["awarded_on"]), models.Index(fields=["occasion_on"])]

    def __str__(self) -> str:
        return f"Huy hiệu {self.years} năm tuổi Đảng — {self.member_id} ({self.awarded_on:%d/%m/%Y})"


# A transfer letter number's length: the model, rules.check_letter, the forms and the API take it from here.
LETTER_NUMBER_MAX_LENGTH = 32


class TransferLetter(models.Model):
    """Giấy giới thiệu sinh hoạt đảng (Quy định 294-QĐ/TW) issued with a transfer event: its number and date, the
    sending and the receiving committee. The member presents it to the receiving committee within 30 working days
    (members.rules.presentation_deadline); `presented_on` records that day. The transfer itself (the membership
    span) takes effect on the event's date; the letter does not move the member again."""

    event = models.OneToOneField(MemberEvent, on_delete=models.PROTECT, related_name="letter")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfer_letters")
    number = models.CharField("Số giấy giới thiệu", max_length=LETTER_NUMBER_MAX_LENGTH)
    issued_on = models.DateField("Ngày cấp giấy giới thiệu")
    sending_committee = models.ForeignKey(
        Organization, verbose_name="Cấp ủy giới thiệu đi", on_delete=models.PROTECT, related_name="+"
    )
    receiving_committee = models.ForeignKey(
        Organization, verbose_name="Cấp ủy nơi đến", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    receiving_name = models.CharField("Cấp ủy nơi đến (ngoài hệ thống)", max_length=255, blank=True)
    presented_on = models.DateField("Ngày nộp giấy giới thiệu tại nơi đến", null=True, blank=True)
    presented_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "Giấy giới thiệu sinh hoạt đảng"
        verbose_name_plural = "Giấy giới thiệu sinh hoạt đảng"
        ordering = ["issued_on", "id"]
        indexes = [models.Index(fields=["presented_on", "issued_on"])]

    def __str__(self) -> str:
        return f"Giấy giới thiệu {self.number} ({self.issued_on:%d/%m/%Y}) — {self.member_id}"


class FamilyRelationKind(models.TextChoices):
    """The relatives the profile (1-HSĐV, «Hoàn cảnh gia đình») asks about, in its order."""

    FATHER = "father", "Cha đẻ"
    MOTHER = "mother", "Mẹ đẻ"
    SPOUSE_FATHER = "spouse_father", "Cha vợ (chồng)"
    SPOUSE_MOTHER = "spouse_mother", "Mẹ vợ (chồng)"
    SPOUSE = "spouse", "Vợ (chồng)"
    CHILD = "child", "Con"
    SIBLING = "sibling", "Anh, chị, em ruột"
    OTHER = "other", "Người thân khác"


class FamilyRelation(models.Model):
    """One relative of a member as the profile lists them: relation, name, birth year, occupation and political
    attitude. Written by members.services.family (audited); a removed relative keeps its row (removed_at)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="family")
    relation = models.CharField("Quan hệ", max_length=16, choices=FamilyRelationKind.choices)
    full_name = models.CharField("Họ và tên", max_length=128)
    birth_year = models.PositiveSmallIntegerField("Năm sinh", null=True, blank=True)
    occupation = models.CharField("Nghề nghiệp, nơi làm việc", max_length=255, blank=True)
    political_attitude = models.CharField("Lịch sử, thái độ chính trị", max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField("Xóa lúc", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removed_reason = models.CharField("Lý do xóa", max_length=255, blank=True)

    class Meta:
        verbose_name = "Quan hệ gia đình"
        verbose_name_plural = "Quan hệ gia đình"
        ordering = ["member", "id"]
        indexes = [models.Index(fields=["member", "removed_at"])]

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.full_name}"

    @property
    def profile_order(self) -> tuple[int, int, int]:
        """Where the relative stands on the profile: the form's order of relations (parents, spouse's parents,
        spouse, children, siblings), then birth year, then as recorded."""
        return (_RELATION_ORDER.get(self.relation, 99), self.birth_year or 9999, self.pk or 0)


_RELATION_ORDER = {k: i for i, k in enumerate(FamilyRelationKind.values)}
