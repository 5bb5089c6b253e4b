"""Demo data of this app, called by dangvu.demo.generator after members exist (see DEMO_EXTENSIONS).

Two closed rating rounds of the bloc committee (the two previous years, lists as of 31/12), levels drawn
with the quota respected in every grassroots organisation and scores inside their bands where the year's
rules use them; the bloc's criteria set and the monthly meetings of its cells over the last twelve months
and the current one, with realistic gaps. Rows satisfy the services' rules; bulk-inserted, with one
audit entry per round, per criteria set and per month of meetings."""

import random
from bisect import bisect_right
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone

from dangvu.core.audit import audit
from dangvu.core.dates import last_day
from dangvu.members.models import MembershipSpan
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
from dangvu.ratings.rules import Level, QuotaMode, meeting_grade, quota_allows, rating_rules_for

SALT = 4404
MEMBER_LEVELS = [(Level.EXCELLENT, 0.12), (Level.GOOD, 0.74), (Level.DONE, 0.12), (Level.NOT_DONE, 0.02)]
ORG_LEVELS = [(Level.EXCELLENT, 0.14), (Level.GOOD, 0.72), (Level.DONE, 0.12), (Level.NOT_DONE, 0.02)]
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
        closed_at=closed_at,
    )
    by_grassroots: dict[int, dict[int, str]] = {}
    for member_id, (cell, _p, _n) in pop.members.items():
        by_grassroots.setdefault(pop.grassroots_of(cell), {})[member_id] = _draw(rng, MEMBER_LEVELS)
    entries: list[RatingEntry] = []
    for grassroots, levels in by_grassroots.items():
        _enforce_quota(levels, rnd.quota_percent)
        for member_id, level in levels.items():
            cell, probationary, _n = pop.members[member_id]
            entries.append(RatingEntry(
                rating_round=rnd, year=year, subject_kind="member", member_id=member_id, cell_id=cell,
                grassroots_id=grassroots, path=pop.org_paths[cell], probationary=probationary, level=level,
                score=_score(rng, rnd, level),
            ))
    org_levels = {g: _draw(rng, ORG_LEVELS) for g in sorted(pop.grassroots_ids)}
    _enforce_quota(org_levels, rnd.quota_percent)
    for org_id, level in org_levels.items():
        entries.append(RatingEntry(
            rating_round=rnd, year=year, subject_kind="organization", organization_id=org_id, cell_id=org_id,
            grassroots_id=org_id, path=pop.org_paths[org_id], level=level, score=_score(rng, rnd, level),
        ))
    RatingEntry.objects.bulk_create(entries, batch_size=1000)
    audit(None, "rating_round_open", rnd)
    audit(None, "rating_round_confirm", rnd, after={"entries": len(entries), "demo": True})
    return {"year": year, "entries": len(entries)}


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
    # Cells under the bloc over time, and their members' spans, read once.
    cell_spans: dict[int, list[tuple[date, date | None]]] = {}
    for org_id, vf, vt in OrgPathSpan.objects.filter(
        path__startswith=bloc.path, organization__kind__in=CELL_KINDS
    ).values_list("organization_id", "valid_from", "valid_to"):
        cell_spans.setdefault(org_id, []).append((vf, vt))
    starts: dict[int, list[date]] = {}
    ends: dict[int, list[date]] = {}
    for org_id, vf, vt in MembershipSpan.objects.filter(organization_id__in=list(cell_spans)).values_list(
        "organization_id", "valid_from", "valid_to"
    ):
        starts.setdefault(org_id, []).append(vf)
        if vt is not None:
            ends.setdefault(org_id, []).append(vt)
    for d in (starts, ends):
        for v in d.values():
            v.sort()

    def count(cell: int, on: date) -> int:
        return bisect_right(starts.get(cell, []), on) - bisect_right(ends.get(cell, []), on)

    def exists(cell: int, on: date) -> bool:
        return any(vf <= on and (vt is None or vt > on) for vf, vt in cell_spans[cell])

    # Some cells are careless: they miss more meetings and score lower.
    weak = {c for c in sorted(cell_spans) if rng.random() < 0.08}
    total = 0
    month = start
    while month <= today:
        y, m = month.year, month.month
        current = (y, m) == (today.year, today.month)
        meetings: list[CellMeeting] = []
        scores: list[list[Decimal]] = []
        for cell in sorted(cell_spans):
            held_on = date(y, m, rng.randint(3, 12))
            if held_on > today or not exists(cell, held_on) or not exists(cell, last_day(y, m)):
                continue
            skip = 0.5 if current else (0.15 if cell in weak else 0.03)
            n = count(cell, held_on)
            if n == 0 or rng.random() < skip:
                continue
            excused = min(n, rng.choice([0, 0, 0, 1, 1, 2]))
            absent = 1 if n - excused > 3 and rng.random() < (0.3 if cell in weak else 0.05) else 0
            values = []
            for _name, weight, required in CRITERIA:
                full = rng.random() < (0.45 if cell in weak else 0.8)
                if required and absent:
                    full = False
                values.append(Decimal(weight) if full else Decimal(rng.randint(weight * 5, weight * 9)) / 10)
            total_score = sum(values, Decimal(0))
            required_full = all(v == c.weight for v, c in zip(values, criteria, strict=True) if c.required_for_good)
            meetings.append(CellMeeting(
                cell_id=cell, year=y, month=m, held_on=held_on, criteria_set=cs, headcount=n,
                present=n - excused - absent, excused=excused, absent=absent, total=total_score,
                grade=meeting_grade(total_score, required_full=required_full),
                notes=rng.choice(["", "", "Sinh hoạt chuyên đề", "Sinh hoạt thường kỳ", "Triển khai nghị quyết"]),
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
        month = date(y + (m == 12), m % 12 + 1, 1)
    return {"meetings": total, "cells": len(cell_spans)}


def extend(*, seed: int, scale: str, today: Any, out: Any = None) -> dict[str, Any]:
    rng = random.Random(seed + SALT)
    bloc = Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE).order_by("path", "id").first()
    if bloc is None:
        return {}
    rounds = [_round(rng, bloc, year) for year in (today.year - 2, today.year - 1)]
    meetings = _meetings(rng, bloc, today)
    if callable(out):
        out(f"  ratings: {len(rounds)} closed rounds, {meetings['meetings']} cell meetings")
    return {"rounds": rounds, **meetings}
