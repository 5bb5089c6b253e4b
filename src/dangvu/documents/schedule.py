"""When a task is due: once (due_on) or each month, quarter or year. Pure functions of the task's fields and a
date, used by the lists (overdue, due this month) and the task board alike.

A recurrent task is overdue on D when the previous period (month, quarter, year) lay inside the regulation's
period and no progress report came since that period began; a late report clears it."""

from dataclasses import dataclass
from datetime import date, timedelta

from dangvu.core.dates import last_day

from .models import Recurrence

MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}

STATE_LABELS = {
    "done": "Hoàn thành", "overdue": "Quá hạn", "due": "Đến hạn trong tháng", "ongoing": "Đang thực hiện",
    "reported": "Đã báo cáo kỳ này", "ended": "Hết thời hạn quy chế", "cancelled": "Đã hủy",
}


def period_of(recurrence: str, on: date) -> tuple[date, date]:
    """The month, quarter or year holding `on`."""
    n = MONTHS[Recurrence(recurrence)]
    first_month = (on.month - 1) // n * n + 1
    start = date(on.year, first_month, 1)
    end_month = first_month + n - 1
    return start, last_day(on.year, end_month)


@dataclass(frozen=True)
class TaskState:
    state: str
    next_due: date | None

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def task_state(*, recurrence: str, due_on: date | None, percent: int, last_report_on: date | None,
               starts_on: date | None, ends_on: date | None, cancelled: bool, on: date) -> TaskState:
    """The state of a task on `on` and the next date it is due."""
    if cancelled:
        return TaskState("cancelled", None)
    month_end = last_day(on.year, on.month)
    if not recurrence:
        if percent >= 100:
            return TaskState("done", due_on)
        if due_on is not None and due_on < on:
            return TaskState("overdue", due_on)
        if due_on is not None and due_on <= month_end:
            return TaskState("due", due_on)
        return TaskState("ongoing", due_on)
    if ends_on is not None and on > ends_on:
        return TaskState("ended", None)
    start, end = period_of(recurrence, on)
    prev_start, prev_end = period_of(recurrence, start - timedelta(days=1))
    if (starts_on is None or starts_on <= prev_end) and (last_report_on is None or last_report_on < prev_start):
        return TaskState("overdue", prev_end)
    if last_report_on is not None and last_report_on >= start:
        return TaskState("reported", end)
    if end <= month_end:
        return TaskState("due", end)
    return TaskState("ongoing", end)
