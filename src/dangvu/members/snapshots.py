"""Month-end headcount snapshots (ARCHITECTURE.md, "Storage for dated facts": national views read snapshots, not
every span of the date).

A snapshot row is the number of full and probationary members of one organisation itself at the end of a month's
last day. A figure for any date D is the snapshot of the nearest clean month end M ≤ D plus the spans that changed
between M and D, so it equals the raw computation whatever D is (tested). Writes keep it honest: every change of a
member's spans lowers the watermark to the day before it took effect (`snapshots_invalidate`, called by the
projection), and `refresh_snapshots` (the `dangvu snapshots` command, run nightly or after an import) recomputes
the month ends after the watermark.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, Min, Q

from dangvu.core.dates import last_day, today
from dangvu.orgs.models import OrgPathSpan
from dangvu.orgs.selectors import on_date_q

from .models import MembershipSpan, MonthEndHeadcount, SnapshotWatermark

Counts = dict[int, tuple[int, int]]  # organisation → (full, probationary)
ONE_DAY = timedelta(days=1)
MAX_CHANGE_DAYS = 92  # beyond a quarter of changes, count the date itself


def month_end_on_or_before(d: date) -> date:
    """The last month end on or before `d`."""
    end = last_day(d.year, d.month)
    return end if end <= d else date(d.year, d.month, 1) - ONE_DAY


def _watermark() -> SnapshotWatermark:
    row = SnapshotWatermark.objects.order_by("id").first()
    return row if row is not None else SnapshotWatermark.objects.create(clean_through=None)


def snapshots_invalidate(effective_on: date) -> None:
    """A membership change effective on `effective_on`: snapshots of that day and later are no longer exact."""
    before = effective_on - ONE_DAY
    SnapshotWatermark.objects.filter(Q(clean_through__gt=before)).update(clean_through=before)


def _raw_counts(on: date, org_ids: set[int] | None = None) -> Counts:
    """Per organisation, the members in it at the end of `on`, by status, straight from the spans. One query."""
    spans = MembershipSpan.objects.filter(on_date_q(on))
    if org_ids is not None:
        spans = spans.filter(organization_id__in=org_ids)
    rows = spans.values("organization_id").annotate(
        full=Count("id", filter=Q(full_from__lte=on)), n=Count("id")
    ).values_list("organization_id", "full", "n")
    return {o: (f, n - f) for o, f, n in rows}


def _month_ends(first: date, last: date) -> list[date]:
    out, month = [], last_day(first.year, first.month)
    while month <= last:
        out.append(month)
        nxt = month + ONE_DAY
        month = last_day(nxt.year, nxt.month)
    return out


def _sweep(months: list[date]) -> dict[int, list[list[int]]]:
    """Per organisation, full and probationary counts at each month end, in one pass over the spans that touch the
    months (difference arrays: +1 where a span's status begins to count, −1 where it stops)."""
    index = {m: i for i, m in enumerate(months)}
    n = len(months)

    def first_at_or_after(d: date) -> int:
        """Index of the first month end on or after d (n when none)."""
        end = last_day(d.year, d.month)
        return index.get(end, n) if end >= months[0] else 0

    diff: dict[int, list[list[int]]] = {}
    spans = MembershipSpan.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=months[0])).filter(
        valid_from__lte=months[-1]
    )
    for o, vf, vt, ff in spans.values_list("organization_id", "valid_from", "valid_to", "full_from").iterator(
        chunk_size=20_000
    ):
        # A span counts at month ends M with vf <= M < vt; full from ff on, probationary before.
        start = first_at_or_after(vf)
        stop = first_at_or_after(vt) if vt is not None else n  # valid_to is exclusive: M = vt does not count
        switch = stop if ff is None else max(start, min(stop, first_at_or_after(ff)))
        rows = diff.get(o)
        if rows is None:
            rows = diff[o] = [[0] * (n + 1), [0] * (n + 1)]
        if start < switch:  # probationary on [start, switch)
            rows[1][start] += 1
            rows[1][switch] -= 1
        if switch < stop:  # full on [switch, stop)
            rows[0][switch] += 1
            rows[0][stop] -= 1
    return diff


def _rows(months: list[date], diff: dict[int, list[list[int]]]) -> Iterator[tuple[date, int, int, int]]:
    for o, (full_d, prob_d) in diff.items():
        f = p = 0
        for i, month in enumerate(months):
            f += full_d[i]
            p += prob_d[i]
            if f or p:
                yield month, o, f, p


def _write_months(months: list[date], diff: dict[int, list[list[int]]]) -> None:
    """Write the rows: COPY on PostgreSQL (millions of rows at province scale), bulk inserts elsewhere."""
    rows = _rows(months, diff)
    if connection.vendor == "postgresql":
        table = MonthEndHeadcount._meta.db_table
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3
            with raw.copy(f"COPY {table} (month_end, organization_id, \"full\", probationary) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    batch: list[MonthEndHeadcount] = []
    for month, o, f, p in rows:
        batch.append(MonthEndHeadcount(month_end=month, organization_id=o, full=f, probationary=p))
        if len(batch) >= 20_000:
            MonthEndHeadcount.objects.bulk_create(batch, batch_size=5000)
            batch = []
    MonthEndHeadcount.objects.bulk_create(batch, batch_size=5000)


@transaction.atomic
def refresh_snapshots(*, until: date | None = None) -> int:
    """Recompute the month ends after the watermark up to the last one on or before `until` (today), in one pass
    over the spans; return how many month ends were written."""
    mark = SnapshotWatermark.objects.select_for_update().filter(pk=_watermark().pk).get()
    last = month_end_on_or_before(until or today())
    first_span = MembershipSpan.objects.aggregate(m=Min("valid_from"))["m"]
    MonthEndHeadcount.objects.filter(month_end__gt=mark.clean_through or date.min).delete()
    if first_span is not None:
        start = mark.clean_through + ONE_DAY if mark.clean_through else first_span
        months = _month_ends(start, last)
        if months:
            _write_months(months, _sweep(months))
    else:
        months = []
    mark.clean_through = last
    mark.save(update_fields=["clean_through"])
    return len(months)


def _status_at(valid_from: date, valid_to: date | None, full_from: date | None, d: date) -> int:
    """0 not in the span on d, 1 full, 2 probationary."""
    if not (valid_from <= d and (valid_to is None or d < valid_to)):
        return 0
    return 1 if full_from is not None and full_from <= d else 2


def org_counts_on(on: date, org_ids: set[int] | None = None) -> Counts:
    """Per organisation, its own members at the end of `on` by status: the nearest clean snapshot plus the spans
    that changed since (two queries), or the spans themselves when no snapshot covers the date."""
    mark = SnapshotWatermark.objects.order_by("id").values_list("clean_through", flat=True).first()
    first = MonthEndHeadcount.objects.aggregate(m=Min("month_end"))["m"] if mark is not None else None
    base_day = month_end_on_or_before(min(on, mark)) if mark is not None else None
    if base_day is None or first is None or base_day < first or (on - base_day).days > MAX_CHANGE_DAYS:
        # No snapshot, or the nearest clean one is so old (a back-dated change not yet refreshed) that reading
        # its changes would cost more than counting the date itself.
        return _raw_counts(on, org_ids)
    snap = MonthEndHeadcount.objects.filter(month_end=base_day)
    if org_ids is not None:
        snap = snap.filter(organization_id__in=org_ids)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for o, f, p in snap.values_list("organization_id", "full", "probationary"):
        counts[o] = [f, p]
    if on > base_day:
        changed = MembershipSpan.objects.filter(
            Q(valid_from__gt=base_day, valid_from__lte=on)
            | Q(valid_to__gt=base_day, valid_to__lte=on)
            | Q(full_from__gt=base_day, full_from__lte=on)
        )
        if org_ids is not None:
            changed = changed.filter(organization_id__in=org_ids)
        for o, vf, vt, ff in changed.values_list("organization_id", "valid_from", "valid_to", "full_from"):
            was, now = _status_at(vf, vt, ff, base_day), _status_at(vf, vt, ff, on)
            if was:
                counts[o][was - 1] -= 1
            if now:
                counts[o][now - 1] += 1
    return {o: (f, p) for o, (f, p) in counts.items() if f or p}


def subtree_counts_on(on: date) -> dict[int, tuple[int, int]]:
    """Every organisation's subtree headcount at the end of `on` by status, from the snapshots (whole tree)."""
    own = org_counts_on(on)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for org_id, path in OrgPathSpan.objects.filter(on_date_q(on)).values_list("organization_id", "path"):
        f, p = own.get(org_id, (0, 0))
        if f or p:
            for seg in path.rstrip(".").split("."):
                totals[int(seg)][0] += f
                totals[int(seg)][1] += p
    return {o: (f, p) for o, (f, p) in totals.items()}


def headcount_by_top(on: date, depth: int = 1) -> dict[int, int]:
    """Members at the end of `on` under each organisation at `depth` of the tree (1 = the provinces' roots in a
    national database, 2 = a province's committees), from the snapshots."""
    own = org_counts_on(on)
    out: dict[int, int] = defaultdict(int)
    for org_id, path in OrgPathSpan.objects.filter(on_date_q(on)).values_list("organization_id", "path"):
        f, p = own.get(org_id, (0, 0))
        segs = path.rstrip(".").split(".")
        if (f or p) and len(segs) >= depth:
            out[int(segs[depth - 1])] += f + p
    return dict(out)


def check_snapshots() -> list[str]:
    """A line per stored month end (up to the watermark) whose counts differ from the spans."""
    mark = SnapshotWatermark.objects.order_by("id").values_list("clean_through", flat=True).first()
    if mark is None:
        return []
    stored: dict[date, Counts] = defaultdict(dict)
    for d, o, f, p in MonthEndHeadcount.objects.filter(month_end__lte=mark).values_list(
        "month_end", "organization_id", "full", "probationary"
    ):
        stored[d][o] = (f, p)
    return [
        f"Số liệu cuối tháng {d:%d/%m/%Y} khác với dữ liệu sinh hoạt đảng"
        for d in sorted(stored)
        if stored[d] != _raw_counts(d)
    ]
