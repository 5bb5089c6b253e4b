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


def resolve_org_refs(texts: set[str]) -> dict[str, list[Organization]]:
    """Each reference of a spreadsheet cell → the organisations it may mean, read in bulk (three queries): its
    code, the "DV<number>" an export gave an organisation without a code, else its exact name (names repeat: a
    caller refuses more than one living match and asks for the code)."""
    texts = {t.strip() for t in texts if t and t.strip()}
    out: dict[str, list[Organization]] = {}
    if not texts:
        return out
    for o in Organization.objects.filter(code__in=texts):
        out.setdefault(o.code or "", []).append(o)
    export_ids = {int(m.group(1)): t for t in texts - set(out) if (m := _EXPORT_CODE.match(t))}
    for o in Organization.objects.filter(pk__in=list(export_ids), code__isnull=True):
        out.setdefault(export_ids[o.pk], []).append(o)
    for o in Organization.objects.filter(name__in=list(texts - set(out))).order_by("path"):
        out.setdefault(o.name, []).append(o)
    return out


def is_own_export_code(org: Organization, code: str) -> bool:
    """True when `code` is the reference an export gave this organisation (no code of its own to set)."""
    return not org.code and code == f"DV{org.pk}"
