"""Scope is data: a user's assignments (organisation + role) decide what they see and change."""

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Q, QuerySet

from dangvu.accounts.models import ROLE_ACTIONS, Assignment, Role
from dangvu.core.errors import NotAllowed, NotVisible

from .models import Organization, OrgPathSpan


@dataclass(frozen=True)
class Scope:
    """What one user may see: the assigned organisations' subtrees, past and present."""

    everything: bool
    root_ids: frozenset[int]
    org_ids: frozenset[int]
    roles_by_root: dict[int, frozenset[str]]

    def sees(self, org_id: int | None) -> bool:
        return org_id is not None and (self.everything or org_id in self.org_ids)


def _segment_q(org_id: int) -> Q:
    return Q(path__startswith=f"{org_id}.") | Q(path__contains=f".{org_id}.")


@dataclass(frozen=True)
class AssignmentRow:
    """One current assignment of a user as plain values: the organisation's id, name and path, whether it is a
    root of the tree today, and the role."""

    organization_id: int
    name: str
    path: str
    is_root: bool
    role: str


def assignment_rows(user: Any) -> tuple[AssignmentRow, ...]:
    """The user's current assignments in tree order, read in one statement and cached on the user object for the
    request: scope_of and the page header (web.context_processors) both use them."""
    cached = getattr(user, "_dangvu_assignment_rows", None)
    if cached is not None:
        return cast(tuple[AssignmentRow, ...], cached)
    rows: tuple[AssignmentRow, ...] = ()
    if getattr(user, "is_authenticated", False):
        rows = tuple(
            AssignmentRow(org_id, name, path, parent_id is None, role)
            for org_id, name, path, parent_id, role in Assignment.objects.filter(user=user)
            .order_by("organization__path", "id")
            .values_list("organization_id", "organization__name", "organization__path", "organization__parent_id",
                         "role")
        )
    user._dangvu_assignment_rows = rows
    return rows


def scope_of(user: Any) -> Scope:
    """Cached on the user object for the request; superusers see everything."""
    cached = getattr(user, "_dangvu_scope", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        scope = Scope(False, frozenset(), frozenset(), {})
    else:
        assignments = assignment_rows(user)
        roles: dict[int, set[str]] = {}
        for a in assignments:
            roles.setdefault(a.organization_id, set()).add(a.role)
        # A province administrator of a root (no parent today) sees the whole tree.
        everything = bool(user.is_superuser) or any(a.role == Role.PROVINCE_ADMIN and a.is_root for a in assignments)
        org_ids: set[int] = set()
        if roles and not everything:
            q = Q()
            for org_id in roles:
                q |= _segment_q(org_id)
            # An organisation ever inside an assigned subtree stays visible: its history is that subtree's.
            org_ids = set(OrgPathSpan.objects.filter(q).values_list("organization_id", flat=True)) | set(roles)
        scope = Scope(
            everything, frozenset(roles), frozenset(org_ids), {k: frozenset(v) for k, v in roles.items()}
        )
    user._dangvu_scope = scope
    return scope


def forget_scope(user: Any) -> None:
    for name in ("_dangvu_scope", "_dangvu_assignment_rows"):
        if hasattr(user, name):
            delattr(user, name)


def can(user: Any, action: str, org: Organization) -> bool:
    """True when one of the user's assignments whose subtree holds `org` allows `action`."""
    if getattr(user, "is_superuser", False):
        return True
    scope = scope_of(user)
    if not scope.sees(org.pk):
        return False
    segments = {int(s) for s in (org.path or "").split(".") if s}
    for root_id, roles in scope.roles_by_root.items():
        if (root_id in segments or scope.everything) and any(action in ROLE_ACTIONS[r] for r in roles):
            return True
    return False


def require(user: Any, action: str, org: Organization) -> None:
    """Raise NotVisible (404) outside the user's scope, NotAllowed (403) when the role lacks the action."""
    if not scope_of(user).sees(org.pk) and not getattr(user, "is_superuser", False):
        raise NotVisible
    if not can(user, action, org):
        raise NotAllowed(f"Vai trò của bạn không được phép thực hiện thao tác này tại {org.name}.")


def visible_organizations(user: Any) -> QuerySet[Organization]:
    scope = scope_of(user)
    if scope.everything:
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=scope.org_ids)
