"""Report pages: membership flow of a subtree over a period."""

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
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
    # A page kept for this user and query (core.cache: the form and the tables as HTML, while the data stay the
    # same) is shown once the scope allows the organisation (the same check as org_get; an id that was never shown
    # has nothing kept and goes on to org_get's 404). A form with errors is never kept. The context's flow is
    # computed only if something asks for it (the tests).
    raw_org = request.GET.get("organization_id")
    key, hit = "", MISS
    if not raw_org or (raw_org.isdigit() and scope_of(request.user).sees(int(raw_org))):
        key, hit = kept("reports.flow_content", request_parts(request))
    if hit is not MISS:
        lazy = SimpleLazyObject(lambda: _flow_context(request, _flow_org(request)))
        return render(request, "reports/flow.html", {
            "content": hit, "flow": SimpleLazyObject(lambda: lazy["flow"]),
            "children": SimpleLazyObject(lambda: lazy["children"]),
        })
    context = _flow_context(request, _flow_org(request))
    content = mark_safe(render_to_string("reports/_flow_content.html", context))  # noqa: S308 - escaped there
    form = context["form"]
    failed = form.is_bound and bool(form.errors)
    if key and not failed:
        keep(key, content)
    return render(request, "reports/flow.html", {**context, "content": content}, status=400 if failed else 200)


def _flow_org(request: HttpRequest) -> Organization | None:
    """The organisation asked for, first: another subtree's id is a 404 whatever the other parameters say."""
    raw_org = request.GET.get("organization_id")
    return org_get(request.user, int(raw_org) if raw_org.isdigit() else -1) if raw_org else None


def _flow_context(request: HttpRequest, org: Organization | None) -> dict[str, Any]:
    """The form, the flow (None without an organisation or when the form is refused) and its rows."""
    t = today()
    chosen = org or default_organization(request.user)  # the picker starts on the user's organisation
    form = FlowForm(
        request.GET if org is not None else None, user=request.user, current=org,
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
    return {"form": form, "flow": flow, "rows_in": rows_in, "rows_out": rows_out, "children": children,
            "by_children": by_children, "request": request}


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
