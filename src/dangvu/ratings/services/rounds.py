"""Rating rounds: open, enter in bulk, confirm and close, reopen with a reason."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import format_date
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.orgs.models import CELL_KINDS, Organization
from dangvu.orgs.scope import can, require
from dangvu.orgs.selectors import path_on

from ..models import Collective, RatingEntry, RatingReopening, RatingRound, RoundStatus, SubjectKind
from ..population import Population, population_on
from ..rules import (
    ExcellentConditions,
    Level,
    QuotaMode,
    excellent_conditions_missing,
    quota_allows,
    rating_rules_for,
    rating_setting,
)
from ..selectors import round_exempted, round_missing, round_visible


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def rating_round_open(
    *, actor: Any, organization: Organization, year: int, reference_on: date | None = None,
    quota_mode: str | None = None, quota_enabled: bool | None = None,
) -> RatingRound:
    """Open a committee's round for a year with the rule set in force that year (rules.rating_rules_for)."""
    require(actor, "manage_org", organization)
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        raise DomainError("Năm đánh giá không hợp lệ.", field="year", rule="year")
    reference_on = reference_on or date(year, 12, 31)
    if reference_on.year != year:
        raise DomainError(
            f"Ngày chốt danh sách ({format_date(reference_on)}) phải thuộc năm đánh giá {year}.",
            field="reference_on", rule="reference_date",
        )
    path = path_on(organization.pk, reference_on)
    if path is None:
        raise DomainError(
            f"{organization.name} chưa tồn tại hoặc đã giải thể vào ngày {format_date(reference_on)}.",
            field="reference_on", rule="org_exists",
        )
    if RatingRound.objects.filter(organization=organization, year=year).exists():
        raise DomainError(
            f"{organization.name} đã mở đợt đánh giá, xếp loại năm {year}.", field="year", rule="round_duplicate"
        )
    ancestors = [int(s) for s in path.rstrip(".").split(".") if s]
    overlap = RatingRound.objects.filter(year=year).filter(
        Q(organization_id__in=ancestors) | Q(path__startswith=path)
    ).select_related("organization").first()
    if overlap is not None:
        raise DomainError(
            f"Đợt đánh giá năm {year} của {overlap.organization.name} đã bao gồm (hoặc nằm trong) {organization.name}: "
            "mỗi đảng viên, tổ chức chỉ được xếp loại một lần mỗi năm.", field="organization_id", rule="round_overlap",
        )
    rules = rating_rules_for(year)
    beyond = int(rating_setting("RATING_EXCELLENT_BEYOND_PERCENT", rules.excellent_beyond_percent))
    mode = quota_mode or rules.quota_mode
    if mode not in QuotaMode.values:
        raise DomainError("Chế độ kiểm tra tỷ lệ phải là 'warn' hoặc 'refuse'.", field="quota_mode", rule="choices")
    rnd = RatingRound.objects.create(
        organization=organization, year=year, reference_on=reference_on, path=path,
        rules_document=rules.document, uses_score=rules.uses_score, excellent_min=rules.excellent_min,
        good_min=rules.good_min, done_min=rules.done_min,
        quota_enabled=rules.quota_enabled if quota_enabled is None else quota_enabled,
        quota_percent=rules.quota_percent, quota_mode=mode, opened_by=_actor(actor),
        excellent_conditions=rules.excellent_conditions, excellent_beyond_percent=beyond,
    )
    audit(actor, "rating_round_open", rnd)
    return rnd


def _band(rnd: RatingRound, level: str) -> tuple[Decimal, Decimal]:
    return {
        Level.EXCELLENT: (rnd.excellent_min, Decimal(101)),
        Level.GOOD: (rnd.good_min, rnd.excellent_min),
        Level.DONE: (rnd.done_min, rnd.good_min),
        Level.NOT_DONE: (Decimal(0), rnd.done_min),
    }[Level(level)]


def _fmt(d: Decimal) -> str:
    return f"{d.normalize():f}".replace(".", ",")


def check_score(rnd: RatingRound, level: str, score: Any, field: str = "score") -> Decimal | None:
    """A score where the rules use one, inside the band of the chosen level."""
    if score in (None, ""):
        if rnd.uses_score:
            raise DomainError(
                f"{rnd.rules_document} chấm điểm theo thang 100: phải nhập điểm.", field=field, rule="score_required"
            )
        return None
    try:
        value = Decimal(str(score).replace(",", "."))
    except InvalidOperation:
        raise DomainError(f"Điểm '{score}' không phải là số.", field=field, rule="score") from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise DomainError("Điểm phải từ 0 đến 100.", field=field, rule="score")
    low, high = _band(rnd, level)
    if not low <= value < high:
        top = "100" if high > 100 else f"dưới {_fmt(high)}"
        raise DomainError(
            f"Điểm {_fmt(value)} không thuộc khung của mức '{Level(level).label}' (từ {_fmt(low)} đến {top}) "
            f"theo {rnd.rules_document}.", field=field, rule="score_band",
        )
    return value.quantize(Decimal("0.01"))


@dataclass
class EntryInput:
    level: str
    member_id: int | None = None
    organization_id: int | None = None
    score: Any = None
    note: str = ""
    subject: str | None = None  # SubjectKind; by default member (member_id) or organization (organization_id)
    collective: str = ""  # leadership: Collective
    position: str = ""  # leader: the post held
    all_tasks_done: bool | None = None
    tasks_total: int | None = None
    tasks_beyond: int | None = None
    no_discipline: bool | None = None

    @property
    def conditions(self) -> ExcellentConditions:
        return ExcellentConditions(self.all_tasks_done, self.tasks_total, self.tasks_beyond, self.no_discipline)


def _as_input(raw: Any) -> EntryInput:
    if isinstance(raw, EntryInput):
        return raw
    return EntryInput(
        level=raw.get("level", ""), member_id=raw.get("member_id"), organization_id=raw.get("organization_id"),
        score=raw.get("score"), note=raw.get("note") or "", subject=raw.get("subject"),
        collective=raw.get("collective") or "", position=raw.get("position") or "",
        all_tasks_done=raw.get("all_tasks_done"), tasks_total=raw.get("tasks_total"),
        tasks_beyond=raw.get("tasks_beyond"), no_discipline=raw.get("no_discipline"),
    )


def _tasks(item: EntryInput, field: str) -> None:
    for name in ("tasks_total", "tasks_beyond"):
        value = getattr(item, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000):
            raise DomainError("Số nhiệm vụ phải là số nguyên từ 0 đến 1000.", field=f"{field}.{name}", rule="tasks")
    if item.tasks_beyond is not None and (item.tasks_total is None or item.tasks_beyond > item.tasks_total):
        raise DomainError(
            f"Số nhiệm vụ vượt yêu cầu ({item.tasks_beyond}) không được lớn hơn tổng số nhiệm vụ "
            f"({item.tasks_total if item.tasks_total is not None else 'chưa ghi'}).", field=f"{field}.tasks_beyond",
            rule="tasks",
        )


def check_excellent(rnd: RatingRound, item: EntryInput, label: str, field: str) -> None:
    """Quy định 366-QĐ/TW: "xuất sắc" only with every task done, ≥30% beyond requirement and no discipline."""
    if item.level != Level.EXCELLENT or not rnd.excellent_conditions:
        return
    missing = excellent_conditions_missing(item.conditions, rnd.excellent_beyond_percent)
    if missing:
        raise DomainError(
            f"{label[0].upper()}{label[1:]} không đủ điều kiện xếp loại hoàn thành xuất sắc nhiệm vụ theo "
            f"{rnd.rules_document}: chưa ghi nhận {'; '.join(missing)}.", field=f"{field}.level",
            rule="excellent_conditions",
        )


def quota_problems(rnd: RatingRound, grassroots_ids: set[int] | None, pop: Population | None = None) -> list[str]:
    """Vietnamese messages for each grassroots organisation (and the organisations' own ratings) over the quota."""
    if not rnd.quota_enabled:
        return []
    out: list[str] = []
    rows = (
        RatingEntry.objects.filter(rating_round=rnd, level__in=[Level.EXCELLENT, Level.GOOD])
        .values("subject_kind", "grassroots_id", "grassroots__name")
        .annotate(
            excellent=Count("id", filter=Q(level=Level.EXCELLENT)), good=Count("id", filter=Q(level=Level.GOOD))
        )
        .order_by("subject_kind", "grassroots__name")
    )
    orgs_excellent = orgs_good = 0
    for row in rows:
        if row["subject_kind"] in (SubjectKind.LEADERSHIP, SubjectKind.LEADER):
            continue  # the 20% of Hướng dẫn 21-HD/BTCTW is for members and grassroots organisations
        if row["subject_kind"] == SubjectKind.ORGANIZATION:
            orgs_excellent += row["excellent"]
            orgs_good += row["good"]
            continue
        if grassroots_ids is not None and row["grassroots_id"] not in grassroots_ids:
            continue
        if not quota_allows(row["excellent"], row["good"], rnd.quota_percent):
            out.append(
                f"{row['grassroots__name']}: {row['excellent']} đảng viên hoàn thành xuất sắc nhiệm vụ vượt quá "
                f"{rnd.quota_percent}% số hoàn thành tốt nhiệm vụ ({row['good']}) (Hướng dẫn 21-HD/BTCTW)."
            )
    if not quota_allows(orgs_excellent, orgs_good, rnd.quota_percent):
        out.append(
            f"{orgs_excellent} tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ vượt quá {rnd.quota_percent}% số "
            f"hoàn thành tốt nhiệm vụ ({orgs_good}) (Hướng dẫn 21-HD/BTCTW)."
        )
    return out


def _require_manage(actor: Any, rnd: RatingRound) -> None:
    """Only the round's committee confirms and reopens; those inside its subtree get 403, others 404."""
    if not round_visible(actor, rnd):
        raise NotVisible
    if not can(actor, "manage_org", rnd.organization):
        raise NotAllowed(f"Chỉ cấp ủy {rnd.organization.name} được xác nhận hoặc mở lại đợt đánh giá.")


def _require_open(rnd: RatingRound) -> None:
    if not rnd.is_open:
        raise DomainError(
            f"Đợt đánh giá năm {rnd.year} đã xác nhận, khóa sổ: muốn sửa phải mở lại và ghi rõ lý do.",
            field="rating_round", rule="round_closed",
        )


LEVEL_CHOICES_TEXT = ", ".join(Level.labels)


def _subject(item: EntryInput, field: str) -> str:
    if (item.member_id is None) == (item.organization_id is None):
        raise DomainError(
            "Mỗi kết quả phải chỉ rõ một đảng viên hoặc một tổ chức.", field=field, rule="subject_required"
        )
    kind = item.subject or (SubjectKind.MEMBER if item.member_id is not None else SubjectKind.ORGANIZATION)
    by_member = {SubjectKind.MEMBER, SubjectKind.LEADER}
    if kind not in SubjectKind.values or (kind in by_member) != (item.member_id is not None):
        raise DomainError(
            "Đối tượng xếp loại không khớp: đảng viên và cán bộ lãnh đạo, quản lý theo member_id; tổ chức cơ sở đảng "
            "và tập thể lãnh đạo theo organization_id.", field=f"{field}.subject", rule="subject_kind",
        )
    return str(kind)


def _resolve(
    actor: Any, rnd: RatingRound, pop: Population, orgs: dict[int, Organization], item: EntryInput, kind: str,
    field: str,
) -> tuple[int, str, int, bool, str]:
    """The subject of an entry on the reference date, the caller's right to rate it checked: (id, collective,
    cell or organisation, probationary, label)."""
    ref = format_date(rnd.reference_on)
    if kind in (SubjectKind.MEMBER, SubjectKind.LEADER):
        sid = int(item.member_id or 0)
        if sid not in pop.members:
            raise DomainError(
                f"Đảng viên #{sid} không sinh hoạt trong {rnd.organization.name} vào ngày chốt danh sách "
                f"{ref}: không xếp loại trong đợt này.", field=f"{field}.member_id",
                rule="not_member_on_reference_date",
            )
        cell_id, probationary, name = pop.members[sid]
        if kind == SubjectKind.MEMBER:
            require(actor, "record_member", orgs[cell_id])
            return sid, "", cell_id, probationary, f"đảng viên {name}"
        require(actor, "manage_org", rnd.organization)
        if not " ".join((item.position or "").split()):
            raise DomainError(
                f"Phải ghi chức vụ lãnh đạo, quản lý của {name} khi xếp loại cán bộ lãnh đạo, quản lý.",
                field=f"{field}.position", rule="leader_position",
            )
        return sid, "", cell_id, probationary, f"cán bộ lãnh đạo, quản lý {name}"
    sid = int(item.organization_id or 0)
    if kind == SubjectKind.ORGANIZATION:
        if sid not in pop.grassroots_ids:
            raise DomainError(
                f"Tổ chức #{sid} không phải tổ chức cơ sở đảng trực thuộc {rnd.organization.name} vào ngày "
                f"{ref}.", field=f"{field}.organization_id", rule="not_grassroots_on_reference_date",
            )
        require(actor, "manage_org", orgs[sid])
        return sid, "", sid, False, pop.org_names.get(sid, orgs[sid].name)
    if sid not in pop.org_paths or pop.org_kinds.get(sid) in CELL_KINDS:
        raise DomainError(
            f"Tổ chức #{sid} không phải đảng bộ thuộc {rnd.organization.name} vào ngày {ref}: tập thể lãnh đạo được "
            "xếp loại là ban chấp hành hoặc ban thường vụ của một đảng bộ.", field=f"{field}.organization_id",
            rule="not_leadership_subject",
        )
    if item.collective not in Collective.values:
        raise DomainError(
            "Tập thể lãnh đạo phải là Ban Chấp hành (committee) hoặc Ban Thường vụ (standing).",
            field=f"{field}.collective", rule="collective",
        )
    require(actor, "manage_org", rnd.organization)
    label = f"{Collective(item.collective).label} {pop.org_names.get(sid, orgs[sid].name)}"
    return sid, item.collective, sid, False, label


def _check_not_rated(item: EntryInput, kind: str, exempted: bool, label: str, ref: str, field: str) -> None:
    """"Không xếp loại" only for a member exempted from activity on the reference date, and without a score."""
    if kind != SubjectKind.MEMBER or not exempted:
        raise DomainError(
            f"Chỉ đảng viên được miễn công tác và sinh hoạt đảng vào ngày chốt danh sách {ref} mới được để "
            f"'không xếp loại'; {label} phải được xếp một trong bốn mức.", field=f"{field}.level",
            rule="not_rated_exempted_only",
        )
    if item.score not in (None, ""):
        raise DomainError("Đảng viên không xếp loại thì không chấm điểm.", field=f"{field}.score", rule="score")


@transaction.atomic
def rating_entries_record(
    *, actor: Any, rating_round: RatingRound, entries: list[Any], replace: bool = False
) -> list[str]:
    """Record ratings in bulk, all or nothing: members, grassroots organisations, leadership collectives (an
    organisation's committee or standing committee) and leaders (a member with the post held), each with its level,
    score, note and, for "xuất sắc" under 366-QĐ/TW, the conditions it meets. "Không xếp loại" only for a member
    exempted from activity on the reference date. With replace=True an existing entry is corrected. Returns the
    quota warnings (warn mode)."""
    rnd = RatingRound.objects.select_for_update().get(pk=rating_round.pk)
    if not round_visible(actor, rnd):
        raise NotVisible
    _require_open(rnd)
    if not entries:
        raise DomainError("Chưa có kết quả xếp loại nào để ghi.", field="entries", rule="required")
    pop = population_on(rnd.path, rnd.reference_on)
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=list(pop.org_paths))}
    existing = {
        (e.subject_kind, e.member_id or e.organization_id, e.collective): e
        for e in RatingEntry.objects.filter(rating_round=rnd)
    }
    exempted: set[int] | None = None
    seen: set[tuple[str, int, str]] = set()
    touched: set[int] = set()
    ref = format_date(rnd.reference_on)
    for i, raw in enumerate(entries):
        item = _as_input(raw)
        field = f"entries[{i}]"
        if item.level not in Level.values:
            raise DomainError(
                f"Mức xếp loại phải là một trong: {LEVEL_CHOICES_TEXT}.", field=f"{field}.level", rule="choices"
            )
        kind = _subject(item, field)
        sid, collective, cell_id, probationary, label = _resolve(actor, rnd, pop, orgs, item, kind, field)
        key = (kind, sid, collective)
        if key in seen or (key in existing and not replace):
            raise DomainError(
                f"{label[0].upper()}{label[1:]} đã có kết quả xếp loại năm {rnd.year}.", field=field,
                rule="duplicate_entry",
            )
        seen.add(key)
        if item.level == Level.NOT_RATED:
            if exempted is None:
                exempted = round_exempted(rnd)
            _check_not_rated(item, kind, sid in exempted, label, ref, field)
            score = None
        else:
            score = check_score(rnd, item.level, item.score, f"{field}.score")
        _tasks(item, field)
        check_excellent(rnd, item, label, field)
        note = (item.note or "")[:255]
        grassroots = pop.grassroots_of(cell_id)
        touched.add(grassroots)
        values: dict[str, Any] = dict(
            level=item.level, score=score, note=note, recorded_by=_actor(actor),
            position=" ".join((item.position or "").split())[:255] if kind == SubjectKind.LEADER else "",
            all_tasks_done=item.all_tasks_done, tasks_total=item.tasks_total, tasks_beyond=item.tasks_beyond,
            no_discipline=item.no_discipline,
        )
        old = existing.get(key)
        if old is not None:
            before = snapshot(old)
            for k, v in values.items():
                setattr(old, k, v)
            old.save()
            audit(actor, "rating_entry_change", old, before=before)
        else:
            by_member = kind in (SubjectKind.MEMBER, SubjectKind.LEADER)
            entry = RatingEntry.objects.create(
                rating_round=rnd, year=rnd.year, subject_kind=kind, member_id=sid if by_member else None,
                organization_id=None if by_member else sid, collective=collective, cell_id=cell_id,
                grassroots_id=grassroots, path=pop.org_paths[cell_id], probationary=probationary, **values,
            )
            audit(actor, "rating_entry_record", entry)
    problems = quota_problems(rnd, touched)
    if problems and rnd.quota_mode == QuotaMode.REFUSE:
        raise DomainError(" ".join(problems), field="entries", rule="quota")
    return problems


@transaction.atomic
def rating_round_confirm(*, actor: Any, rating_round: RatingRound) -> list[str]:
    """Confirm and close the round: every member (but those exempted from activity, who may stay unrated) and
    grassroots organisation rated, quota respected (refused in refuse mode, returned as warnings in warn mode)."""
    rnd = RatingRound.objects.select_for_update().select_related("organization").get(pk=rating_round.pk)
    _require_manage(actor, rnd)
    _require_open(rnd)
    missing_members, missing_orgs = round_missing(rnd)  # members exempted from activity never block it
    if missing_members or missing_orgs:
        names = [name for _, name, _ in missing_members[:5]] + [name for _, name in missing_orgs[:5]]
        raise DomainError(
            f"Chưa thể xác nhận: còn {len(missing_members)} đảng viên và {len(missing_orgs)} tổ chức cơ sở đảng "
            f"chưa có kết quả xếp loại ({', '.join(names)}{', ...' if len(names) >= 5 else ''}).",
            field="entries", rule="entries_missing",
        )
    problems = quota_problems(rnd, None)
    if problems and rnd.quota_mode == QuotaMode.REFUSE:
        raise DomainError(" ".join(problems), field="entries", rule="quota")
    before = snapshot(rnd)
    rnd.status, rnd.closed_at, rnd.closed_by = RoundStatus.CLOSED, timezone.now(), _actor(actor)
    rnd.save()
    audit(actor, "rating_round_confirm", rnd, before=before)
    return problems


@transaction.atomic
def rating_round_reopen(*, actor: Any, rating_round: RatingRound, reason: str) -> RatingReopening:
    """Reopen a closed round for corrections; the reason is kept and audited."""
    rnd = RatingRound.objects.select_for_update().select_related("organization").get(pk=rating_round.pk)
    _require_manage(actor, rnd)
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise DomainError("Phải ghi rõ lý do mở lại đợt đánh giá.", field="reason", rule="reopen_reason")
    if rnd.is_open:
        raise DomainError("Đợt đánh giá đang mở, không cần mở lại.", field="rating_round", rule="round_open")
    before = snapshot(rnd)
    rnd.status, rnd.closed_at, rnd.closed_by = RoundStatus.OPEN, None, None
    rnd.save()
    reopening = RatingReopening.objects.create(rating_round=rnd, reason=reason[:500], by=_actor(actor))
    audit(actor, "rating_round_reopen", rnd, before=before, after={**snapshot(rnd), "reason": reopening.reason})
    return reopening
