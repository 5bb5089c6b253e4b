"""JSON for the organisation pickers (search as you type): the user's scope, or the transfer targets."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from dangvu.core.dates import today
from dangvu.core.errors import NotVisible
from dangvu.core.http import scoped_view
from dangvu.members.selectors import member_get, transfer_targets
from dangvu.orgs.picker import PICK_LIMIT, kinds_of, org_search, scope_organizations


@require_GET
@scoped_view
def org_pick(request: HttpRequest) -> JsonResponse:
    """?q=thanh tra&kinds=cell → {"results": [{id, name, parent, label}]}: open organisations of the user's scope;
    ?purpose=transfer&member=ID → the cells that member may be transferred to (any open cell of the province)."""
    q = (request.GET.get("q") or "")[:128]
    if request.GET.get("purpose") == "transfer":
        member_id = request.GET.get("member") or ""
        if not member_id.isdigit() or len(member_id) > 12:
            raise NotVisible
        qs = transfer_targets(member_get(request.user, int(member_id)), today())
    else:
        qs = scope_organizations(request.user).filter(dissolved_on__isnull=True)
        kinds = kinds_of(request.GET.get("kinds"))
        if kinds is not None:
            qs = qs.filter(kind__in=kinds)
    rows = org_search(qs, q, limit=PICK_LIMIT + 1)
    return JsonResponse({"results": rows[:PICK_LIMIT], "more": len(rows) > PICK_LIMIT})
