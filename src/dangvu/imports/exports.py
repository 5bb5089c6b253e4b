"""Exports in the import templates' format, so that an exported file imports back: organisations (a subtree, parents
first), members (the member list's filters, or every member ever in the subtree, with their history sheets),
candidates, enterprises. Personal-data columns only for users who may record the organisation's members; every
export is audited."""

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Q

from dangvu.admissions.models import Candidate
from dangvu.admissions.selectors import candidates_of
from dangvu.core.actors import Actor
from dangvu.core.audit import audit
from dangvu.core.dates import today
from dangvu.enterprises.selectors import enterprises_of
from dangvu.members.models import ENDING_KINDS, EventKind, FamilyRelation, FamilyRelationKind, Member, MemberEvent
from dangvu.members.selectors import members_of
from dangvu.orgs.models import Organization, OrgEvent, OrgEventKind, OrgKind, OrgPathSpan, Sector
from dangvu.orgs.scope import can, scope_of

from . import engine, members
from .kinds import ImportKind, get_kind
from .refs import org_ref

PURPOSES = dict(members.PURPOSES)

CHUNK = 900  # ids per IN (…) under SQLite's parameter limit


def _d(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _ref(org: Organization | None) -> str:
    return org_ref(org)


def _subtree(org: Organization) -> list[Organization]:
    """Every organisation that ever lay in `org`'s subtree (dissolved, merged and moved away ones too), by the
    path spans of every date, parents before children."""
    paths = set(OrgPathSpan.objects.filter(organization=org).values_list("path", flat=True)) or {org.path}
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    ids = set(OrgPathSpan.objects.filter(q).values_list("organization_id", flat=True)) | {org.pk}
    return list(Organization.objects.filter(pk__in=ids).order_by("founded_on", "path", "id"))


def _visible(actor: Actor, org: Organization) -> None:
    from dangvu.core.errors import NotVisible

    if not scope_of(actor).sees(org.pk):
        raise NotVisible


def export_organizations(*, actor: Actor, org: Organization) -> bytes:
    """Every organisation ever in `org`'s subtree (dissolved ones too), as the organisations template: today's
    state on the first sheet, every dated event (founding, renames, moves, kind changes, merges, splits,
    dissolutions) on «Quá trình tổ chức», so that an import replays the same history."""
    _visible(actor, org)
    orgs = _subtree(org)
    events = list(OrgEvent.objects.filter(organization__in=orgs).order_by("effective_on", "id"))
    wanted = {o.parent_id for o in orgs} | {i for e in events for i in (e.parent_id, e.related_id)}
    by_id = {o.pk: o for o in Organization.objects.filter(pk__in=wanted - {None})}
    by_id.update({o.pk: o for o in orgs})
    documents = {e.organization_id: e.document for e in events if e.kind == OrgEventKind.FOUNDED}
    rows = [{"code": _ref(o), "name": o.name, "kind": OrgKind(o.kind).label, "sector": Sector(o.sector).label,
             "parent": _ref(by_id.get(o.parent_id or 0)), "founded_on": _d(o.founded_on),
             "document": documents.get(o.pk, "")} for o in orgs]
    kinds = dict(OrgKind.choices)
    history = [{"organization": _ref(by_id[e.organization_id]), "effective_on": _d(e.effective_on),
                "event": OrgEventKind(e.kind).label,
                "name": e.name if e.kind in (OrgEventKind.FOUNDED, OrgEventKind.RENAMED) else "",
                "kind": kinds.get(e.org_kind, "") if e.kind in (OrgEventKind.FOUNDED, OrgEventKind.KIND_CHANGED)
                else "",
                "parent": _ref(by_id.get(e.parent_id or 0)), "related": _ref(by_id.get(e.related_id or 0)),
                "document": e.document} for e in events]
    audit(actor, "export_organizations", org, after={"rows": len(rows), "history": len(history)})
    return _book(get_kind("organizations"), {"organizations": rows, "history": history})


def _book(kind: ImportKind, sheets: dict[str, list[dict[str, Any]]], *, sensitive: bool = True) -> bytes:
    data = {s.key: [[row.get(c.key, "") for c in s.columns] for row in sheets.get(s.key, [])] for s in kind.sheets}
    return engine.workbook_bytes(kind, data, sensitive=sensitive, with_guide=False)


def _all_members(org: Organization) -> list[Member]:
    """Every member whose membership ever lay in the subtree (those who left too): the full record."""
    ids = [o.pk for o in _subtree(org)]
    out: dict[int, Member] = {}
    for i in range(0, len(ids), CHUNK):
        part = ids[i:i + CHUNK]
        qs = Member.objects.filter(Q(spans__organization_id__in=part) | Q(organization_id__in=part)).distinct()
        out.update({m.pk: m for m in qs})
    return sorted(out.values(), key=lambda m: (m.sort_key, m.pk))


def _filtered_members(actor: Actor, org: Organization, on: date, filters: dict[str, Any]) -> list[Member]:
    """The member list's members for these filters, every page (read with its keyset cursor)."""
    out: list[Member] = []
    after = None
    while True:
        page = members_of(actor, org, on=on, page_size=1000, after=after, full_rows=True, **filters)
        out += [r.member for r in page.items]
        after = page.next_after
        if not after:
            return out


def export_members(*, actor: Actor, org: Organization, on: date | None = None,
                   filters: dict[str, Any] | None = None) -> bytes:
    """Members of `org`'s subtree as the members template (with history sheets): the member list's current
    filters when given, otherwise every member ever in the subtree. CCCD, phone and address only for users who
    may record the organisation's members."""
    _visible(actor, org)
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    chosen = _filtered_members(actor, org, on or today(), filters) if filters or on else _all_members(org)
    ids = [m.pk for m in chosen]
    events: dict[int, list[MemberEvent]] = {}
    for i in range(0, len(ids), CHUNK):
        for ev in MemberEvent.objects.filter(member_id__in=ids[i:i + CHUNK], voided_at__isnull=True).order_by(
                "effective_on", "id"):
            events.setdefault(ev.member_id, []).append(ev)
    org_ids = {o for evs in events.values() for e in evs for o in (e.organization_id, e.to_organization_id) if o}
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in=org_ids)}
    sensitive = can(actor, "record_member", org)
    sheets: dict[str, list[dict[str, Any]]] = {"members": [], "transfers": [], "recognitions": [], "departures": [],
                                               "events": [], "family": []}
    family = _family(ids)
    theory = dict(members.THEORY)
    for m in chosen:
        evs = events.get(m.pk, [])
        if not evs:
            continue
        starts = [i for i, e in enumerate(evs) if e.kind in (EventKind.ADMITTED, EventKind.JOINED)]
        if not starts:
            continue
        first = evs[starts[0]]
        early = [e for e in evs[: starts[0]] if e.kind == EventKind.RECOGNISED_FULL]  # recognised before arriving
        rest = early + evs[starts[0] + 1:]
        row = {k: getattr(m, k) or "" for k in ("full_name", "other_name", "ethnic_group", "religion", "birthplace",
                                                "home_town", "education", "qualification", "occupation",
                                                "citizen_id", "card_number", "phone", "address")}
        row.update(sex="Nam" if m.sex == "M" else "Nữ", birth_date=_d(m.birth_date),
                   theory_level=theory.get(m.theory_level, ""), admitted_on=_d(m.admitted_on),
                   ceremony_on=_d(m.ceremony_on), organization=_ref(orgs.get(first.organization_id or 0)),
                   joined_on=_d(first.effective_on) if first.kind == EventKind.JOINED else "",
                   document=first.document)
        over_age = members.OVER_AGE_NOTE.search(first.note or "") if first.kind == EventKind.ADMITTED else None
        if over_age:
            row["over_age_decision"] = over_age.group(1)
        if rest and rest[0].kind == EventKind.RECOGNISED_FULL:
            row["full_on"] = _d(rest[0].effective_on)
            rest = rest[1:]
        sheets["members"].append(row)
        ident = {"citizen_id": m.citizen_id or "", "card_number": m.card_number or ""}
        sheets["family"] += [{**ident, "relation": FamilyRelationKind(r.relation).label, "full_name": r.full_name,
                              "birth_year": r.birth_year or "", "occupation": r.occupation,
                              "political_attitude": r.political_attitude} for r in family.get(m.pk, [])]
        for e in rest:
            if e.kind == EventKind.TRANSFERRED:
                sheets["transfers"].append({**ident, "effective_on": _d(e.effective_on),
                                            "to_organization": _ref(orgs.get(e.to_organization_id or 0)),
                                            "temporary": "có" if e.temporary else "", "document": e.document,
                                            "temporary_until": _d(e.temporary_until) if e.temporary else "",
                                            "temporary_purpose": PURPOSES.get(e.temporary_purpose, "")
                                            if e.temporary else ""})
            elif e.kind == EventKind.RECOGNISED_FULL:
                sheets["recognitions"].append({**ident, "effective_on": _d(e.effective_on), "document": e.document})
            elif e.kind in ENDING_KINDS:
                label = dict(members.DEPARTURE_KINDS)[e.kind]
                sheets["departures"].append({**ident, "kind": label, "effective_on": _d(e.effective_on),
                                             "destination": e.destination, "document": e.document})
            elif e.kind != EventKind.ADMITTED and e.kind != EventKind.JOINED:
                sheets["events"].append({**ident, "kind": EventKind(e.kind).label, "effective_on": _d(e.effective_on),
                                         "to_organization": _ref(orgs.get(e.to_organization_id or 0)),
                                         "document": e.document})
    audit(actor, "export_members", org, after={"rows": len(sheets["members"]), "sensitive": sensitive,
                                               "family": len(sheets["family"]),
                                               "filters": {k: str(v) for k, v in filters.items()}})
    return _book(get_kind("members"), sheets, sensitive=sensitive)


def _family(ids: list[int]) -> dict[int, list[FamilyRelation]]:
    """The relatives on each member's profile (removed ones left out), in the profile's order — as
    members.selectors.family_of lists them, read for many members in chunks. Photos are not exported."""
    out: dict[int, list[FamilyRelation]] = {}
    for i in range(0, len(ids), CHUNK):
        for r in FamilyRelation.objects.filter(member_id__in=ids[i:i + CHUNK], removed_at__isnull=True):
            out.setdefault(r.member_id, []).append(r)
    for rows in out.values():
        rows.sort(key=lambda r: r.profile_order)
    return out


def export_candidates(*, actor: Actor, org: Organization) -> bytes:
    """Candidates proposed in the subtree (name, sex, birth date, CCCD for those allowed, cell, stage, date)."""
    from openpyxl import Workbook

    sensitive = can(actor, "record_member", org)
    first = candidates_of(actor, org)
    items: list[Candidate] = list(first.items)
    for p in range(2, first.pages + 1):
        items += list(candidates_of(actor, org, page=p).items)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Quần chúng"
    head = ["Họ và tên", "Giới tính", "Ngày sinh", *(["Số CCCD"] if sensitive else []), "Dân tộc", "Tôn giáo",
            "Quê quán", "Nghề nghiệp, chức vụ", "Chi bộ (mã hoặc tên)", "Ngày giới thiệu", "Giai đoạn"]
    ws.append(head)
    for c in items:
        ws.append([c.full_name, "Nam" if c.sex == "M" else "Nữ", _d(c.birth_date),
                   *([c.citizen_id or ""] if sensitive else []), c.ethnic_group, c.religion, c.home_town,
                   c.occupation, _ref(c.organization), _d(c.proposed_on), c.get_stage_display()])
    audit(actor, "export_candidates", org, after={"rows": len(items), "sensitive": sensitive})
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _count_dates(rows: list[Any], on: date) -> dict[int, date]:
    """Each enterprise's latest count date on or before `on` (workforce or a mass organisation's members)."""
    from dangvu.enterprises.models import MassOrgCount, WorkforceCount

    ids = [f.enterprise.pk for f in rows]
    latest: dict[int, date] = {}
    for i in range(0, len(ids), CHUNK):
        part = ids[i:i + CHUNK]
        for eid, d in WorkforceCount.objects.filter(enterprise_id__in=part, as_of__lte=on, voided_at__isnull=True) \
                .values_list("enterprise_id", "as_of"):
            latest[eid] = max(d, latest.get(eid, d))
        for eid, d in MassOrgCount.objects.filter(mass_org__enterprise_id__in=part, as_of__lte=on,
                                                  voided_at__isnull=True).values_list("mass_org__enterprise_id",
                                                                                      "as_of"):
            latest[eid] = max(d, latest.get(eid, d))
    return latest


def export_enterprises(*, actor: Actor, org: Organization, on: date | None = None) -> bytes:
    """The enterprises the user sees, in the enterprise template's columns: the registry fields and, as of `on`
    (today by default), the workforce and each mass organisation (founding date, form, member count), dated by
    the latest count — so that an import gives the same figures on that date. `org` names the audit entry's
    subject."""
    from dangvu.enterprises.models import MassOrgKind, WomenForm

    on = on or today()
    facts: list[Any] = []
    page = 1
    while True:
        p = enterprises_of(actor, on=on, page=page)
        facts += p.rows
        if page >= p.pages:
            break
        page += 1
    dated = _count_dates(facts, on)
    rows: list[dict[str, Any]] = []
    for f in facts:
        e = f.enterprise
        row = {"tax_code": e.tax_code, "name": e.name, "ownership": e.get_ownership_display(),
               "investor_country": e.investor_country, "industry": e.industry, "address": e.address,
               "locality": e.locality.name if e.locality_id else "",
               "zone": e.zone.name if e.zone_id and e.zone else "", "owner_name": e.owner_name,
               "contact": e.contact, "party_org": _ref(e.party_org) if e.party_org_id else "",
               "registered_on": _d(e.registered_on)}
        if f.workers is not None or any(m.members is not None for m in f.mass.values()):
            row["as_of"] = _d(dated.get(e.pk))
        if f.workers is not None:
            row.update(workers=f.workers, women=f.women or 0, union_eligible=f.union_eligible or 0)
        for kind in MassOrgKind:
            fact = f.mass.get(kind.value)
            if fact is None:
                continue
            row[f"{kind.value}_founded_on"] = _d(fact.mass_org.founded_on)
            if kind == MassOrgKind.WOMEN and fact.mass_org.form:
                row["women_form"] = WomenForm(fact.mass_org.form).label
            if fact.members is not None:
                row[f"{kind.value}_members"] = fact.members
        rows.append(row)
    audit(actor, "export_enterprises", org, after={"rows": len(rows), "on": on.isoformat()})
    return _book(get_kind("enterprises"), {"enterprises": rows})


EXPORTS: dict[str, Callable[..., bytes]] = {
    "organizations": export_organizations, "members": export_members, "candidates": export_candidates,
    "enterprises": export_enterprises,
}
