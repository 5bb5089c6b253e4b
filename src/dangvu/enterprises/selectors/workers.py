"""Members working in an enterprise of the scope but registered (their party cell) elsewhere — article 003, task 7
("rà soát, nắm bắt và làm thủ tục chuyển đảng cho đảng viên đang sinh hoạt ở nơi khác về tổ chức đảng trong
doanh nghiệp"). Enterprises and their party organisation on the date come from this app's dated links; where a
member was registered that day comes from members.selectors.cells_on (the membership span), never recomputed."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q

from dangvu.core.errors import DomainError
from dangvu.members.models import Member
from dangvu.members.selectors import cells_on
from dangvu.orgs.models import OrgPathSpan
from dangvu.orgs.selectors import names_on, on_date_q, org_get

from ..links import links_on
from ..models import Enterprise, EnterpriseWorker
from .coverage import scope_enterprises

PAGE_SIZE = 50


@dataclass
class WorkerRow:
    worker: EnterpriseWorker
    enterprise: Enterprise
    member: Member
    registered_id: int
    registered_name: str  # the member's cell on the date
    party_org_id: int | None  # the enterprise's party organisation on the date (None: it has none)
    party_org_name: str


@dataclass
class WorkerPage:
    count: int
    page: int
    page_size: int
    items: list[WorkerRow] = field(default_factory=list)
    members_working: int = 0  # members working in the scope's enterprises that day, registered anywhere

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


def _paths_on(org_ids: set[int], on: date) -> dict[int, str]:
    return dict(
        OrgPathSpan.objects.filter(on_date_q(on), organization_id__in=org_ids).values_list("organization_id", "path")
    )


def workers_registered_elsewhere(
    user: Any, scope_id: Any, *, on: date, page: int = 1, page_size: int = PAGE_SIZE
) -> WorkerPage:
    """Members who on `on` worked in an enterprise followed by `scope_id`'s subtree and were registered in a cell
    outside the subtree of that enterprise's party organisation (or anywhere, when it had none); by enterprise,
    then name. A fixed number of queries."""
    if page < 1:
        raise DomainError("Số trang phải từ 1 trở lên.", field="page", rule="min_value")
    scope = org_get(user, scope_id)
    enterprises = {e.pk: e for e in scope_enterprises(user, scope, on)}
    workers = list(
        EnterpriseWorker.objects.filter(enterprise_id__in=list(enterprises), valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("member")
    )
    cells = cells_on([w.member_id for w in workers], on)
    links = links_on(list({w.enterprise_id for w in workers}), on)
    party = {e: link.party_org_id for e, link in links.items() if link.party_org_id}
    paths = _paths_on(set(cells.values()) | set(party.values()), on)
    elsewhere: list[EnterpriseWorker] = []
    for w in workers:
        cell = cells.get(w.member_id)
        if cell is None:  # not a member that day (left, or before admission)
            continue
        host = party.get(w.enterprise_id)
        if host is not None and paths.get(cell, "").startswith(paths.get(host, "\0")):
            continue
        elsewhere.append(w)
    elsewhere.sort(key=lambda w: (enterprises[w.enterprise_id].name, w.member.sort_key, w.pk))
    chosen = elsewhere[(page - 1) * page_size : page * page_size]
    names = names_on(list({cells[w.member_id] for w in chosen} | {party[w.enterprise_id] for w in chosen
                                                                   if w.enterprise_id in party}), on)
    rows = [
        WorkerRow(
            worker=w, enterprise=enterprises[w.enterprise_id], member=w.member, registered_id=cells[w.member_id],
            registered_name=names.get(cells[w.member_id], ""), party_org_id=party.get(w.enterprise_id),
            party_org_name=names.get(party.get(w.enterprise_id) or 0, ""),
        )
        for w in chosen
    ]
    return WorkerPage(len(elsewhere), page, page_size, rows, members_working=len([w for w in workers
                                                                                 if w.member_id in cells]))


def workers_of(enterprise: Enterprise, on: date) -> list[EnterpriseWorker]:
    """The enterprise's members working there on `on` (the enterprise page)."""
    return list(
        EnterpriseWorker.objects.filter(enterprise=enterprise, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("member", "member__organization")
        .order_by("member__sort_key", "id")
    )

