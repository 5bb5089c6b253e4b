"""Writes on targets: set a target, split it among subordinate organisations, withdraw it, record a manual value.
Each is one transaction with a scope check ("manage_org" on the committee) and an audit entry."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from dangvu.core.audit import audit, snapshot
from dangvu.core.errors import DomainError
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import require
from dangvu.orgs.selectors import path_on

from .indicators import INDICATORS
from .models import Comparison, ManualValue, Target

Actor = AbstractBaseUser | AnonymousUser
MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_TERM_YEARS = 10


def recorded_by(actor: Actor) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _decimal(value: Any, field: str, label: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise DomainError(f"{label} phải là một số.", field=field, rule="number") from None
    if not d.is_finite() or d < 0 or d >= Decimal("1e10"):
        raise DomainError(f"{label} phải là số không âm, nhỏ hơn 10 tỷ.", field=field, rule="number_range")
    return d.quantize(Decimal("0.01"))


def _period(year: int | None, start_year: int | None, end_year: int | None) -> tuple[int, int]:
    if year is not None:
        start_year = end_year = year
    if start_year is None or end_year is None:
        raise DomainError("Cần năm (year) hoặc nhiệm kỳ (từ năm, đến năm).", field="year", rule="required")
    for name, y in (("start_year", start_year), ("end_year", end_year)):
        if not isinstance(y, int) or not MIN_YEAR <= y <= MAX_YEAR:
            raise DomainError(f"Năm phải từ {MIN_YEAR} đến {MAX_YEAR}.", field="year" if year else name,
                              rule="year_range")
    if start_year > end_year:
        raise DomainError("Năm bắt đầu nhiệm kỳ phải trước năm kết thúc.", field="start_year", rule="period_order")
    if end_year - start_year > MAX_TERM_YEARS:
        raise DomainError(f"Một nhiệm kỳ dài tối đa {MAX_TERM_YEARS} năm.", field="end_year", rule="term_length")
    return start_year, end_year


def check_target(
    *, indicator: str, comparison: str, value: Any, value_max: Any = None
) -> tuple[Decimal, Decimal | None]:
    """The rules a target must satisfy (the API answers 422 naming each): a known indicator, a known comparison
    with its values, `between` with value ≤ value_max, percentages within 0–100."""
    ind = INDICATORS.get(indicator or "")
    if ind is None:
        raise DomainError(f"Chỉ tiêu '{indicator}' không có trong danh mục.", field="indicator",
                          rule="indicator_unknown")
    if comparison not in Comparison.values:
        raise DomainError("Cách so sánh phải là at_least, at_most, between hoặc exactly.", field="comparison",
                          rule="choices")
    if value is None or value == "":
        raise DomainError("Cần giá trị chỉ tiêu (value).", field="value", rule="required")
    v = _decimal(value, "value", "Giá trị chỉ tiêu")
    vmax: Decimal | None = None
    if comparison == Comparison.BETWEEN:
        if value_max is None or value_max == "":
            raise DomainError("Chỉ tiêu \"từ … đến …\" cần cả giá trị tối đa (value_max).", field="value_max",
                              rule="required")
        vmax = _decimal(value_max, "value_max", "Giá trị tối đa")
        if v > vmax:
            raise DomainError("Giá trị tối thiểu (value) lớn hơn giá trị tối đa (value_max).", field="value_max",
                              rule="between_order")
    elif value_max not in (None, ""):
        raise DomainError("Chỉ chỉ tiêu \"từ … đến …\" (between) có giá trị tối đa.", field="value_max",
                          rule="value_max_only_between")
    if ind.percent and (v > 100 or (vmax is not None and vmax > 100)):
        raise DomainError("Chỉ tiêu tỷ lệ phải trong khoảng 0–100%.", field="value", rule="percent_range")
    return v, vmax


@transaction.atomic
def target_create(
    *, actor: Actor, organization: Organization, indicator: str, comparison: str, value: Any,
    value_max: Any = None, year: int | None = None, start_year: int | None = None, end_year: int | None = None,
    note: str = "", document: str = "", parent: Target | None = None,
) -> Target:
    """Set a target for the organisation and a year (or a term); refused when one for the same indicator,
    organisation and period already stands."""
    require(actor, "manage_org", organization)
    sy, ey = _period(year, start_year, end_year)
    v, vmax = check_target(indicator=indicator, comparison=comparison, value=value, value_max=value_max)
    if Target.objects.filter(
        organization=organization, indicator=indicator, start_year=sy, end_year=ey, withdrawn_at__isnull=True
    ).exists():
        raise DomainError(
            f"{organization.name} đã có chỉ tiêu '{INDICATORS[indicator].name}' cho "
            f"{'năm ' + str(sy) if sy == ey else f'nhiệm kỳ {sy}–{ey}'}.",
            field="indicator", rule="target_duplicate",
        )
    try:
        with transaction.atomic():
            target = Target.objects.create(
                organization=organization, indicator=indicator, year=sy if sy == ey else None, start_year=sy,
                end_year=ey, comparison=comparison, value=v, value_max=vmax, note=(note or "")[:500],
                document=(document or "")[:64], parent=parent, created_by=recorded_by(actor),
            )
    except IntegrityError:  # a concurrent duplicate
        raise DomainError("Chỉ tiêu này vừa được tạo.", field="indicator", rule="target_duplicate") from None
    audit(actor, "target_create", target)
    return target


@transaction.atomic
def target_split(*, actor: Actor, target: Target, shares: dict[Organization, Any]) -> list[Target]:
    """Give parts of a committee's target to organisations of its subtree (each a target of the same indicator,
    comparison and period, linked to the committee's); all or nothing."""
    require(actor, "manage_org", target.organization)
    if not shares:
        raise DomainError("Chưa chọn tổ chức nào để phân bổ.", field="shares", rule="required")
    on = date(target.start_year, 1, 1)
    root = path_on(target.organization_id, on) or target.organization.path
    out = []
    for org, value in shares.items():
        path = path_on(org.pk, on) or org.path
        if org.pk == target.organization_id or not path.startswith(root):
            raise DomainError(f"{org.name} không trực thuộc {target.organization.name}.", field="shares",
                              rule="split_outside")
        out.append(target_create(
            actor=actor, organization=org, indicator=target.indicator, comparison=target.comparison,
            value=value, value_max=value if target.comparison == Comparison.BETWEEN else None,
            start_year=target.start_year, end_year=target.end_year, note=f"Phân bổ từ chỉ tiêu #{target.pk}",
            document=target.document, parent=target,
        ))
    return out


@transaction.atomic
def target_withdraw(*, actor: Actor, target: Target, reason: str) -> Target:
    """Withdraw a target set by mistake (kept, marked with the reason); its shares go with it."""
    require(actor, "manage_org", target.organization)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Cần lý do rút chỉ tiêu.", field="reason", rule="required")
    if target.withdrawn_at is not None:
        raise DomainError("Chỉ tiêu đã được rút trước đó.", field="reason", rule="already_withdrawn")
    before = snapshot(target)
    now = timezone.now()
    Target.objects.filter(parent=target, withdrawn_at__isnull=True).update(withdrawn_at=now, withdraw_reason=reason)
    target.withdrawn_at, target.withdraw_reason = now, reason[:255]
    target.save(update_fields=["withdrawn_at", "withdraw_reason"])
    audit(actor, "target_withdraw", target, before=before)
    return target


@transaction.atomic
def manual_value_record(
    *, actor: Actor, organization: Organization, indicator: str, value: Any, note: str, document: str,
    year: int | None = None, start_year: int | None = None, end_year: int | None = None,
) -> ManualValue:
    """Enter the value of a manual indicator with its note and evidence; a later entry supersedes (both kept)."""
    require(actor, "manage_org", organization)
    ind = INDICATORS.get(indicator or "")
    if ind is None or not ind.manual:
        raise DomainError("Chỉ tiêu này không nhập tay được (được tính từ dữ liệu).", field="indicator",
                          rule="indicator_not_manual")
    sy, ey = _period(year, start_year, end_year)
    v = _decimal(value, "value", "Giá trị")
    if not (note or "").strip():
        raise DomainError("Cần ghi chú cho số liệu nhập tay.", field="note", rule="required")
    if not (document or "").strip():
        raise DomainError("Cần văn bản, minh chứng cho số liệu nhập tay.", field="document", rule="required")
    mv = ManualValue.objects.create(
        organization=organization, indicator=indicator, start_year=sy, end_year=ey, value=v,
        note=note.strip()[:500], document=document.strip()[:255], recorded_by=recorded_by(actor),
    )
    audit(actor, "manual_value_record", mv)
    return mv
