"""Mass-organisation ratings come from the ratings app (issue 4); shown only when it provides them."""

from typing import Any


def mass_org_ratings(mass_org_ids: list[int], year: int) -> dict[int, str]:
    """{mass organisation pk: rating label} for the year, {} when the ratings app does not offer it (yet)."""
    if not mass_org_ids:
        return {}
    try:
        from dangvu.ratings.rules import mass_org_level_label  # type: ignore[attr-defined,unused-ignore]
        from dangvu.ratings.selectors import mass_org_ratings_for  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return {}
    from .models import MassOrganization

    subjects: Any = list(MassOrganization.objects.filter(pk__in=mass_org_ids))
    kinds = {m.pk: m.kind for m in subjects}
    levels = mass_org_ratings_for(subjects, year) or {}
    return {int(pk): mass_org_level_label(kinds.get(int(pk), ""), str(level)) for pk, level in levels.items()}
