"""One reorganisation decision: many moves, merges, dissolutions and kind changes, all or nothing,
path spans rebuilt once, counts before and after, history of earlier dates unchanged (issue 11, points 3-4)."""

from datetime import date
from unittest import mock

import pytest

from dangvu.members.reorganization import ReorgStep, reorganization_record
from dangvu.members.selectors import headcount
from dangvu.orgs import projection
from dangvu.orgs.models import Organization, OrgEvent, Reorganization
from dangvu.orgs.selectors import kinds_on, tree_on
from dangvu.orgs.services import org_change_kind, org_found
from tests.helpers import refused

JULY = date(2025, 7, 1)


def _new_committees(w):
    agencies = org_found(actor=w.root_user, name="Đảng bộ các cơ quan Đảng tỉnh", kind="party_agencies_committee",
                         parent=w.province, founded_on=JULY, document="01-QĐ/TU")
    government = org_found(actor=w.root_user, name="Đảng bộ Ủy ban nhân dân tỉnh", kind="government_committee",
                           parent=w.province, founded_on=JULY, document="02-QĐ/TU")
    commune = org_found(actor=w.root_user, name="Đảng bộ phường Đông Thành", kind="commune_committee",
                        parent=w.province, founded_on=JULY, document="03-QĐ/TU")
    return agencies, government, commune


def _steps(w, agencies, government, commune):
    return [
        ReorgStep(w.committee.pk, "moved", parent_id=agencies.pk),
        ReorgStep(w.cell_c.pk, "moved", parent_id=government.pk),
        ReorgStep(w.cell_l.pk, "kind_changed", new_kind="subordinate_cell"),
        ReorgStep(w.cell_l.pk, "moved", parent_id=commune.pk),
        ReorgStep(w.bloc.pk, "dissolved"),
        ReorgStep(w.local.pk, "dissolved"),
    ]


def test_a_2025_decision_moves_everything_at_once_and_keeps_2024(world):
    agencies, government, commune = _new_committees(world)
    y2024 = date(2024, 12, 31)
    before = {o.pk: headcount(o, y2024) for o in (world.province, world.bloc, world.local, world.committee)}
    tree_2024 = [(n.org.pk, n.path) for n in tree_on(world.root_user, y2024)]
    with mock.patch("dangvu.members.reorganization.rebuild_paths", wraps=projection.rebuild_paths) as once, \
            mock.patch("dangvu.orgs.services.rebuild_paths") as per_org:
        result = reorganization_record(actor=world.root_user, effective_on=JULY, document="100-QĐ/TU",
                                       steps=_steps(world, agencies, government, commune))
    assert once.call_count == 1 and per_org.call_count == 0
    assert result.reorganization is not None and not result.dry_run
    assert OrgEvent.objects.filter(reorganization=result.reorganization).count() == 6
    counts = {c.organization_id: c for c in result.counts}
    assert (counts[world.bloc.pk].members_before, counts[world.bloc.pk].members_after) == (1, 0)
    assert counts[world.bloc.pk].active_after is False
    assert (counts[agencies.pk].members_before, counts[agencies.pk].members_after) == (0, 1)
    assert (counts[commune.pk].children_before, counts[commune.pk].children_after) == (0, 1)
    assert result.totals_before["members"] == result.totals_after["members"] == 2
    assert result.totals_after["organizations"] == result.totals_before["organizations"] - 2
    for org in (world.bloc, world.local):
        org.refresh_from_db()
        assert org.dissolved_on == JULY
    world.committee.refresh_from_db()
    assert world.committee.parent_id == agencies.pk and world.committee.path.startswith(f"{world.province.pk}.")
    assert {o.pk: headcount(o, y2024) for o in (world.province, world.bloc, world.local, world.committee)} == before
    assert [(n.org.pk, n.path) for n in tree_on(world.root_user, y2024)] == tree_2024
    assert headcount(agencies, JULY) == 1 and headcount(commune, JULY) == 1
    assert projection.rebuild_orgs(repair=False) == []


def test_a_dry_run_shows_the_same_counts_and_writes_nothing(world):
    agencies, government, commune = _new_committees(world)
    steps = _steps(world, agencies, government, commune)
    from tests.helpers import written_counts

    written = (written_counts(), Reorganization.objects.count())
    preview = reorganization_record(actor=world.root_user, effective_on=JULY, document="100-QĐ/TU", steps=steps,
                                    dry_run=True)
    assert (written_counts(), Reorganization.objects.count()) == written
    assert preview.dry_run and preview.reorganization is None
    real = reorganization_record(actor=world.root_user, effective_on=JULY, document="100-QĐ/TU", steps=steps)
    assert [c.__dict__ for c in preview.counts] == [c.__dict__ for c in real.counts]


def test_a_decision_with_one_bad_line_writes_nothing(world):
    agencies, government, commune = _new_committees(world)
    steps = _steps(world, agencies, government, commune)
    # The local committee still holds cell_l if its lines are left out: dissolving it is refused, nothing written.
    e = refused("dissolve_with_children", reorganization_record, actor=world.root_user, effective_on=JULY,
                document="100-QĐ/TU", steps=[s for s in steps if s.organization_id != world.cell_l.pk])
    assert e.message.startswith("Dòng 4") and e.field == "moves[3].effective_on"
    # A grassroots cell cannot sit under a commune committee (itself grassroots) without becoming its cell.
    e = refused("parent_kind", reorganization_record, actor=world.root_user, effective_on=JULY, document="1-QĐ/TU",
                steps=[s for s in steps if s.kind != "kind_changed"])
    assert "Chi bộ cơ sở" in e.message


def test_a_decision_refuses_a_kind_that_cannot_sit_under_its_new_parent(world):
    agencies, government, commune = _new_committees(world)
    e = refused("parent_kind", reorganization_record, actor=world.root_user, effective_on=JULY, document="1-QĐ/TU",
                steps=[ReorgStep(world.cell_a.pk, "moved", parent_id=agencies.pk)])
    assert "Chi bộ trực thuộc" in e.message


def test_a_decision_refuses_a_cycle_duplicates_and_foreign_organisations(world):
    refused("cycle", reorganization_record, actor=world.root_user, effective_on=JULY, document="1-QĐ/TU",
            steps=[ReorgStep(world.committee.pk, "moved", parent_id=world.cell_a.pk)])
    refused("duplicate", reorganization_record, actor=world.root_user, effective_on=JULY, document="1-QĐ/TU",
            steps=[ReorgStep(world.cell_c.pk, "moved", parent_id=world.local.pk),
                   ReorgStep(world.cell_c.pk, "moved", parent_id=world.province.pk)])
    refused("exists", reorganization_record, actor=world.officer, effective_on=JULY, document="1-QĐ/TU",
            steps=[ReorgStep(world.cell_c.pk, "moved", parent_id=world.local.pk)])
    refused("required", reorganization_record, actor=world.root_user, effective_on=JULY, document=" ",
            steps=[ReorgStep(world.cell_c.pk, "moved", parent_id=world.local.pk)])
    refused("choices", reorganization_record, actor=world.root_user, effective_on=JULY, document="1-QĐ/TU",
            steps=[ReorgStep(world.cell_c.pk, "exploded")])


def test_merges_move_members_and_kind_changes_are_dated(world):
    _agencies, government, _commune = _new_committees(world)
    result = reorganization_record(
        actor=world.root_user, effective_on=JULY, document="100-QĐ/TU",
        steps=[ReorgStep(world.cell_a.pk, "merged", into_id=world.cell_b.pk),
               ReorgStep(world.cell_c.pk, "kind_changed", new_kind="grassroots_committee"),
               ReorgStep(world.cell_c.pk, "moved", parent_id=government.pk)],
    )
    assert result.reorganization is not None
    world.hanh.refresh_from_db()
    assert world.hanh.organization_id == world.cell_b.pk
    assert kinds_on([world.cell_c.pk], date(2025, 6, 30))[world.cell_c.pk] == "grassroots_cell"
    assert kinds_on([world.cell_c.pk], JULY)[world.cell_c.pk] == "grassroots_committee"
    assert projection.rebuild_orgs(repair=False) == []


def test_retired_kinds_are_not_founded_after_the_2025_reorganisation(world):
    refused("kind_retired", org_found, actor=world.root_user, name="Huyện ủy mới", kind="local_committee",
            parent=world.province, founded_on=JULY)
    org_found(actor=world.root_user, name="Huyện ủy cũ", kind="local_committee", parent=world.province,
              founded_on=date(2025, 6, 30))


def test_kind_change_checks_parent_children_and_date(world):
    refused("unchanged", org_change_kind, actor=world.root_user, org=world.cell_c, kind="grassroots_cell",
            effective_on=JULY)
    # A grassroots committee with subordinate cells cannot become a cell.
    refused("parent_kind", org_change_kind, actor=world.root_user, org=world.committee, kind="grassroots_cell",
            effective_on=JULY)
    refused("kind_retired", org_change_kind, actor=world.root_user, org=world.cell_c, kind="bloc_committee",
            effective_on=JULY)
    ev = org_change_kind(actor=world.root_user, org=world.cell_c, kind="grassroots_committee", effective_on=JULY,
                         document="12-QĐ/ĐUK")
    assert ev.org_kind == "grassroots_committee" and ev.document == "12-QĐ/ĐUK"
    assert Organization.objects.get(pk=world.cell_c.pk).kind == "grassroots_committee"


@pytest.mark.parametrize("bad", [[], [ReorgStep(0, "moved", parent_id=1)]])
def test_empty_or_unknown_lines_are_refused(world, bad):
    refused("required" if not bad else "exists", reorganization_record, actor=world.root_user, effective_on=JULY,
            document="1-QĐ/TU", steps=bad)
