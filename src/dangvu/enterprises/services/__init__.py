"""Writes on enterprises, their dated facts, mass organisations and contacts: one transaction each, audited.

Split by concept into the modules below; every name stays importable from here."""

from dangvu.core.errors import DomainError, NotVisible  # noqa: F401  (re-exported: callers catch them from here)

from .common import (  # noqa: F401
    LABELS,
    TEXT_LIMITS,
    _actor,
    _not_future,
    _text,
)
from .contacts import (  # noqa: F401
    FollowUpIn,
    contact_record,
    follow_up_close,
)
from .facts import (  # noqa: F401
    _mass_org_alive_on,
    check_workforce,
    mass_org_count_record,
    mass_org_dissolve,
    mass_org_found,
    workforce_record,
    workforce_void,
)
from .mass_ratings import (  # noqa: F401
    mass_org_rate,
    rating_organization,
)
from .places import (  # noqa: F401
    REGISTRY_LABELS,
    _check_unique_name,
    _committee_snapshot,
    _deactivate,
    locality_create,
    locality_deactivate,
    locality_update,
    steering_committee_create,
    steering_committee_deactivate,
    steering_committee_update,
    zone_create,
    zone_deactivate,
    zone_update,
)
from .registry import (  # noqa: F401
    UPDATABLE,
    _check_active_place,
    _check_owner_member,
    _check_ownership,
    _check_party_org,
    check_tax_code,
    enterprise_by_tax_code,
    enterprise_register,
    enterprise_set_status,
    enterprise_update,
    party_org_existed,
)
