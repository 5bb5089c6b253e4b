"""Achievement arithmetic (RULES.md, Chỉ tiêu): percent of target = actual ÷ target × 100 with two decimals;
"Đạt", "Vượt x%" (x = percent − 100), "Không đạt", "Đang thực hiện" while the period runs and the target is not
yet met. Pure functions: no database."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dangvu.core.text import format_percent

from .models import Comparison

MET, EXCEEDED, NOT_MET, IN_PROGRESS = "met", "exceeded", "not_met", "in_progress"
STATUS_LABELS = {MET: "Đạt", EXCEEDED: "Vượt", NOT_MET: "Không đạt", IN_PROGRESS: "Đang thực hiện"}
TWO = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Achievement:
    actual: Decimal | None
    target: Decimal
    target_max: Decimal | None
    percent: Decimal | None
    status: str

    @property
    def status_label(self) -> str:
        """"Vượt 28,75%" for an exceeded target; the plain label otherwise."""
        if self.status == EXCEEDED and self.percent is not None:
            return f"Vượt {format_percent(self.percent - HUNDRED)}"
        return STATUS_LABELS[self.status]

    @property
    def achieved(self) -> bool:
        return self.status in (MET, EXCEEDED)

    @property
    def bar(self) -> int:
        """Width of a progress bar, 0–100."""
        if self.percent is None:
            return 100 if self.achieved else 0
        return max(0, min(100, int(self.percent)))


def percent_of(actual: Decimal | None, reference: Decimal) -> Decimal | None:
    if actual is None or reference == 0:
        return None
    return (Decimal(actual) / reference * HUNDRED).quantize(TWO, ROUND_HALF_UP)


def achievement(
    *, comparison: str, value: Decimal, value_max: Decimal | None, actual: Decimal | None, ended: bool
) -> Achievement:
    """How far `actual` meets the target. `ended`: the period is over on the date asked about.
    The percent is taken against the value to reach: the upper value of a `between` target ("từ 1 đến 2")."""
    value = Decimal(value)
    vmax = Decimal(value_max) if value_max is not None else None
    reference = vmax if comparison == Comparison.BETWEEN and vmax is not None else value
    pct = percent_of(actual, reference)
    open_or_failed = NOT_MET if ended else IN_PROGRESS
    if actual is None:
        status = open_or_failed
    elif comparison == Comparison.AT_LEAST:
        status = EXCEEDED if actual > value else (MET if actual == value else open_or_failed)
    elif comparison == Comparison.BETWEEN:
        upper = vmax if vmax is not None else value
        if actual > upper:
            status = EXCEEDED
        elif actual >= value:
            status = MET
        else:
            status = open_or_failed
    elif comparison == Comparison.AT_MOST:
        # Not over the limit is only settled at the period's end; over it already fails a count.
        status = NOT_MET if actual > value else (MET if ended else IN_PROGRESS)
    else:  # exactly
        status = (MET if actual == value else NOT_MET) if ended else IN_PROGRESS
    return Achievement(actual, value, vmax, pct, status)


def tally(items: list[Achievement]) -> tuple[int, int]:
    """(met or exceeded, total): "đạt 6/6 chỉ tiêu"."""
    return sum(1 for a in items if a.achieved), len(items)


def tally_label(met: int, total: int) -> str:
    return f"Đạt {met}/{total} chỉ tiêu"
