"""Ratings API: rating rounds (open, entries in bulk, confirm, reopen), results, cell meetings."""

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from dangvu.core.api import ERRORS, caller
from dangvu.core.errors import DomainError
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import org_get, organization_or_default

from .models import CellMeeting, RatingRound
from .population import population_on
from .rules import year_good_min
from .selectors import (
    LevelCounts,
    cell_year,
    meetings_list,
    meetings_month,
    rating_results,
    rating_round_get,
    round_exempted,
    round_missing,
)
from .services import (
    meeting_record,
    rating_entries_record,
    rating_round_confirm,
    rating_round_open,
    rating_round_reopen,
)
from .services.rounds import EntryInput
from .verdict import year_verdict

router = Router(tags=["Đánh giá, xếp loại"])

LevelLiteral = Literal["excellent", "good", "done", "not_done", "not_rated"]


class RoundIn(Schema):
    organization_id: int
    year: int = Field(..., ge=1990, le=2100)
    reference_on: date | None = Field(None, description="Ngày chốt danh sách (mặc định 31/12 của năm)")
    quota_mode: Literal["warn", "refuse"] | None = Field(None, description="Vượt tỷ lệ 20%: cảnh báo hay từ chối")


class RoundOut(Schema):
    id: int
    organization_id: int
    year: int
    reference_on: date
    status: str
    rules_document: str
    uses_score: bool
    quota_enabled: bool
    quota_percent: int
    quota_mode: str
    excellent_conditions: bool = Field(..., description="Xuất sắc cần đủ điều kiện của Quy định 366-QĐ/TW")
    excellent_beyond_percent: int
    missing_members: list[int]
    missing_organizations: list[int]
    exempted_members: list[int] = Field(..., description="Miễn sinh hoạt vào ngày chốt: có thể không xếp loại")


class EntryIn(Schema):
    member_id: int | None = None
    organization_id: int | None = None
    subject: Literal["member", "organization", "leadership", "leader"] | None = Field(
        None, description="Mặc định: member (member_id) hoặc organization (organization_id); leadership = tập thể "
        "lãnh đạo của organization_id (collective), leader = cán bộ lãnh đạo, quản lý member_id (position)",
    )
    collective: Literal["committee", "standing", ""] = Field("", description="Ban Chấp hành / Ban Thường vụ")
    position: str = Field("", max_length=255, description="Chức vụ lãnh đạo, quản lý (leader)")
    level: LevelLiteral = Field(..., description="not_rated: chỉ đảng viên miễn sinh hoạt vào ngày chốt")
    score: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    note: str = Field("", max_length=255)
    all_tasks_done: bool | None = Field(None, description="Điều kiện xuất sắc (366-QĐ/TW): hoàn thành 100% nhiệm vụ")
    tasks_total: int | None = Field(None, ge=0, le=1000, description="Tổng số nhiệm vụ")
    tasks_beyond: int | None = Field(None, ge=0, le=1000, description="Số nhiệm vụ vượt yêu cầu (≥ 30% để xuất sắc)")
    no_discipline: bool | None = Field(None, description="Không bị kỷ luật trong năm")


class EntriesIn(Schema):
    entries: list[EntryIn] = Field(..., min_length=1, max_length=5000)
    replace: bool = Field(False, description="Sửa kết quả đã có (khi đợt đang mở)")


class WarningsOut(Schema):
    recorded: int = 0
    warnings: list[str]


class ReopenIn(Schema):
    reason: str = Field(..., max_length=500)


def _round(rnd: RatingRound, user: Any) -> dict[str, Any]:
    members, orgs = round_missing(rnd, user=user)  # only ids inside the caller's scope
    sees = scope_of(user).sees
    pop_cells = population_on(rnd.path, rnd.reference_on).members
    exempted = sorted(m for m in round_exempted(rnd) if m in pop_cells and sees(pop_cells[m][0]))
    return {
        "id": rnd.pk, "organization_id": rnd.organization_id, "year": rnd.year, "reference_on": rnd.reference_on,
        "status": rnd.status, "rules_document": rnd.rules_document, "uses_score": rnd.uses_score,
        "quota_enabled": rnd.quota_enabled, "quota_percent": rnd.quota_percent, "quota_mode": rnd.quota_mode,
        "missing_members": [m for m, _, _ in members], "missing_organizations": [o for o, _ in orgs],
        "excellent_conditions": rnd.excellent_conditions, "excellent_beyond_percent": rnd.excellent_beyond_percent,
        "exempted_members": exempted,
    }


@router.post("/rating-rounds", response={201: RoundOut, **ERRORS})
def rating_round_create(request: HttpRequest, payload: RoundIn) -> Status:
    """Mở đợt đánh giá, xếp loại của một cấp ủy cho một năm, theo quy định áp dụng năm đó."""
    user = caller(request)
    org = org_get(user, payload.organization_id)
    rnd = rating_round_open(
        actor=user, organization=org, year=payload.year, reference_on=payload.reference_on,
        quota_mode=payload.quota_mode,
    )
    return Status(201, _round(rnd, user))


@router.get("/rating-rounds/{round_id}", response={200: RoundOut, **ERRORS})
def rating_round_detail(request: HttpRequest, round_id: int) -> Any:
    """Trạng thái của đợt và danh sách còn thiếu kết quả."""
    user = caller(request)
    return _round(rating_round_get(user, round_id), user)


@router.post("/rating-rounds/{round_id}/entries", response={200: WarningsOut, **ERRORS})
def rating_round_entries(request: HttpRequest, round_id: int, payload: EntriesIn) -> dict[str, Any]:
    """Ghi kết quả xếp loại hàng loạt (tất cả hoặc không); trả về cảnh báo vượt tỷ lệ nếu có."""
    user = caller(request)
    rnd = rating_round_get(user, round_id)
    entries = [
        EntryInput(level=e.level, member_id=e.member_id, organization_id=e.organization_id, score=e.score,
                   note=e.note, subject=e.subject, collective=e.collective, position=e.position,
                   all_tasks_done=e.all_tasks_done, tasks_total=e.tasks_total, tasks_beyond=e.tasks_beyond,
                   no_discipline=e.no_discipline)
        for e in payload.entries
    ]
    warnings = rating_entries_record(actor=user, rating_round=rnd, entries=entries, replace=payload.replace)
    return {"recorded": len(entries), "warnings": warnings}


@router.post("/rating-rounds/{round_id}/confirm", response={200: WarningsOut, **ERRORS})
def rating_round_confirm_route(request: HttpRequest, round_id: int) -> dict[str, Any]:
    """Xác nhận và khóa sổ đợt đánh giá (không được khi còn thiếu kết quả)."""
    user = caller(request)
    warnings = rating_round_confirm(actor=user, rating_round=rating_round_get(user, round_id))
    return {"recorded": 0, "warnings": warnings}


@router.post("/rating-rounds/{round_id}/reopen", response={200: RoundOut, **ERRORS})
def rating_round_reopen_route(request: HttpRequest, round_id: int, payload: ReopenIn) -> Any:
    """Mở lại đợt đã khóa sổ, ghi lý do."""
    user = caller(request)
    rnd = rating_round_get(user, round_id)
    rating_round_reopen(actor=user, rating_round=rnd, reason=payload.reason)
    return _round(rating_round_get(user, round_id), user)


class ResultsFilters(Schema):
    organization_id: int | None = None
    year: int = Field(..., ge=1990, le=2100)


class LevelsOut(Schema):
    total: int
    excellent: int
    good: int
    done: int
    not_done: int
    good_or_better_percent: float | None
    previous_good_or_better_percent: float | None


class ResultsOut(Schema):
    organization_id: int
    year: int
    organizations: LevelsOut
    members: LevelsOut = Field(..., description="Đảng viên chính thức")
    probationary_members: LevelsOut
    all_members: LevelsOut
    leadership: LevelsOut = Field(..., description="Tập thể lãnh đạo, quản lý")
    leaders: LevelsOut = Field(..., description="Cán bộ lãnh đạo, quản lý")
    not_rated_members: int = Field(..., description="Đảng viên miễn sinh hoạt để không xếp loại (ngoài mọi tỷ lệ)")


def _levels(now: LevelCounts, before: LevelCounts | None) -> dict[str, Any]:
    return {
        "total": now.total, **{lv: now.counts.get(lv, 0) for lv in ("excellent", "good", "done", "not_done")},
        "good_or_better_percent": None if now.good_or_better_share is None else round(now.good_or_better_share, 2),
        "previous_good_or_better_percent": (
            None if before is None or before.good_or_better_share is None else round(before.good_or_better_share, 2)
        ),
    }


@router.get("/reports/ratings", response={200: ResultsOut, **ERRORS})
def ratings_report(request: HttpRequest, filters: Query[ResultsFilters]) -> dict[str, Any]:
    """Số lượng và tỷ lệ từng mức xếp loại (các đợt đã khóa sổ) của cả cây con, so với năm trước."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    r = rating_results(user, org.pk, filters.year)
    p = r.previous
    return {
        "organization_id": org.pk, "year": r.year,
        "organizations": _levels(r.organizations, p.organizations if p else None),
        "members": _levels(r.members, p.members if p else None),
        "probationary_members": _levels(r.probationary, p.probationary if p else None),
        "all_members": _levels(r.all_members, p.all_members if p else None),
        "leadership": _levels(r.leadership, None), "leaders": _levels(r.leaders, None),
        "not_rated_members": r.not_rated,
    }


class ScoreIn(Schema):
    criterion_id: int
    score: Decimal = Field(..., ge=0, le=100, max_digits=5, decimal_places=2)


class MeetingIn(Schema):
    cell_id: int
    year: int = Field(..., ge=1990, le=2100)
    month: int = Field(..., ge=1, le=12)
    held_on: date
    kind: Literal["regular", "thematic"] = Field("regular", description="Thường kỳ (một buổi mỗi tháng) / chuyên đề")
    topic: str = Field("", max_length=255, description="Chủ đề (bắt buộc với sinh hoạt chuyên đề)")
    present: int = Field(..., ge=0, le=100000)
    excused: int = Field(0, ge=0, le=100000)
    absent: int = Field(0, ge=0, le=100000)
    guests: int = Field(0, ge=0, le=100000, description="Đảng viên sinh hoạt tạm thời dự họp (tính riêng)")
    scores: list[ScoreIn] = Field(..., max_length=100)
    notes: str = Field("", max_length=5000)
    replace: bool = False


class MeetingOut(Schema):
    id: int
    cell_id: int
    year: int
    month: int
    held_on: date
    kind: str
    kind_label: str
    topic: str
    headcount: int
    exempted: int = Field(..., description="Đảng viên được miễn sinh hoạt ngày đó (không tính vắng)")
    expected: int = Field(..., description="Đảng viên phải dự họp = headcount − exempted")
    present: int
    excused: int
    absent: int
    guests: int
    total: float
    grade: str
    grade_label: str
    notes: str
    scores: dict[str, float]


def _meeting(m: CellMeeting) -> dict[str, Any]:
    return {
        "id": m.pk, "cell_id": m.cell_id, "year": m.year, "month": m.month, "held_on": m.held_on,
        "kind": m.kind, "kind_label": m.get_kind_display(), "topic": m.topic,
        "headcount": m.headcount, "exempted": m.exempted, "expected": m.expected, "guests": m.guests,
        "present": m.present, "excused": m.excused, "absent": m.absent,
        "total": float(m.total), "grade": m.grade, "grade_label": m.get_grade_display(), "notes": m.notes,
        "scores": {str(s.criterion_id): float(s.score) for s in m.scores.all()},
    }


@router.post("/meetings", response={201: MeetingOut, **ERRORS})
def meeting_create(request: HttpRequest, payload: MeetingIn) -> Status:
    """Ghi kết quả một buổi sinh hoạt chi bộ (thường kỳ của tháng hoặc chuyên đề); xếp loại tính từ điểm tiêu chí."""
    user = caller(request)
    cell = org_get(user, payload.cell_id)
    scores: dict[int, Any] = {}
    for s in payload.scores:
        if s.criterion_id in scores:
            raise DomainError("Một tiêu chí được chấm hai lần.", field="scores", rule="criterion_score")
        scores[s.criterion_id] = s.score
    m = meeting_record(
        actor=user, cell=cell, year=payload.year, month=payload.month, held_on=payload.held_on,
        present=payload.present, excused=payload.excused, absent=payload.absent, scores=scores,
        notes=payload.notes, replace=payload.replace, kind=payload.kind, topic=payload.topic, guests=payload.guests,
    )
    return Status(201, _meeting(m))


class MeetingFilters(Schema):
    cell_id: int
    year: int | None = Field(None, ge=1990, le=2100)
    month: int | None = Field(None, ge=1, le=12)
    kind: Literal["regular", "thematic"] | None = None


@router.get("/meetings", response={200: list[MeetingOut], **ERRORS})
def meeting_list(request: HttpRequest, filters: Query[MeetingFilters]) -> Any:
    """Kết quả sinh hoạt của một chi bộ, theo năm, tháng và loại."""
    return [
        _meeting(m)
        for m in meetings_list(caller(request), filters.cell_id, filters.year, filters.month, filters.kind)
    ]


class MonthFilters(Schema):
    organization_id: int | None = None
    year: int = Field(..., ge=1990, le=2100)
    month: int = Field(..., ge=1, le=12)


class MonthCellOut(Schema):
    cell_id: int
    name: str
    recorded: bool = Field(..., description="Đã ghi sinh hoạt thường kỳ của tháng")
    grade: str | None
    total: float | None
    thematic: int = Field(..., description="Buổi sinh hoạt chuyên đề trong tháng")
    quarter_thematic: int = Field(..., description="Buổi chuyên đề trong quý tính đến hết tháng")
    quarter_lacks_thematic: bool


class MonthOut(Schema):
    organization_id: int
    year: int
    month: int
    cells: int
    recorded: int
    missing: int
    grades: dict[str, int]
    thematic: int
    quarter: int
    quarter_closed: bool = Field(..., description="Tháng cuối quý: chi bộ chưa có buổi chuyên đề là vi phạm quy định")
    lacking_thematic: int
    items: list[MonthCellOut]


@router.get("/reports/meetings", response={200: MonthOut, **ERRORS})
def meetings_report(request: HttpRequest, filters: Query[MonthFilters]) -> dict[str, Any]:
    """Các chi bộ của cả cây con trong tháng: đã/chưa ghi kết quả sinh hoạt, xếp loại."""
    user = caller(request)
    org = organization_or_default(user, filters.organization_id)
    view = meetings_month(user, org.pk, filters.year, filters.month)
    return {
        "organization_id": org.pk, "year": view.year, "month": view.month, "cells": len(view.rows),
        "recorded": view.done, "missing": len(view.missing), "grades": view.grade_counts,
        "thematic": view.thematic_count, "quarter": view.quarter, "quarter_closed": view.quarter_closed,
        "lacking_thematic": len(view.lacking_thematic),
        "items": [
            {
                "cell_id": r.cell_id, "name": r.name, "recorded": r.meeting is not None,
                "grade": r.meeting.grade if r.meeting else None,
                "total": float(r.meeting.total) if r.meeting else None, "thematic": len(r.thematic),
                "quarter_thematic": r.quarter_thematic, "quarter_lacks_thematic": r.quarter_lacks_thematic,
            }
            for r in view.rows
        ],
    }


class CellYearFilters(Schema):
    cell_id: int
    year: int = Field(..., ge=1990, le=2100)


class QuarterOut(Schema):
    quarter: int
    thematic: int
    judged: bool
    flagged: bool = Field(..., description="Quý đã kết thúc, chi bộ tồn tại mà chưa sinh hoạt chuyên đề")


class CellYearOut(Schema):
    cell_id: int
    year: int
    judged_months: list[int] = Field(..., description="Các tháng chi bộ tồn tại (được xét)")
    grades: list[str | None] = Field(..., description="Xếp loại sinh hoạt thường kỳ từng tháng (12 giá trị)")
    thematic: list[int] = Field(..., description="Số buổi chuyên đề từng tháng")
    quarters: list[QuarterOut]
    good_months: int
    good_needed: int
    verdict: str
    verdict_text: str


@router.get("/reports/meetings/cell-year", response={200: CellYearOut, **ERRORS})
def meetings_cell_year(request: HttpRequest, filters: Query[CellYearFilters]) -> dict[str, Any]:
    """Cả năm của một chi bộ: xếp loại từng tháng, sinh hoạt chuyên đề theo quý, kết luận năm trên các tháng chi bộ
    tồn tại."""
    y = cell_year(caller(request), filters.cell_id, filters.year)
    v = year_verdict(y.grades, y.judged)
    return {
        "cell_id": y.cell.pk, "year": y.year, "judged_months": [m for m in range(1, 13) if y.judged[m - 1]],
        "grades": y.grades, "thematic": [len(t) for t in y.thematic],
        "quarters": [{"quarter": q.quarter, "thematic": q.thematic, "judged": q.judged, "flagged": q.flagged}
                     for q in y.quarters],
        "good_months": y.good_count, "good_needed": year_good_min(y.months_existed), "verdict": v.state,
        "verdict_text": v.text,
    }
