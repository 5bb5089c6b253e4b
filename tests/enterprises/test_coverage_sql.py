"""Coverage grouped by the database (facts.with_keys_on, coverage.coverage) equals the per-enterprise computation
(facts_on, enterprise by enterprise) it replaced, and facts_on (now picking the latest rows by window) equals the
one before (every row read, the last kept), on every date, before and after a later restructuring (an
enterprise handed to another committee and locality, its party cell moved to another committee, a mass
organisation dissolved, an enterprise dissolved): figures as of the earlier date do not move (issue 16)."""

from collections import defaultdict
from datetime import date
from typing import Any

from dangvu.enterprises import services as s
from dangvu.enterprises.models import (
    Enterprise,
    EnterpriseLinkSpan,
    EnterpriseStatusChange,
    MassOrganization,
    MassOrgCount,
    MassOrgKind,
    Ownership,
    WorkforceCount,
)
from dangvu.enterprises.rules import SIZE_BANDS, size_band
from dangvu.enterprises.selectors import (
    COVERAGE_KINDS,
    band_case,
    coverage,
    facts_on,
    scope_enterprises,
    work_list,
)
from dangvu.orgs.models import OrgPathSpan
from dangvu.orgs.selectors import names_on, on_date_q
from dangvu.orgs.services import org_move
from dangvu.ratings.rules import MASS_ORG_LEVELS
from dangvu.ratings.selectors import mass_org_ratings_for
from tests.enterprises.conftest import tax_code

END_2023 = date(2023, 12, 31)
END_2024 = date(2024, 12, 31)
JULY = date(2025, 7, 1)
DATES = [date(2022, 6, 1), END_2023, date(2024, 3, 31), END_2024, JULY, date(2025, 12, 31)]


def reference(user: Any, scope: Any, on: date) -> tuple[Any, ...]:
    """The report's figures built enterprise by enterprise from facts_on (the computation before issue 16)."""
    facts = [f for f in facts_on(list(scope_enterprises(user, scope, on)), on, party_members=True) if f.exists]

    def row(fs: list[Any]) -> tuple[Any, ...]:
        return (len(fs), sum(f.workers or 0 for f in fs),
                {k: (sum(1 for f in fs if f.has(k)), sum(f.workers or 0 for f in fs if f.has(k)))
                 for k, _ in COVERAGE_KINDS})

    groups: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        groups["own"][Ownership(f.enterprise.ownership).label].append(f)
        groups["band"][f.band].append(f)
        groups["zone"][f.zone.name if f.zone else "Ngoài khu công nghiệp"].append(f)
        groups["loc"][f.locality.name if f.locality else "—"].append(f)
    party = {f.party_org_id: f.party_members for f in facts if f.party and f.party_org_id}
    paths = dict(OrgPathSpan.objects.filter(on_date_q(on), organization_id__in=list(party))
                 .values_list("organization_id", "path"))
    tops = {o: int(p.rstrip(".").split(".")[1]) for o, p in paths.items()}
    names = names_on(sorted(set(tops.values())), on)
    parts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o, n in party.items():
        parts[names[tops[o]]][0] += 1
        parts[names[tops[o]]][1] += n
    orgs = [mf for f in facts for mf in f.mass.values()]
    levels = mass_org_ratings_for([mf.mass_org for mf in orgs], on.year - 1) if orgs else {}
    mass = {}
    for kind in MassOrgKind:
        mine = [mf for mf in orgs if mf.mass_org.kind == kind]
        forms = {form: (sum(1 for mf in mine if mf.mass_org.form == form),
                        sum(mf.members or 0 for mf in mine if mf.mass_org.form == form))
                 for form in ("club", "branch", "group")} if kind == MassOrgKind.WOMEN else {}
        top = MASS_ORG_LEVELS[kind.value][0][0]
        mass[kind.value] = (len(mine), sum(mf.members or 0 for mf in mine), forms,
                            sum(1 for mf in mine if levels.get(mf.mass_org.pk) == top))
    return (row(facts), {g: {k: row(v) for k, v in rows.items()} for g, rows in groups.items()},
            (len(party), sum(party.values()), {k: tuple(v) for k, v in parts.items()}), mass,
            sum(1 for f in facts if f.enterprise.owner_member_id))


def old_facts(enterprises: list[Any], on: date) -> list[tuple[Any, ...]]:
    """Each enterprise's facts of `on` as facts_on computed them before issue 16: every row up to the date read in
    order, the last one kept (an independent oracle for the windows that now pick the latest rows)."""
    ids = [e.pk for e in enterprises]
    status = {e: st for e, st in EnterpriseStatusChange.objects.filter(enterprise_id__in=ids, effective_on__lte=on)
              .order_by("effective_on", "id").values_list("enterprise_id", "status")}
    workforce = {e: (w, wo, ue) for e, w, wo, ue in WorkforceCount.objects.filter(
        enterprise_id__in=ids, as_of__lte=on, voided_at__isnull=True).order_by("as_of", "id").values_list(
        "enterprise_id", "workers", "women", "union_eligible")}
    mass: dict[int, dict[str, Any]] = defaultdict(dict)
    for m in MassOrganization.objects.filter(enterprise_id__in=ids, founded_on__lte=on).exclude(
            dissolved_on__lte=on).order_by("founded_on", "id"):
        mass[m.enterprise_id][m.kind] = m
    counts = {m: n for m, n in MassOrgCount.objects.filter(as_of__lte=on, voided_at__isnull=True)
              .order_by("as_of", "id").values_list("mass_org_id", "members")}
    links = {s.enterprise_id: s for s in EnterpriseLinkSpan.objects.filter(on_date_q(on), enterprise_id__in=ids)}
    alive = set(OrgPathSpan.objects.filter(on_date_q(on)).values_list("organization_id", flat=True))
    out = []
    for e in enterprises:
        link = links.get(e.pk)
        party = link.party_org_id if link else e.party_org_id
        out.append((e.pk, status.get(e.pk), workforce.get(e.pk), party, party in alive,
                    link.locality_id if link else e.locality_id, link.zone_id if link else e.zone_id,
                    sorted((k, m.pk, m.form, counts.get(m.pk)) for k, m in mass[e.pk].items())))
    return out


def new_facts(enterprises: list[Any], on: date) -> list[tuple[Any, ...]]:
    return [(f.enterprise.pk, f.status, None if f.workers is None else (f.workers, f.women, f.union_eligible),
             f.party_org_id, f.party, f.locality.pk if f.locality else None, f.zone.pk if f.zone else None,
             sorted((k, mf.mass_org.pk, mf.mass_org.form, mf.members) for k, mf in f.mass.items()))
            for f in facts_on(enterprises, on)]


def grouped(user: Any, scope: Any, on: date) -> tuple[Any, ...]:
    """The same figures read from coverage() (empty breakdown rows left out, as the reference has none)."""
    c = coverage(user, scope.pk, on)

    def row(r: Any) -> tuple[Any, ...]:
        return (r.enterprises, r.workers, {k: (cell.enterprises, cell.workers) for k, cell in r.by_kind.items()})

    groups = {g: {r.label: row(r) for r in rows if r.enterprises}
              for g, rows in zip(("own", "band", "zone", "loc"), (rows for _g, rows in c.breakdowns), strict=True)}
    lines = {h.kind: h for h in c.headline}
    party = lines["party"]
    mass = {}
    for kind in MassOrgKind:
        h = lines[kind.value]
        forms = {form: (n, m) for form, (_label, n, m) in zip(("club", "branch", "group"), h.parts, strict=True)} \
            if kind == MassOrgKind.WOMEN else {}
        mass[kind.value] = (h.organizations, h.members, forms, h.top_rated)
    return (row(c.total), {g: rows for g, rows in groups.items() if rows},
            (party.organizations, party.members, {label: (n, m) for label, n, m in party.parts}), mass,
            c.owners_members)


def enrich(world: Any, scenario: Any) -> None:
    """More cases than the hand-built scenario: a second union (the latest founded counts), a voided count,
    a women's club, a union rated at the top level, an enterprise with no workforce figure and an owner member."""
    root = world.root_user
    e1, e3 = scenario.e1, scenario.e3
    # the services keep one living organisation of a kind; rows written in bulk (imports, demo) may hold two
    union_b = MassOrganization.objects.create(enterprise=e1, kind="trade_union", founded_on=date(2023, 6, 1))
    s.mass_org_count_record(actor=root, mass_org=union_b, as_of=date(2023, 7, 1), members=1250)
    wrong = s.workforce_record(actor=root, enterprise=e3, as_of=date(2024, 2, 1), workers=9000)
    s.workforce_void(actor=root, count=WorkforceCount.objects.get(pk=wrong.pk), reason="Nhập nhầm")
    club = s.mass_org_found(actor=root, enterprise=scenario.e4, kind="women", form="club", founded_on=date(2022, 3, 8))
    s.mass_org_count_record(actor=root, mass_org=club, as_of=date(2023, 1, 1), members=12)
    s.mass_org_rate(actor=root, mass_org=scenario.union1, year=2023, level="strong")
    s.mass_org_rate(actor=root, mass_org=union_b, year=2023, level="strong")
    s.mass_org_rate(actor=root, mass_org=union_b, year=2024, level="good")
    s.enterprise_register(actor=root, name="Hợp tác xã Gốm Bồ Bát", tax_code=tax_code(60), ownership="cooperative",
                          locality=scenario.hoa_lu, registered_on=date(2021, 1, 1))
    s.enterprise_update(actor=root, enterprise=scenario.e2, owner_member=world.anh)


def restructure(world: Any, scenario: Any) -> None:
    """In July 2025: e4 handed to the bloc's cell and Tam Điệp (the province's locality), e4's own cell moved
    under the bloc, e1's women's branch dissolved, e3 dissolved, e2's workforce updated."""
    root = world.root_user
    s.enterprise_update(actor=root, enterprise=scenario.e4, party_org=world.cell_c, locality=scenario.tam_diep,
                        effective_on=JULY)
    org_move(actor=root, org=scenario.cell_e4, parent=world.bloc, effective_on=JULY)
    women = scenario.e1.mass_orgs.get(kind="women")
    s.mass_org_dissolve(actor=root, mass_org=women, dissolved_on=JULY)
    s.enterprise_set_status(actor=root, enterprise=scenario.e3, status="dissolved", effective_on=JULY)
    s.workforce_record(actor=root, enterprise=scenario.e2, as_of=JULY, workers=40)


def test_grouped_coverage_equals_the_per_enterprise_one_before_and_after_a_restructuring(world, scenario):
    enrich(world, scenario)
    scopes = [world.province, world.local, world.bloc]
    users = [world.root_user, world.officer]
    before = {}
    for on in DATES:
        for org in scopes:
            before[on, org.pk] = grouped(world.root_user, org, on)
            assert before[on, org.pk] == reference(world.root_user, org, on), (on, org.name)
        assert grouped(world.officer, world.bloc, on) == reference(world.officer, world.bloc, on)
        everyone = list(Enterprise.objects.order_by("pk"))
        assert new_facts(everyone, on) == old_facts(everyone, on), on
    restructure(world, scenario)
    for on in DATES:
        for org in scopes:
            now = grouped(world.root_user, org, on)
            assert now == reference(world.root_user, org, on), (on, org.name)
            if on < JULY:
                assert now == before[on, org.pk], (on, org.name)  # history does not move
        everyone = list(Enterprise.objects.order_by("pk"))
        assert new_facts(everyone, on) == old_facts(everyone, on), on
        for user in users:
            assert [f.enterprise.pk for f in work_list(user, world.bloc.pk, on)] == _work_list_reference(
                user, world.bloc, on)
    # the restructuring shows from July: e4's cell is now under the bloc, e3 is gone
    province = {h.kind: h for h in coverage(world.root_user, world.province.pk, JULY).headline}
    assert {label for label, _n, _m in province["party"].parts} == {world.bloc.name}
    assert coverage(world.root_user, world.province.pk, JULY).total.enterprises == 4  # e1, e2, e4, the cooperative
    # as of 2024 it stays split between the bloc and the local committee
    old = {h.kind: h for h in coverage(world.root_user, world.province.pk, END_2024).headline}
    assert sorted(label for label, _n, _m in old["party"].parts) == sorted([world.bloc.name, world.local.name])
    assert old["trade_union"].top_rated == 1  # e1's later union, rated "strong" for 2023 (not the earlier one)
    assert coverage(world.root_user, world.province.pk, END_2024).owners_members == 1
    assert (old["trade_union"].organizations, old["trade_union"].members) == (2, 1250 + 80)


def _work_list_reference(user: Any, scope: Any, on: date) -> list[int]:
    facts = [f for f in facts_on(list(scope_enterprises(user, scope, on)), on) if f.exists]
    rows = [f for f in facts if (f.workers or 0) >= 50 and (not f.party or not f.has("trade_union"))]
    rows.sort(key=lambda f: (-(f.workers or 0), f.enterprise.name))
    return [f.enterprise.pk for f in rows]


def test_the_band_expression_is_the_size_band_rule(world, scenario):
    edges = {v for low, high, _l in SIZE_BANDS for v in (low, low - 1, high, (high or 1) - 1) if v is not None}
    for n in sorted(v for v in edges | {5000} if v >= 0):
        c = WorkforceCount.objects.create(enterprise=scenario.e3, as_of=date(2023, 1, 1), workers=n)
        band = WorkforceCount.objects.filter(pk=c.pk).annotate(b=band_case("workers")).values_list("b", flat=True)
        assert band.get() == size_band(n), n


def test_coverage_takes_a_fixed_number_of_queries(world, scenario, django_assert_max_num_queries):
    enrich(world, scenario)
    with django_assert_max_num_queries(16):
        coverage(world.root_user, world.province.pk, END_2024)
    for i in range(6):
        s.enterprise_register(actor=world.root_user, name=f"Công ty {i}", tax_code=tax_code(100 + 10 * i),
                              ownership="private", locality=scenario.hoa_lu, registered_on=date(2021, 1, 1))
    with django_assert_max_num_queries(16):
        coverage(world.root_user, world.province.pk, END_2024)
