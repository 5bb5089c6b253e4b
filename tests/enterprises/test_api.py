from datetime import date

from dangvu.enterprises.models import Enterprise, MassOrgCount, WorkforceCount
from tests.api.conftest import ApiClient

from .conftest import table_counts, tax_code


def new_body(scenario, **over):
    body = {"name": "Công ty TNHH Linh kiện Tràng An", "tax_code": tax_code(60), "ownership": "fdi",
            "investor_country": "Hàn Quốc", "locality_id": scenario.hoa_lu.pk, "zone_id": scenario.zone.pk,
            "registered_on": "2024-05-01"}
    body.update(over)
    return body


def test_it_lists_with_filters(world, scenario):
    api = ApiClient(world.admin)
    r = api.get("/enterprises", on="2024-12-31")
    assert r.status_code == 200
    assert r.json()["count"] == 4
    names = [i["name"] for i in api.get("/enterprises", on="2024-12-31", has_union="false").json()["items"]]
    assert names == ["Công ty CP Đá Hoa Lư", "Hộ kinh doanh Bánh Đa Trường Yên"]
    items = api.get("/enterprises", on="2024-12-31", min_workforce=1000).json()["items"]
    assert [(i["name"], i["workers"], i["has_party_org"]) for i in items] == [
        ("Công ty TNHH Giày Adora Việt Nam", 1500, True)
    ]
    assert api.get("/enterprises", ownership="fdi", zone_id=scenario.zone.pk).json()["count"] == 1


def test_create_get_and_dated_facts(world, scenario):
    api = ApiClient(world.officer)
    r = api.post("/enterprises", new_body(scenario))
    assert r.status_code == 201, r.json()
    eid = r.json()["id"]
    r = api.post(f"/enterprises/{eid}/workforce", {"as_of": "2024-06-01", "workers": 400, "women": 250})
    assert r.status_code == 201, r.json()
    r = api.post(f"/enterprises/{eid}/mass-organizations", {"kind": "trade_union", "founded_on": "2024-07-01"})
    assert r.status_code == 201, r.json()
    mid = r.json()["id"]
    assert api.post(f"/enterprises/{eid}/mass-organizations/{mid}/counts",
                    {"as_of": "2024-08-01", "members": 210}).status_code == 201
    assert api.post(f"/enterprises/{eid}/mass-organizations/{mid}/counts",
                    {"as_of": "2025-08-01", "members": 260}).status_code == 201
    body = api.get(f"/enterprises/{eid}", on="2024-12-31").json()
    assert (body["workers"], body["has_union"], body["mass_organizations"][0]["members"]) == (400, True, 210)
    assert api.get(f"/enterprises/{eid}", on="2024-07-15").json()["mass_organizations"][0]["members"] is None


def test_bad_input_gets_a_vietnamese_message_and_writes_nothing(world, scenario):
    api = ApiClient(world.officer)
    before = table_counts()
    r = api.post("/enterprises", new_body(scenario, tax_code="0314409057"))
    assert r.status_code == 422
    assert r.json()["field"] == "tax_code" and r.json()["rule"] == "tax_code_check_digit"
    assert "chữ số kiểm tra" in r.json()["detail"]
    r = api.post("/enterprises", new_body(scenario, investor_country=""))
    assert r.status_code == 422 and r.json()["rule"] == "fdi_investor_country"
    r = api.post("/enterprises", new_body(scenario, locality_id=999999))
    assert r.status_code == 422 and r.json()["field"] == "locality_id"
    r = api.post(f"/enterprises/{scenario.e1.pk}/workforce", {"as_of": "2025-01-01", "workers": 5, "women": 9})
    assert r.status_code == 422 and r.json()["rule"] == "workforce_parts"
    r = api.post(f"/enterprises/{scenario.e1.pk}/workforce", {"as_of": "not a date", "workers": 5})
    assert r.status_code == 422
    r = api.post(f"/enterprises/{scenario.e2.pk}/mass-organizations", {"kind": "women", "founded_on": "2024-01-01"})
    assert r.status_code == 422 and r.json()["rule"] == "women_form"
    assert table_counts() == before


def test_it_validates_scope(world, scenario):
    api = ApiClient(world.other_secretary)
    before = (Enterprise.objects.count(), WorkforceCount.objects.count(), MassOrgCount.objects.count())
    assert api.get(f"/enterprises/{scenario.e1.pk}").status_code == 404
    r = api.post(f"/enterprises/{scenario.e1.pk}/workforce", {"as_of": "2025-01-01", "workers": 5})
    assert r.status_code == 404
    assert api.post(f"/enterprises/{scenario.e1.pk}/mass-organizations/{scenario.union1.pk}/counts",
                    {"as_of": "2025-01-01", "members": 5}).status_code == 404
    assert api.post("/enterprises", new_body(scenario)).status_code == 404
    assert api.get("/reports/enterprise-coverage", scope_id=world.bloc.pk).status_code == 404
    assert api.get("/enterprises").json()["count"] == 0
    assert ApiClient(world.viewer).post(f"/enterprises/{scenario.e1.pk}/workforce",
                                        {"as_of": "2025-01-01", "workers": 5}).status_code == 403
    assert before == (Enterprise.objects.count(), WorkforceCount.objects.count(), MassOrgCount.objects.count())


def test_coverage_report(world, scenario):
    r = ApiClient(world.admin).get("/reports/enterprise-coverage", scope_id=world.province.pk, on="2024-12-31")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert (body["total"]["enterprises"], body["total"]["workers"]) == (4, 1928)
    party = next(k for k in body["total"]["kinds"] if k["kind"] == "party")
    assert (party["enterprises"], party["enterprise_share"]) == (2, 50.0)
    assert [w["name"] for w in body["work_list"]] == [scenario.e4.name, scenario.e2.name]
    union = next(h for h in body["headline"] if h["kind"] == "trade_union")
    assert (union["organizations"], union["members"]) == (2, 1180)
    assert ApiClient(world.admin).get("/reports/enterprise-coverage", on="31/12/2024").status_code == 422
    assert date(2024, 12, 31).isoformat() == body["on"]
