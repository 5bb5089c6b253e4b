"""Enterprise links are dated facts: handing a locality, a zone or an enterprise to another committee from a date
leaves coverage and visibility of earlier dates unchanged (issue 11, point 2)."""

from datetime import date

import pytest

from dangvu.core.errors import DomainError
from dangvu.enterprises import services as s
from dangvu.enterprises.links import check_links
from dangvu.enterprises.models import EnterpriseLinkSpan, LocalityCommitteeSpan
from dangvu.enterprises.selectors import coverage, scope_enterprises
from dangvu.orgs.services import org_found
from tests.enterprises.conftest import scenario  # noqa: F401  (fixture)

END_2024 = date(2024, 12, 31)
JULY = date(2025, 7, 1)


def _summary(user, org, on):
    c = coverage(user, org.pk, on)
    return (c.total.enterprises, c.total.workers, {k: cell.enterprises for k, cell, _s, _w in c.total.cells},
            [(g, [(r.label, r.enterprises) for r in rows]) for g, rows in c.breakdowns],
            [(h.kind, h.organizations, h.members, h.parts) for h in c.headline])


def test_handing_a_locality_and_a_zone_to_new_committees_keeps_2024_coverage(world, scenario):  # noqa: F811
    commune = org_found(actor=world.root_user, name="Đảng bộ phường Hoa Lư", kind="commune_committee",
                        parent=world.province, founded_on=JULY)
    before = {o.pk: _summary(world.root_user, o, END_2024) for o in (world.local, world.bloc, world.province)}
    local_2024 = set(scope_enterprises(world.root_user, world.local, END_2024))
    s.locality_update(actor=world.root_user, locality=scenario.hoa_lu, name=scenario.hoa_lu.name,
                      organization=commune, level="commune", effective_on=JULY)
    s.zone_update(actor=world.root_user, zone=scenario.zone, name=scenario.zone.name, locality=scenario.hoa_lu,
                  organization=commune, effective_on=JULY)
    s.enterprise_update(actor=world.root_user, enterprise=scenario.e2, party_org=world.cell_l, effective_on=JULY)
    s.steering_committee_deactivate(actor=world.root_user, committee=scenario.steering, on=JULY)
    after = {o.pk: _summary(world.root_user, o, END_2024) for o in (world.local, world.bloc, world.province)}
    assert after == before
    assert set(scope_enterprises(world.root_user, world.local, END_2024)) == local_2024
    assert scope_enterprises(world.root_user, commune, END_2024).count() == 0
    # From 1/7/2025 the commune committee follows them; the local committee only through a party organisation.
    assert set(scope_enterprises(world.root_user, commune, JULY)) >= {scenario.e2, scenario.e3}
    assert scenario.e3 not in set(scope_enterprises(world.root_user, world.local, JULY))
    assert check_links() == []
    spans = list(LocalityCommitteeSpan.objects.filter(locality=scenario.hoa_lu).order_by("valid_from")
                 .values_list("organization_id", "valid_to"))
    assert spans == [(world.local.pk, JULY), (commune.pk, None)]


def test_a_link_change_before_the_last_one_is_refused(world, scenario):  # noqa: F811
    s.enterprise_update(actor=world.root_user, enterprise=scenario.e3, zone=scenario.zone, effective_on=JULY)
    with pytest.raises(DomainError) as e:
        s.enterprise_update(actor=world.root_user, enterprise=scenario.e3, zone=None, effective_on=date(2025, 1, 1))
    assert e.value.rule == "event_order"
    assert EnterpriseLinkSpan.objects.filter(enterprise=scenario.e3).count() == 2
