"""What a cell's year of meetings says so far (rules.year_qualifies_good): reached, no longer reachable, or
still open while some months have no recorded meeting — never "not Tốt" before the year can be judged. A cell
founded or merged during the year is judged only on the months it existed (`judged`)."""

from collections.abc import Sequence
from dataclasses import dataclass

from .rules import YEAR_GOOD_ALL_AT_LEAST, MeetingGrade, year_good_min, year_qualifies_good

GOOD, NOT_GOOD, PENDING = "good", "not_good", "pending"


@dataclass(frozen=True)
class YearVerdict:
    state: str  # GOOD, NOT_GOOD or PENDING
    text: str
    missing: tuple[int, ...] = ()


def year_verdict(grades: Sequence[str | None], judged: Sequence[bool] | None = None) -> YearVerdict:
    """The year's verdict from its twelve monthly grades (None: no regular meeting recorded for that month yet);
    `judged[i]` False leaves month i+1 out (the cell did not exist then)."""
    months = [(m, g) for m, g in enumerate(grades, start=1) if judged is None or judged[m - 1]]
    if not months:
        return YearVerdict(PENDING, "Chi bộ không tồn tại trong năm này: không xếp loại cả năm.")
    need_total = year_good_min(len(months))
    part = "" if len(months) == 12 else f" (chi bộ tồn tại {len(months)} tháng trong năm, cần {need_total} tháng Tốt)"
    if year_qualifies_good([g for _, g in months]):
        return YearVerdict(GOOD, f"Năm đạt loại Tốt{part}.")
    missing = tuple(m for m, g in months if g is None)
    below = [m for m, g in months if g is not None and g not in YEAR_GOOD_ALL_AT_LEAST]
    good = sum(1 for _, g in months if g == MeetingGrade.GOOD)
    if below:
        listed = ", ".join(str(m) for m in below)
        return YearVerdict(NOT_GOOD, f"Không đạt loại Tốt cả năm: tháng {listed} xếp loại dưới Khá{part}.", missing)
    if good + len(missing) < need_total:
        return YearVerdict(
            NOT_GOOD, f"Không đạt loại Tốt cả năm: không thể đủ {need_total} tháng Tốt{part}.", missing
        )
    if not missing:  # every judged month recorded yet not enough: a setting refuses shortened years
        return YearVerdict(NOT_GOOD, f"Không đạt loại Tốt cả năm{part}.", missing)
    listed = ", ".join(str(m) for m in missing)
    need = max(0, need_total - good)
    return YearVerdict(
        PENDING,
        f"Chưa đủ kết quả để xếp loại cả năm (còn tháng {listed}). Năm đạt loại Tốt nếu các tháng còn lại từ Khá "
        f"trở lên{f' và có thêm ít nhất {need} tháng Tốt' if need else ''}{part}.",
        missing,
    )
