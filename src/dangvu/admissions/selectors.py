"""Reads on admission work: scoped to the user, as of a date, fixed query counts."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet

from dangvu.core.dates import full_years_between
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.text import search_key
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan, MemberStatus, Sex
from dangvu.members.selectors import (
    full_q,
    probation_start,
    probationary_q,
    readmitted_on_expr,
    spans_in_subtree_on,
)
from dangvu.orgs.models import Organization, Sector
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import ever_in_subtree, in_subtree_then, names_on, path_on

from .models import OPEN_STAGES, Candidate, CandidateStep, Course, CourseKind, Enrollment, OwnerRole, Result, Stage
from .rules import probation_due_on, recognition_grace_days

PAGE_SIZE = 50


def _subtree_ids(org: Organization) -> QuerySet:
    """Organisations ever under `org` (candidates and courses of lists belong to the subtree whenever it held
    them; figures use the subtree on the row's own date instead)."""
    return ever_in_subtree(org.pk)


def _visible(user: Any, org: Organization) -> None:
    if not scope_of(user).sees(org.pk):
        raise NotVisible


@dataclass
class Page:
    count: int
    page: int
    items: list[Any] = field(default_factory=list)
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


OPEN = "open"  # the candidate list's default: candidates still under consideration


def candidates_of(
    user: Any, org: Organization, *, stage: str | None = None, q: str = "", ids: list[int] | None = None,
    page: int = 1,
) -> Page:
    """Candidates proposed by `org`'s subtree, in Vietnamese name order, one page (2 queries); `stage` "open"
    keeps those still under consideration (neither admitted nor withdrawn)."""
    _visible(user, org)
    if stage and stage != OPEN and stage not in Stage.values:
        raise DomainError(f"Giai đoạn '{stage}' không hợp lệ.", field="stage", rule="choices")
    if page < 1:
        raise DomainError("Số trang phải từ 1 trở lên.", field="page", rule="min_value")
    qs = Candidate.objects.filter(organization_id__in=_subtree_ids(org))
    if stage == OPEN:
        qs = qs.filter(stage__in=OPEN_STAGES)
    elif stage:
        qs = qs.filter(stage=stage)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    key = search_key(q or "")
    if key:
        qs = qs.filter(search_key__contains=key)
    count = qs.count()
    qs = qs.select_related("organization").order_by("sort_key", "id")
    items = list(qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    return Page(count, page, items)


def candidate_get(user: Any, candidate_id: int) -> Candidate:
    try:
        c = Candidate.objects.select_related("organization", "referred_by_org", "member").get(pk=candidate_id)
    except (Candidate.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
    if not scope_of(user).sees(c.organization_id):
        raise NotVisible
    return c


def candidate_steps(candidate: Candidate) -> list[CandidateStep]:
    return list(candidate.steps.order_by("effective_on", "id"))


def candidate_enrollments(candidate: Candidate) -> list[Enrollment]:
    return list(candidate.enrollments.select_related("course").order_by("course__starts_on", "id"))


def courses_of(
    user: Any, org: Organization, *, kind: str | None = None, start: date | None = None, end: date | None = None,
    ids: list[int] | None = None, page: int = 1,
) -> Page:
    """Courses organised within `org`'s subtree, newest first, with participant counts (2 queries)."""
    _visible(user, org)
    if kind and kind not in CourseKind.values:
        raise DomainError(f"Loại lớp '{kind}' không hợp lệ.", field="kind", rule="choices")
    if page < 1:
        raise DomainError("Số trang phải từ 1 trở lên.", field="page", rule="min_value")
    qs = Course.objects.filter(organizer_id__in=_subtree_ids(org))
    if kind:
        qs = qs.filter(kind=kind)
    if start:
        qs = qs.filter(ends_on__gte=start)
    if end:
        qs = qs.filter(ends_on__lte=end)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    count = qs.count()
    items = list(
        qs.select_related("organizer")
        .annotate(
            participants=Count("enrollments"), passed=Count("enrollments", filter=Q(enrollments__result="passed"))
        )
        .order_by("-starts_on", "-id")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    )
    return Page(count, page, items)


def course_get(user: Any, course_id: int) -> Course:
    try:
        c = Course.objects.select_related("organizer").get(pk=course_id)
    except (Course.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
    if not scope_of(user).sees(c.organizer_id):
        raise NotVisible
    return c


@dataclass
class RegisterRow:
    enrollment: Enrollment
    full_name: str
    sex: str
    birth_date: date
    organization_name: str


def course_register(course: Course) -> list[RegisterRow]:
    """The course's register in name order (1 query)."""
    rows = []
    for e in Enrollment.objects.filter(course=course).select_related(
        "candidate__organization", "member__organization"
    ):
        p: Any = e.candidate or e.member
        rows.append(RegisterRow(e, p.full_name, p.sex, p.birth_date, p.organization.name))
    rows.sort(key=lambda r: (getattr(r.enrollment.candidate or r.enrollment.member, "sort_key", ""), r.enrollment.pk))
    return rows


# ---------------------------------------------------------------- enrolment pools

ENROLLABLE_STAGES = [Stage.PROPOSED, Stage.IN_COURSE]


def _check_range(start: date | None, end: date | None, field_name: str) -> None:
    if start and end and end < start:
        raise DomainError("Ngày \"đến\" trước ngày \"từ\" trong bộ lọc.", field=field_name, rule="period_order")


def enrollable_members(
    user: Any, course: Course, org: Organization, *, on: date, status: str | None = MemberStatus.PROBATIONARY,
    admitted_from: date | None = None, admitted_to: date | None = None, q: str = "", page: int = 1,
) -> Page:
    """Members of `org`'s subtree on `on` (still in the Party) not yet in `course`, filtered by status, admission
    date and unaccented name, in Vietnamese name order, one page. 3 queries whatever the page size."""
    _visible(user, org)
    if status and status not in MemberStatus.values:
        raise DomainError(f"Loại đảng viên '{status}' không hợp lệ.", field="status", rule="choices")
    _check_range(admitted_from, admitted_to, "admitted_to")
    if page < 1:
        raise DomainError("Số trang phải từ 1 trở lên.", field="page", rule="min_value")
    path = path_on(org.pk, on)
    if path is None:
        return Page(0, page, [])
    spans = spans_in_subtree_on(path, on)
    if status:
        spans = spans.filter(full_q(on) if status == MemberStatus.FULL else probationary_q(on))
    qs = Member.objects.filter(pk__in=spans.values("member_id"), left_on__isnull=True).exclude(
        pk__in=Enrollment.objects.filter(course=course, member__isnull=False).values("member_id")
    )
    if admitted_from:
        qs = qs.filter(admitted_on__gte=admitted_from)
    if admitted_to:
        qs = qs.filter(admitted_on__lte=admitted_to)
    key = search_key(q or "")
    if key:
        qs = qs.filter(search_key__contains=key)
    count = qs.count()
    items = list(
        qs.select_related("organization").order_by("sort_key", "id")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    )
    return Page(count, page, items)


def enrollable_candidates(
    user: Any, course: Course, org: Organization, *, stage: str | None = None, proposed_from: date | None = None,
    proposed_to: date | None = None, q: str = "", page: int = 1,
) -> Page:
    """Candidates of `org`'s subtree who may join an awareness course (proposed or in course) and are not yet in
    `course`, filtered by stage, proposal date and unaccented name, one page. 2 queries."""
    _visible(user, org)
    if stage and stage not in ENROLLABLE_STAGES:
        raise DomainError(f"Giai đoạn '{stage}' không hợp lệ.", field="stage", rule="choices")
    _check_range(proposed_from, proposed_to, "proposed_to")
    if page < 1:
        raise DomainError("Số trang phải từ 1 trở lên.", field="page", rule="min_value")
    qs = Candidate.objects.filter(
        organization_id__in=_subtree_ids(org), stage__in=[stage] if stage else ENROLLABLE_STAGES
    ).exclude(pk__in=Enrollment.objects.filter(course=course, candidate__isnull=False).values("candidate_id"))
    if proposed_from:
        qs = qs.filter(proposed_on__gte=proposed_from)
    if proposed_to:
        qs = qs.filter(proposed_on__lte=proposed_to)
    key = search_key(q or "")
    if key:
        qs = qs.filter(search_key__contains=key)
    count = qs.count()
    items = list(
        qs.select_related("organization").order_by("sort_key", "id")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    )
    return Page(count, page, items)


# ---------------------------------------------------------------- probation

WHICH = ("upcoming", "due", "overdue")


@dataclass
class ProbationRow:
    member: Member
    organization_name: str
    start: date
    due_on: date
    days: int  # due_on − on (negative: overdue by that many days)
    which: str
    course_status: str  # new-member course: "passed" / "failed" / "enrolled" / ""
    organization_id: int | None = None


def _probation_rows(path: str, on: date) -> list[tuple[Member, date]]:
    """Members probationary on `on` (members.selectors.probationary_q, the one definition) with the day their
    probation began: the ceremony (else the decision) of the admission, or the latest readmission."""
    members = Member.objects.filter(
        pk__in=spans_in_subtree_on(path, on).filter(probationary_q(on)).values("member_id")
    ).annotate(readmitted_on=readmitted_on_expr(on))
    return [(m, probation_start(m, m.readmitted_on)) for m in members]  # type: ignore[attr-defined]


def probation_due(
    user: Any, org: Organization, *, on: date, within_days: int = 30, which: str | None = None,
) -> list[ProbationRow]:
    """Probationary members of the subtree on `on` whose 12 months end within `within_days` ("upcoming"),
    have ended within the recognition grace ("due"), or longer ago ("overdue"); earliest due first. 4 queries."""
    _visible(user, org)
    if within_days < 0 or within_days > 3660:
        raise DomainError("Số ngày phải từ 0 đến 3660.", field="within_days", rule="min_value")
    if which and which not in WHICH:
        raise DomainError(f"Nhóm '{which}' không hợp lệ.", field="which", rule="choices")
    path = path_on(org.pk, on)
    if path is None:
        return []
    grace = recognition_grace_days()
    pairs = _probation_rows(path, on)
    rows: list[ProbationRow] = []
    for m, start in pairs:
        due = probation_due_on(start)
        days = (due - on).days
        if days > within_days:
            continue
        kind = "upcoming" if days > 0 else ("due" if -days <= grace else "overdue")
        if which and kind != which:
            continue
        rows.append(ProbationRow(m, "", start, due, days, kind, ""))
    ids = [r.member.pk for r in rows]
    org_by_member = dict(
        MembershipSpan.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=on), valid_from__lte=on, member_id__in=ids
        ).values_list("member_id", "organization_id")
    )
    names = names_on(list(set(org_by_member.values())), on)
    status: dict[int, str] = {}
    for member_id, result in Enrollment.objects.filter(
        member_id__in=ids, course__kind=CourseKind.NEW_MEMBER
    ).order_by("course__ends_on", "id").values_list("member_id", "result"):
        if status.get(member_id) != Result.PASSED:
            status[member_id] = result or "enrolled"
    for r in rows:
        r.organization_id = org_by_member.get(r.member.pk)
        r.organization_name = names.get(r.organization_id or 0, "")
        r.course_status = status.get(r.member.pk, "")
    rows.sort(key=lambda r: (r.due_on, r.member.sort_key))
    return rows


NEW_MEMBER_COURSE_DOCUMENT = "Hướng dẫn 12-HD/BTCTW (2022) về nghiệp vụ công tác đảng viên"


def recognition_warnings(member: Member, on: date) -> list[str]:
    """A warning, never a refusal, when a member recognised as full member on `on` has not passed the new-member
    course (lớp bồi dưỡng lý luận chính trị cho đảng viên mới) ending on or before that day. Registered as the
    "recognition_warnings" hook (core.hooks) so the members app's form and API show it. 1 query."""
    passed = Enrollment.objects.filter(
        member=member, course__kind=CourseKind.NEW_MEMBER, result=Result.PASSED, course__ends_on__lte=on
    ).exists()
    if passed:
        return []
    return [
        f"Cảnh báo (new_member_course): {member.full_name} chưa có giấy chứng nhận đạt lớp bồi dưỡng lý luận chính "
        f"trị cho đảng viên mới trước ngày công nhận {on:%d/%m/%Y}; hồ sơ công nhận chính thức cần giấy này "
        f"({NEW_MEMBER_COURSE_DOCUMENT}). Việc công nhận vẫn được ghi."
    ]


COURSE_STATUS_LABELS = {
    "passed": "Đã học, đạt", "failed": "Đã học, không đạt", "enrolled": "Đang học", "": "Chưa học",
}


# ---------------------------------------------------------------- figures


@dataclass
class Figures:
    start: date
    end: date
    courses: dict[str, list[int]]  # kind → course ids
    participants: dict[str, int]  # kind → enrollments
    stages: dict[str, int]  # stage → candidates (today's stage)
    admissions: dict[str, list[int]]  # key → member ids
    recognitions: dict[str, list[int]]  # "on_time" / "late" → member ids

    @property
    def admitted(self) -> int:
        return len(self.admissions["all"])


ADMISSION_KEYS = {
    "all": "Tổng số kết nạp",
    "women": "Nữ",
    "under_30": "Dưới 30 tuổi",
    "ethnic_minority": "Dân tộc thiểu số",
    "private": "Trong doanh nghiệp tư nhân",
    "fdi": "Trong doanh nghiệp FDI",
    "owners": "Chủ doanh nghiệp",
    **{f"sector_{s.value}": s.label for s in Sector},
}
RECOGNITION_KEYS = {"on_time": "Công nhận chính thức đúng hạn", "late": "Công nhận chính thức chậm"}


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise DomainError("Ngày kết thúc kỳ trước ngày bắt đầu.", field="to", rule="period_order")
    if start < date(1930, 2, 3):
        raise DomainError("Kỳ báo cáo bắt đầu từ 03/02/1930 trở về sau.", field="from", rule="period_start")


def _admission_events(org: Organization, start: date, end: date) -> QuerySet[MemberEvent]:
    """What counts as an admission of the subtree in the period (both ends included): the admission events not
    voided, each in the subtree it lay in on its own date (issue 11: later restructuring changes nothing)."""
    return MemberEvent.objects.filter(
        kind=EventKind.ADMITTED, voided_at__isnull=True, effective_on__gte=start, effective_on__lte=end
    ).filter(in_subtree_then(org.pk, "organization_id", "effective_on"))


def admissions_count(user: Any, org: Organization, *, start: date, end: date) -> int:
    """admission_figures(...).admitted alone, in one COUNT query (the targets' indicator, the dashboard)."""
    _visible(user, org)
    _check_period(start, end)
    return _admission_events(org, start, end).count()


def admission_figures(user: Any, org: Organization, *, start: date, end: date) -> Figures:
    """Courses, candidates by stage, admissions (by sector, ownership, owners, women, under 30, minorities) and
    recognitions on time / late for the subtree and period (both ends included). 5 queries."""
    _visible(user, org)
    _check_period(start, end)
    courses: dict[str, list[int]] = {k: [] for k in CourseKind.values}
    participants: dict[str, int] = dict.fromkeys(CourseKind.values, 0)
    for cid, kind, n in (
        Course.objects.filter(ends_on__gte=start, ends_on__lte=end)
        .filter(in_subtree_then(org.pk, "organizer_id", "ends_on"))
        .annotate(n=Count("enrollments"))
        .values_list("id", "kind", "n")
    ):
        courses[kind].append(cid)
        participants[kind] += n
    stages = dict.fromkeys(Stage.values, 0)
    for st, n in (
        Candidate.objects.filter(organization_id__in=_subtree_ids(org))
        .values("stage").annotate(n=Count("id")).values_list("stage", "n")
    ):
        stages[st] = n
    admissions: dict[str, list[int]] = {k: [] for k in ADMISSION_KEYS}
    recognitions: dict[str, list[int]] = {k: [] for k in RECOGNITION_KEYS}
    events = list(_admission_events(org, start, end).select_related("member", "organization"))
    cand: dict[int, str] = {}
    owners: set[int] = set()
    for member_id, ownership, role in Candidate.objects.filter(
        member_id__in=[e.member_id for e in events]
    ).values_list("member_id", "enterprise_ownership", "owner_role"):
        cand[member_id] = ownership
        if role == OwnerRole.OWNER:
            owners.add(member_id)
    for e in events:
        m = e.member
        keys = ["all", f"sector_{getattr(e.organization, 'sector', 'other')}"]
        if m.sex == Sex.FEMALE:
            keys.append("women")
        if full_years_between(m.birth_date, e.effective_on) < 30:
            keys.append("under_30")
        if (m.ethnic_group or "Kinh").strip().lower() != "kinh":
            keys.append("ethnic_minority")
        if cand.get(m.pk) in ("private", "fdi"):
            keys.append(str(cand[m.pk]))
        if m.pk in owners:
            keys.append("owners")
        for k in keys:
            admissions[k].append(m.pk)
    grace = recognition_grace_days()
    for e in (
        MemberEvent.objects.filter(
            kind=EventKind.RECOGNISED_FULL, voided_at__isnull=True, effective_on__gte=start, effective_on__lte=end
        )
        .filter(in_subtree_then(org.pk, "organization_id", "effective_on"))
        .select_related("member")
        .annotate(readmitted_on=readmitted_on_expr(OuterRef("effective_on"), "member_id"))
    ):
        m = e.member
        # The probation this recognition ends began at the latest readmission before it, if any.
        start_on = probation_start(m, e.readmitted_on)  # type: ignore[attr-defined]
        late = e.effective_on > probation_due_on(start_on) + timedelta(days=grace)
        recognitions["late" if late else "on_time"].append(m.pk)
    return Figures(start, end, courses, participants, stages, admissions, recognitions)


def members_by_ids(ids: list[int]) -> list[Member]:
    return list(Member.objects.filter(pk__in=ids).select_related("organization").order_by("sort_key", "id"))
