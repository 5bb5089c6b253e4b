"""Organisation projections: the row's name/parent/dissolved_on, parent spans, and path spans."""

from collections import defaultdict
from datetime import date

from dangvu.core.text import collation_key, search_key

from .models import Organization, OrgEvent, OrgEventKind, OrgParentSpan, OrgPathSpan

ParentSpan = tuple[int | None, date, date | None]
PathSpan = tuple[str, date, date | None]


def compute_org(org: Organization, events: list[OrgEvent]) -> tuple[dict, list[ParentSpan]]:
    """Fold an organisation's events (in date order) into its current fields and its parent spans."""
    fields: dict = {"dissolved_on": None}
    spans: list[ParentSpan] = []
    for ev in events:
        if ev.kind == OrgEventKind.FOUNDED:
            fields.update(name=ev.name or org.name, parent_id=ev.parent_id, founded_on=ev.effective_on)
            if ev.org_kind:
                fields["kind"] = ev.org_kind
            spans = [(ev.parent_id, ev.effective_on, None)]
        elif ev.kind == OrgEventKind.RENAMED:
            fields["name"] = ev.name
        elif ev.kind == OrgEventKind.KIND_CHANGED:
            fields["kind"] = ev.org_kind
        elif ev.kind == OrgEventKind.MOVED:
            last_parent, last_from, _ = spans[-1]
            spans[-1] = (last_parent, last_from, ev.effective_on)
            spans.append((ev.parent_id, ev.effective_on, None))
            fields["parent_id"] = ev.parent_id
        elif ev.kind in (OrgEventKind.MERGED, OrgEventKind.DISSOLVED):
            last_parent, last_from, _ = spans[-1]
            spans[-1] = (last_parent, last_from, ev.effective_on)
            fields["dissolved_on"] = ev.effective_on
    spans = [s for s in spans if s[2] is None or s[2] > s[1]]
    return fields, spans


def apply_org(org: Organization) -> None:
    """Rewrite one organisation's projection and parent spans from its events."""
    events = list(org.events.order_by("effective_on", "id"))
    fields, spans = compute_org(org, events)
    for k, v in fields.items():
        setattr(org, k, v)
    org.search_key = search_key(org.name)
    org.sort_key = collation_key(org.name)
    org.save()
    OrgParentSpan.objects.filter(organization=org).delete()
    OrgParentSpan.objects.bulk_create(
        OrgParentSpan(organization=org, parent_id=p, valid_from=f, valid_to=t) for p, f, t in spans
    )


def compute_paths(parent_spans: dict[int, list[ParentSpan]]) -> dict[int, list[PathSpan]]:
    """Path spans of every organisation from all parent spans (ancestors' moves propagate down)."""
    memo: dict[int, list[PathSpan]] = {}

    def paths(org_id: int, depth: int = 0) -> list[PathSpan]:
        if org_id in memo:
            return memo[org_id]
        if depth > 64:
            raise ValueError("Cây tổ chức có vòng lặp")
        out: list[PathSpan] = []
        for parent_id, f, t in parent_spans.get(org_id, []):
            if parent_id is None:
                out.append((f"{org_id}.", f, t))
                continue
            for ppath, pf, pt in paths(parent_id, depth + 1):
                start = max(f, pf)
                ends = [x for x in (t, pt) if x is not None]
                end = min(ends) if ends else None
                if end is None or end > start:
                    out.append((f"{ppath}{org_id}.", start, end))
        out.sort(key=lambda s: s[1])
        merged: list[PathSpan] = []
        for s in out:
            if merged and merged[-1][0] == s[0] and merged[-1][2] == s[1]:
                merged[-1] = (s[0], merged[-1][1], s[2])
            else:
                merged.append(s)
        memo[org_id] = merged
        return merged

    for org_id in parent_spans:
        paths(org_id)
    return memo


def latest_path(spans: set[tuple[int, str, date, date | None]]) -> dict[int, str]:
    """Organization.path: the open span's path, or the last one for organisations that ended."""
    latest: dict[int, tuple[date, str]] = {}
    for o, p, f, _t in spans:
        if o not in latest or latest[o][0] < f:
            latest[o] = (f, p)
    return {o: p for o, (_f, p) in latest.items()}


def rebuild_orgs(*, repair: bool = True) -> list[str]:
    """Compare every organisation's row and parent spans with a fold of its events; a line per difference,
    repaired when asked."""
    events: dict[int, list[OrgEvent]] = defaultdict(list)
    for ev in OrgEvent.objects.order_by("organization_id", "effective_on", "id"):
        events[ev.organization_id].append(ev)
    stored: dict[int, list[ParentSpan]] = defaultdict(list)
    for org_id, parent_id, f, t in OrgParentSpan.objects.order_by(
        "organization_id", "valid_from", "id"
    ).values_list("organization_id", "parent_id", "valid_from", "valid_to"):
        stored[org_id].append((parent_id, f, t))
    diffs: list[str] = []
    for org in Organization.objects.order_by("id").iterator(chunk_size=2000):
        fields, spans = compute_org(org, events.get(org.pk, []))
        bad = [k for k, v in fields.items() if getattr(org, k) != v]
        name = fields.get("name", org.name)
        if org.search_key != search_key(name) or org.sort_key != collation_key(name):
            bad.append("search_key/sort_key")
        if stored.get(org.pk, []) != spans:
            bad.append("parent_spans")
        if bad:
            diffs.append(f"Tổ chức #{org.pk} {org.name}: khác ở {', '.join(bad)}")
            if repair:
                apply_org(org)
    changed_paths = rebuild_paths(repair=repair)
    if changed_paths:
        diffs.append(f"Đường dẫn cây tổ chức: {changed_paths} dòng khác")
    return diffs


def rebuild_paths(*, repair: bool = True) -> int:
    """Recompute every path span and Organization.path; write only rows that changed (nothing when
    repair=False). Returns the number of rows that differ."""
    by_org: dict[int, list[ParentSpan]] = defaultdict(list)
    for org_id, parent_id, f, t in OrgParentSpan.objects.order_by("valid_from").values_list(
        "organization_id", "parent_id", "valid_from", "valid_to"
    ):
        by_org[org_id].append((parent_id, f, t))
    wanted = {
        (org_id, p, f, t) for org_id, spans in compute_paths(by_org).items() for p, f, t in spans
    }
    existing = {
        (o, p, f, t): pk
        for pk, o, p, f, t in OrgPathSpan.objects.values_list(
            "pk", "organization_id", "path", "valid_from", "valid_to"
        )
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    fresh = [k for k in wanted if k not in existing]
    if not repair:
        latest_now = latest_path(wanted)
        return len(stale) + len(fresh) + sum(
            1 for o, p in Organization.objects.values_list("id", "path") if p != latest_now.get(o, "")
        )
    if stale:
        OrgPathSpan.objects.filter(pk__in=stale).delete()
    OrgPathSpan.objects.bulk_create(
        OrgPathSpan(organization_id=o, path=p, valid_from=f, valid_to=t) for o, p, f, t in fresh
    )
    latest = latest_path(wanted)
    changed = []
    for org in Organization.objects.only("id", "path"):
        new = latest.get(org.pk, "")
        if org.path != new:
            org.path = new
            changed.append(org)
    Organization.objects.bulk_update(changed, ["path"], batch_size=1000)  # one CASE of 65.000 took minutes
    return len(stale) + len(fresh) + len(changed)
