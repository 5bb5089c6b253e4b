"""Who a round rates: members and grassroots organisations in the committee's subtree on the reference date."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from dangvu.members.models import Member, MemberStatus
from dangvu.members.selectors import span_status, spans_in_subtree_on
from dangvu.orgs.models import CELL_KINDS, GRASSROOTS_KINDS, OrgPathSpan
from dangvu.orgs.selectors import kinds_on, names_on, on_date_q


@dataclass
class Population:
    on: date
    org_paths: dict[int, str] = field(default_factory=dict)
    org_kinds: dict[int, str] = field(default_factory=dict)
    org_names: dict[int, str] = field(default_factory=dict)
    members: dict[int, tuple[int, bool, str]] = field(default_factory=dict)  # id → (cell, probationary, name)

    def grassroots_of(self, org_id: int) -> int:
        """The grassroots organisation above (or equal to) `org_id` on the reference date."""
        for seg in self.org_paths.get(org_id, "").rstrip(".").split("."):
            if seg and self.org_kinds.get(int(seg)) in GRASSROOTS_KINDS:
                return int(seg)
        return org_id

    @property
    def grassroots_ids(self) -> list[int]:
        return [i for i, k in self.org_kinds.items() if k in GRASSROOTS_KINDS]

    @property
    def cell_ids(self) -> list[int]:
        return [i for i, k in self.org_kinds.items() if k in CELL_KINDS]


def population_on(path: str, on: date, *, with_members: bool = True) -> Population:
    """Organisations (3 queries) and members (1 more) of the subtree at `path` on `on`."""
    pop = Population(on=on)
    for org_id, org_path, kind in OrgPathSpan.objects.filter(on_date_q(on), path__startswith=path).values_list(
        "organization_id", "path", "organization__kind"
    ):
        pop.org_paths[org_id] = org_path
        pop.org_kinds[org_id] = kind
    pop.org_kinds = kinds_on(list(pop.org_paths), on, current=pop.org_kinds)  # the kind of that date
    pop.org_names = names_on(list(pop.org_paths), on)
    if with_members:
        rows = spans_in_subtree_on(path, on).values_list(
            "member_id", "organization_id", "full_from", "member__full_name", "member__sort_key"
        )
        for member_id, org_id, full_from, name, _key in sorted(rows, key=lambda r: (r[4], r[0])):
            pop.members[member_id] = (org_id, span_status(full_from, on) == MemberStatus.PROBATIONARY, name)
    return pop


def round_leader_members(user: Any, rnd: Any) -> QuerySet[Member]:
    """Members `user` may rate as leaders in the round (the leader form's picker and its JSON endpoint): on the rolls
    of the round's subtree on its reference date (the population the service checks), in the user's scope; none
    for a user who does not manage the round's committee (the service's rule)."""
    from dangvu.orgs.scope import can, scope_of

    if not can(user, "manage_org", rnd.organization):
        return Member.objects.none()
    spans = spans_in_subtree_on(rnd.path, rnd.reference_on)
    scope = scope_of(user)
    if not scope.everything:
        spans = spans.filter(organization_id__in=list(scope.org_ids))
    return Member.objects.filter(pk__in=spans.values("member_id"))
