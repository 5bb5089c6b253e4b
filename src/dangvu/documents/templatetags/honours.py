"""{% member_honours member %}: the member's party badges and commendations, for the member's page. A template
tag (loaded by the template) so that the members app does not import documents."""

from typing import Any

from django import template

from dangvu.members.badges import badges_of
from dangvu.members.models import Member

from ..selectors import member_commendations

register = template.Library()


@register.inclusion_tag("documents/_member_honours.html")
def member_honours(member: Member) -> dict[str, Any]:
    return {"badges": badges_of(member), "commendations": member_commendations(member)}
