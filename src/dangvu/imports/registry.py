"""The built-in import kinds, registered once (kinds.get_kind imports this module)."""

from .enterprises import EnterprisesKind
from .kinds import register
from .members import MembersKind
from .organizations import OrganizationsKind

ORGANIZATIONS = register(OrganizationsKind())
MEMBERS = register(MembersKind())
ENTERPRISES = register(EnterprisesKind())
