"""Membership rules (RULES.md), one place each; messages name the field and the rule."""

import re
from datetime import date, timedelta

from django.conf import settings

from dangvu.core.dates import add_months, add_working_days, format_date, full_years_between
from dangvu.core.errors import DomainError
from dangvu.orgs.models import CELL_KINDS, Organization
from dangvu.orgs.rules import check_active_on

from .models import ENDING_KINDS, LETTER_NUMBER_MAX_LENGTH, EventKind, Member, MemberEvent

CITIZEN_ID_RE = re.compile(r"^[0-9]{12}$")
# Điều lệ Đảng, Điều 1: người đủ 18 tuổi.
MIN_ADMISSION_AGE = 18
# Admission and readmission (Quy định 294-QĐ/TW, 2025, thi hành Điều lệ Đảng; it replaced Quy định 232-QĐ/TW from
# 1/7/2025): admitted from full 18 to full 60 years old, older only by a decision of the provincial committee;
# readmission at least 36 months after leaving, once only, never for those expelled. Limits are settings
# (DANGVU_RULES: ADMISSION_AGE_MAX, READMISSION_WAIT_MONTHS) where a province's instructions differ.
ADMISSION_RULES_DOCUMENT = "Quy định 294-QĐ/TW (2025), thay Quy định 232-QĐ/TW từ 01/7/2025"


# Transfers (Quy định 294-QĐ/TW, from 1/7/2025, replacing Quy định 24-QĐ/TW): the member presents the transfer
# letter to the receiving committee within 30 working days of its date; a temporary transfer is for work of 3
# months to under 1 year or full-time study of 3 months to 2 years. (settings: TRANSFER_PRESENT_WORKING_DAYS,
# TEMPORARY_MIN_MONTHS, TEMPORARY_WORK_MAX_MONTHS, TEMPORARY_STUDY_MAX_MONTHS; the reminder window
# TEMPORARY_END_REMINDER_DAYS is the office's own choice)
TRANSFER_RULES_DOCUMENT = "Quy định 294-QĐ/TW"

# Every limit a province may change, with its default (settings.DANGVU_RULES overrides each by its key).
DEFAULTS: dict[str, int] = {
    "PROBATION_MONTHS": 12,  # Điều lệ Đảng, Điều 5
    "ADMISSION_AGE_MAX": 60,  # Quy định 294-QĐ/TW
    "READMISSION_WAIT_MONTHS": 36,  # Quy định 294-QĐ/TW
    "TRANSFER_PRESENT_WORKING_DAYS": 30,  # Quy định 294-QĐ/TW
    "TEMPORARY_MIN_MONTHS": 3,  # Quy định 294-QĐ/TW
    "TEMPORARY_WORK_MAX_MONTHS": 12,  # "dưới 1 năm": the end must fall before 12 months
    "TEMPORARY_STUDY_MAX_MONTHS": 24,  # "đến 2 năm": 24 months allowed
    "TEMPORARY_END_REMINDER_DAYS": 30,  # the due list warns this many days before a temporary transfer ends
}


def rule_setting(name: str) -> int:
    """The limit `name` of this deployment: settings.DANGVU_RULES[name], else the default above."""
    return int(getattr(settings, "DANGVU_RULES", {}).get(name, DEFAULTS[name]))


def probation_months() -> int:
    return rule_setting("PROBATION_MONTHS")


def admission_age_max() -> int:
    return rule_setting("ADMISSION_AGE_MAX")


def readmission_wait_months() -> int:
    return rule_setting("READMISSION_WAIT_MONTHS")


def probation_end(start: date) -> date:
    """The day probation begun on `start` ends (Điều lệ Đảng, Điều 5: 12 months): the earliest recognition and
    the day the member is full "kể từ ngày" (members.selectors.full_since)."""
    return add_months(start, probation_months())


def presentation_deadline(issued_on: date) -> date:
    """The last day the member may present a transfer letter dated `issued_on`: the 30th working day after it
    (core.dates.add_working_days, the helper of the admission ceremony's deadline: Monday to Friday without
    public holidays)."""
    return add_working_days(issued_on, rule_setting("TRANSFER_PRESENT_WORKING_DAYS"))


def overdue_issued_before(on: date) -> date:
    """Letters issued before the returned day and not presented are overdue on `on` (the inverse of
    presentation_deadline, so the overdue list filters in SQL)."""
    d = on - timedelta(days=7 * rule_setting("TRANSFER_PRESENT_WORKING_DAYS") // 5 + 28)  # room for Tết
    while presentation_deadline(d) < on:
        d += timedelta(days=1)
    return d


TEMPORARY_PURPOSES = {"work": "công tác, lao động", "study": "học tập tập trung"}


def check_temporary_period(start: date, until: date | None, purpose: str) -> None:
    """A temporary transfer needs its end date: at least 3 months after the start, and before 12 months (work)
    or at most 24 months (full-time study) — Quy định 294-QĐ/TW."""
    if purpose not in TEMPORARY_PURPOSES:
        raise DomainError(
            "Chọn lý do sinh hoạt tạm thời: công tác, lao động (work) hoặc học tập tập trung (study).",
            field="temporary_purpose", rule="choices",
        )
    if until is None:
        raise DomainError(
            "Sinh hoạt tạm thời phải có ngày kết thúc («Sinh hoạt tạm thời đến ngày»).",
            field="temporary_until", rule="temporary_end_required",
        )
    low = rule_setting("TEMPORARY_MIN_MONTHS")
    if until < add_months(start, low):
        raise DomainError(
            f"Sinh hoạt tạm thời từ {low} tháng trở lên: từ ngày {format_date(start)} thì «Sinh hoạt tạm thời đến "
            f"ngày» sớm nhất là {format_date(add_months(start, low))}; đi dưới {low} tháng không chuyển sinh hoạt "
            f"({TRANSFER_RULES_DOCUMENT}).",
            field="temporary_until", rule="temporary_too_short",
        )
    if purpose == "work":
        high = rule_setting("TEMPORARY_WORK_MAX_MONTHS")
        if until >= add_months(start, high):
            raise DomainError(
                f"Sinh hoạt tạm thời vì công tác, lao động dưới {high} tháng: «Sinh hoạt tạm thời đến ngày» phải "
                f"trước ngày {format_date(add_months(start, high))}; lâu hơn thì chuyển sinh hoạt chính thức "
                f"({TRANSFER_RULES_DOCUMENT}).",
                field="temporary_until", rule="temporary_too_long",
            )
    else:
        high = rule_setting("TEMPORARY_STUDY_MAX_MONTHS")
        if until > add_months(start, high):
            raise DomainError(
                f"Sinh hoạt tạm thời vì học tập tập trung tối đa {high} tháng: «Sinh hoạt tạm thời đến ngày» chậm "
                f"nhất là {format_date(add_months(start, high))} ({TRANSFER_RULES_DOCUMENT}).",
                field="temporary_until", rule="temporary_too_long",
            )


def committee_of(org: Organization) -> Organization:
    """The grassroots organisation (tổ chức cơ sở đảng) a cell belongs to: the committee that issues and receives
    its transfer letters by default; the organisation itself when none lies above it."""
    if org.is_grassroots:
        return org
    ids = [int(s) for s in (org.path or "").split(".") if s][:-1]
    above = {o.pk: o for o in Organization.objects.filter(pk__in=ids)}
    for pk in reversed(ids):
        if pk in above and above[pk].is_grassroots:
            return above[pk]
    return org


def check_letter_committee(committee: Organization, cell: Organization, field: str) -> None:
    """A letter's sending (receiving) committee is the cell itself or an organisation above it."""
    if committee.pk != cell.pk and f".{committee.pk}." not in f".{cell.path}":
        raise DomainError(
            f"{committee.name} không phải cấp ủy cấp trên của {cell.name}; giấy giới thiệu do cấp ủy quản lý chi bộ "
            f"cấp và nhận ({TRANSFER_RULES_DOCUMENT}).",
            field=field, rule="letter_committee",
        )


def check_letter(number: str, issued_on: date, effective_on: date, today_: date) -> str:
    """The letter's number (required, at most LETTER_NUMBER_MAX_LENGTH characters) and date (not after the transfer
    takes effect nor in the future)."""
    number = " ".join((number or "").split())
    if not number:
        raise DomainError("Nhập số giấy giới thiệu sinh hoạt đảng.", field="letter_number", rule="required")
    if len(number) > LETTER_NUMBER_MAX_LENGTH:
        raise DomainError(f"Số giấy giới thiệu dài quá {LETTER_NUMBER_MAX_LENGTH} ký tự.", field="letter_number",
                          rule="max_length")
    if issued_on > today_:
        raise DomainError("Ngày cấp giấy giới thiệu ở tương lai.", field="letter_issued_on", rule="not_future")
    if issued_on > effective_on:
        raise DomainError(
            f"Ngày cấp giấy giới thiệu ({format_date(issued_on)}) sau ngày chuyển sinh hoạt "
            f"({format_date(effective_on)}).", field="letter_issued_on", rule="letter_after_transfer",
        )
    return number


def check_presented(issued_on: date, presented_on: date, today_: date) -> None:
    """The day the letter was presented: not before it was issued, not in the future."""
    if presented_on > today_:
        raise DomainError("Ngày nộp giấy giới thiệu ở tương lai.", field="presented_on", rule="not_future")
    if presented_on < issued_on:
        raise DomainError(
            f"Ngày nộp giấy giới thiệu ({format_date(presented_on)}) trước ngày cấp ({format_date(issued_on)}).",
            field="presented_on", rule="presented_before_issued",
        )


def clean_citizen_id(value: str | None) -> str | None:
    """The format rule alone (12 digits), for bulk checks that test uniqueness against rows read once."""
    value = (value or "").strip() or None
    if value is not None and not CITIZEN_ID_RE.match(value):
        raise DomainError(
            "Số CCCD phải gồm đúng 12 chữ số.", field="citizen_id", rule="citizen_id_format"
        )
    return value


def check_citizen_id(value: str | None, *, exclude_pk: int | None = None) -> str | None:
    value = clean_citizen_id(value)
    if value is None:
        return None
    if Member.objects.filter(citizen_id=value).exclude(pk=exclude_pk or 0).exists():
        raise DomainError(
            f"Số CCCD {value} đã có trong hồ sơ một đảng viên khác.", field="citizen_id", rule="citizen_id_unique"
        )
    return value


def clean_card_number(value: str | None) -> str | None:
    """The format rule alone (6–12 digits), for bulk checks."""
    value = (value or "").strip() or None
    if value is not None and (not value.isdigit() or not 6 <= len(value) <= 12):
        raise DomainError("Số thẻ đảng viên gồm 6–12 chữ số.", field="card_number", rule="card_number_format")
    return value


def check_card_number(value: str | None, *, exclude_pk: int | None = None) -> str | None:
    value = clean_card_number(value)
    if value is None:
        return None
    if Member.objects.filter(card_number=value).exclude(pk=exclude_pk or 0).exists():
        raise DomainError(
            f"Số thẻ đảng viên {value} đã cấp cho đảng viên khác.", field="card_number", rule="card_number_unique"
        )
    return value


def check_cell(org: Organization, d: date, field: str) -> None:
    """Điều lệ Đảng, Điều 21: a member belongs to a cell (chi bộ cơ sở or chi bộ trực thuộc)."""
    if org.kind not in CELL_KINDS:
        raise DomainError(
            f"{org.name} không phải chi bộ; đảng viên sinh hoạt tại chi bộ cơ sở hoặc chi bộ trực thuộc "
            "(Điều lệ Đảng, Điều 21).",
            field=field, rule="member_in_cell",
        )
    check_active_on(org, d, field)


def check_admission_age(birth_date: date, admitted_on: date, *, over_age_decision: str = "") -> None:
    """Điều lệ Đảng, Điều 1: at least 18 on the admission decision date; Quy định 294-QĐ/TW: at most full 60
    (the 60th birthday itself is allowed, the day after is not) unless `over_age_decision` names the provincial
    committee's decision. The one definition of the age rule; candidates are checked against it at proposal
    (check_proposal_age) and at admission."""
    if full_years_between(birth_date, admitted_on) < MIN_ADMISSION_AGE:
        raise DomainError(
            f"Người vào Đảng phải đủ {MIN_ADMISSION_AGE} tuổi vào ngày kết nạp (Điều lệ Đảng, Điều 1).",
            field="birth_date", rule="admission_age",
        )
    limit = admission_age_max()
    if admitted_on > add_months(birth_date, 12 * limit) and not (over_age_decision or "").strip():
        raise DomainError(
            f"Người vào Đảng trên {limit} tuổi (sinh ngày {format_date(birth_date)}, kết nạp ngày "
            f"{format_date(admitted_on)}) chỉ được kết nạp khi có quyết định của cấp ủy trực thuộc Trung ương "
            f"(tỉnh ủy); ghi số quyết định đó ({ADMISSION_RULES_DOCUMENT}).",
            field="over_age_decision", rule="admission_age_max",
        )


def check_readmission(member: Member, events: list[MemberEvent], d: date) -> None:
    """Readmission (kết nạp lại): not for a member expelled (readmission_barred), at least the wait after leaving
    (readmission_wait, 36 months), and once only (readmission_once) — Quy định 294-QĐ/TW."""
    if member.left_kind == EventKind.EXPELLED:
        raise DomainError(
            f"Đảng viên đã bị khai trừ không được kết nạp lại ({ADMISSION_RULES_DOCUMENT}).",
            field="kind", rule="readmission_barred",
        )
    if any(e.kind == EventKind.READMITTED and e.voided_at is None for e in events):
        raise DomainError(
            f"Đảng viên đã được kết nạp lại một lần; chỉ được kết nạp lại một lần ({ADMISSION_RULES_DOCUMENT}).",
            field="kind", rule="readmission_once",
        )
    wait = readmission_wait_months()
    earliest = add_months(member.left_on, wait) if member.left_on else d
    if d < earliest:
        raise DomainError(
            f"Kết nạp lại phải sau ít nhất {wait} tháng kể từ khi ra khỏi Đảng ({format_date(member.left_on)}): "
            f"sớm nhất ngày {format_date(earliest)} ({ADMISSION_RULES_DOCUMENT}).",
            field="effective_on", rule="readmission_wait",
        )


def check_proposal_age(birth_date: date, proposed_on: date) -> None:
    """A candidate may be proposed one year before reaching the admission age (the awareness course and the
    dossier take about a year), never younger."""
    if full_years_between(birth_date, proposed_on) < MIN_ADMISSION_AGE - 1:
        raise DomainError(
            f"Quần chúng được giới thiệu phải từ {MIN_ADMISSION_AGE - 1} tuổi trở lên để đủ {MIN_ADMISSION_AGE} "
            "tuổi khi kết nạp (Điều lệ Đảng, Điều 1).",
            field="birth_date", rule="admission_age",
        )


def check_transfer_target(member: Member, target: Organization | None, on: date) -> Organization:
    """The one rule for a transfer's receiving cell, used by forms, API and services alike: it must exist, be a
    cell, be open on the date, differ from the member's cell and belong to the same province. It may lie outside
    the sender's scope: the sending committee transfers, the receiving one accepts."""
    field = "to_organization_id"
    if target is None:
        raise DomainError("Chọn chi bộ nơi chuyển đến.", field=field, rule="required")
    check_cell(target, on, field)
    if target.pk == member.organization_id:
        raise DomainError("Chi bộ chuyển đến trùng chi bộ đang sinh hoạt.", field=field, rule="same_org")
    if province_of(target) != province_of(member.organization):
        raise DomainError(
            "Chi bộ chuyển đến không thuộc đảng bộ tỉnh này; dùng chuyển sinh hoạt ra ngoài.",
            field=field, rule="same_tenant",
        )
    return target


def province_of(org: Organization) -> str:
    """The first segment of the organisation's path: the province (tenant) it belongs to."""
    return (org.path or "").split(".")[0]


def last_event_date(events: list[MemberEvent]) -> date | None:
    live = [e.effective_on for e in events if e.voided_at is None]
    return max(live) if live else None


def check_member_event(
    member: Member, events: list[MemberEvent], kind: str, d: date, probation_start: date | None
) -> None:
    """Rules that depend on the member's history, for a new event of `kind` effective on `d`."""
    last = last_event_date(events)
    if last is not None and d < last:
        raise DomainError(
            f"Ngày hiệu lực {format_date(d)} trước sự kiện gần nhất của đảng viên ({format_date(last)}); "
            "sự kiện phải ghi theo thứ tự thời gian — muốn sửa thì hủy sự kiện sai trước.",
            field="effective_on", rule="event_order",
        )
    if kind in (EventKind.REINSTATED, EventKind.READMITTED):
        if member.left_on is None:
            raise DomainError(
                "Đảng viên đang sinh hoạt, không thể phục hồi hoặc kết nạp lại.",
                field="kind", rule="return_requires_ended",
            )
        if member.left_kind in (EventKind.DECEASED, EventKind.TRANSFERRED_OUT):
            raise DomainError(
                f"Đảng viên đã {EventKind(member.left_kind).label.lower()}; không thể "
                f"{EventKind(kind).label.lower()}.",
                field="kind", rule="return_not_allowed",
            )
        if kind == EventKind.READMITTED:
            check_readmission(member, events, d)
        return
    if member.left_on is not None:
        raise DomainError(
            f"Đảng viên đã ra khỏi danh sách ngày {format_date(member.left_on)} "
            f"({EventKind(member.left_kind).label.lower()}); không ghi thêm sự kiện.",
            field="kind", rule="membership_ended",
        )
    if kind == EventKind.RECOGNISED_FULL:
        if member.status == "full":
            raise DomainError("Đảng viên đã là đảng viên chính thức.", field="kind", rule="already_full")
        start = probation_start or member.admitted_on
        due = probation_end(start)
        if d < due:
            raise DomainError(
                f"Chưa đủ {probation_months()} tháng dự bị: tính từ ngày {format_date(start)}, sớm nhất được "
                f"công nhận chính thức ngày {format_date(due)} (Điều lệ Đảng, Điều 5).",
                field="effective_on", rule="probation_12_months",
            )
    elif kind == EventKind.EXEMPTED and member.exempted:
        raise DomainError("Đảng viên đang được miễn sinh hoạt.", field="kind", rule="already_exempted")
    elif kind == EventKind.EXEMPTION_ENDED and not member.exempted:
        raise DomainError("Đảng viên không được miễn sinh hoạt.", field="kind", rule="not_exempted")
    elif kind == EventKind.TEMPORARY_ENDED and member.temporary_organization_id is None:
        raise DomainError(
            "Đảng viên không sinh hoạt tạm thời ở nơi khác.", field="kind", rule="not_temporary"
        )
    elif kind in ENDING_KINDS and d < member.admitted_on:
        raise DomainError("Ngày hiệu lực trước ngày kết nạp.", field="effective_on", rule="before_admission")
