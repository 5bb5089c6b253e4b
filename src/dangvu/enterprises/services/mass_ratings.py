"""Mass-organisation ratings of an enterprise, recorded through the ratings app."""

from typing import Any

from django.db import transaction

from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError
from dangvu.orgs.models import Organization

from ..access import require_enterprise, responsible_orgs
from ..models import (
    Enterprise,
    MassOrganization,
)


def rating_organization(actor: Any, enterprise: Enterprise) -> Organization:
    """The responsible committee under which the actor records the enterprise's mass-organisation ratings:
    its own party organisation first, else a committee responsible for it; NotVisible/NotAllowed otherwise."""
    from dangvu.orgs.scope import can

    require_enterprise(actor, "manage_org", enterprise)
    orgs = responsible_orgs(enterprise)
    orgs.sort(key=lambda o: (o.pk != enterprise.party_org_id, o.path or ""))
    for org in orgs:
        if can(actor, "manage_org", org) and can(actor, "record_member", org):
            return org
    from dangvu.core.errors import NotAllowed

    raise NotAllowed("Vai trò của bạn không được phép xếp loại tổ chức đoàn thể của doanh nghiệp này.")


@transaction.atomic
def mass_org_rate(*, actor: Any, mass_org: MassOrganization, year: int, level: str) -> Any:
    """Record (or correct) a mass organisation's rating of a year through the ratings app (levels per kind:
    ratings.rules.MASS_ORG_LEVELS); the year must have begun and fall within the organisation's life."""
    from dangvu.ratings.services import mass_org_rating_record

    organization = rating_organization(actor, mass_org.enterprise)
    if not isinstance(year, int) or isinstance(year, bool) or year > today().year:
        raise DomainError(f"Năm xếp loại không được sau năm {today().year}.", field="year", rule="no_future_dates")
    if year < mass_org.founded_on.year or (mass_org.dissolved_on and year > mass_org.dissolved_on.year):
        raise DomainError(
            f"Năm {year} nằm ngoài thời gian tổ chức hoạt động (thành lập {format_date(mass_org.founded_on)}"
            + (f", giải thể {format_date(mass_org.dissolved_on)}" if mass_org.dissolved_on else "") + ").",
            field="year", rule="rating_outside_life",
        )
    return mass_org_rating_record(actor=actor, subject=mass_org, organization=organization, kind=mass_org.kind,
                                  year=year, level=level)
