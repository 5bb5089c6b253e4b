"""Month-end headcount snapshots (ARCHITECTURE.md, "Storage for dated facts": national views read snapshots, not
every span of the date).

A snapshot row is the number of full and probationary members of one organisation itself at the end of a month's
last day, with the organisation's root (province) of that day: headcount by province is one grouped scan of a month
end's rows, and a later restructuring does not move the earlier month ends. A figure for any date D is the
snapshot of the nearest clean month end M ≤ D plus the spans that changed between M and D, so it equals the raw
computation whatever D is (tested). Writes keep it honest: every change of a member's spans lowers the watermark to
the day before it took effect (`snapshots_invalidate`, called by the projection; an organisation's move too, through
core.hooks "org_moved"), and `refresh_snapshots` (the `dangvu snapshots` command, run nightly or after an import)
recomputes the month ends after the watermark, committing month end by month end.

The same sweep writes month-end flows (MonthEndFlow): per organisation and month, members admitted, transferred
in and out, left by reason, recognised… A move carries how many leading path segments its two organisations
shared, so a subtree's flow over whole months is one grouped query (`subtree_flow_months`): a move is internal to
a subtree whose path has at most that many segments. Months during which an organisation changed its place in the
tree are left to the raw computation (reports.selectors.membership_flow decides).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, Count, Exists, F, Min, OuterRef, Q, Subquery, Sum, Value, When

from dangvu.core.dates import last_day, today
from dangvu.orgs.models import OrgPathSpan
from dangvu.orgs.selectors import on_date_q

from .models import MembershipSpan, MonthEndFlow, MonthEndHeadcount, SnapshotWatermark, SpanEdge

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
    SnapshotWatermark.objects.filter(Q(clean_through__gt=before) | Q(refreshing_through__gt=before)).update(
        clean_through=Case(When(clean_through__gt=before, then=Value(before)), default=F("clean_through")),
        refreshing_through=Case(When(refreshing_through__gt=before, then=Value(before)),
                                default=F("refreshing_through")),
    )


def on_org_moved(effective_on: date) -> list[str]:
    """An organisation moved in the tree from `effective_on` (core.hooks "org_moved"): the roots stored on the
    snapshot rows of that day and later may be wrong, and so may the flows' shared path segments."""
    snapshots_invalidate(effective_on)
    return []


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


FlowKey = tuple[int, int, str, int]  # month index, organisation, kind, shared segments
_MOVES = {SpanEdge.MOVED, SpanEdge.RESTRUCTURED}
SpanRow = tuple[int, int, int, date, date | None, str, str, date | None]  # id, member, org, from, to, kinds, full


class _Paths:
    """Every organisation's path spans, to tell which path segments two organisations shared on a date."""

    def __init__(self) -> None:
        self.spans: dict[int, list[tuple[date, date | None, tuple[str, ...]]]] = defaultdict(list)
        for o, f, t, path in OrgPathSpan.objects.values_list("organization_id", "valid_from", "valid_to", "path"):
            self.spans[o].append((f, t, tuple(path.rstrip(".").split("."))))

    def at(self, org_id: int, d: date) -> tuple[str, ...] | None:
        for f, t, segs in self.spans.get(org_id, ()):
            if f <= d and (t is None or d < t):
                return segs
        return None

    def root(self, org_id: int, d: date) -> int | None:
        """The root of the organisation's path on `d` (its province in a national database)."""
        segs = self.at(org_id, d)
        return int(segs[0]) if segs else None

    def shared(self, a: int, a_on: date, b: int, b_on: date) -> int:
        """Leading path segments `a` on `a_on` and `b` on `b_on` had in common (−1 when either did not exist)."""
        pa, pb = self.at(a, a_on), self.at(b, b_on)
        if pa is None or pb is None:
            return -1
        n = 0
        for x, y in zip(pa, pb, strict=False):
            if x != y:
                break
            n += 1
        return n


def _member_flows(spans: list[SpanRow], first_day: date, last: date, month_of: Any, paths: _Paths,
                  flows: dict[FlowKey, int]) -> None:
    """One member's spans (ordered by start, id): each start, end and recognition falling in [first_day, last],
    as reports.selectors.membership_flow classifies them (a move's neighbour: the span ending/starting that day)."""
    for sid, _m, o, f, t, sk, ek, ff in spans:
        if first_day <= f <= last:
            shared = -1
            if sk in _MOVES:
                before = [(i, po, pf) for i, _pm, po, pf, pt, *_r in spans if pt == f and i < sid]
                if before:
                    _i, po, pf = max(before)
                    shared = paths.shared(po, max(pf, f - ONE_DAY), o, f)
                kind = "restructured_in" if sk == SpanEdge.RESTRUCTURED else "transferred_in"
            else:
                kind = sk
            key = (month_of(f), o, kind, shared)
            flows[key] = flows.get(key, 0) + 1
        if t is not None and first_day <= t <= last:
            shared = -1
            if ek in _MOVES:
                after = [(i, no) for i, _nm, no, nf, *_r in spans if nf == t and i > sid]
                if after:
                    shared = paths.shared(o, max(f, t - ONE_DAY), min(after)[1], t)
                kind = "restructured_out" if ek == SpanEdge.RESTRUCTURED else "transferred_out"
            else:
                kind = ek
            key = (month_of(t), o, kind, shared)
            flows[key] = flows.get(key, 0) + 1
        if ff is not None and first_day <= ff <= last and f <= ff and (t is None or ff < t):
            key = (month_of(ff), o, "recognised", -1)
            flows[key] = flows.get(key, 0) + 1


def _sweep(months: list[date]) -> tuple[dict[int, list[list[int]]], dict[FlowKey, int], _Paths]:
    """Per organisation, full and probationary counts at each month end (difference arrays: +1 where a span's
    status begins to count, −1 where it stops) and the flows of each month, in one pass over the spans that touch
    the months, member by member."""
    index = {m: i for i, m in enumerate(months)}
    n = len(months)
    first_day = date(months[0].year, months[0].month, 1)

    def first_at_or_after(d: date) -> int:
        """Index of the first month end on or after d (n when none)."""
        end = last_day(d.year, d.month)
        return index.get(end, n) if end >= months[0] else 0

    def month_of(d: date) -> int:
        return index[last_day(d.year, d.month)]

    paths = _Paths()
    diff: dict[int, list[list[int]]] = {}
    flows: dict[FlowKey, int] = {}
    spans = MembershipSpan.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first_day)).filter(
        valid_from__lte=months[-1]
    ).order_by("member_id", "valid_from", "id")
    group: list[SpanRow] = []
    for row in spans.values_list(
        "id", "member_id", "organization_id", "valid_from", "valid_to", "start_kind", "end_kind", "full_from"
    ).iterator(chunk_size=20_000):
        _sid, m, o, vf, vt, _sk, _ek, ff = row
        if group and group[0][1] != m:
            _member_flows(group, first_day, months[-1], month_of, paths, flows)
            group = []
        group.append(row)
        # A span counts at month ends M with vf <= M < vt; full from ff on, probationary before.
        start = first_at_or_after(vf)
        stop = first_at_or_after(vt) if vt is not None else n  # valid_to is exclusive: M = vt does not count
        switch = stop if ff is None else max(start, min(stop, first_at_or_after(ff)))
        if start >= stop:
            continue
        rows = diff.get(o)
        if rows is None:
            rows = diff[o] = [[0] * (n + 1), [0] * (n + 1)]
        if start < switch:  # probationary on [start, switch)
            rows[1][start] += 1
            rows[1][switch] -= 1
        if switch < stop:  # full on [switch, stop)
            rows[0][switch] += 1
            rows[0][stop] -= 1
    if group:
        _member_flows(group, first_day, months[-1], month_of, paths, flows)
    return diff, flows, paths


def _accumulate(diff: dict[int, list[list[int]]]) -> None:
    """Difference arrays → the counts at each month end, in place."""
    for counts in diff.values():
        for arr in counts:
            for i in range(1, len(arr)):
                arr[i] += arr[i - 1]


def _rows(i: int, month: date, orgs: list[int], diff: dict[int, list[list[int]]], paths: _Paths
          ) -> Iterator[tuple[date, int, int | None, int, int]]:
    """The headcount rows of month end `i` (accumulated counts), each with the organisation's root on that day.
    Written a month at a time, a month's rows lie together on disk: a province's month end reads ~100 pages."""
    for o in orgs:
        f, p = diff[o][0][i], diff[o][1][i]
        if f or p:
            yield month, o, paths.root(o, month), f, p


def _copy_or_bulk(model: Any, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """Write rows: COPY on PostgreSQL (millions of rows at province scale), bulk inserts elsewhere."""
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        cols = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3
            with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    batch: list[Any] = []
    for row in rows:
        batch.append(model(**dict(zip(columns, row, strict=True))))
        if len(batch) >= 20_000:
            model.objects.bulk_create(batch, batch_size=5000)
            batch = []
    model.objects.bulk_create(batch, batch_size=5000)


def _begin_refresh(until: date | None) -> tuple[list[date], date | None]:
    """First transaction of a refresh: drop the rows after the watermark (not clean, read by nobody) and return the
    month ends to write with the watermark they start from. With nothing to write, the watermark moves to the
    last month end at once."""
    with transaction.atomic():
        mark = SnapshotWatermark.objects.select_for_update().filter(pk=_watermark().pk).get()
        last = month_end_on_or_before(until or today())
        first_span = MembershipSpan.objects.aggregate(m=Min("valid_from"))["m"]
        MonthEndHeadcount.objects.filter(month_end__gt=mark.clean_through or date.min).delete()
        MonthEndFlow.objects.filter(month_end__gt=mark.clean_through or date.min).delete()
        months: list[date] = []
        if first_span is not None:
            start = mark.clean_through + ONE_DAY if mark.clean_through else first_span
            months = _month_ends(start, last)
        if months:
            mark.refreshing_through = months[-1]
            mark.save(update_fields=["refreshing_through"])
        else:
            mark.clean_through, mark.refreshing_through = last, None
            mark.save(update_fields=["clean_through", "refreshing_through"])
        return months, mark.clean_through


def refresh_snapshots(*, until: date | None = None) -> int:
    """Recompute the month ends after the watermark up to the last one on or before `until` (today), in one pass
    over the spans, then write them month by month, each month end's rows and the watermark in one transaction
    (readers use a month end only once its transaction committed). A change committed meanwhile lowers
    `refreshing_through` (snapshots_invalidate): the refresh stops before the first month end it touched, the next
    refresh goes on from there. Return how many month ends were written."""
    months, expected = _begin_refresh(until)
    if not months:
        return 0
    diff, flows, paths = _sweep(months)
    _accumulate(diff)
    orgs = sorted(diff)
    flows_of: dict[int, list[tuple[date, int, str, int, int]]] = defaultdict(list)
    for (i, o, k, sh), c in sorted(flows.items()):
        flows_of[i].append((months[i], o, k, sh, c))
    written = 0
    for i, month in enumerate(months):
        with transaction.atomic():
            mark = SnapshotWatermark.objects.select_for_update().filter(pk=_watermark().pk).get()
            if mark.clean_through != expected or mark.refreshing_through is None or mark.refreshing_through < month:
                break  # a change effective on or before this month end was committed after the sweep read
            _copy_or_bulk(MonthEndHeadcount, ["month_end", "organization_id", "root_id", "full", "probationary"],
                          _rows(i, month, orgs, diff, paths))
            _copy_or_bulk(MonthEndFlow, ["month_end", "organization_id", "kind", "shared", "count"],
                          flows_of.pop(i, []))
            mark.clean_through = expected = month
            if month == months[-1]:
                mark.refreshing_through = None
            mark.save(update_fields=["clean_through", "refreshing_through"])
        written += 1
    return written


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


def snapshot_base(on: date) -> date | None:
    """The clean month end that figures for `on` start from (None when no snapshot may be used: none written, the
    watermark before any, or so old that counting the date itself is cheaper). One query."""
    row = SnapshotWatermark.objects.order_by("id").annotate(
        first=Subquery(MonthEndHeadcount.objects.order_by("month_end").values("month_end")[:1])
    ).values_list("clean_through", "first").first()
    if row is None or row[0] is None or row[1] is None:
        return None
    base = month_end_on_or_before(min(on, row[0]))
    return None if base < row[1] or (on - base).days > MAX_CHANGE_DAYS else base


def subtree_headcount_on(path: str, on: date, base: date) -> int:
    """Members at the end of `on` in the organisations whose path on `on` starts with `path`: their month-end
    snapshot `base` (from snapshot_base) plus the spans that began or ended since. Two queries (one on a month
    end)."""
    orgs = OrgPathSpan.objects.filter(on_date_q(on), path__startswith=path).values("organization_id")
    snap = MonthEndHeadcount.objects.filter(month_end=base, organization_id__in=orgs).aggregate(
        n=Sum(F("full") + F("probationary"))
    )["n"]
    if on == base:
        return int(snap or 0)
    changed = MembershipSpan.objects.filter(organization_id__in=orgs).filter(
        Q(valid_from__gt=base, valid_from__lte=on) | Q(valid_to__gt=base, valid_to__lte=on)
    )
    delta = changed.aggregate(now=Count("id", filter=on_date_q(on)), was=Count("id", filter=on_date_q(base)))
    return int(snap or 0) + int(delta["now"] or 0) - int(delta["was"] or 0)


def clean_months(start: date, end: date) -> list[date]:
    """Month ends of the whole months inside [start, end] whose flow snapshots may be used: up to the watermark,
    and no organisation changed its place in the tree during the month (foundings do not count). One query."""
    mark = SnapshotWatermark.objects.order_by("id").values_list("clean_through", flat=True).first()
    if mark is None:
        return []
    first = start if start.day == 1 else last_day(start.year, start.month) + ONE_DAY
    months = _month_ends(first, min(end, mark)) if first <= min(end, mark) else []
    if not months:
        return []
    moved = {
        d for d in OrgPathSpan.objects.filter(valid_to__gte=first, valid_to__lte=months[-1]).values_list(
            "valid_to", flat=True) if d is not None
    }
    return [m for m in months if not any(m.replace(day=1) <= d <= m for d in moved)]


def subtree_flow_months(path: str | None, months: list[date]) -> dict[str, int]:
    """Flows of the subtree whose path is `path` (None: the whole database, e.g. the country) over the whole months
    `months` (from clean_months), by report kind ("recognised" too), from the month-end flows. One query."""
    if not months:
        return {}
    rows = MonthEndFlow.objects.filter(month_end__in=months)
    if path is None:
        rows = rows.filter(shared__lt=0)  # every move is internal to the whole database
    else:
        depth = path.count(".")
        on_month_end = Q(valid_from__lte=OuterRef("month_end")) & (
            Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("month_end"))
        )
        inside = OrgPathSpan.objects.filter(on_month_end, organization_id=OuterRef("organization_id"),
                                            path__startswith=path)
        rows = rows.filter(Exists(inside), shared__lt=depth)
    return {k: int(n) for k, n in rows.values("kind").annotate(n=Sum("count")).values_list("kind", "n")}


def _root_sql(path: str) -> str:
    """SQL of the first segment of a path column as an integer (the root organisation's id)."""
    if connection.vendor == "postgresql":
        return f"split_part({path}, '.', 1)::bigint"
    return f"CAST(substr({path}, 1, instr({path}, '.') - 1) AS INTEGER)"


def headcount_by_root(on: date) -> dict[int, int]:
    """Members at the end of `on` under each root of the tree (each province of a national database): one grouped
    scan of the month-end snapshot rows, which carry their organisation's root of that day; for a later date a
    second statement adds the spans changed since and moves the snapshot counts of organisations whose root changed
    since. headcount_by_top when no snapshot may be used."""
    base = snapshot_base(on)
    if base is None:
        return {k: v for k, v in headcount_by_top(on, depth=1).items() if v}
    out: dict[int, int] = defaultdict(int)
    for root_id, n in MonthEndHeadcount.objects.filter(month_end=base).values("root_id").annotate(
        n=Sum(F("full") + F("probationary"))
    ).order_by().values_list("root_id", "n"):
        out[int(root_id or 0)] += int(n)
    if on > base:
        ps, h, ms = OrgPathSpan._meta.db_table, MonthEndHeadcount._meta.db_table, MembershipSpan._meta.db_table
        root = _root_sql("ps.path")
        on_date = "ps.valid_from <= %(on)s AND (ps.valid_to IS NULL OR ps.valid_to > %(on)s)"
        moved = (f"h.organization_id IN (SELECT m.organization_id FROM {ps} m WHERE m.valid_from > %(base)s AND "
                 "m.valid_from <= %(on)s)")
        with connection.cursor() as cur:
            cur.execute(
                # Spans that began or ended since the snapshot, under their organisation's root on `on`…
                f"SELECT {root}, SUM((CASE WHEN s.valid_from <= %(on)s AND (s.valid_to IS NULL OR s.valid_to > %(on)s) "
                "THEN 1 ELSE 0 END) - (CASE WHEN s.valid_from <= %(base)s AND (s.valid_to IS NULL OR "
                f"s.valid_to > %(base)s) THEN 1 ELSE 0 END)) FROM {ms} s "
                f"JOIN {ps} ps ON ps.organization_id = s.organization_id AND {on_date} "
                "WHERE (s.valid_from > %(base)s AND s.valid_from <= %(on)s) OR (s.valid_to > %(base)s AND "
                "s.valid_to <= %(on)s) GROUP BY 1 "
                # … and the snapshot counts of organisations moved to another root since: out of the old, into the new.
                f"UNION ALL SELECT h.root_id, -SUM(h.\"full\" + h.probationary) FROM {h} h JOIN {ps} ps ON "
                f"ps.organization_id = h.organization_id AND {on_date} WHERE h.month_end = %(base)s AND {moved} "
                f"AND h.root_id <> {root} GROUP BY 1 "
                f"UNION ALL SELECT {root}, SUM(h.\"full\" + h.probationary) FROM {h} h JOIN {ps} ps ON "
                f"ps.organization_id = h.organization_id AND {on_date} WHERE h.month_end = %(base)s AND {moved} "
                f"AND h.root_id <> {root} GROUP BY 1",
                {"on": on, "base": base},
            )
            for r, n in cur.fetchall():
                out[int(r)] += int(n)
    return {k: v for k, v in out.items() if v}


def national_flow(start: date, end: date) -> dict[str, int]:
    """Flows of the whole database (the country) over [start, end] by report kind: every move is internal, so the
    whole months up to the watermark come from the month-end flows (one grouped query) and the days around them
    from the span edges (one more)."""
    mark = SnapshotWatermark.objects.order_by("id").values_list("clean_through", flat=True).first()
    first = start if start.day == 1 else last_day(start.year, start.month) + ONE_DAY
    months = _month_ends(first, min(end, mark)) if mark is not None and first <= min(end, mark) else []
    counts = dict(subtree_flow_months(None, months))
    ranges, cursor = [], start
    for m in months:
        if cursor < m.replace(day=1):
            ranges.append((cursor, m.replace(day=1) - ONE_DAY))
        cursor = m + ONE_DAY
    if cursor <= end:
        ranges.append((cursor, end))
    if ranges:
        starts, ends, recognised = Q(), Q(), Q()
        for a, b in ranges:
            starts |= Q(valid_from__range=(a, b))
            ends |= Q(valid_to__range=(a, b))
            recognised |= Q(full_from__range=(a, b))
        moves = [SpanEdge.MOVED, SpanEdge.RESTRUCTURED]
        edges = MembershipSpan.objects.filter(starts | ends | recognised).aggregate(
            **{f"in_{k}": Count("id", filter=starts & Q(start_kind=k)) for k in SpanEdge.values if k not in moves},
            **{f"out_{k}": Count("id", filter=ends & Q(end_kind=k)) for k in SpanEdge.values if k not in moves},
            recognised=Count("id", filter=recognised & Q(full_from__gte=F("valid_from"))
                             & (Q(valid_to__isnull=True) | Q(valid_to__gt=F("full_from")))),
        )
        for key, n in edges.items():
            if n:
                kind = key.split("_", 1)[1] if key != "recognised" else key
                counts[kind] = counts.get(kind, 0) + int(n)
    return counts


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
    paths, wrong_root = _Paths(), defaultdict[date, int](int)
    for d, o, root, f, p in MonthEndHeadcount.objects.filter(month_end__lte=mark).values_list(
        "month_end", "organization_id", "root_id", "full", "probationary"
    ):
        stored[d][o] = (f, p)
        if root != paths.root(o, d):
            wrong_root[d] += 1
    lines = []
    for d in sorted(stored):
        if stored[d] != _raw_counts(d):
            lines.append(f"Số liệu cuối tháng {d:%d/%m/%Y} khác với dữ liệu sinh hoạt đảng")
        if wrong_root[d]:
            lines.append(f"Số liệu cuối tháng {d:%d/%m/%Y}: {wrong_root[d]} dòng ghi tổ chức gốc (tỉnh) khác với "
                         "cây tổ chức ngày đó")
    return lines
