"""Reads on organisations, scoped to the user and "as of" a date."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery

from dangvu.accounts.models import Assignment
from dangvu.core.errors import NotVisible
from dangvu.core.text import collation_key

from .models import Organization, OrgEvent, OrgEventKind, OrgParentSpan, OrgPathSpan
from .scope import scope_of


def on_date_q(on: date, prefix: str = "") -> Q:
    """Rows of a span table valid at the end of day `on` (valid_from <= on < valid_to)."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )


def segment_q(org_id: int, prefix: str = "") -> Q:
    """Path spans whose path runs through `org_id` (the organisation itself or anything under it then)."""
    return Q(**{f"{prefix}path__startswith": f"{org_id}."}) | Q(**{f"{prefix}path__contains": f".{org_id}."})


def in_subtree_then(org_id: int, org_field: str, date_field: str) -> Exists:
    """The row's organisation lay in `org_id`'s subtree on the row's own date: the path of that day, so a
    later move of either the row's organisation or of `org_id` itself changes nothing of the past."""
    return Exists(
        OrgPathSpan.objects.filter(
            segment_q(org_id),
            Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef(date_field)),
            organization_id=OuterRef(org_field), valid_from__lte=OuterRef(date_field),
        )
    )


def ever_in_subtree(org_id: int) -> Any:
    """Ids of organisations that ever lay in `org_id`'s subtree (a subquery)."""
    return OrgPathSpan.objects.filter(segment_q(org_id)).values("organization_id")


def org_get(user: Any, org_id: int) -> Organization:
    """The organisation if the user may see it, else NotVisible (404)."""
    try:
        org = Organization.objects.get(pk=org_id)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
    if not scope_of(user).sees(org.pk):
        raise NotVisible
    return org


def path_on(org_id: int, on: date) -> str | None:
    """The organisation's path on `on` (None if it did not exist then)."""
    return (
        OrgPathSpan.objects.filter(on_date_q(on), organization_id=org_id).values_list("path", flat=True).first()
    )


def names_on(org_ids: list[int], on: date) -> dict[int, str]:
    """Names as they were on `on` (renames after `on` ignored), in one query."""
    names: dict[int, str] = {}
    for org_id, name in (
        OrgEvent.objects.filter(
            organization_id__in=org_ids, kind__in=[OrgEventKind.FOUNDED, OrgEventKind.RENAMED],
            effective_on__lte=on,
        )
        .order_by("effective_on", "id")
        .values_list("organization_id", "name")
    ):
        names[org_id] = name
    return names


def name_on_expr(org_ref: Any, on: date) -> Subquery:
    """Subquery: the name of the organisation `org_ref` (an OuterRef) as it was on `on` — names_on inside another
    query (a list page annotates its rows instead of asking for the names afterwards)."""
    return Subquery(
        OrgEvent.objects.filter(
            organization_id=org_ref, kind__in=[OrgEventKind.FOUNDED, OrgEventKind.RENAMED], effective_on__lte=on
        ).order_by("-effective_on", "-id").values("name")[:1]
    )


def kinds_on(org_ids: list[int], on: date, *, current: dict[int, str] | None = None) -> dict[int, str]:
    """Kinds as they were on `on` (a chi bộ cơ sở that became a đảng bộ cơ sở later is still a cell then),
    over today's kinds (`current` when the caller has them: one query, else two)."""
    kinds: dict[int, str] = dict(current) if current is not None else dict(
        Organization.objects.filter(pk__in=org_ids).values_list("id", "kind")
    )
    for org_id, kind in (
        OrgEvent.objects.filter(
            organization_id__in=org_ids, kind__in=[OrgEventKind.FOUNDED, OrgEventKind.KIND_CHANGED],
            effective_on__lte=on,
        )
        .exclude(org_kind="")
        .order_by("effective_on", "id")
        .values_list("organization_id", "org_kind")
    ):
        kinds[org_id] = kind
    return kinds


@dataclass
class TreeNode:
    org: Organization
    name: str
    depth: int
    path: str
    parent_id: int | None


def tree_on(user: Any, on: date, *, root: Organization | None = None) -> list[TreeNode]:
    """Organisations the user sees as the tree stood on `on`, in path order (parents before children)."""
    scope = scope_of(user)
    spans = OrgPathSpan.objects.filter(on_date_q(on))
    if root is not None:
        root_path = path_on(root.pk, on)
        if root_path is None:
            return []
        spans = spans.filter(path__startswith=root_path)
    rows = list(spans.values_list("organization_id", "path"))
    if not scope.everything:
        # Only what lay under an assigned organisation on `on`, not a sibling that was once inside it.
        if root is None:
            roots = [p for o, p in rows if o in scope.root_ids]
        else:
            roots = list(
                OrgPathSpan.objects.filter(on_date_q(on), organization_id__in=scope.root_ids).values_list(
                    "path", flat=True
                )
            )
        rows = [r for r in rows if any(r[1].startswith(p) for p in roots)]
    orgs = Organization.objects.in_bulk([r[0] for r in rows])
    names = names_on(list(orgs), on)
    base = min((p.count(".") for _, p in rows), default=0)
    nodes = []
    for org_id, path in rows:
        segs = path.rstrip(".").split(".")
        nodes.append(
            TreeNode(
                org=orgs[org_id], name=names.get(org_id, orgs[org_id].name), depth=path.count(".") - base,
                path=path, parent_id=int(segs[-2]) if len(segs) > 1 else None,
            )
        )
    # Siblings sorted by name (Vietnamese collation), children right after their parent.
    keys = {n.org.pk: collation_key(n.name) for n in nodes}  # names of that date, not today's
    nodes.sort(key=lambda n: [keys.get(int(s), "") for s in n.path.rstrip(".").split(".")])
    return nodes


def org_events(org: Organization) -> list[OrgEvent]:
    return list(org.events.select_related("parent", "related").order_by("effective_on", "id"))


def default_organization(user: Any) -> Organization | None:
    """The one default organisation of a user, for every page and API route that takes an optional
    organisation: the assigned organisation nearest the root (its path has the fewest segments), a living one
    before a dissolved one (kept for its history), ties by id; the root for a superuser without assignments; None
    for a user with no assignment."""
    assigned = list(Assignment.objects.filter(user_id=getattr(user, "pk", None) or 0).select_related("organization"))
    if assigned:
        return min(
            (a.organization for a in assigned),
            key=lambda o: (o.dissolved_on is not None, o.path.count("."), o.pk),
        )
    if getattr(user, "is_superuser", False):
        return Organization.objects.filter(parent__isnull=True).order_by("id").first()
    return None


def organization_or_default(user: Any, organization_id: int | None) -> Organization:
    """The organisation asked for (NotVisible outside the scope), else the user's default organisation;
    NotVisible for a user with no assignment."""
    if organization_id is not None:
        return org_get(user, organization_id)
    org = default_organization(user)
    if org is None:
        raise NotVisible
    return org_get(user, org.pk)


@dataclass(frozen=True)
class OrgEnding:
    """How an organisation ended: the date, merged or dissolved, the deciding document, and where what it held went
    (the organisation merged into; the new parents of the organisations under it moved away on that date)."""

    on: date
    kind: str  # OrgEventKind.MERGED or DISSOLVED
    document: str
    destinations: list[Organization]

    @property
    def last_day(self) -> date:
        return self.on - timedelta(days=1)


def org_ending(org: Organization) -> OrgEnding | None:
    """The end of a dissolved or merged organisation as its events record it (None while it is open; 2 queries)."""
    if org.dissolved_on is None:
        return None
    event = (OrgEvent.objects.filter(organization=org, kind__in=(OrgEventKind.MERGED, OrgEventKind.DISSOLVED))
             .select_related("related").order_by("-effective_on", "-id").first())
    on = org.dissolved_on
    if event is not None and event.kind == OrgEventKind.MERGED and event.related is not None:
        return OrgEnding(on, OrgEventKind.MERGED, event.document, [event.related])
    # The organisations under it until its last day, moved elsewhere on the dissolution's date (one decision).
    moved_to = OrgParentSpan.objects.filter(
        organization__in=OrgParentSpan.objects.filter(parent=org, valid_to=on).values("organization"),
        valid_from=on, parent__isnull=False,
    ).values_list("parent_id", flat=True).distinct()
    destinations = list(Organization.objects.filter(pk__in=list(moved_to)).order_by("path"))
    return OrgEnding(on, str(event.kind) if event else OrgEventKind.DISSOLVED, event.document if event else "",
                     destinations)
