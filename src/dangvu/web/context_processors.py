"""The signed-in user's assignments (role — organisation) for the header."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from dangvu.accounts.models import ROLE_ACTIONS, Role
from dangvu.orgs.scope import assignment_rows


@dataclass(frozen=True)
class HeaderOrganization:
    name: str


@dataclass(frozen=True)
class HeaderAssignment:
    """What the header shows of an assignment (`a.get_role_display`, `a.organization.name`), read as plain values:
    building Assignment and Organization instances cost ~0,5 ms of every page."""

    role: str
    organization: HeaderOrganization

    def get_role_display(self) -> str:
        return str(Role(self.role).label) if self.role in Role.values else self.role


def current_user(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # The same statement as the scope's (orgs.scope.assignment_rows, read once per request).
    assignments = [HeaderAssignment(a.role, HeaderOrganization(a.name)) for a in assignment_rows(user)]
    return {
        "my_assignments": assignments,
        "is_auditor": user.is_superuser or any("admin" in ROLE_ACTIONS[a.role] for a in assignments),
        # Some role may change organisations: links to pages that only such roles open (reorganisation, imports).
        "may_manage_orgs": user.is_superuser or any("manage_org" in ROLE_ACTIONS[a.role] for a in assignments),
    }
