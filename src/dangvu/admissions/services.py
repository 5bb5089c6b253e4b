"""Writes on admission work: candidates, courses, enrollments and results, admission, bulk recognition.
One transaction each, scope first, rules that refuse with a Vietnamese message naming the rule, audited."""

import re
from datetime import date
from typing import Any

from django.db import transaction

from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError
from dangvu.core.text import name_sort_key, search_key
from dangvu.members.models import Member, MemberEvent, Sex
from dangvu.members.rules import check_cell, check_proposal_age
from dangvu.members.services import member_recognise_full, member_record
from dangvu.orgs.models import Organization
from dangvu.orgs.rules import check_active_on, check_not_future
from dangvu.orgs.scope import require

from .models import (
    OPEN_STAGES,
    Candidate,
    CandidateStep,
    Course,
    CourseKind,
    Enrollment,
    OwnerRole,
    Ownership,
    Result,
    Stage,
)
from .rules import check_candidate_unique, check_ceremony_on_time, check_certificate, check_not_member, check_open

# Hướng dẫn 36-HD/VPTW: "số-LOẠI/CƠ QUAN", e.g. 1234-QĐ/ĐUK.
DOCUMENT_RE = re.compile(r"^[0-9]+-[A-Za-zĐđ]+/[A-Za-zĐđ0-9-]+$")
CANDIDATE_TEXT = {
    "ethnic_group": 64, "religion": 64, "home_town": 255, "phone": 20, "address": 255, "education": 16,
    "qualification": 128, "occupation": 255, "workplace": 255, "enterprise_name": 255, "referred_by_other": 255,
}


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def check_document(value: str, field: str = "decision") -> str:
    value = (value or "").strip()
    if not DOCUMENT_RE.match(value):
        raise DomainError(
            f"Số quyết định '{value}' không đúng dạng số-LOẠI/CƠ QUAN, ví dụ 1234-QĐ/ĐUK (Hướng dẫn 36-HD/VPTW).",
            field=field, rule="document_number",
        )
    return value


def _step(actor: Any, candidate: Candidate, stage: str, on: date, note: str = "") -> CandidateStep:
    candidate.stage = stage
    candidate.stage_on = on
    return CandidateStep.objects.create(
        candidate=candidate, stage=stage, effective_on=on, note=note[:255], recorded_by=_actor(actor)
    )


def _citizen_id(value: str | None) -> str | None:
    value = (value or "").strip() or None
    if value is not None and not re.fullmatch(r"[0-9]{12}", value):
        raise DomainError("Số CCCD phải gồm đúng 12 chữ số.", field="citizen_id", rule="citizen_id_format")
    return value


@transaction.atomic
def candidate_record(
    *, actor: Any, organization: Organization, full_name: str, sex: str, birth_date: date, proposed_on: date,
    citizen_id: str | None = None, enterprise_ownership: str = "", owner_role: str = "",
    referred_by_org: Organization | None = None, **text: Any,
) -> Candidate:
    """Record an outstanding person proposed by a cell, and the step 'proposed' on `proposed_on`."""
    require(actor, "record_member", organization)
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise DomainError("Họ và tên không được để trống.", field="full_name", rule="required")
    if len(full_name) > 128:
        raise DomainError("Họ và tên dài quá 128 ký tự.", field="full_name", rule="max_length")
    if sex not in Sex.values:
        raise DomainError("Giới tính phải là M (nam) hoặc F (nữ).", field="sex", rule="choices")
    check_not_future(birth_date, "birth_date")
    check_not_future(proposed_on, "effective_on")
    check_proposal_age(birth_date, proposed_on)
    check_cell(organization, proposed_on, "organization_id")
    if enterprise_ownership not in Ownership.values:
        raise DomainError("Loại hình doanh nghiệp không hợp lệ.", field="enterprise_ownership", rule="choices")
    if owner_role not in OwnerRole.values:
        raise DomainError("Vị trí trong doanh nghiệp không hợp lệ.", field="owner_role", rule="choices")
    unknown = set(text) - set(CANDIDATE_TEXT)
    if unknown:
        raise DomainError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    clean = {k: ("" if v is None else str(v).strip()) for k, v in text.items()}
    for k, v in clean.items():
        if len(v) > CANDIDATE_TEXT[k]:
            raise DomainError(f"Trường {k} dài quá {CANDIDATE_TEXT[k]} ký tự.", field=k, rule="max_length")
    if not clean.get("ethnic_group"):
        clean.pop("ethnic_group", None)
    citizen_id = _citizen_id(citizen_id)
    check_not_member(citizen_id)
    check_candidate_unique(citizen_id)
    if referred_by_org is not None:
        require(actor, "view", referred_by_org)
    candidate = Candidate(
        full_name=full_name, sex=sex, birth_date=birth_date, citizen_id=citizen_id, organization=organization,
        referred_by_org=referred_by_org, proposed_on=proposed_on, enterprise_ownership=enterprise_ownership,
        owner_role=owner_role, stage=Stage.PROPOSED, stage_on=proposed_on,
        search_key=search_key(full_name), sort_key=name_sort_key(full_name), **clean,
    )
    candidate.save()
    _step(actor, candidate, Stage.PROPOSED, proposed_on)
    audit(actor, "candidate_record", candidate)
    return candidate


def _last_step_on(candidate: Candidate) -> date:
    return candidate.stage_on


def _check_step_date(candidate: Candidate, on: date, field: str = "effective_on") -> None:
    check_not_future(on, field)
    if on < candidate.stage_on:
        raise DomainError(
            f"Ngày {format_date(on)} trước bước gần nhất của {candidate.full_name} "
            f"({format_date(candidate.stage_on)}).",
            field=field, rule="event_order",
        )


@transaction.atomic
def candidate_start_dossier(*, actor: Any, candidate: Candidate, on: date, note: str = "") -> Candidate:
    """The cell starts the admission dossier (after the awareness course was passed)."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    require(actor, "record_member", candidate.organization)
    check_open(candidate)
    if candidate.stage != Stage.COURSE_PASSED:
        raise DomainError(
            "Chỉ lập hồ sơ kết nạp sau khi quần chúng đã đạt lớp bồi dưỡng nhận thức về Đảng.",
            field="stage", rule="awareness_course_required",
        )
    _check_step_date(candidate, on)
    before = snapshot(candidate)
    _step(actor, candidate, Stage.DOSSIER, on, note)
    candidate.save()
    audit(actor, "candidate_start_dossier", candidate, before=before)
    return candidate


@transaction.atomic
def candidate_withdraw(*, actor: Any, candidate: Candidate, on: date, reason: str) -> Candidate:
    """Stop considering a candidate, with a reason (the record stays)."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    require(actor, "record_member", candidate.organization)
    check_open(candidate)
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError("Nhập lý do dừng xem xét kết nạp.", field="reason", rule="required")
    _check_step_date(candidate, on)
    before = snapshot(candidate)
    _step(actor, candidate, Stage.WITHDRAWN, on, reason)
    candidate.withdraw_reason = reason[:255]
    candidate.save()
    audit(actor, "candidate_withdraw", candidate, before=before)
    return candidate


@transaction.atomic
def course_create(
    *, actor: Any, organizer: Organization, kind: str, name: str, starts_on: date, ends_on: date,
    place: str = "", planned_participants: int = 0,
) -> Course:
    """Open a course organised by a committee (or cell) in the user's scope."""
    require(actor, "record_member", organizer)
    if kind not in CourseKind.values:
        raise DomainError("Loại lớp không hợp lệ.", field="kind", rule="choices")
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Tên lớp không được để trống.", field="name", rule="required")
    if len(name) > 255 or len(place or "") > 255:
        raise DomainError("Tên lớp hoặc địa điểm dài quá 255 ký tự.", field="name", rule="max_length")
    if ends_on < starts_on:
        raise DomainError(
            "Ngày bế giảng không được trước ngày khai giảng.", field="ends_on", rule="course_dates_order"
        )
    if planned_participants < 0 or planned_participants > 100000:
        raise DomainError("Số học viên dự kiến không hợp lệ.", field="planned_participants", rule="min_value")
    check_active_on(organizer, starts_on, "organizer_id")
    course = Course.objects.create(
        kind=kind, name=name, organizer=organizer, starts_on=starts_on, ends_on=ends_on,
        place=(place or "").strip(), planned_participants=planned_participants,
    )
    audit(actor, "course_create", course)
    return course


@transaction.atomic
def course_enroll(
    *, actor: Any, course: Course, candidates: list[Candidate] = (), members: list[Member] = (),  # type: ignore[assignment]
) -> list[Enrollment]:
    """Enrol candidates (awareness course) or members (other courses) in bulk; all or none."""
    require(actor, "record_member", course.organizer)
    if not candidates and not members:
        raise DomainError("Chọn ít nhất một học viên.", field="candidate_ids", rule="required")
    if candidates and course.kind != CourseKind.AWARENESS:
        raise DomainError(
            "Quần chúng chỉ học lớp bồi dưỡng nhận thức về Đảng.", field="candidate_ids", rule="course_kind"
        )
    if members and course.kind == CourseKind.AWARENESS:
        raise DomainError(
            "Lớp bồi dưỡng nhận thức về Đảng dành cho quần chúng, không cho đảng viên.",
            field="member_ids", rule="course_kind",
        )
    existing_c = set(Enrollment.objects.filter(course=course).values_list("candidate_id", flat=True))
    existing_m = set(Enrollment.objects.filter(course=course).values_list("member_id", flat=True))
    rows: list[Enrollment] = []
    for c in candidates:
        c = Candidate.objects.select_for_update().get(pk=c.pk)
        require(actor, "record_member", c.organization)
        if c.pk in existing_c:
            raise DomainError(f"{c.full_name} đã có trong danh sách lớp.", field="candidate_ids", rule="enrolled")
        if c.stage not in (Stage.PROPOSED, Stage.IN_COURSE):
            raise DomainError(
                f"{c.full_name} ở giai đoạn \"{c.get_stage_display()}\", không ghi danh lớp nhận thức.",
                field="candidate_ids", rule="candidate_stage",
            )
        if c.stage == Stage.PROPOSED:
            on = max(c.stage_on, min(course.starts_on, today()))
            before = snapshot(c)
            _step(actor, c, Stage.IN_COURSE, on, course.name)
            c.save()
            audit(actor, "candidate_in_course", c, before=before)
        rows.append(Enrollment(course=course, candidate=c))
        existing_c.add(c.pk)
    for m in members:
        require(actor, "record_member", m.organization)
        if m.pk in existing_m:
            raise DomainError(f"{m.full_name} đã có trong danh sách lớp.", field="member_ids", rule="enrolled")
        if m.left_on is not None:
            raise DomainError(f"{m.full_name} không còn sinh hoạt đảng.", field="member_ids", rule="membership_ended")
        rows.append(Enrollment(course=course, member=m))
        existing_m.add(m.pk)
    created = [Enrollment.objects.create(course=r.course, candidate=r.candidate, member=r.member) for r in rows]
    audit(actor, "course_enroll", course, after={"enrollment_ids": [e.pk for e in created]})
    return created


@transaction.atomic
def enrollment_record_results(*, actor: Any, course: Course, results: list[dict[str, Any]]) -> list[Enrollment]:
    """Record attendance, result and certificate number of enrollments of one course; a candidate who
    passed the awareness course moves to 'course passed' on the course's last day."""
    require(actor, "record_member", course.organizer)
    check_not_future(course.ends_on, "ends_on")
    by_id = {e.pk: e for e in Enrollment.objects.select_for_update().filter(course=course)}
    out = []
    for item in results:
        e = by_id.get(item.get("enrollment_id") or 0)
        if e is None:
            raise DomainError(
                f"Học viên số {item.get('enrollment_id')} không thuộc lớp {course.name}.",
                field="enrollment_id", rule="not_in_course",
            )
        result = item.get("result") or ""
        if result not in Result.values:
            raise DomainError("Kết quả phải là passed (đạt) hoặc failed (không đạt).", field="result", rule="choices")
        attended = bool(item.get("attended", True))
        cert = (item.get("certificate_number") or "").strip()
        if len(cert) > 32:
            raise DomainError("Số giấy chứng nhận dài quá 32 ký tự.", field="certificate_number", rule="max_length")
        if result == Result.PASSED and not attended:
            raise DomainError(
                "Học viên không tham gia đầy đủ thì không thể đạt.", field="result", rule="attendance_required"
            )
        if e.result == Result.PASSED and result != Result.PASSED and e.candidate_id:
            c0 = Candidate.objects.get(pk=e.candidate_id)
            if c0.stage not in (Stage.PROPOSED, Stage.IN_COURSE, Stage.COURSE_PASSED):
                raise DomainError(
                    f"{c0.full_name} đã sang giai đoạn \"{c0.get_stage_display()}\"; không sửa kết quả lớp.",
                    field="result", rule="candidate_stage",
                )
        before = snapshot(e)
        e.attended, e.result, e.certificate_number = attended, result, cert
        e.save()
        audit(actor, "enrollment_result", e, before=before)
        if e.candidate_id and course.kind == CourseKind.AWARENESS:
            c = Candidate.objects.select_for_update().get(pk=e.candidate_id)
            if result == Result.PASSED and c.stage in (Stage.PROPOSED, Stage.IN_COURSE):
                cb = snapshot(c)
                _step(actor, c, Stage.COURSE_PASSED, max(course.ends_on, c.stage_on), course.name)
                c.save()
                audit(actor, "candidate_course_passed", c, before=cb)
        out.append(e)
    return out


def awareness_passed_on(candidate: Candidate) -> date | None:
    """Last day of the latest awareness course the candidate passed (the certificate date)."""
    return (
        Enrollment.objects.filter(
            candidate=candidate, result=Result.PASSED, course__kind=CourseKind.AWARENESS
        )
        .order_by("-course__ends_on")
        .values_list("course__ends_on", flat=True)
        .first()
    )


@transaction.atomic
def candidate_admit(
    *, actor: Any, candidate: Candidate, decided_on: date, ceremony_on: date, decision: str,
    organization: Organization | None = None, over_age_decision: str = "", received_on: date | None = None,
) -> Member:
    """Admit a candidate by a dated decision: the member record (admitted on the decision date, ceremony date
    kept) is written by members.services.member_record, and the candidate links to it."""
    candidate = Candidate.objects.select_for_update().select_related("organization").get(pk=candidate.pk)
    organization = organization or candidate.organization
    require(actor, "record_member", candidate.organization)
    require(actor, "record_member", organization)
    if candidate.stage == Stage.ADMITTED or candidate.member_id:
        raise DomainError(
            f"{candidate.full_name} đã được kết nạp.", field="candidate_id", rule="already_member"
        )
    check_open(candidate)
    decision = check_document(decision)
    check_not_future(decided_on, "admitted_on")
    check_not_future(ceremony_on, "ceremony_on")
    if decided_on < candidate.stage_on:
        raise DomainError(
            f"Ngày quyết định {format_date(decided_on)} trước bước gần nhất của {candidate.full_name} "
            f"({format_date(candidate.stage_on)}).", field="decided_on", rule="event_order",
        )
    check_not_member(candidate.citizen_id)
    check_certificate(awareness_passed_on(candidate), decided_on, candidate.full_name)
    if received_on is not None and received_on < decided_on:
        raise DomainError("Ngày nhận quyết định không được trước ngày quyết định.", field="received_on",
                          rule="event_order")
    check_ceremony_on_time(received_on or decided_on, ceremony_on)
    before = snapshot(candidate)
    profile = {
        k: getattr(candidate, k)
        for k in ("ethnic_group", "religion", "home_town", "phone", "address", "education", "qualification",
                  "occupation")
    }
    member = member_record(
        actor=actor, organization=organization, full_name=candidate.full_name, sex=candidate.sex,
        birth_date=candidate.birth_date, admitted_on=decided_on, ceremony_on=ceremony_on,
        citizen_id=candidate.citizen_id, document=decision, over_age_decision=over_age_decision, **profile,
    )
    _step(actor, candidate, Stage.ADMITTED, decided_on, decision)
    candidate.member = member
    candidate.decision, candidate.decided_on, candidate.ceremony_on = decision, decided_on, ceremony_on
    candidate.save()
    audit(actor, "candidate_admit", candidate, before=before)
    return member


@transaction.atomic
def probation_recognise(*, actor: Any, items: list[dict[str, Any]]) -> list[MemberEvent]:
    """Recognise several probationary members as full members, each on its date with its decision; one refusal
    rolls back all and names the member."""
    if not items:
        raise DomainError("Chọn ít nhất một đảng viên.", field="member_ids", rule="required")
    events = []
    seen: set[int] = set()
    for item in items:
        member: Member = item["member"]
        if member.pk in seen:
            raise DomainError(f"{member.full_name} được chọn hai lần.", field="member_ids", rule="duplicate")
        seen.add(member.pk)
        try:
            document = check_document(item.get("document") or "", "document")
            events.append(
                member_recognise_full(actor=actor, member=member, effective_on=item["effective_on"], document=document)
            )
        except DomainError as e:
            raise DomainError(f"{member.full_name}: {e.message}", field=e.field, rule=e.rule) from None
    return events


__all__ = [
    "OPEN_STAGES", "candidate_admit", "candidate_record", "candidate_start_dossier", "candidate_withdraw",
    "course_create", "course_enroll", "enrollment_record_results", "probation_recognise",
]
