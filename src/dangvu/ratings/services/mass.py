"""Mass-organisation ratings per year; the subject (a trade union, ...) belongs to a higher app."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from dangvu.core.audit import audit, snapshot
from dangvu.core.errors import DomainError
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import require

from ..models import MassOrgRating
from ..rules import MASS_ORG_LEVELS, MassOrgKind


@transaction.atomic
def mass_org_rating_record(
    *, actor: Any, subject: models.Model, organization: Organization, kind: str, year: int, level: str,
    document: str = "",
) -> MassOrgRating:
    """Record (or correct) a mass organisation's rating of a year; `organization` is the party
    organisation whose scope governs the write. Levels per kind: rules.MASS_ORG_LEVELS."""
    require(actor, "record_member", organization)
    if kind not in MassOrgKind.values:
        raise DomainError("Loại tổ chức đoàn thể không hợp lệ.", field="kind", rule="choices")
    levels = dict(MASS_ORG_LEVELS[kind])
    if level not in levels:
        raise DomainError(
            f"Mức xếp loại của {MassOrgKind(kind).label} phải là một trong: {', '.join(levels.values())}.",
            field="level", rule="mass_org_level",
        )
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        raise DomainError("Năm không hợp lệ.", field="year", rule="year")
    if subject.pk is None:
        raise DomainError("Tổ chức đoàn thể chưa được lưu.", field="subject", rule="required")
    ct = ContentType.objects.get_for_model(subject)
    existing = MassOrgRating.objects.filter(subject_type=ct, subject_id=subject.pk, year=year).first()
    actor_or_none = actor if getattr(actor, "pk", None) else None
    if existing is not None:
        before = snapshot(existing)
        existing.kind, existing.level, existing.organization = kind, level, organization
        existing.document, existing.recorded_by = (document or "")[:64], actor_or_none
        existing.save()
        audit(actor, "mass_org_rating_change", existing, before=before)
        return existing
    rating = MassOrgRating.objects.create(
        subject_type=ct, subject_id=subject.pk, kind=kind, year=year, level=level, organization=organization,
        document=(document or "")[:64], recorded_by=actor_or_none,
    )
    audit(actor, "mass_org_rating_record", rating)
    return rating
