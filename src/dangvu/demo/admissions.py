"""Demo data of this app, called by dangvu.demo.generator after members exist (see DEMO_EXTENSIONS).

Courses a few times a year organised by the top committee; every member admitted in the last three years gets the
candidate record that led to the admission (proposed → awareness course passed → dossier → admitted on the
decision date) and a new-member course; open candidates at every stage in a sample of cells. Rows satisfy the
services' rules; bulk-inserted, with one audit entry per course and per batch."""

import random
from datetime import date, timedelta
from typing import Any

from dangvu.admissions.models import (
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
from dangvu.admissions.rules import certificate_valid_months
from dangvu.core.audit import audit
from dangvu.core.dates import add_months
from dangvu.core.models import AuditEntry
from dangvu.core.text import name_sort_key, search_key
from dangvu.demo.names import full_name
from dangvu.members.models import EventKind, Member, MemberEvent
from dangvu.orgs.models import CELL_KINDS, Organization, OrgKind

SALT = 3301
OWNERSHIP = [Ownership.PRIVATE, Ownership.PRIVATE, Ownership.FDI, Ownership.COOPERATIVE]


def _organizer() -> Organization | None:
    for kind in (OrgKind.BLOC_COMMITTEE, OrgKind.PROVINCIAL_COMMITTEE):
        org = Organization.objects.filter(kind=kind, dissolved_on__isnull=True).order_by("path").first()
        if org is not None:
            return org
    return None


def _courses(rng: random.Random, organizer: Organization, today: date) -> list[Course]:
    rows = []
    for year in range(today.year - 4, today.year + 1):
        for n, month in enumerate((3, 6, 9, 11), start=1):
            start = date(year, month, 8 + rng.randrange(10))
            if start > today + timedelta(days=40) or start < organizer.founded_on:
                continue
            rows.append(Course(kind=CourseKind.AWARENESS, name=f"Lớp bồi dưỡng nhận thức về Đảng khóa {n}/{year}",
                               organizer=organizer, starts_on=start, ends_on=start + timedelta(days=4),
                               place="Trường Chính trị tỉnh", planned_participants=rng.choice([50, 60, 80, 100])))
        for n, month in enumerate((4, 10), start=1):
            start = date(year, month, 15 + rng.randrange(10))
            if start > today or start < organizer.founded_on:
                continue
            rows.append(Course(kind=CourseKind.NEW_MEMBER, name=f"Lớp đảng viên mới khóa {n}/{year}",
                               organizer=organizer, starts_on=start, ends_on=start + timedelta(days=5),
                               place="Trường Chính trị tỉnh", planned_participants=rng.choice([40, 60, 80])))
    return Course.objects.bulk_create(rows)


def extend(*, seed: int, scale: str, today: Any, out: Any = None) -> dict[str, Any]:
    rng = random.Random(seed + SALT)
    organizer = _organizer()
    if organizer is None:
        return {}
    courses = _courses(rng, organizer, today)
    for c in courses:
        audit(None, "course_create", c)
    awareness = sorted((c for c in courses if c.kind == CourseKind.AWARENESS), key=lambda c: c.starts_on)
    new_member = sorted((c for c in courses if c.kind == CourseKind.NEW_MEMBER), key=lambda c: c.starts_on)
    valid_months = certificate_valid_months()

    # 1. The candidate behind each recent admission.
    since = awareness[0].ends_on + timedelta(days=30) if awareness else today
    admitted = list(
        MemberEvent.objects.filter(kind=EventKind.ADMITTED, voided_at__isnull=True, effective_on__gte=since)
        .select_related("member")
        .order_by("effective_on", "member__sort_key", "member__birth_date", "member__citizen_id")
    )
    candidates: list[Candidate] = []
    plans: list[tuple[Course, date, date, MemberEvent]] = []  # course, proposed, dossier
    for ev in admitted:
        m: Member = ev.member
        decided = ev.effective_on
        passed = [c for c in awareness if c.ends_on + timedelta(days=20) <= decided
                  and add_months(c.ends_on, valid_months - 12) >= decided]
        if not passed or ev.organization_id is None:
            continue
        course = passed[-1] if rng.random() < 0.7 or len(passed) == 1 else passed[-2]
        proposed = course.starts_on - timedelta(days=10 + rng.randrange(60))
        dossier = course.ends_on + timedelta(days=5 + rng.randrange(max(1, (decided - course.ends_on).days - 5)))
        dossier = min(dossier, decided)
        ownership = rng.choice(OWNERSHIP) if rng.random() < 0.35 else Ownership.NONE
        candidates.append(Candidate(
            full_name=m.full_name, sex=m.sex, birth_date=m.birth_date, citizen_id=m.citizen_id,
            ethnic_group=m.ethnic_group, religion=m.religion, occupation=m.occupation,
            workplace=m.occupation or "", enterprise_name="" if not ownership else f"Công ty {m.full_name.split()[-1]}",
            enterprise_ownership=ownership,
            owner_role=(OwnerRole.OWNER if ownership and rng.random() < 0.15 else OwnerRole.NONE),
            organization_id=ev.organization_id, referred_by_org_id=ev.organization_id, proposed_on=proposed,
            stage=Stage.ADMITTED, stage_on=decided, member=m, decision=ev.document or f"{rng.randrange(1, 999)}-QĐ/ĐUK",
            decided_on=decided, ceremony_on=m.ceremony_on or decided,
            search_key=m.search_key, sort_key=m.sort_key,
        ))
        plans.append((course, proposed, dossier, ev))
    Candidate.objects.bulk_create(candidates)
    steps: list[CandidateStep] = []
    enrollments: list[Enrollment] = []
    for cand, (course, proposed, dossier, ev) in zip(candidates, plans, strict=True):
        steps += [
            CandidateStep(candidate=cand, stage=Stage.PROPOSED, effective_on=proposed),
            CandidateStep(candidate=cand, stage=Stage.IN_COURSE, effective_on=course.starts_on, note=course.name),
            CandidateStep(candidate=cand, stage=Stage.COURSE_PASSED, effective_on=course.ends_on, note=course.name),
            CandidateStep(candidate=cand, stage=Stage.DOSSIER, effective_on=dossier),
            CandidateStep(candidate=cand, stage=Stage.ADMITTED, effective_on=ev.effective_on, note=cand.decision),
        ]
        enrollments.append(Enrollment(course=course, candidate=cand, attended=True, result=Result.PASSED,
                                      certificate_number=f"{rng.randrange(1, 9999)}/GCN"))
        later = [c for c in new_member if c.starts_on >= ev.effective_on]
        if later and ev.member.left_on is None:
            nm = later[0]
            done = nm.ends_on <= today
            enrollments.append(Enrollment(course=nm, member=ev.member, attended=done,
                                          result=Result.PASSED if done and rng.random() < 0.95 else
                                          (Result.FAILED if done else Result.PENDING)))

    # 2. Open candidates at every stage, in a sample of active cells.
    cells = list(
        Organization.objects.filter(kind__in=CELL_KINDS, dissolved_on__isnull=True).order_by("path")
        .values_list("id", "founded_on", "sector")
    )
    taken = set(Member.objects.exclude(citizen_id=None).values_list("citizen_id", flat=True))
    n_open = min(len(cells), max(8, len(candidates) // 2))
    done_courses = [c for c in awareness if c.ends_on <= today - timedelta(days=10)]
    pending = [c for c in awareness if c.ends_on > today - timedelta(days=10)] or done_courses[-1:]
    open_rows: list[tuple[Candidate, str]] = []
    stages: list[str] = [Stage.PROPOSED, Stage.IN_COURSE, Stage.COURSE_PASSED, Stage.DOSSIER, Stage.WITHDRAWN]
    for i, (cell_id, founded, sector) in enumerate(rng.sample(cells, n_open)):
        sex = "F" if rng.random() < 0.55 else "M"
        birth = date(today.year - 19 - rng.randrange(20), 1 + rng.randrange(12), 1 + rng.randrange(28))
        ethnic = "Kinh" if rng.random() < 0.85 else rng.choice(["Mường", "Tày", "Dao"])
        name = full_name(rng, sex, birth.year, ethnic)
        while True:
            cid = "037" + "".join(str(rng.randrange(10)) for _ in range(9))
            if cid not in taken:
                taken.add(cid)
                break
        stage = stages[i % len(stages)]
        ownership = rng.choice(OWNERSHIP) if sector == "non_state_enterprise" else Ownership.NONE
        proposed = max(founded, today - timedelta(days=120 + rng.randrange(200)))
        open_rows.append((Candidate(
            full_name=name, sex=sex, birth_date=birth, citizen_id=cid, ethnic_group=ethnic,
            workplace="Doanh nghiệp" if ownership else "Cơ quan", enterprise_ownership=ownership,
            owner_role=OwnerRole.OWNER if ownership and rng.random() < 0.2 else OwnerRole.NONE,
            organization_id=cell_id, referred_by_other="Đoàn Thanh niên" if rng.random() < 0.5 else "",
            proposed_on=proposed, stage=Stage.PROPOSED, stage_on=proposed,
            search_key=search_key(name), sort_key=name_sort_key(name),
        ), stage))
    for cand, stage in open_rows:
        pick: Course | None = None
        if stage == Stage.IN_COURSE and pending:
            pick = pending[-1]
        elif stage in (Stage.COURSE_PASSED, Stage.DOSSIER) and done_courses:
            pick = done_courses[-1]
        if pick is not None and cand.proposed_on <= pick.starts_on <= today:
            cand.stage, cand.stage_on = Stage.IN_COURSE, pick.starts_on
            if stage != Stage.IN_COURSE:
                cand.stage, cand.stage_on = Stage.COURSE_PASSED, pick.ends_on
            if stage == Stage.DOSSIER:
                cand.stage, cand.stage_on = Stage.DOSSIER, min(today, pick.ends_on + timedelta(days=10))
        else:
            pick = None
            if stage == Stage.WITHDRAWN:
                cand.stage, cand.stage_on = Stage.WITHDRAWN, min(today, cand.proposed_on + timedelta(days=30))
                cand.withdraw_reason = "Chuyển công tác ra ngoài tỉnh"
        cand._demo_course = pick  # type: ignore[attr-defined]
    Candidate.objects.bulk_create([c for c, _ in open_rows])
    for cand, _ in open_rows:
        steps.append(CandidateStep(candidate=cand, stage=Stage.PROPOSED, effective_on=cand.proposed_on))
        oc: Course | None = cand._demo_course  # type: ignore[attr-defined]
        if cand.stage in (Stage.IN_COURSE, Stage.COURSE_PASSED, Stage.DOSSIER) and oc is not None:
            steps.append(CandidateStep(candidate=cand, stage=Stage.IN_COURSE, effective_on=oc.starts_on,
                                       note=oc.name))
            passed_it = cand.stage != Stage.IN_COURSE
            enrollments.append(Enrollment(course=oc, candidate=cand, attended=passed_it,
                                          result=Result.PASSED if passed_it else Result.PENDING,
                                          certificate_number=f"{rng.randrange(1, 9999)}/GCN" if passed_it else ""))
            if passed_it:
                steps.append(CandidateStep(candidate=cand, stage=Stage.COURSE_PASSED, effective_on=oc.ends_on,
                                           note=oc.name))
            if cand.stage == Stage.DOSSIER:
                steps.append(CandidateStep(candidate=cand, stage=Stage.DOSSIER, effective_on=cand.stage_on))
        elif cand.stage == Stage.WITHDRAWN:
            steps.append(CandidateStep(candidate=cand, stage=Stage.WITHDRAWN, effective_on=cand.stage_on,
                                       note=cand.withdraw_reason))
    CandidateStep.objects.bulk_create(steps)
    Enrollment.objects.bulk_create(enrollments)
    summary = {"courses": len(courses), "candidates": len(candidates) + len(open_rows),
               "admitted_candidates": len(candidates), "enrollments": len(enrollments), "steps": len(steps)}
    AuditEntry.objects.create(actor=None, action="demo_admissions", object_type="admissions.candidate",
                              object_id=str(seed), object_repr="Dữ liệu mẫu phát triển đảng viên", after=summary)
    return summary
