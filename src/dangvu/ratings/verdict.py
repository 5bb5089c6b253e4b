"""What a cell's year of meetings says so far (rules.year_qualifies_good): reached, no longer reachable, or
still open while some months have no recorded meeting — never "not Tốt" before the year can be judged."""

from collections.abc import Sequence
from dataclasses import dataclass

from .rules import YEAR_GOOD_ALL_AT_LEAST, YEAR_GOOD_MIN_GOOD_MEETINGS, MeetingGrade, year_qualifies_good

GOOD, NOT_GOOD, PENDING = "good", "not_good", "pending"


@dataclass(frozen=True)
class YearVerdict:
    state: str  # GOOD, NOT_GOOD or PENDING
    text: str
    missing: tuple[int, ...] = ()


def year_verdict(grades: Sequence[str | None]) -> YearVerdict:
    """The year's verdict from its twelve monthly grades (None: no meeting recorded for that month yet)."""
    if year_qualifies_good(grades):
        return YearVerdict(GOOD, "Năm đạt loại Tốt.")
    missing = tuple(m for m, g in enumerate(grades, start=1) if g is None)
    below = [m for m, g in enumerate(grades, start=1) if g is not None and g not in YEAR_GOOD_ALL_AT_LEAST]
    good = sum(1 for g in grades if g == MeetingGrade.GOOD)
    if below:
        months = ", ".join(str(m) for m in below)
        return YearVerdict(NOT_GOOD, f"Không đạt loại Tốt cả năm: tháng {months} xếp loại dưới Khá.", missing)
    if good + len(missing) < YEAR_GOOD_MIN_GOOD_MEETINGS:
        return YearVerdict(
            NOT_GOOD, f"Không đạt loại Tốt cả năm: không thể đủ {YEAR_GOOD_MIN_GOOD_MEETINGS} tháng Tốt.", missing
        )
    months = ", ".join(str(m) for m in missing)
    need = max(0, YEAR_GOOD_MIN_GOOD_MEETINGS - good)
    return YearVerdict(
        PENDING,
        f"Chưa đủ kết quả để xếp loại cả năm (còn tháng {months}). Năm đạt loại Tốt nếu các tháng còn lại từ Khá "
        f"trở lên{f' và có thêm ít nhất {need} tháng Tốt' if need else ''}.",
        missing,
    )
