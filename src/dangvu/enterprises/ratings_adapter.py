"""Mass-organisation ratings come from the ratings app (issue 4); shown only when it provides them."""

from typing import Any


def mass_org_ratings(mass_org_ids: list[int], year: int) -> dict[int, str]:
    """{mass organisation pk: rating label} for the year, {} when the ratings app does not offer it yet."""
    if not mass_org_ids:
        return {}
    try:
        from dangvu.ratings.selectors import mass_org_ratings_for  # type: ignore[import-not-found,attr-defined,unused-ignore]
    except ImportError:
        return {}
    try:
        from .models import MassOrganization

        subjects: Any = list(MassOrganization.objects.filter(pk__in=mass_org_ids))
        result = mass_org_ratings_for(subjects, year)
    except Exception:  # noqa: BLE001 — a not-yet-finished neighbour must not break this page
        return {}
    out: dict[int, str] = {}
    for pk, level in (result or {}).items():
        out[int(pk)] = getattr(level, "label", None) or str(level)
    return out
