"""Report pages: membership flow of a subtree over a period."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.http import add_domain_error, scoped_view
from dangvu.orgs.selectors import default_organization, org_get

from .breakdown import flow_by_child
from .forms import FlowForm
from .selectors import INFLOW_KINDS, INFLOW_LABELS, OUTFLOW_KINDS, OUTFLOW_LABELS, membership_flow


@scoped_view
def flow_report(request: HttpRequest) -> HttpResponse:
    # The organisation comes first: another subtree's id is a 404 whatever the other parameters say.
    org = None
    raw_org = request.GET.get("organization_id")
    if raw_org:
        org = org_get(request.user, int(raw_org) if raw_org.isdigit() else -1)
    t = today()
    chosen = org or default_organization(request.user)  # the picker starts on the user's organisation
    form = FlowForm(
        request.GET if raw_org else None, user=request.user,
        initial={"start": date(t.year, 1, 1), "end": t, "organization_id": chosen.pk if chosen else None},
    )
    flow = None
    if org is not None and form.is_valid():
        try:
            flow = membership_flow(
                request.user, org, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
            )
        except DomainError as e:
            add_domain_error(form, e, aliases={"from": "start", "to": "end"})
    # Broken down by the organisations directly under it, when asked (?by=children).
    by_children = request.GET.get("by") == "children"
    children = (
        flow_by_child(request.user, org, start=flow.start, end=flow.end) if flow and org and by_children else []
    )
    rows_in = [(INFLOW_LABELS[k], flow.inflows[k]) for k in INFLOW_KINDS] if flow else []
    rows_out = [(OUTFLOW_LABELS[k], flow.outflows[k]) for k in OUTFLOW_KINDS] if flow else []
    return render(
        request, "reports/flow.html",
        {"form": form, "flow": flow, "rows_in": rows_in, "rows_out": rows_out, "children": children,
         "by_children": by_children},
        status=400 if form.is_bound and form.errors else 200,
    )
