"""Report pages: membership flow of a subtree over a period."""

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from dangvu.core.cache import MISS, cached, keep, kept, request_parts
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.http import add_domain_error, scoped_view
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import default_organization, org_get

from .breakdown import ChildFlow, flow_by_child
from .forms import FlowForm
from .selectors import INFLOW_KINDS, INFLOW_LABELS, OUTFLOW_KINDS, OUTFLOW_LABELS, Flow, membership_flow


@scoped_view
def flow_report(request: HttpRequest) -> HttpResponse:
    # The organisation comes first: another subtree's id is a 404 whatever the other parameters say.
    org = None
    raw_org = request.GET.get("organization_id")
    if raw_org:
        org = org_get(request.user, int(raw_org) if raw_org.isdigit() else -1)
    # The scope is checked (org_get): the form and the tables as shown to this user for this query are kept while
    # the data stay the same (core.cache); a form with errors is never kept.
    key, hit = kept("reports.flow_content", request_parts(request))
    if hit is not MISS:
        kept_flow_, kept_children, kept_content = hit
        return render(request, "reports/flow.html",
                      {"flow": kept_flow_, "children": kept_children, "content": kept_content})
    t = today()
    chosen = org or default_organization(request.user)  # the picker starts on the user's organisation
    form = FlowForm(
        request.GET if raw_org else None, user=request.user, current=org,
        initial={"start": date(t.year, 1, 1), "end": t, "organization_id": chosen.pk if chosen else None},
    )
    flow = None
    children: list[ChildFlow] = []
    # Broken down by the organisations directly under it, when asked (?by=children).
    by_children = request.GET.get("by") == "children"
    if org is not None and form.is_valid():
        try:
            flow, children = kept_flow(
                request.user, org, start=form.cleaned_data["start"], end=form.cleaned_data["end"],
                by_children=by_children,
            )
        except DomainError as e:
            add_domain_error(form, e, aliases={"from": "start", "to": "end"})
    rows_in = [(INFLOW_LABELS[k], flow.inflows[k]) for k in INFLOW_KINDS] if flow else []
    rows_out = [(OUTFLOW_LABELS[k], flow.outflows[k]) for k in OUTFLOW_KINDS] if flow else []
    context = {"form": form, "flow": flow, "rows_in": rows_in, "rows_out": rows_out, "children": children,
               "by_children": by_children, "request": request}
    content = mark_safe(render_to_string("reports/_flow_content.html", context))  # noqa: S308 - escaped there
    failed = form.is_bound and bool(form.errors)
    if not failed:
        keep(key, (flow, children, content))
    return render(request, "reports/flow.html", {**context, "content": content}, status=400 if failed else 200)


def kept_flow(
    user: Any, org: Organization, *, start: date, end: date, by_children: bool
) -> tuple[Flow, list[ChildFlow]]:
    """The flow (and, when asked, each subordinate organisation's) kept while the data stay the same (core.cache),
    keyed by the organisation, the period and the user's scope (the subordinates listed are those it sees)."""
    scope = scope_of(user)
    if not scope.sees(org.pk):
        raise NotVisible

    def build() -> tuple[Flow, list[ChildFlow]]:
        flow = membership_flow(user, org, start=start, end=end)
        return flow, flow_by_child(user, org, start=flow.start, end=flow.end) if by_children else []

    parts = (org.pk, start.isoformat(), end.isoformat(), by_children, scope.everything, tuple(sorted(scope.root_ids)))
    return cached("reports.flow", parts, build)
