"""Criteria sets and cell meetings (regular and thematic); the grade is computed from the scores."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError
from dangvu.core.locking import lock_for_update
from dangvu.members.activity import cell_activity_on
from dangvu.members.selectors import headcount
from dangvu.orgs.models import CELL_KINDS, Organization
from dangvu.orgs.scope import require

from ..models import CellMeeting, CriteriaSet, Criterion, MeetingScore
from ..rules import CRITERIA_TOTAL, MEETING_KIND_DOCUMENT, MeetingKind, meeting_grade
from ..selectors import criteria_set_for


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def criteria_set_create(
    *, actor: Any, organization: Organization, name: str, valid_from: date, criteria: list[dict[str, Any]],
    valid_to: date | None = None, document: str = "",
) -> CriteriaSet:
    """A committee adopts a criteria set: weighted criteria summing to 100, some maybe required for Tốt."""
    require(actor, "manage_org", organization)
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Tên bộ tiêu chí không được để trống.", field="name", rule="required")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError("Ngày hết hiệu lực phải sau ngày áp dụng.", field="valid_to", rule="period")
    if not criteria:
        raise DomainError("Bộ tiêu chí phải có ít nhất một tiêu chí.", field="criteria", rule="required")
    cleaned: list[tuple[str, int, bool]] = []
    for i, c in enumerate(criteria):
        cname = " ".join(str(c.get("name") or "").split())
        if not cname:
            raise DomainError(f"Tiêu chí thứ {i + 1} chưa có tên.", field=f"criteria[{i}].name", rule="required")
        try:
            weight = int(c.get("weight"))  # type: ignore[arg-type]  # checked below
        except (TypeError, ValueError):
            weight = 0
        if not 0 < weight <= CRITERIA_TOTAL:
            raise DomainError(
                f"Điểm tối đa của tiêu chí '{cname}' phải là số nguyên từ 1 đến 100.", field=f"criteria[{i}].weight",
                rule="criterion_weight",
            )
        cleaned.append((cname[:255], weight, bool(c.get("required_for_good"))))
    total = sum(w for _, w, _ in cleaned)
    if total != CRITERIA_TOTAL:
        raise DomainError(
            f"Tổng điểm các tiêu chí phải bằng 100 (hiện là {total}).", field="criteria", rule="criteria_total"
        )
    cs = CriteriaSet.objects.create(
        organization=organization, name=name[:255], valid_from=valid_from, valid_to=valid_to,
        document=(document or "")[:64], created_by=_actor(actor),
    )
    Criterion.objects.bulk_create(
        Criterion(criteria_set=cs, position=i + 1, name=n, weight=w, required_for_good=r)
        for i, (n, w, r) in enumerate(cleaned)
    )
    audit(actor, "criteria_set_create", cs, after={**snapshot(cs), "criteria": cleaned})
    return cs


def _score(value: Any, criterion: Criterion, field: str) -> Decimal:
    try:
        d = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise DomainError(f"Điểm '{value}' không phải là số.", field=field, rule="criterion_score") from None
    if not d.is_finite() or not Decimal(0) <= d <= criterion.weight:
        raise DomainError(
            f"Điểm tiêu chí '{criterion.name}' phải từ 0 đến {criterion.weight}.", field=field, rule="criterion_score"
        )
    return d.quantize(Decimal("0.01"))


def _check_when(cell: Organization, year: int, month: int, held_on: date) -> None:
    """A cell's meeting, in the month it is recorded for, not in the future."""
    if cell.kind not in CELL_KINDS:
        raise DomainError(f"{cell.name} không phải là chi bộ.", field="cell_id", rule="not_a_cell")
    if not isinstance(month, int) or not 1 <= month <= 12 or not isinstance(year, int) or not 1990 <= year <= 2100:
        raise DomainError("Tháng hoặc năm không hợp lệ.", field="month", rule="month")
    if (held_on.year, held_on.month) != (year, month):
        raise DomainError(
            f"Ngày sinh hoạt {format_date(held_on)} không thuộc tháng {month}/{year}.", field="held_on",
            rule="meeting_month",
        )
    if held_on > today():
        raise DomainError("Ngày sinh hoạt không được sau hôm nay.", field="held_on", rule="not_future")


@transaction.atomic
def meeting_record(
    *, actor: Any, cell: Organization, year: int, month: int, held_on: date, present: int, excused: int,
    absent: int, scores: dict[int, Any], notes: str = "", replace: bool = False, kind: str = MeetingKind.REGULAR,
    topic: str = "", guests: int = 0,
) -> CellMeeting:
    """Record a cell's meeting — the regular one of a month, or a thematic one (several a month possible) — with
    its attendance and the score of each criterion of the criteria set in force (the nearest committee's); the
    grade is computed (rules.meeting_grade). Attendance counts the members expected: the cell's members that day
    (members.selectors.headcount) less those exempted from activity (members.activity, excused by rule);
    temporary members who attend are counted apart (`guests`, at most the cell's temporary guests that day)."""
    lock_for_update(cell)  # one meeting record per cell and month at a time (a second one sees the first)
    require(actor, "record_member", cell)
    _check_when(cell, year, month, held_on)
    if kind not in MeetingKind.values:
        raise DomainError("Loại sinh hoạt phải là thường kỳ hoặc chuyên đề.", field="kind", rule="choices")
    topic = " ".join((topic or "").split())[:255]
    if kind == MeetingKind.THEMATIC and not topic:
        raise DomainError(
            f"Sinh hoạt chuyên đề phải ghi chủ đề ({MEETING_KIND_DOCUMENT}).", field="topic", rule="thematic_topic"
        )
    same = CellMeeting.objects.filter(cell=cell, kind=kind)
    existing = (
        same.filter(year=year, month=month) if kind == MeetingKind.REGULAR else same.filter(held_on=held_on)
    ).first()
    if existing is not None and not replace:
        what = f"sinh hoạt thường kỳ tháng {month}/{year}" if kind == MeetingKind.REGULAR else (
            f"sinh hoạt chuyên đề ngày {format_date(held_on)}"
        )
        raise DomainError(f"{cell.name} đã ghi kết quả {what}.", field="month", rule="meeting_duplicate")
    cs = criteria_set_for(cell, held_on)
    if cs is None:
        raise DomainError(
            f"Chưa có bộ tiêu chí chấm điểm sinh hoạt chi bộ áp dụng cho {cell.name} vào ngày {format_date(held_on)}.",
            field="held_on", rule="no_criteria_set",
        )
    counts = {"present": present, "excused": excused, "absent": absent, "guests": guests}
    for k, count in counts.items():
        if not isinstance(count, int) or count < 0:
            raise DomainError("Số đảng viên dự họp phải là số nguyên không âm.", field=k, rule="attendance")
    n = headcount(cell, held_on)
    _members, exempt, hosted = cell_activity_on([cell.pk], held_on)[cell.pk]
    expected = n - len(exempt)
    if present + excused + absent != expected:
        detail = f"{expected}: {n} đảng viên trừ {len(exempt)} đảng viên được miễn sinh hoạt" if exempt else n
        raise DomainError(
            f"Có mặt {present} + vắng có lý do {excused} + vắng không lý do {absent} = {present + excused + absent}, "
            f"khác số đảng viên phải dự họp của chi bộ ngày {format_date(held_on)} ({detail}).",
            field="present", rule="attendance",
        )
    if guests > len(hosted):
        raise DomainError(
            f"{guests} đảng viên sinh hoạt tạm thời dự họp, nhưng ngày {format_date(held_on)} chi bộ chỉ có "
            f"{len(hosted)} đảng viên sinh hoạt tạm thời.", field="guests", rule="attendance_guests",
        )
    criteria = list(cs.criteria.all())
    by_id = {int(k): v for k, v in (scores or {}).items()}
    values: list[tuple[Criterion, Decimal]] = []
    for c in criteria:
        if by_id.get(c.pk) in (None, ""):
            raise DomainError(f"Chưa nhập điểm tiêu chí '{c.name}'.", field=f"scores.{c.pk}", rule="criterion_score")
        values.append((c, _score(by_id[c.pk], c, f"scores.{c.pk}")))
    unknown = set(by_id) - {c.pk for c in criteria}
    if unknown:
        raise DomainError(
            f"Tiêu chí #{min(unknown)} không thuộc bộ tiêu chí '{cs.name}'.", field="scores", rule="criterion_unknown"
        )
    total = sum((v for _, v in values), Decimal(0))
    required_full = all(v == c.weight for c, v in values if c.required_for_good)
    grade = meeting_grade(total, required_full=required_full)
    fields: dict[str, Any] = dict(
        held_on=held_on, criteria_set=cs, headcount=n, exempted=len(exempt), present=present, excused=excused,
        absent=absent, guests=guests, topic=topic, total=total, grade=grade, notes=(notes or "").strip(),
        recorded_by=_actor(actor),
    )
    if existing is not None:
        before = {**snapshot(existing), "scores": {s.criterion_id: str(s.score) for s in existing.scores.all()}}
        for k, v in fields.items():
            setattr(existing, k, v)
        existing.save()
        meeting = existing
        for c, v in values:
            MeetingScore.objects.update_or_create(meeting=meeting, criterion=c, defaults={"score": v})
    else:
        before = None
        meeting = CellMeeting.objects.create(cell=cell, year=year, month=month, kind=kind, **fields)
        MeetingScore.objects.bulk_create(MeetingScore(meeting=meeting, criterion=c, score=v) for c, v in values)
    audit(
        actor, "meeting_record", meeting, before=before,
        after={**snapshot(meeting), "scores": {c.pk: str(v) for c, v in values}},
    )
    return meeting
