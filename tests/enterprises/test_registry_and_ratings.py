"""Editing an enterprise's registry fields, the registry of localities/zones/steering committees (edited and
deactivated, never deleted) and mass-organisation ratings per year on the enterprise page."""

from datetime import date

import pytest
from django.test import Client

from dangvu.core.dates import today
from dangvu.core.errors import NotAllowed, NotVisible
from dangvu.core.models import AuditEntry
from dangvu.enterprises import services as s
from dangvu.enterprises.models import Enterprise, IndustrialZone, Locality, SteeringCommittee
from dangvu.ratings.models import MassOrgRating

from .conftest import table_counts


@pytest.fixture
def web(client: Client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def edit_data(e, **over):
    data = {"name": e.name, "ownership": e.ownership, "investor_country": e.investor_country,
            "industry": e.industry, "address": e.address, "locality": e.locality_id, "zone": e.zone_id or "",
            "owner_name": e.owner_name, "owner_member": "", "contact": e.contact,
            "party_org": e.party_org_id or ""}
    data.update(over)
    return data


# ---- enterprise edit ----------------------------------------------------------------------------------

def test_edit_page_updates_registry_fields_with_an_audit_entry(world, scenario, web):
    c = web(world.admin)
    e = scenario.e2
    assert c.get(f"/enterprises/{e.pk}/edit/").status_code == 200
    r = c.post(f"/enterprises/{e.pk}/edit/", edit_data(
        e, name="Công ty TNHH May Hà Phong Việt Nam", industry="May mặc", contact="0229 3888 999",
        owner_member=world.hanh.card_number))
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.name == "Công ty TNHH May Hà Phong Việt Nam" and e.industry == "May mặc"
    assert e.owner_member_id == world.hanh.pk
    entry = AuditEntry.objects.filter(action="enterprise_update", object_id=str(e.pk)).latest("id")
    assert entry.before is not None and entry.after is not None
    assert entry.before["name"] == "Công ty TNHH May Hà Phong" and entry.after["name"] == e.name
    assert "Sửa thông tin" in c.get(f"/enterprises/{e.pk}/").content.decode()


def test_edit_refuses_bad_input_with_a_vietnamese_message(world, scenario, web):
    c = web(world.admin)
    e = scenario.e2
    before = table_counts()
    r = c.post(f"/enterprises/{e.pk}/edit/", edit_data(e, ownership="fdi", investor_country=""))
    assert r.status_code == 422 and "quốc gia của nhà đầu tư" in r.content.decode()
    r = c.post(f"/enterprises/{e.pk}/edit/", edit_data(e, name="   "))
    assert r.status_code == 422 and "Tên doanh nghiệp" in r.content.decode()
    r = c.post(f"/enterprises/{e.pk}/edit/", edit_data(e, owner_member="99999999"))
    assert r.status_code == 422 and "Không tìm thấy đảng viên có số thẻ" in r.content.decode()
    assert table_counts() == before
    e.refresh_from_db()
    assert e.ownership == "private" and e.name == "Công ty TNHH May Hà Phong"


def test_edit_refuses_a_deactivated_locality(world, scenario, nothing_written):
    s.locality_deactivate(actor=world.root_user, locality=scenario.tam_diep, on=date(2024, 1, 1))
    with nothing_written(), pytest.raises(s.DomainError) as exc:
        s.enterprise_update(actor=world.admin, enterprise=scenario.e3, locality=scenario.tam_diep)
    assert exc.value.rule == "registry_inactive" and "Địa bàn" in exc.value.message


def test_edit_validates_scope(world, scenario, web):
    assert web(world.other_secretary).get(f"/enterprises/{scenario.e1.pk}/edit/").status_code == 404
    before = table_counts()
    c = web(world.other_secretary)
    assert c.post(f"/enterprises/{scenario.e1.pk}/edit/", edit_data(scenario.e1, name="X")).status_code == 404
    assert web(world.viewer).get(f"/enterprises/{scenario.e1.pk}/edit/").status_code == 403
    assert table_counts() == before


def test_status_change_from_the_page(world, scenario, web):
    c = web(world.officer)
    r = c.post(f"/enterprises/{scenario.e2.pk}/status/", {"status-status": "suspended",
                                                           "status-effective_on": "2025-02-01"})
    assert r.status_code == 302
    assert Enterprise.objects.get(pk=scenario.e2.pk).status == "suspended"


# ---- registry ---------------------------------------------------------------------------------------------

def test_registry_page_lists_and_creates(world, scenario, web, django_assert_max_num_queries):
    c = web(world.admin)
    with django_assert_max_num_queries(20):
        r = c.get("/enterprises/registry/")
    body = r.content.decode()
    assert r.status_code == 200 and "KCN Gián Khẩu" in body and "Ban Chỉ đạo thành phố Hoa Lư" in body
    r = c.post("/enterprises/registry/locality/new/", {"locality-name": "Huyện Yên Mô", "locality-level": "district",
                                                       "locality-organization": world.local.pk})
    assert r.status_code == 302
    yen_mo = Locality.objects.get(name="Huyện Yên Mô")
    r = c.post("/enterprises/registry/zone/new/", {"zone-name": "KCN Khánh Phú", "zone-locality": yen_mo.pk,
                                                   "zone-organization": world.bloc.pk})
    assert r.status_code == 302
    r = c.post("/enterprises/registry/steering/new/", {
        "steering-name": "Ban Chỉ đạo tỉnh", "steering-level": "province", "steering-organization": world.province.pk,
        "steering-localities": [yen_mo.pk, scenario.hoa_lu.pk]})
    assert r.status_code == 302
    committee = SteeringCommittee.objects.get(name="Ban Chỉ đạo tỉnh")
    assert set(committee.localities.values_list("pk", flat=True)) == {yen_mo.pk, scenario.hoa_lu.pk}
    assert AuditEntry.objects.filter(action__in=["locality_create", "zone_create", "steering_committee_create"]
                                     ).count() >= 3
    # more rows do not add queries
    for i in range(5):
        loc = s.locality_create(actor=world.root_user, name=f"Xã {i}", organization=world.local)
        s.zone_create(actor=world.root_user, name=f"KCN {i}", locality=loc)
        s.steering_committee_create(actor=world.root_user, name=f"BCĐ {i}", level="local",
                                    organization=world.local, localities=[loc])
    with django_assert_max_num_queries(20):
        assert c.get("/enterprises/registry/").status_code == 200


def test_registry_edit_and_deactivate(world, scenario, web):
    c = web(world.admin)
    url = f"/enterprises/registry/zone/{scenario.zone.pk}/"
    assert c.get(url).status_code == 200
    r = c.post(url, {"zone-name": "KCN Gián Khẩu (mở rộng)", "zone-locality": scenario.hoa_lu.pk,
                     "zone-organization": world.bloc.pk})
    assert r.status_code == 302
    assert IndustrialZone.objects.get(pk=scenario.zone.pk).name == "KCN Gián Khẩu (mở rộng)"
    entry = AuditEntry.objects.filter(action="zone_update").latest("id")
    assert entry.before is not None and entry.after is not None
    assert entry.before["name"] == "KCN Gián Khẩu" and entry.after["name"] == "KCN Gián Khẩu (mở rộng)"
    # a locality with a followed zone cannot be deactivated; the zone first
    r = c.post(f"/enterprises/registry/locality/{scenario.hoa_lu.pk}/deactivate/",
               {"deactivate-deactivated_on": "2025-01-01"})
    assert r.status_code == 422 and "còn khu công nghiệp" in r.content.decode()
    assert c.post(f"{url}deactivate/", {"deactivate-deactivated_on": "2025-01-01"}).status_code == 302
    zone = IndustrialZone.objects.get(pk=scenario.zone.pk)
    assert zone.deactivated_on == date(2025, 1, 1)
    assert zone.enterprises.count() == 3  # nothing deleted, enterprises keep their zone
    # steering committee localities
    sc = scenario.steering
    r = c.post(f"/enterprises/registry/steering/{sc.pk}/", {
        "steering-name": sc.name, "steering-level": "local", "steering-organization": world.local.pk,
        "steering-localities": [scenario.hoa_lu.pk, scenario.tam_diep.pk]})
    assert r.status_code == 302
    assert sc.localities.count() == 2
    entry = AuditEntry.objects.filter(action="steering_committee_update").latest("id")
    assert entry.before is not None
    assert entry.before["localities"] == [scenario.hoa_lu.pk]
    assert c.post(f"/enterprises/registry/steering/{sc.pk}/deactivate/",
                  {"deactivate-deactivated_on": "2025-01-01"}).status_code == 302
    assert sc.__class__.objects.get(pk=sc.pk).deactivated_on == date(2025, 1, 1)


def test_registry_bad_input_names_the_field_and_writes_nothing(world, scenario, web):
    c = web(world.admin)
    before = table_counts()
    r = c.post("/enterprises/registry/locality/new/", {"locality-name": scenario.hoa_lu.name,
                                                       "locality-level": "district",
                                                       "locality-organization": world.local.pk})
    assert r.status_code == 422 and "Địa bàn &quot;Thành phố Hoa Lư&quot; đã có" in r.content.decode()
    r = c.post("/enterprises/registry/steering/new/", {"steering-name": "BCĐ", "steering-level": "province",
                                                       "steering-organization": world.local.pk})
    assert r.status_code == 422 and "Ban Chỉ đạo cấp tỉnh thuộc Tỉnh ủy" in r.content.decode()
    future = date(today().year + 1, 1, 1).isoformat()
    r = c.post(f"/enterprises/registry/zone/{scenario.zone.pk}/deactivate/", {"deactivate-deactivated_on": future})
    assert r.status_code == 422 and "Ngày ngừng theo dõi" in r.content.decode()
    r = c.post(f"/enterprises/registry/zone/{scenario.zone.pk}/", {"zone-name": "", "zone-locality": ""})
    assert r.status_code == 422
    assert c.get("/enterprises/registry/nothing/1/").status_code == 404
    assert table_counts() == before


def test_registry_validates_scope(world, scenario, web):
    c = web(world.other_secretary)
    before = table_counts()
    assert c.get(f"/enterprises/registry/zone/{scenario.zone.pk}/").status_code == 404
    assert c.get(f"/enterprises/registry/locality/{scenario.hoa_lu.pk}/").status_code == 404
    assert c.get(f"/enterprises/registry/steering/{scenario.steering.pk}/").status_code == 404
    assert c.post(f"/enterprises/registry/zone/{scenario.zone.pk}/deactivate/",
                  {"deactivate-deactivated_on": "2025-01-01"}).status_code == 404
    body = c.get("/enterprises/registry/").content.decode()
    assert "KCN Gián Khẩu" not in body and "Thành phố Hoa Lư" not in body
    # a committee the user cannot see is not offered: choosing it is a form error, nothing written
    r = c.post("/enterprises/registry/locality/new/", {"locality-name": "Xã Mới", "locality-level": "commune",
                                                       "locality-organization": world.bloc.pk})
    assert r.status_code == 422
    # the viewer sees the bloc's zone but may not change it
    assert web(world.viewer).post(f"/enterprises/registry/zone/{scenario.zone.pk}/deactivate/",
                                  {"deactivate-deactivated_on": "2025-01-01"}).status_code == 403
    assert table_counts() == before


def test_registry_services_refuse_outside_scope(world, scenario):
    with pytest.raises(NotVisible):
        s.zone_deactivate(actor=world.other_secretary, zone=scenario.zone, on=date(2025, 1, 1))
    with pytest.raises(NotAllowed):
        s.zone_update(actor=world.viewer, zone=scenario.zone, name="X", locality=scenario.hoa_lu,
                      organization=world.bloc)


# ---- mass-organisation ratings ------------------------------------------------------------------------------

def test_rating_recorded_and_shown_per_year(world, scenario, web):
    c = web(world.officer)
    year = today().year - 1
    r = c.post(f"/enterprises/{scenario.e1.pk}/rating/", {"rating-mass_org": scenario.union1.pk,
                                                           "rating-year": str(year), "rating-level": "strong"})
    assert r.status_code == 302
    rating = MassOrgRating.objects.get(subject_id=scenario.union1.pk, year=year)
    assert rating.level == "strong" and rating.organization_id == world.cell_c.pk
    assert AuditEntry.objects.filter(action="mass_org_rating_record").exists()
    body = c.get(f"/enterprises/{scenario.e1.pk}/").content.decode()
    assert f"{year}: <strong>Công đoàn cơ sở vững mạnh</strong>" in body
    assert "Ghi xếp loại" in body
    # the coverage headline counts it at the top level of last year
    body = web(world.admin).get(f"/enterprises/coverage/?scope_id={world.province.pk}").content.decode()
    assert f'năm {year} có <span class="top-rated">1</span> tổ chức xếp loại "công đoàn cơ sở vững mạnh"' in body


def test_rating_bad_input_names_the_field_and_writes_nothing(world, scenario, web):
    c = web(world.officer)
    before = (table_counts(), MassOrgRating.objects.count())
    r = c.post(f"/enterprises/{scenario.e1.pk}/rating/", {"rating-mass_org": scenario.union1.pk,
                                                           "rating-year": "2024", "rating-level": "excellent"})
    assert r.status_code == 422 and "Mức xếp loại của Công đoàn cơ sở" in r.content.decode()
    r = c.post(f"/enterprises/{scenario.e1.pk}/rating/", {"rating-mass_org": scenario.union1.pk,
                                                           "rating-year": "2019", "rating-level": "strong"})
    assert r.status_code == 422 and "Năm 2019 nằm ngoài thời gian tổ chức hoạt động" in r.content.decode()
    r = c.post(f"/enterprises/{scenario.e1.pk}/rating/", {"rating-mass_org": scenario.union1.pk,
                                                           "rating-year": str(today().year + 1),
                                                           "rating-level": "strong"})
    assert r.status_code == 422 and "Năm xếp loại không được sau" in r.content.decode()
    assert (table_counts(), MassOrgRating.objects.count()) == before


def test_rating_validates_scope(world, scenario, web):
    before = MassOrgRating.objects.count()
    data = {"rating-mass_org": scenario.union1.pk, "rating-year": "2024", "rating-level": "strong"}
    assert web(world.other_secretary).post(f"/enterprises/{scenario.e1.pk}/rating/", data).status_code == 404
    c = web(world.viewer)
    assert c.post(f"/enterprises/{scenario.e1.pk}/rating/", data).status_code == 403
    assert "Ghi xếp loại" not in c.get(f"/enterprises/{scenario.e1.pk}/").content.decode()
    # a mass organisation of another enterprise is not reachable through this one
    assert web(world.admin).post(f"/enterprises/{scenario.e2.pk}/rating/", data).status_code == 404
    assert MassOrgRating.objects.count() == before


def test_detail_query_count_is_fixed(world, scenario, web, django_assert_max_num_queries):
    c = web(world.officer)
    with django_assert_max_num_queries(45):
        assert c.get(f"/enterprises/{scenario.e1.pk}/").status_code == 200


def test_registry_page_offers_edits_only_to_whoever_may_make_them(world, scenario, web):
    """A viewer saw «Sửa» on every row and the add forms, each answering 403 (bloc-scale walk)."""
    viewer = web(world.viewer).get("/enterprises/registry/").content.decode()
    assert "KCN Gián Khẩu" in viewer
    assert "/enterprises/registry/zone/" not in viewer and "Thêm khu công nghiệp" not in viewer
    officer = web(world.officer).get("/enterprises/registry/").content.decode()
    assert f"/enterprises/registry/zone/{scenario.zone.pk}/" in officer and "Thêm khu công nghiệp" in officer
    assert web(world.viewer).get(f"/enterprises/registry/zone/{scenario.zone.pk}/").status_code in (403, 404)
