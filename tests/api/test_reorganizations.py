"""POST /api/v1/reorganizations: one decision, all or nothing, dry run writes nothing."""

from datetime import date

from dangvu.orgs.models import Organization, Reorganization
from dangvu.orgs.services import org_found

from .conftest import ApiClient, counts

JULY = date(2025, 7, 1)


def _body(w, commune, **extra):
    return {
        "effective_on": "2025-07-01", "document": "100-QĐ/TU",
        "moves": [
            {"organization_id": w.cell_l.pk, "kind": "kind_changed", "new_kind": "subordinate_cell"},
            {"organization_id": w.cell_l.pk, "kind": "moved", "parent_id": commune.pk},
            {"organization_id": w.local.pk, "kind": "dissolved"},
        ],
        **extra,
    }


def _commune(w):
    return org_found(actor=w.root_user, name="Đảng bộ phường Đông Thành", kind="commune_committee",
                     parent=w.province, founded_on=JULY)


def test_a_dry_run_previews_counts_and_writes_nothing(world, no_unexpected_errors):
    commune = _commune(world)
    api = ApiClient(world.admin)
    before = counts()
    r = api.post("/reorganizations?dry_run=true", _body(world, commune))
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["dry_run"] is True and data["id"] is None
    rows = {o["organization_id"]: o for o in data["organizations"]}
    assert (rows[world.local.pk]["members_before"], rows[world.local.pk]["members_after"]) == (1, 0)
    assert rows[world.local.pk]["active_after"] is False
    assert (rows[commune.pk]["members_before"], rows[commune.pk]["members_after"]) == (0, 1)
    assert counts() == before and Reorganization.objects.count() == 0


def test_it_records_a_decision(world, no_unexpected_errors):
    commune = _commune(world)
    r = ApiClient(world.admin).post("/reorganizations", _body(world, commune))
    assert r.status_code == 201, r.content
    assert r.json()["id"] == Reorganization.objects.get().pk
    assert Organization.objects.get(pk=world.local.pk).dissolved_on == JULY
    assert Organization.objects.get(pk=world.cell_l.pk).parent_id == commune.pk


def test_it_validates_scope(world, no_unexpected_errors):
    commune = _commune(world)
    api = ApiClient(world.officer)
    before = counts()
    r = api.post("/reorganizations", _body(world, commune))
    assert r.status_code == 422 and r.json()["rule"] == "exists"
    assert counts() == before


def test_bad_input_names_the_line_and_writes_nothing(world, no_unexpected_errors):
    commune = _commune(world)
    api = ApiClient(world.admin)
    before = counts()
    body = _body(world, commune)
    body["moves"] = body["moves"][2:]  # the local committee still holds its cell
    r = api.post("/reorganizations", body)
    assert r.status_code == 422
    assert r.json()["rule"] == "dissolve_with_children" and r.json()["detail"].startswith("Dòng 1")
    for bad in ({"kind": "exploded"}, {"organization_id": 10**12}):
        b = _body(world, commune)
        b["moves"][1].update(bad)
        assert api.post("/reorganizations", b).status_code == 422
    assert api.post("/reorganizations", {**body, "document": ""}).status_code == 422
    assert counts() == before


def test_the_events_route_changes_a_kind(world, no_unexpected_errors):
    api = ApiClient(world.admin)
    r = api.post(f"/organizations/{world.cell_c.pk}/events",
                 {"kind": "kind_changed", "effective_on": "2025-07-01", "new_kind": "grassroots_committee"})
    assert r.status_code == 201, r.content
    assert r.json()["organization"]["kind"] == "grassroots_committee"
    before = counts()
    r = api.post(f"/organizations/{world.cell_c.pk}/events", {"kind": "kind_changed", "effective_on": "2025-08-01"})
    assert r.status_code == 422 and r.json()["field"] == "new_kind"
    assert counts() == before
