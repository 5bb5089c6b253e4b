"""Demo data of this app, called by dangvu.demo.generator after members exist (see DEMO_EXTENSIONS).

Two closed rating rounds of the bloc committee (the two previous years, lists as of 31/12), levels drawn
with the quota respected in every grassroots organisation and scores inside their bands where the year's
rules use them, the 366-QĐ/TW conditions recorded for every "xuất sắc" from 2025, members exempted from
activity left unrated (some as "không xếp loại"), leadership collectives and leaders rated too; the bloc's
criteria set and the meetings of its cells over the last twelve months and the current one — regular ones
with realistic gaps, a thematic one most quarters — with the attendance of the members expected. Rows
satisfy the services' rules; bulk-inserted, with one audit entry per round, per criteria set and per month
of meetings."""

import random
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone

from dangvu.core.audit import audit
from dangvu.core.dates import last_day
from dangvu.members.activity import cell_activity_on, exempted_in_subtree_on
from dangvu.orgs.models import CELL_KINDS, Organization, OrgKind, OrgPathSpan
from dangvu.ratings.models import (
    CellMeeting,
    CriteriaSet,
    Criterion,
    MeetingScore,
    RatingEntry,
    RatingRound,
    RoundStatus,
)
from dangvu.ratings.population import population_on
from dangvu.ratings.rules import Level, MeetingKind, QuotaMode, meeting_grade, quota_allows, rating_rules_for

SALT = 4404
MEMBER_LEVELS = [(Level.EXCELLENT, 0.12), (Level.GOOD, 0.74), (Level.DONE, 0.12), (Level.NOT_DONE, 0.02)]
ORG_LEVELS = [(Level.EXCELLENT, 0.14), (Level.GOOD, 0.72), (Level.DONE, 0.12), (Level.NOT_DONE, 0.02)]
TOPICS = [
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Chuyển đổi số trong cơ quan, đơn vị",
    "Phòng, chống tham nhũng, tiêu cực",
    "Thực hành tiết kiệm, chống lãng phí",
]
CRITERIA = [
    ("Chuẩn bị sinh hoạt", 15, False),
    ("Duy trì sinh hoạt, tỷ lệ đảng viên dự họp", 20, True),
    ("Tiến hành sinh hoạt", 45, False),
    ("Kết thúc sinh hoạt", 20, False),
]


def _draw(rng: random.Random, pairs: list[tuple[Level, float]]) -> str:
    x, acc = rng.random(), 0.0
    for level, p in pairs:
        acc += p
        if x < acc:
            return level.value
    return pairs[-1][0].value


def _score(rng: random.Random, rnd: RatingRound, level: str) -> Decimal | None:
    if not rnd.uses_score:
        return None
    low, high = {
        Level.EXCELLENT: (rnd.excellent_min, Decimal(100)),
        Level.GOOD: (rnd.good_min, rnd.excellent_min - Decimal("0.5")),
        Level.DONE: (rnd.done_min, rnd.good_min - Decimal("0.5")),
        Level.NOT_DONE: (Decimal(30), rnd.done_min - Decimal("0.5")),
    }[Level(level)]
    steps = int((high - low) * 2)
    return low + Decimal(rng.randint(0, steps)) / 2


def _enforce_quota(levels: dict[int, str], percent: int) -> None:
    """Demote xuất sắc to tốt until the quota holds (as a committee would before confirming)."""
    excellent = sorted(k for k, v in levels.items() if v == Level.EXCELLENT)
    good = sum(1 for v in levels.values() if v == Level.GOOD)
    while excellent and not quota_allows(len(excellent), good, percent):
        levels[excellent.pop()] = Level.GOOD.value
        good += 1


def _conditions(rng: random.Random, rnd: RatingRound, level: str) -> dict[str, Any]:
    """The 366-QĐ/TW conditions a committee records: met for every "xuất sắc", drawn for the others."""
    if not rnd.excellent_conditions:
        return {}
    total = rng.randint(6, 12)
    if level == Level.EXCELLENT:
        need = -(-rnd.excellent_beyond_percent * total // 100)
        return {"all_tasks_done": True, "tasks_total": total, "tasks_beyond": rng.randint(need, total),
                "no_discipline": True}
    return {"all_tasks_done": level == Level.GOOD, "tasks_total": total,
            "tasks_beyond": rng.randint(0, total // 4), "no_discipline": level != Level.NOT_DONE}


def _leadership(rng: random.Random, rnd: RatingRound, pop: Any, bloc: Organization) -> list[RatingEntry]:
    """The bloc's standing committee, each grassroots committee's executive, and one leader (its secretary) per
    grassroots organisation: leadership subjects of the round (issue 11)."""
    out: list[RatingEntry] = []
    committees = [bloc.pk] + [g for g in sorted(pop.grassroots_ids) if pop.org_kinds.get(g) not in CELL_KINDS]
    for org_id in committees:
        if org_id not in pop.org_paths:
            continue
        collective = "standing" if org_id == bloc.pk else "committee"
        level = _draw(rng, ORG_LEVELS)
        out.append(RatingEntry(
            rating_round=rnd, year=rnd.year, subject_kind="leadership", organization_id=org_id, collective=collective,
            cell_id=org_id, grassroots_id=pop.grassroots_of(org_id), path=pop.org_paths[org_id], level=level,
            score=_score(rng, rnd, level), **_conditions(rng, rnd, level),
        ))
    first_member: dict[int, int] = {}
    for member_id, (cell, probationary, _n) in pop.members.items():
        if not probationary:
            first_member.setdefault(pop.grassroots_of(cell), member_id)
    for grassroots, member_id in sorted(first_member.items()):
        cell, _p, _n = pop.members[member_id]
        level = _draw(rng, MEMBER_LEVELS)
        kind = pop.org_kinds.get(grassroots)
        out.append(RatingEntry(
            rating_round=rnd, year=rnd.year, subject_kind="leader", member_id=member_id, cell_id=cell,
            grassroots_id=grassroots, path=pop.org_paths[cell], level=level, score=_score(rng, rnd, level),
            position="Bí thư Chi bộ" if kind in CELL_KINDS else "Bí thư Đảng ủy", **_conditions(rng, rnd, level),
        ))
    return out


def _round(rng: random.Random, bloc: Organization, year: int) -> dict[str, int]:
    ref = date(year, 12, 31)
    pop = population_on(bloc.path, ref)
    rules = rating_rules_for(year)
    closed_at = timezone.make_aware(datetime.combine(date(year + 1, 1, 20), time(9)))
    rnd = RatingRound.objects.create(
        organization=bloc, year=year, reference_on=ref, path=pop.org_paths.get(bloc.pk, bloc.path),
        status=RoundStatus.CLOSED, rules_document=rules.document, uses_score=rules.uses_score,
        excellent_min=rules.excellent_min, good_min=rules.good_min, done_min=rules.done_min,
        quota_enabled=rules.quota_enabled, quota_percent=rules.quota_percent, quota_mode=QuotaMode.WARN,
        closed_at=closed_at, excellent_conditions=rules.excellent_conditions,
        excellent_beyond_percent=rules.excellent_beyond_percent,
    )
    # Members exempted from activity on the reference date: most left unrated (no entry), some recorded as
    # "không xếp loại" — neither blocks the confirmation (RULES.md).
    exempted = exempted_in_subtree_on(rnd.path, ref)
    by_grassroots: dict[int, dict[int, str]] = {}
    for member_id, (cell, _p, _n) in pop.members.items():
        if member_id in exempted:
            continue
        by_grassroots.setdefault(pop.grassroots_of(cell), {})[member_id] = _draw(rng, MEMBER_LEVELS)
    entries: list[RatingEntry] = []
    for grassroots, levels in by_grassroots.items():
        _enforce_quota(levels, rnd.quota_percent)
        for member_id, level in levels.items():
            cell, probationary, _n = pop.members[member_id]
            entries.append(RatingEntry(
                rating_round=rnd, year=year, subject_kind="member", member_id=member_id, cell_id=cell,
                grassroots_id=grassroots, path=pop.org_paths[cell], probationary=probationary, level=level,
                score=_score(rng, rnd, level), **_conditions(rng, rnd, level),
            ))
    for member_id in sorted(exempted):
        if member_id in pop.members and rng.random() < 0.4:
            cell, probationary, _n = pop.members[member_id]
            entries.append(RatingEntry(
                rating_round=rnd, year=year, subject_kind="member", member_id=member_id, cell_id=cell,
                grassroots_id=pop.grassroots_of(cell), path=pop.org_paths[cell], probationary=probationary,
                level=Level.NOT_RATED.value, note="Miễn công tác và sinh hoạt đảng",
            ))
    org_levels = {g: _draw(rng, ORG_LEVELS) for g in sorted(pop.grassroots_ids)}
    _enforce_quota(org_levels, rnd.quota_percent)
    for org_id, level in org_levels.items():
        entries.append(RatingEntry(
            rating_round=rnd, year=year, subject_kind="organization", organization_id=org_id, cell_id=org_id,
            grassroots_id=org_id, path=pop.org_paths[org_id], level=level, score=_score(rng, rnd, level),
            **_conditions(rng, rnd, level),
        ))
    entries += _leadership(rng, rnd, pop, bloc)
    RatingEntry.objects.bulk_create(entries, batch_size=1000)
    audit(None, "rating_round_open", rnd)
    audit(None, "rating_round_confirm", rnd, after={"entries": len(entries), "demo": True})
    return {"year": year, "entries": len(entries), "exempted": len(exempted)}


def _meetings(rng: random.Random, bloc: Organization, today: date) -> dict[str, int]:
    start = date(today.year - 1, today.month, 1)
    cs = CriteriaSet.objects.create(
        organization=bloc, name="Bộ tiêu chí đánh giá chất lượng sinh hoạt chi bộ", valid_from=date(start.year, 1, 1),
        document="15-HD/ĐUK",
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(criteria_set=cs, position=i + 1, name=n, weight=w, required_for_good=r)
        for i, (n, w, r) in enumerate(CRITERIA)
    )
    audit(None, "criteria_set_create", cs, after={"criteria": CRITERIA, "demo": True})
    # Cells under the bloc over time, read once.
    cell_spans: dict[int, list[tuple[date, date | None]]] = {}
    for org_id, vf, vt in OrgPathSpan.objects.filter(
        path__startswith=bloc.path, organization__kind__in=CELL_KINDS
    ).values_list("organization_id", "valid_from", "valid_to"):
        cell_spans.setdefault(org_id, []).append((vf, vt))

    def exists(cell: int, on: date) -> bool:
        return any(vf <= on and (vt is None or vt > on) for vf, vt in cell_spans[cell])

    # Some cells are careless: they miss more meetings, score lower and skip thematic meetings.
    weak = {c for c in sorted(cell_spans) if rng.random() < 0.08}
    total = thematic_total = 0
    month = start
    while month <= today:
        y, m = month.year, month.month
        current = (y, m) == (today.year, today.month)
        planned: list[tuple[int, date, str, str]] = []  # cell, day, kind, topic
        for cell in sorted(cell_spans):
            held_on = date(y, m, rng.randint(3, 12))
            if held_on > today or not exists(cell, held_on) or not exists(cell, last_day(y, m)):
                continue
            skip = 0.5 if current else (0.15 if cell in weak else 0.03)
            if rng.random() >= skip:
                planned.append((cell, held_on, MeetingKind.REGULAR, ""))
            # One thematic meeting a quarter, in a month drawn for the cell; weak cells often skip it.
            if rng.randint(0, 2) == (m - 1) % 3 and rng.random() < (0.5 if cell in weak else 0.92):
                thematic_on = date(y, m, rng.randint(15, 25))
                if thematic_on <= today and exists(cell, thematic_on):
                    planned.append((cell, thematic_on, MeetingKind.THEMATIC, rng.choice(TOPICS)))
        # Attendance of the members expected on each day (members.activity: exempted excused, guests apart).
        activity: dict[tuple[int, date], tuple[int, set[int], set[int]]] = {}
        for day in sorted({d for _c, d, _k, _t in planned}):
            cells_that_day = sorted({c for c, d, _k, _t in planned if d == day})
            for c, a in cell_activity_on(cells_that_day, day).items():
                activity[(c, day)] = a
        meetings: list[CellMeeting] = []
        scores: list[list[Decimal]] = []
        for cell, held_on, kind, topic in planned:
            n, exempt, hosted = activity[(cell, held_on)]
            expected = n - len(exempt)
            if expected == 0:
                continue
            excused = min(expected, rng.choice([0, 0, 0, 1, 1, 2]))
            absent = 1 if expected - excused > 3 and rng.random() < (0.3 if cell in weak else 0.05) else 0
            values = []
            for _name, weight, required in CRITERIA:
                full = rng.random() < (0.45 if cell in weak else 0.8)
                if required and absent:
                    full = False
                values.append(Decimal(weight) if full else Decimal(rng.randint(weight * 5, weight * 9)) / 10)
            total_score = sum(values, Decimal(0))
            required_full = all(v == c.weight for v, c in zip(values, criteria, strict=True) if c.required_for_good)
            meetings.append(CellMeeting(
                cell_id=cell, year=y, month=m, kind=kind, topic=topic, held_on=held_on, criteria_set=cs, headcount=n,
                exempted=len(exempt), present=expected - excused - absent, excused=excused, absent=absent,
                guests=rng.randint(0, len(hosted)), total=total_score,
                grade=meeting_grade(total_score, required_full=required_full),
                notes=rng.choice(["", "", "Triển khai nghị quyết", "Kiểm điểm việc thực hiện nhiệm vụ tháng"]),
            ))
            scores.append(values)
        created = CellMeeting.objects.bulk_create(meetings, batch_size=500)
        MeetingScore.objects.bulk_create(
            (MeetingScore(meeting=mt, criterion=c, score=v)
             for mt, vals in zip(created, scores, strict=True) for c, v in zip(criteria, vals, strict=True)),
            batch_size=2000,
        )
        audit(None, "meeting_record", cs, after={"year": y, "month": m, "meetings": len(created), "demo": True})
        total += len(created)
        thematic_total += sum(1 for mt in created if mt.kind == MeetingKind.THEMATIC)
        month = date(y + (m == 12), m % 12 + 1, 1)
    return {"meetings": total, "thematic": thematic_total, "cells": len(cell_spans)}


def _exempt_some(bloc: Organization, today: date) -> int:
    """A few of the bloc's oldest full members exempted from activity for health (through the members service, as
    the committee records it), so that the rounds leave exempted members unrated and meetings excuse them."""
    from django.contrib.auth.models import User

    from dangvu.accounts.models import Assignment, Role
    from dangvu.core.errors import DomainError
    from dangvu.members.models import Member
    from dangvu.members.selectors import spans_in_subtree_on
    from dangvu.members.services import member_exempt

    on = date(today.year - 2, 6, 1)
    a = Assignment.objects.filter(role=Role.PROVINCE_ADMIN).select_related("user").order_by("id").first()
    actor = a.user if a else User.objects.filter(is_superuser=True).order_by("id").first()
    if actor is None:
        return 0
    # The ids as a list, not a subquery: on PostgreSQL right after the bulk inserts (no statistics yet) the planner
    # ran `pk IN (subquery)` as a nested loop for minutes in a clean-clone test run.
    ids = list(spans_in_subtree_on(bloc.path, on).filter(full_from__lte=on).values_list("member_id", flat=True))
    done = 0
    wanted = max(2, len(ids) // 1000)
    oldest = (Member.objects.filter(pk__in=ids, exempted=False, left_on__isnull=True)
              .order_by("birth_date", "id").values_list("pk", flat=True)[:wanted * 20])
    for member in Member.objects.filter(pk__in=list(oldest)).order_by("birth_date", "id"):
        try:
            member_exempt(actor=actor, member=member, effective_on=on, document="12-QĐ/ĐU",
                          note="Miễn công tác và sinh hoạt đảng vì lý do sức khỏe")
        except DomainError:
            continue  # a later event of this member's: another one is chosen
        done += 1
        if done >= wanted:
            break
    return done


def extend(*, seed: int, scale: str, today: Any, out: Any = None) -> dict[str, Any]:
    rng = random.Random(seed + SALT)
    bloc = Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE).order_by("path", "id").first()
    if bloc is None:
        return {}
    exempted = _exempt_some(bloc, today)
    rounds = [_round(rng, bloc, year) for year in (today.year - 2, today.year - 1)]
    meetings = _meetings(rng, bloc, today)
    if callable(out):
        out(f"  ratings: {len(rounds)} closed rounds (leadership collectives and leaders too), "
            f"{meetings['meetings']} cell meetings ({meetings['thematic']} thematic)")
    return {"rounds": rounds, "exempted": exempted, **meetings}
