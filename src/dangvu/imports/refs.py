"""How exports name an organisation so that the file imports back without ambiguity: its code, or for one without
a code "DV" and its number in this system (names repeat: "Chi bộ phố 1" in many wards). Importing into another
system stores that reference as the new organisation's code; importing back into this one recognises it."""

import re

from dangvu.orgs.models import Organization

_EXPORT_CODE = re.compile(r"^DV(\d{1,12})$")


def org_ref(org: Organization | None) -> str:
    """The organisation's reference in an export (empty for none)."""
    if org is None:
        return ""
    return org.code or f"DV{org.pk}"


def by_export_code(ref: str, orgs: dict[int, Organization]) -> Organization | None:
    """The organisation without a code that an export named "DV<number>", if it is in `orgs` (by id)."""
    m = _EXPORT_CODE.match(ref or "")
    if m is None:
        return None
    org = orgs.get(int(m.group(1)))
    return org if org is not None and not org.code else None


def is_own_export_code(org: Organization, code: str) -> bool:
    """True when `code` is the reference an export gave this organisation (no code of its own to set)."""
    return not org.code and code == f"DV{org.pk}"
