"""Rating and meeting rules in one place, each with the document it follows (RULES.md)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models


class Level(models.TextChoices):
    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    DONE = "done", "Hoàn thành nhiệm vụ"
    NOT_DONE = "not_done", "Không hoàn thành nhiệm vụ"
    # Only for a member exempted from activity on the round's reference date (RULES.md, annual rating).
    NOT_RATED = "not_rated", "Không xếp loại"


LEVEL_ORDER = [Level.EXCELLENT, Level.GOOD, Level.DONE, Level.NOT_DONE]
GOOD_OR_BETTER = {Level.EXCELLENT, Level.GOOD}
LEVEL_SHORT = {Level.EXCELLENT: "HTXSNV", Level.GOOD: "HTTNV", Level.DONE: "HTNV", Level.NOT_DONE: "KHTNV"}


class QuotaMode(models.TextChoices):
    WARN = "warn", "Cảnh báo"
    REFUSE = "refuse", "Từ chối"


@dataclass(frozen=True)
class RatingRuleSet:
    """The rating rules in force for a year. Scores out of 100 with bands since 366-QĐ/TW (2025)."""

    document: str
    uses_score: bool
    excellent_min: Decimal  # score bands: [excellent_min, 100], [good_min, excellent_min), ...
    good_min: Decimal
    done_min: Decimal
    quota_enabled: bool
    quota_percent: int  # "xuất sắc" ≤ quota_percent% of "tốt" per grassroots organisation (HD 21-HD/BTCTW)
    quota_mode: str
    # Quy định 366-QĐ/TW: "xuất sắc" also needs every task done, at least 30% of them beyond requirement and no
    # discipline in the year, recorded on the entry and checked (rule excellent_conditions).
    excellent_conditions: bool = False
    excellent_beyond_percent: int = 30

    def band(self, level: str) -> tuple[Decimal, Decimal]:
        """[low, high) of the score for a level (the top band includes 100)."""
        return {
            Level.EXCELLENT: (self.excellent_min, Decimal(101)),
            Level.GOOD: (self.good_min, self.excellent_min),
            Level.DONE: (self.done_min, self.good_min),
            Level.NOT_DONE: (Decimal(0), self.done_min),
        }[Level(level)]


# (setting: bands by year) — the first year each rule set applies from: Quy định 132-QĐ/TW (8/3/2018) with
# Hướng dẫn 16-HD/BTCTW for 2018–2022, Quy định 124-QĐ/TW (4/10/2023) for 2023–2024, Quy định 366-QĐ/TW from 2025.
# No rule set before 2018 unless the province enters one (DANGVU_RULES["RATING_RULES_BEFORE_2018"]).
RATING_RULES_FROM_YEAR: list[tuple[int, RatingRuleSet]] = [
    (2018, RatingRuleSet(
        document="Quy định 132-QĐ/TW (8/3/2018); Hướng dẫn 16-HD/BTCTW; Hướng dẫn 21-HD/BTCTW (2019)",
        uses_score=False, excellent_min=Decimal(90), good_min=Decimal(70), done_min=Decimal(50),
        quota_enabled=True, quota_percent=20, quota_mode=QuotaMode.WARN,
    )),
    (2023, RatingRuleSet(
        document="Quy định 124-QĐ/TW (4/10/2023); Hướng dẫn 21-HD/BTCTW (2019)", uses_score=False,
        excellent_min=Decimal(90), good_min=Decimal(70), done_min=Decimal(50),
        quota_enabled=True, quota_percent=20, quota_mode=QuotaMode.WARN,
    )),
    (2025, RatingRuleSet(
        document="Quy định 366-QĐ/TW (30/8/2025)", uses_score=True,
        excellent_min=Decimal(90), good_min=Decimal(70), done_min=Decimal(50),
        # Whether 366-QĐ/TW keeps the 20% quota is unconfirmed: on by default (RULES.md).
        quota_enabled=True, quota_percent=20, quota_mode=QuotaMode.WARN,
        excellent_conditions=True, excellent_beyond_percent=30,
    )),
]


def _province_rule_sets() -> list[tuple[int, RatingRuleSet]]:
    """A rule set the province enters for years before 2018: {"from_year": 2010, "document": "..."}."""
    from django.conf import settings

    extra = getattr(settings, "DANGVU_RULES", {}).get("RATING_RULES_BEFORE_2018")
    if not extra:
        return []
    return [(int(extra["from_year"]), RatingRuleSet(
        document=str(extra["document"]), uses_score=False, excellent_min=Decimal(90), good_min=Decimal(70),
        done_min=Decimal(50), quota_enabled=bool(extra.get("quota_enabled", True)), quota_percent=20,
        quota_mode=QuotaMode.WARN,
    ))]


def rating_rules_for(year: int) -> RatingRuleSet:
    """The rule set in force for `year`; DomainError (rating_rules_missing) for a year before any rule set."""
    chosen: RatingRuleSet | None = None
    for first_year, rules in sorted(_province_rule_sets() + RATING_RULES_FROM_YEAR, key=lambda r: r[0]):
        if year >= first_year:
            chosen = rules
    if chosen is None:
        from dangvu.core.errors import DomainError

        raise DomainError(
            f"Chưa có quy định đánh giá, xếp loại áp dụng cho năm {year} (các quy định có từ năm 2018: "
            "132-QĐ/TW, 124-QĐ/TW, 366-QĐ/TW); tỉnh cần nhập quy định áp dụng trước.",
            field="year", rule="rating_rules_missing",
        )
    return chosen


# Where provinces may differ (settings.DANGVU_RULES), with the documents' defaults.
DEFAULTS: dict[str, int] = {
    "RATING_EXCELLENT_BEYOND_PERCENT": 30,  # Quy định 366-QĐ/TW
    "RATING_EXEMPTED_MAY_BE_UNRATED": 1,  # RULES.md, annual rating
    "MEETING_THEMATIC_PER_QUARTER": 1,  # Hướng dẫn 12-HD/BTCTW
    "MEETING_YEAR_GOOD_MIN": 7,  # the committee's criteria set (RULES.md)
    "MEETING_PARTIAL_YEAR": 1,  # a cell founded or merged during the year judged on the months it existed
}


def rating_setting(name: str, default: Any) -> Any:
    """A province's value for a rating rule (DANGVU_RULES), else the documents' default."""
    from django.conf import settings

    return getattr(settings, "DANGVU_RULES", {}).get(name, default)


@dataclass(frozen=True)
class ExcellentConditions:
    """What an entry records for the 366-QĐ/TW conditions of "hoàn thành xuất sắc nhiệm vụ"."""

    all_tasks_done: bool | None = None
    tasks_total: int | None = None
    tasks_beyond: int | None = None
    no_discipline: bool | None = None


def excellent_conditions_missing(c: ExcellentConditions, beyond_percent: int) -> list[str]:
    """The conditions of "xuất sắc" an entry does not meet (Quy định 366-QĐ/TW), in Vietnamese; [] when all hold.
    Exactly `beyond_percent`% of the tasks beyond requirement is enough (3 of 10 at 30%)."""
    out: list[str] = []
    if c.all_tasks_done is not True:
        out.append("hoàn thành 100% nhiệm vụ")
    if not c.tasks_total or c.tasks_beyond is None or c.tasks_beyond * 100 < beyond_percent * c.tasks_total:
        have = (
            f" (ghi nhận {c.tasks_beyond}/{c.tasks_total})" if c.tasks_total and c.tasks_beyond is not None else ""
        )
        out.append(f"ít nhất {beyond_percent}% nhiệm vụ vượt yêu cầu{have}")
    if c.no_discipline is not True:
        out.append("không bị kỷ luật trong năm")
    return out


def quota_allows(excellent: int, good: int, percent: int) -> bool:
    """Exactly `percent`% is allowed: 2 xuất sắc against 10 tốt at 20%."""
    return excellent * 100 <= percent * good


# Monthly cell meetings. (setting) Grade bands, and the rule for a year rated Tốt.
class MeetingGrade(models.TextChoices):
    GOOD = "good", "Tốt"
    FAIR = "fair", "Khá"
    AVERAGE = "average", "Trung bình"
    POOR = "poor", "Kém"


MEETING_RULES_DOCUMENT = "Hướng dẫn chấm điểm chất lượng sinh hoạt chi bộ của cấp ủy (bộ tiêu chí)"
MEETING_GRADE_BANDS: list[tuple[Decimal, str]] = [
    (Decimal(90), MeetingGrade.GOOD),
    (Decimal(70), MeetingGrade.FAIR),
    (Decimal(50), MeetingGrade.AVERAGE),
    (Decimal(0), MeetingGrade.POOR),
]
YEAR_GOOD_MIN_GOOD_MEETINGS = 7
YEAR_GOOD_ALL_AT_LEAST = {MeetingGrade.GOOD, MeetingGrade.FAIR}
CRITERIA_TOTAL = 100


def meeting_grade(total: Decimal, *, required_full: bool = True) -> str:
    """Grade from the total; Tốt also needs full marks on the criteria the set marks as required."""
    for low, grade in MEETING_GRADE_BANDS:
        if total >= low:
            if grade == MeetingGrade.GOOD and not required_full:
                return MeetingGrade.FAIR
            return grade
    return MeetingGrade.POOR


def _meeting_setting(name: str, default: int) -> int:
    from django.conf import settings

    return int(getattr(settings, "DANGVU_RULES", {}).get(name, default))


def year_good_min(months: int) -> int:
    """Tốt months a year rated Tốt needs: 7 of 12, and for a cell that existed only `months` months of the year
    the same share rounded up (ceil(7 × months / 12): 6 months → 4). (setting: MEETING_YEAR_GOOD_MIN)"""
    need = _meeting_setting("MEETING_YEAR_GOOD_MIN", YEAR_GOOD_MIN_GOOD_MEETINGS)
    return -(-need * months // 12)


def year_qualifies_good(grades: Sequence[str | None]) -> bool:
    """A year rated Tốt: the regular meeting of every month judged (12, or the months a cell founded or merged
    during the year existed) Khá or better, and at least 7 Tốt (pro rata for a shorter year, year_good_min)."""
    if not grades or len(grades) > 12 or any(g not in YEAR_GOOD_ALL_AT_LEAST for g in grades):
        return False
    if len(grades) < 12 and not _partial_year_allowed():
        return False
    return sum(1 for g in grades if g == MeetingGrade.GOOD) >= year_good_min(len(grades))


def _partial_year_allowed() -> bool:
    return bool(_meeting_setting("MEETING_PARTIAL_YEAR", 1))


class MeetingKind(models.TextChoices):
    """Hướng dẫn 12-HD/BTCTW (2018): a regular meeting every month, a thematic one at least once a quarter."""

    REGULAR = "regular", "Sinh hoạt thường kỳ"
    THEMATIC = "thematic", "Sinh hoạt chuyên đề"


MEETING_KIND_DOCUMENT = "Hướng dẫn 12-HD/BTCTW (2018) về nâng cao chất lượng sinh hoạt chi bộ"


def thematic_per_quarter() -> int:
    """Thematic meetings a quarter needs (setting: MEETING_THEMATIC_PER_QUARTER, 1 by Hướng dẫn 12-HD/BTCTW)."""
    return _meeting_setting("MEETING_THEMATIC_PER_QUARTER", 1)


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def quarter_months(quarter: int) -> tuple[int, int, int]:
    first = 3 * (quarter - 1) + 1
    return first, first + 1, first + 2


# Mass organisations: levels per kind (Điều lệ Công đoàn; Điều lệ Đoàn; Hội LHTN; Hội LHPN; Hội CCB).
class MassOrgKind(models.TextChoices):
    TRADE_UNION = "trade_union", "Công đoàn cơ sở"
    YOUTH_UNION = "youth_union", "Đoàn Thanh niên"
    YOUTH_FEDERATION = "youth_federation", "Hội Liên hiệp thanh niên"
    WOMEN = "women", "Hội Liên hiệp phụ nữ"
    VETERANS = "veterans", "Hội Cựu chiến binh"


MASS_ORG_LEVELS: dict[str, list[tuple[str, str]]] = {
    MassOrgKind.TRADE_UNION: [
        ("strong", "Công đoàn cơ sở vững mạnh"),
        ("good", "Hoàn thành tốt nhiệm vụ"),
        ("done", "Hoàn thành nhiệm vụ"),
        ("weak", "Yếu kém"),
    ],
    MassOrgKind.YOUTH_UNION: [
        ("strong", "Vững mạnh"), ("fair", "Khá"), ("average", "Trung bình"), ("weak", "Yếu kém"),
    ],
    MassOrgKind.YOUTH_FEDERATION: [
        ("strong", "Vững mạnh"), ("good", "Hoàn thành tốt nhiệm vụ"), ("done", "Hoàn thành nhiệm vụ"),
        ("weak", "Yếu kém"),
    ],
    MassOrgKind.WOMEN: [
        ("excellent", "Hoàn thành xuất sắc nhiệm vụ"), ("good", "Hoàn thành tốt nhiệm vụ"),
        ("done", "Hoàn thành nhiệm vụ"), ("not_done", "Không hoàn thành nhiệm vụ"),
    ],
    MassOrgKind.VETERANS: [
        ("strong", "Vững mạnh"), ("good", "Hoàn thành tốt nhiệm vụ"), ("done", "Hoàn thành nhiệm vụ"),
        ("weak", "Yếu kém"),
    ],
}


def mass_org_level_label(kind: str, level: str) -> str:
    return dict(MASS_ORG_LEVELS.get(kind, [])).get(level, level)
