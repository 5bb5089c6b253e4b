"""Admission rules, one place each, with the document they follow. Values that can change are read from
settings.DANGVU_RULES (a deployment may override them) with the defaults below."""

from datetime import date
from typing import Any

from django.conf import settings

from dangvu.core.dates import add_months, add_working_days, format_date
from dangvu.core.errors import DomainError
from dangvu.members.models import Member
from dangvu.members.rules import probation_months

from .models import OPEN_STAGES, Candidate

# Hướng dẫn 12-HD/BTCTW (2022) về nghiệp vụ công tác đảng viên: giấy chứng nhận học lớp bồi dưỡng nhận
# thức về Đảng có giá trị 60 tháng kể từ ngày cấp. (setting: CERTIFICATE_VALID_MONTHS)
DEFAULTS = {
    "CERTIFICATE_VALID_MONTHS": 60,
    "CERTIFICATE_RULE_DOCUMENT": "Hướng dẫn 12-HD/BTCTW",
    # Quy định 294-QĐ/TW (2025, thay Quy định 232-QĐ/TW từ 1/7/2025) thi hành Điều lệ Đảng: chi bộ xét công nhận
    # chính thức trong 30 ngày làm việc sau khi hết 12 tháng dự bị; approximated as 42 calendar days.
    # (setting: RECOGNITION_GRACE_DAYS)
    "RECOGNITION_GRACE_DAYS": 42,
    "RECOGNITION_RULE_DOCUMENT": "Quy định 294-QĐ/TW thi hành Điều lệ Đảng",
    # Quy định 294-QĐ/TW: the admission ceremony within 30 working days of receiving the admission decision.
    # (setting: CEREMONY_WORKING_DAYS)
    "CEREMONY_WORKING_DAYS": 30,
}


def rule(name: str) -> Any:  # int or str, by the setting
    return getattr(settings, "DANGVU_RULES", {}).get(name, DEFAULTS[name])


def certificate_valid_months() -> int:
    return int(rule("CERTIFICATE_VALID_MONTHS"))


def recognition_grace_days() -> int:
    return int(rule("RECOGNITION_GRACE_DAYS"))


def ceremony_working_days() -> int:
    return int(rule("CEREMONY_WORKING_DAYS"))


def check_ceremony_on_time(received_on: date, ceremony_on: date) -> None:
    """The admission ceremony within N working days (30) of receiving the decision (ceremony_late);
    Quy định 294-QĐ/TW."""
    n = ceremony_working_days()
    deadline = add_working_days(received_on, n)
    if ceremony_on > deadline:
        raise DomainError(
            f"Lễ kết nạp ngày {format_date(ceremony_on)} quá {n} ngày làm việc kể từ ngày nhận quyết định "
            f"({format_date(received_on)}); hạn cuối ngày {format_date(deadline)} (Quy định 294-QĐ/TW).",
            field="ceremony_on", rule="ceremony_late",
        )


def probation_due_on(start: date) -> date:
    """Điều lệ Đảng, Điều 5: 12 months of probation from the ceremony (or readmission)."""
    return add_months(start, probation_months())


def check_not_member(citizen_id: str | None, field: str = "citizen_id") -> None:
    if citizen_id and Member.objects.filter(citizen_id=citizen_id).exists():
        raise DomainError(
            f"Người có số CCCD {citizen_id} đã là đảng viên; không xem xét kết nạp lại như quần chúng "
            "(Điều lệ Đảng, Điều 4: kết nạp người chưa là đảng viên).",
            field=field, rule="already_member",
        )


def check_candidate_unique(citizen_id: str | None, exclude_pk: int | None = None) -> None:
    if not citizen_id:
        return
    other = (
        Candidate.objects.filter(citizen_id=citizen_id, stage__in=OPEN_STAGES).exclude(pk=exclude_pk or 0).first()
    )
    if other is not None:
        raise DomainError(
            f"Số CCCD {citizen_id} trùng với quần chúng {other.full_name} đang được xem xét kết nạp.",
            field="citizen_id", rule="candidate_identity_conflict",
        )


def check_open(candidate: Candidate) -> None:
    if candidate.stage not in OPEN_STAGES:
        raise DomainError(
            f"Quần chúng {candidate.full_name} ở giai đoạn \"{candidate.get_stage_display()}\"; "
            "không ghi thêm bước xem xét kết nạp.",
            field="stage", rule="candidate_closed",
        )


def check_certificate(passed_on: date | None, decided_on: date, name: str) -> None:
    """Admission needs a passed awareness course whose certificate is still valid on the decision date."""
    if passed_on is None or passed_on > decided_on:
        raise DomainError(
            f"{name} chưa có giấy chứng nhận đạt lớp bồi dưỡng nhận thức về Đảng trước ngày quyết định "
            "(Điều lệ Đảng, Điều 4; lớp đối tượng kết nạp Đảng là điều kiện bắt buộc).",
            field="candidate_id", rule="awareness_course_required",
        )
    months = certificate_valid_months()
    if add_months(passed_on, months) < decided_on:
        raise DomainError(
            f"Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng của {name} cấp ngày {format_date(passed_on)} đã quá "
            f"{months} tháng vào ngày quyết định {format_date(decided_on)} ({rule('CERTIFICATE_RULE_DOCUMENT')}).",
            field="decided_on", rule="certificate_expired",
        )
