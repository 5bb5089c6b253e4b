"""JSON for the organisation pickers (search as you type): the user's scope, or the transfer targets."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from dangvu.core.dates import today
from dangvu.core.errors import NotVisible
from dangvu.core.http import scoped_view
from dangvu.members.selectors import member_get, transfer_targets
from dangvu.orgs.models import Organization
from dangvu.orgs.picker import DISSOLVED_SUFFIX, PICK_LIMIT, kinds_of, org_search, scope_organizations
from dangvu.ratings.forms import LEADERSHIP_PURPOSE
from dangvu.ratings.selectors import rating_round_get, round_committees


@require_GET
@scoped_view
def org_pick(request: HttpRequest) -> JsonResponse:
    """?q=thanh tra&kinds=cell → {"results": [{id, name, parent, label}]}: open organisations of the user's scope;
    ?purpose=transfer&member=ID → the cells that member may be transferred to (any open cell of the province);
    ?purpose=rating_leadership&round=ID → the round's committees the user may rate the leadership collective of;
    ?purpose=history → dissolved organisations of the scope too, marked (the reports' pickers)."""
    q = (request.GET.get("q") or "")[:128]
    if request.GET.get("purpose") == "transfer":
        member_id = request.GET.get("member") or ""
        if not member_id.isdigit() or len(member_id) > 12:
            raise NotVisible
        qs = transfer_targets(member_get(request.user, int(member_id)), today())
    elif request.GET.get("purpose") == LEADERSHIP_PURPOSE:  # a rating round's committees (leadership collectives)
        qs = round_committees(request.user, rating_round_get(request.user, request.GET.get("round")))
    else:
        history = request.GET.get("purpose") == "history"  # reports of the past: dissolved ones too, marked
        qs = scope_organizations(request.user)
        if not history:
            qs = qs.filter(dissolved_on__isnull=True)
        kinds = kinds_of(request.GET.get("kinds"))
        if kinds is not None:
            qs = qs.filter(kind__in=kinds)
    rows = org_search(qs, q, limit=PICK_LIMIT + 1)
    if request.GET.get("purpose") == "history" and rows:
        gone = set(Organization.objects.filter(pk__in=[r["id"] for r in rows], dissolved_on__isnull=False)
                   .values_list("pk", flat=True))
        for r in rows:
            if r["id"] in gone:
                r["name"] += DISSOLVED_SUFFIX
                r["label"] += DISSOLVED_SUFFIX
    return JsonResponse({"results": rows[:PICK_LIMIT], "more": len(rows) > PICK_LIMIT})
