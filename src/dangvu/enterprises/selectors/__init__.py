"""Reads on enterprises: scoped to the user, "as of" a date, fixed query counts (facts fetched in bulk).

Split by concept into the modules below; every name stays importable from here."""

from .coverage import (  # noqa: F401
    Coverage,
    CoverageCell,
    CoverageRow,
    HeadlineLine,
    WorkListPage,
    coverage,
    covered_ids,
    scope_enterprises,
    work_list,
    work_list_paged,
)
from .facts import (  # noqa: F401
    COVERAGE_KINDS,
    PAGE_SIZE,
    UNKNOWN_BAND,
    Facts,
    MassOrgFact,
    band_case,
    existing_ids_on,
    facts_on,
    latest_workforce_on,
    mass_orgs_on,
    with_keys_on,
)
from .listing import (  # noqa: F401
    RATING_YEARS_SHOWN,
    EnterpriseDetail,
    EnterprisePage,
    _base,
    enterprise_detail,
    enterprise_get,
    enterprise_pick,
    enterprises_of,
    mass_org_rating_history,
    rating_years,
)
from .registry import (  # noqa: F401
    _registry_filter,
    follow_ups_of,
    localities_of,
    registry_get,
    steering_committees_of,
    zones_of,
)
