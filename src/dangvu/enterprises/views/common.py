"""Helpers the enterprise pages share: the default scope of the coverage pages."""

from typing import Any

from django.http import HttpRequest

from dangvu.core.errors import NotVisible
from dangvu.orgs.models import OrgKind
from dangvu.orgs.selectors import default_organization

from ..forms import (
    ContactForm,
    MassOrgCountForm,
    MassOrgForm,
    RatingForm,
    StatusForm,
    WorkerEndForm,
    WorkerForm,
    WorkforceForm,
)

# Committees offered as the coverage page's scope (any organisation works through ?scope_id=).
SCOPE_KINDS = [OrgKind.PROVINCIAL_COMMITTEE, OrgKind.BLOC_COMMITTEE, OrgKind.LOCAL_COMMITTEE,
               OrgKind.PARTY_AGENCIES_COMMITTEE, OrgKind.GOVERNMENT_COMMITTEE, OrgKind.COMMUNE_COMMITTEE]


def _default_scope_id(user: Any) -> int:
    org = default_organization(user)
    if org is None:
        raise NotVisible
    return org.pk


def _scope_id(request: HttpRequest) -> Any:
    raw = request.GET.get("scope_id")
    return raw if raw else _default_scope_id(request.user)


FORMS: dict[str, Any] = {
    "workforce": WorkforceForm, "status": StatusForm, "mass_org": MassOrgForm, "count": MassOrgCountForm,
    "contact": ContactForm, "rating": RatingForm, "worker": WorkerForm, "worker_end": WorkerEndForm,
}
