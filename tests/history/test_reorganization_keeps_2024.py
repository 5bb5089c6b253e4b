"""The 2025 reorganisation replayed on a scenario leaves every 2024 report identical: headcount, flow, admission
figures, rating results, meeting grades, enterprise coverage and targets (issue 11, "How it is checked")."""

from datetime import date

from dangvu.enterprises import services as ent
from dangvu.members.reorganization import ReorgStep, reorganization_record
from dangvu.orgs.projection import rebuild_orgs
from dangvu.orgs.services import org_found
from dangvu.ratings.population import population_on
from dangvu.ratings.services import (
    criteria_set_create,
    meeting_record,
    rating_entries_record,
    rating_round_confirm,
    rating_round_open,
)
from dangvu.reports.history import report_fingerprint
from dangvu.targets.services import target_create
from tests.enterprises.conftest import scenario  # noqa: F401  (fixture)
from tests.ratings.conftest import COMMON_CRITERIA
from tests.targets.conftest import build_year2024

JULY = date(2025, 7, 1)


def _ratings_2024(w):
    rnd = rating_round_open(actor=w.root_user, organization=w.bloc, year=2024)
    pop = population_on(rnd.path, rnd.reference_on)
    entries = [{"organization_id": o, "level": "good"} for o in pop.grassroots_ids]
    entries += [{"member_id": m, "level": "excellent" if i == 0 else "good"} for i, m in enumerate(pop.members)]
    # The bloc's standing committee and one leader, rated in the same round (issue 11, item 8).
    entries += [{"subject": "leadership", "organization_id": w.bloc.pk, "collective": "standing", "level": "good"},
                {"subject": "leader", "member_id": next(iter(pop.members)), "position": "Bí thư", "level": "good"}]
    rating_entries_record(actor=w.root_user, rating_round=rnd, entries=entries)
    rating_round_confirm(actor=w.root_user, rating_round=rnd)


def _meetings_2024(w):
    criteria_set_create(actor=w.root_user, organization=w.bloc, name="Bộ tiêu chí 2024", valid_from=date(2024, 1, 1),
                        criteria=COMMON_CRITERIA, document="3-HD/ĐUK")
    from dangvu.ratings.models import CriteriaSet

    cs = CriteriaSet.objects.get(name="Bộ tiêu chí 2024")
    scores = {c.pk: c.weight for c in cs.criteria.all()}
    from dangvu.members.selectors import headcount

    for month in (3, 6, 9, 12):
        held = date(2024, month, 20)
        meeting_record(actor=w.root_user, cell=w.cell_a, year=2024, month=month, held_on=held,
                       present=headcount(w.cell_a, held), excused=0, absent=0, scores=scores)
    # A thematic meeting of the first quarter (the other quarters are flagged), for the fingerprint too.
    held = date(2024, 2, 21)
    meeting_record(actor=w.root_user, cell=w.cell_a, year=2024, month=2, held_on=held, kind="thematic",
                   topic="Học tập Nghị quyết", present=headcount(w.cell_a, held), excused=0, absent=0, scores=scores)


def _replay(w, s):
    root = w.root_user
    agencies = org_found(actor=root, name="Đảng bộ các cơ quan Đảng tỉnh", kind="party_agencies_committee",
                         parent=w.province, founded_on=JULY)
    government = org_found(actor=root, name="Đảng bộ Ủy ban nhân dân tỉnh", kind="government_committee",
                           parent=w.province, founded_on=JULY)
    commune = org_found(actor=root, name="Đảng bộ phường Hoa Lư", kind="commune_committee", parent=w.province,
                        founded_on=JULY)
    steps = [ReorgStep(c.pk, "moved", parent_id=(agencies if c.sector == "party_agency" else government).pk)
             for c in w.bloc.children.filter(dissolved_on__isnull=True)]
    for c in w.local.children.filter(dissolved_on__isnull=True):
        if c.kind == "grassroots_cell":
            steps += [ReorgStep(c.pk, "kind_changed", new_kind="subordinate_cell"),
                      ReorgStep(c.pk, "moved", parent_id=commune.pk)]
        else:
            steps.append(ReorgStep(c.pk, "moved", parent_id=government.pk))
    steps += [ReorgStep(w.bloc.pk, "dissolved"), ReorgStep(w.local.pk, "dissolved")]
    reorganization_record(actor=root, effective_on=JULY, document="350-QĐ/TU", steps=steps)
    ent.locality_update(actor=root, locality=s.hoa_lu, name=s.hoa_lu.name, organization=commune, level="commune",
                        effective_on=JULY)
    ent.zone_update(actor=root, zone=s.zone, name=s.zone.name, locality=s.hoa_lu, organization=government,
                    effective_on=JULY)
    ent.steering_committee_deactivate(actor=root, committee=s.steering, on=JULY)
    return agencies, government, commune


def test_every_2024_report_is_identical_after_the_2025_reorganisation(world, scenario):  # noqa: F811
    build_year2024(world)
    _ratings_2024(world)
    _meetings_2024(world)
    target_create(actor=world.root_user, organization=world.bloc, indicator="admissions", comparison="at_least",
                  value=2, year=2024)
    before = {y: report_fingerprint(world.root_user, y) for y in (2023, 2024)}
    bloc_2024 = before[2024][f"org {world.bloc.pk}"]
    # The fingerprint holds real figures of every kind, not refusals or empty tables.
    assert bloc_2024["admissions"][2]["all"] and bloc_2024["ratings"][0] and bloc_2024["targets"]
    assert bloc_2024["ratings"][4] == {"good": 1} and bloc_2024["ratings"][5] == {"good": 1}
    assert any(g for month in bloc_2024["meetings"] for _cell, g, *_ in month)
    assert any(quarter for month in bloc_2024["meetings"] for _c, _g, _t, quarter in month)
    assert bloc_2024["coverage"][0] > 0 and before[2024][f"org {world.local.pk}"]["coverage"][0] > 0
    agencies, government, commune = _replay(world, scenario)
    after = {y: report_fingerprint(world.root_user, y) for y in (2023, 2024)}
    for y in (2023, 2024):
        assert after[y].keys() == before[y].keys()
        for key in before[y]:
            assert after[y][key] == before[y][key], (y, key)
    assert rebuild_orgs(repair=False) == []
    # 2025 from 1/7 is the new committees'.
    from dangvu.members.selectors import headcount

    assert headcount(world.bloc, JULY) == 0 and headcount(agencies, JULY) + headcount(government, JULY) > 0
    assert headcount(commune, JULY) == headcount(world.local, date(2025, 6, 30))
