"""{% member_honours member %}: the member's party badges and commendations, for the member's page;
{% org_honours org %}: the organisation's commendations and the badges presented in its subtree by year, for the
organisation's page. Template tags (loaded by the templates) so that members and orgs do not import documents."""

from typing import Any

from django import template

from dangvu.core.dates import today
from dangvu.members.badges import badges_by_year, badges_of
from dangvu.members.models import Member
from dangvu.orgs.models import Organization

from ..selectors import commendations_decided, member_commendations, organization_commendations

register = template.Library()


@register.inclusion_tag("documents/_member_honours.html")
def member_honours(member: Member) -> dict[str, Any]:
    return {"badges": badges_of(member), "commendations": member_commendations(member)}


@register.inclusion_tag("documents/_org_honours.html", takes_context=True)
def org_honours(context: template.Context, org: Organization) -> dict[str, Any]:
    request = context.get("request")
    decided_count, decided = commendations_decided(org)
    return {"org": org, "received": organization_commendations(org), "decided": decided,
            "decided_count": decided_count,
            "badge_years": badges_by_year(request.user, org, end=today()) if request is not None else []}
