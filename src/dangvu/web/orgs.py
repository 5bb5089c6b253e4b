"""Organisation pages: the tree as of a date, one organisation with its history, members and the
restructuring forms. Member data and merge/split/dissolve come from dangvu.members: these pages sit
above both apps (as the API does), so the downward-only rule applies to models/services/selectors."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangvu.accounts.models import Assignment
from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.http import add_domain_error, parse_date_param, scoped_view
from dangvu.members import restructuring
from dangvu.members.forms import MemberFilterForm
from dangvu.members.selectors import headcount, members_of, subtree_headcounts
from dangvu.orgs import services
from dangvu.orgs.models import ALLOWED_PARENT_KINDS, Organization
from dangvu.orgs.picker import parent_names
from dangvu.orgs.scope import can, scope_of
from dangvu.orgs.selectors import TreeNode, org_events, org_get, tree_on

from .forms import ORG_ACTION_FORMS, ORG_ACTION_TITLES, OrgActionForm
from .workcentre import last_day


@scoped_view
def org_tree(request: HttpRequest) -> HttpResponse:
    on, date_error = parse_date_param(request.GET.get("on"), today())
    nodes = tree_on(request.user, on)
    counts = subtree_headcounts([n.org.pk for n in nodes], on)
    rows = [(n, counts.get(n.org.pk, 0)) for n in nodes]
    return render(request, "orgs/tree.html", {
        "rows": rows, "items": tree_items(rows), "on": on, "date_error": date_error,
        "ended": [] if rows else _ended_scope(request.user, on),
    })


def _ended_scope(user: Any, on: date) -> list[tuple[Organization, date]]:
    """The user's assigned organisations dissolved by `on`, each with its last day: an empty tree then says so and
    offers that day, instead of nothing (an officer kept on a dissolved committee for its history)."""
    assigned = Assignment.objects.filter(user_id=user.pk, organization__dissolved_on__lte=on).select_related(
        "organization").order_by("organization__dissolved_on", "organization_id")
    return [(a.organization, last_day(a.organization, on)) for a in assigned]


@dataclass
class TreeItem:
    """One organisation of the collapsible tree: its counts, and how the nested lists open and close around it."""

    node: TreeNode
    headcount: int
    children: int = 0
    cells: int = 0
    closes: range = range(0)
    open: bool = False


def tree_items(rows: list[tuple[TreeNode, int]]) -> list[TreeItem]:
    """The tree (in path order, children right after their parent) as nested-list items: each parent knows its
    direct children and the cells below it; the top level starts open, the rest collapsed."""
    items = [TreeItem(node, count) for node, count in rows]
    by_id = {it.node.org.pk: it for it in items}
    for it in items:
        if it.node.parent_id in by_id:
            by_id[it.node.parent_id].children += 1
        if it.node.org.is_cell:
            for seg in it.node.path.rstrip(".").split(".")[:-1]:
                if int(seg) in by_id:
                    by_id[int(seg)].cells += 1
    for i, it in enumerate(items):
        next_depth = items[i + 1].node.depth if i + 1 < len(items) else 0
        it.open = it.node.depth == 0
        it.closes = range(0 if it.children else max(0, it.node.depth - next_depth))
    return items


def _detail(
    request: HttpRequest, org: Organization, *, bound: OrgActionForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    # A dissolved organisation is shown on its last day (its members, counts, the flow and the review year then),
    # not as an empty page of today; nothing is restructured after its end.
    on = last_day(org, today())
    may_manage = can(user, "manage_org", org)
    action_forms: list[tuple[str, str, OrgActionForm]] = []
    if may_manage and org.dissolved_on is None:
        for name, cls in ORG_ACTION_FORMS.items():
            if name == "dissolve" and org.parent_id is None:
                continue
            if name == "found" and not any(org.kind in ALLOWED_PARENT_KINDS[k] for k in ALLOWED_PARENT_KINDS):
                continue
            form = bound if bound is not None and bound.prefix == name else cls(user=user, org=org, prefix=name)
            action_forms.append((name, ORG_ACTION_TITLES[name], form))
    page = members_of(user, org, on=on)
    context: dict[str, Any] = {
        "org": org,
        "events": org_events(org),
        "headcount": headcount(org, on),
        "page": page,
        "parents": parent_names([r.organization_id for r in page.items if r.organization_id]),
        "filter_form": MemberFilterForm(initial={"on": on}),
        "on": on,
        "may_manage": may_manage,
        # The parent's name is shown to all; a link only where its page opens (a cell secretary got 404).
        "parent_visible": org.parent_id is not None and scope_of(user).sees(org.parent_id),
        "may_record": can(user, "record_member", org) and org.is_cell and org.is_active,
        "action_forms": action_forms,
        "open_action": bound.prefix if bound is not None else None,
    }
    return render(request, "orgs/detail.html", context, status=status)


@scoped_view
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, org_get(request.user, pk))


def _run(name: str, actor: Any, org: Organization, data: dict[str, Any]) -> tuple[Organization, str]:
    """Call the service for one restructuring form; return the page to show next and a message."""
    doc = data.get("document", "")
    if name == "found":
        child = services.org_found(
            actor=actor, name=data["name"], kind=data["kind"], sector=data["sector"], parent=org,
            founded_on=data["founded_on"], document=doc,
        )
        return child, f"Đã thành lập {child.name}."
    if name == "kind":
        services.org_change_kind(actor=actor, org=org, kind=data["kind"], effective_on=data["effective_on"],
                                 document=doc)
        return org, "Đã ghi nhận đổi loại hình."
    if name == "rename":
        services.org_rename(actor=actor, org=org, name=data["name"], effective_on=data["effective_on"], document=doc)
        return org, "Đã ghi nhận đổi tên."
    if name == "move":
        services.org_move(actor=actor, org=org, parent=data["parent"], effective_on=data["effective_on"], document=doc)
        return org, f"Đã chuyển về trực thuộc {data['parent'].name}."
    if name == "merge":
        into = restructuring.org_merge(
            actor=actor, org=org, into=data["into"], effective_on=data["effective_on"], document=doc
        )
        return into, f"Đã sáp nhập {org.name} vào {into.name}."
    if name == "split":
        new = restructuring.org_split(
            actor=actor, org=org, name=data["name"], member_ids=[m.pk for m in data["members"]],
            effective_on=data["effective_on"], document=doc,
        )
        return new, f"Đã chia tách {new.name} từ {org.name}."
    restructuring.org_dissolve(actor=actor, org=org, effective_on=data["effective_on"], document=doc)
    return org, f"Đã ghi nhận giải thể {org.name}."


@require_POST
@scoped_view
def org_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    org = org_get(request.user, pk)
    if action not in ORG_ACTION_FORMS:
        raise Http404
    if not can(request.user, "manage_org", org):
        raise PermissionDenied(f"Vai trò của bạn không được phép sắp xếp tổ chức tại {org.name}.")
    form = ORG_ACTION_FORMS[action](request.POST, user=request.user, org=org, prefix=action)
    if form.is_valid():
        try:
            target, message = _run(action, request.user, org, form.cleaned_data)
        except DomainError as e:
            add_domain_error(form, e, aliases={"id": "effective_on"})
        else:
            messages.success(request, message)
            return redirect("org_detail", pk=target.pk)
    return _detail(request, org, bound=form, status=400)
