"""Members working in an enterprise of the scope but registered elsewhere (article 003, task 7): the list on a
date, through later transfers; recording by card number; scope; API and page."""

from datetime import date

import pytest
from django.urls import reverse

from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.models import AuditEntry
from dangvu.enterprises.models import EnterpriseWorker
from dangvu.enterprises.selectors.workers import workers_registered_elsewhere
from dangvu.enterprises.services.workers import enterprise_worker_add, enterprise_worker_end
from dangvu.members.services import member_record_event
from tests.api.conftest import ApiClient
from tests.factories import MemberFactory

ON = date(2025, 6, 1)


@pytest.fixture
def working(world, scenario):
    """Hạnh (cell_a) and a member of the enterprise's own cell work at e1 (party org: cell_c); one member of
    cell_l works at e2, which has no party organisation."""
    own = MemberFactory.create(organization=world.cell_c, card_number="20000001")
    far = MemberFactory.create(organization=world.cell_l, card_number="20000002")
    add = enterprise_worker_add
    add(actor=world.officer, enterprise=scenario.e1, member=world.hanh, valid_from=date(2024, 1, 1),
        position="Kế toán trưởng")
    add(actor=world.officer, enterprise=scenario.e1, member=own, valid_from=date(2024, 1, 1))
    add(actor=world.officer, enterprise=scenario.e2, member=far, valid_from=date(2024, 3, 1))
    return own, far


def test_members_registered_outside_the_enterprises_party_organisation_are_listed(world, scenario, working,
                                                                                  django_assert_max_num_queries):
    own, far = working
    with django_assert_max_num_queries(12):
        page = workers_registered_elsewhere(world.officer, world.bloc.pk, on=ON)
    assert page.members_working == 3 and page.count == 2
    rows = {(r.enterprise.pk, r.member.pk): r for r in page.items}
    hanh = rows[(scenario.e1.pk, world.hanh.pk)]
    assert (hanh.registered_name, hanh.party_org_name) == (world.cell_a.name, world.cell_c.name)
    assert rows[(scenario.e2.pk, far.pk)].party_org_id is None  # no party organisation: elsewhere by definition
    assert (scenario.e1.pk, own.pk) not in rows


def test_the_list_of_a_past_date_survives_a_later_transfer_and_the_end_of_work(world, scenario, working):
    member_record_event(actor=world.admin, member=world.hanh, kind="transferred", effective_on=date(2025, 9, 1),
                        to_organization=world.cell_c)
    (w,) = EnterpriseWorker.objects.filter(member=world.hanh)
    enterprise_worker_end(actor=world.officer, worker=w, valid_to=date(2025, 10, 1))
    assert world.hanh.pk in {r.member.pk for r in workers_registered_elsewhere(world.officer, world.bloc.pk,
                                                                               on=ON).items}
    later = workers_registered_elsewhere(world.officer, world.bloc.pk, on=date(2025, 9, 15))
    assert world.hanh.pk not in {r.member.pk for r in later.items}  # moved into the enterprise's cell
    assert later.members_working == 3
    assert workers_registered_elsewhere(world.officer, world.bloc.pk, on=date(2025, 11, 1)).members_working == 2


def test_recording_is_scoped_and_refuses_a_second_open_record(world, scenario, working):
    with pytest.raises(NotVisible):
        workers_registered_elsewhere(world.other_secretary, world.bloc.pk, on=ON)
    with pytest.raises(NotVisible):
        enterprise_worker_add(actor=world.other_secretary, enterprise=scenario.e1, member=world.anh,
                              valid_from=ON)
    with pytest.raises(DomainError) as exc:
        enterprise_worker_add(actor=world.officer, enterprise=scenario.e1, member=world.hanh, valid_from=ON)
    assert exc.value.rule == "worker_already_recorded"
    with pytest.raises(DomainError) as exc:
        enterprise_worker_add(actor=world.officer, enterprise=scenario.e2, member=world.anh,
                              valid_from=date(2099, 1, 1))
    assert exc.value.field == "valid_from" and exc.value.rule == "no_future_dates"


def test_api_lists_and_records_by_card_number(world, scenario, working):
    client = ApiClient(world.officer)
    body = client.get("/enterprises/workers-elsewhere", organization_id=world.bloc.pk, on=ON.isoformat()).json()
    assert body["count"] == 2 and body["members_working"] == 3
    r = client.post(f"/enterprises/{scenario.e2.pk}/workers", {"card_number": "10234567", "valid_from": "2025-02-01"})
    assert r.status_code == 201 and r.json()["member_id"] == world.hanh.pk
    r = client.post(f"/enterprises/{scenario.e2.pk}/workers", {"card_number": "999", "valid_from": "2025-02-01"})
    assert r.status_code == 422 and (r.json()["field"], r.json()["rule"]) == ("card_number", "card_number_unknown")
    other = ApiClient(world.other_secretary)
    assert other.get("/enterprises/workers-elsewhere", organization_id=world.bloc.pk).status_code == 404
    assert other.post(f"/enterprises/{scenario.e2.pk}/workers",
                      {"card_number": "10234567", "valid_from": "2025-02-01"}).status_code == 404


def test_the_page_lists_pages_and_records(world, scenario, working, client):
    client.force_login(world.officer)
    url = reverse("enterprise_workers_elsewhere")
    html = client.get(url, {"organization_id": world.bloc.pk, "on": ON.isoformat()}).content.decode()
    assert "2 đảng viên sinh hoạt nơi khác" in html and "Kế toán trưởng" in html
    r = client.post(f"{reverse('enterprise_worker_add')}?organization_id={world.bloc.pk}",
                    {"enterprise": scenario.e2.pk, "card_number": "123", "valid_from": "2025-01-01"})
    assert r.status_code == 400 and "Không có đảng viên nào mang số thẻ «123»" in r.content.decode()
    client.force_login(world.other_secretary)
    assert client.get(url, {"organization_id": world.bloc.pk}).status_code == 404


def test_api_lists_an_enterprises_workers_and_ends_a_span(world, scenario, working):
    client = ApiClient(world.officer)
    rows = client.get(f"/enterprises/{scenario.e1.pk}/workers", on=ON.isoformat()).json()
    assert {r["full_name"] for r in rows} == {world.hanh.full_name, working[0].full_name}
    hanh = next(r for r in rows if r["member_id"] == world.hanh.pk)
    assert hanh["registered_organization_name"] == world.cell_a.name and hanh["position"] == "Kế toán trưởng"
    url = f"/enterprises/{scenario.e1.pk}/workers/{hanh['id']}/end"
    r = client.post(url, {"valid_to": "2023-12-31"})  # before the start: refused, nothing written
    assert r.status_code == 422 and (r.json()["field"], r.json()["rule"]) == ("valid_to", "event_order")
    assert EnterpriseWorker.objects.get(pk=hanh["id"]).valid_to is None
    r = client.post(url, {"valid_to": "2025-07-01"})
    assert r.status_code == 200 and r.json()["valid_to"] == "2025-07-01"
    assert client.post(url, {"valid_to": "2025-08-01"}).json()["rule"] == "worker_already_ended"
    assert [r["member_id"] for r in client.get(f"/enterprises/{scenario.e1.pk}/workers",
                                               on="2025-07-01").json()] == [working[0].pk]
    # the span is kept: the earlier date still lists her
    assert world.hanh.pk in {r["member_id"] for r in client.get(f"/enterprises/{scenario.e1.pk}/workers",
                                                                 on=ON.isoformat()).json()}
    # another enterprise's span through this enterprise's URL, and another subtree: 404
    far = EnterpriseWorker.objects.get(member=working[1])
    assert client.post(f"/enterprises/{scenario.e1.pk}/workers/{far.pk}/end",
                       {"valid_to": "2025-07-01"}).status_code == 404
    other = ApiClient(world.other_secretary)
    assert other.get(f"/enterprises/{scenario.e1.pk}/workers").status_code == 404


def test_the_enterprise_page_lists_records_and_ends_workers(world, scenario, working, client):
    client.force_login(world.officer)
    url = reverse("enterprise_detail", args=[scenario.e1.pk])
    html = client.get(url, {"on": ON.isoformat()}).content.decode()
    assert "Kế toán trưởng" in html and world.hanh.full_name in html and "Ghi thôi làm việc" in html
    action = reverse("enterprise_action", args=[scenario.e1.pk, "worker"])
    r = client.post(action, {"worker-card_number": "999", "worker-valid_from": "2025-01-01"})
    assert r.status_code == 422 and "Không có đảng viên nào mang số thẻ «999»" in r.content.decode()
    r = client.post(action, {"worker-card_number": "20000002", "worker-valid_from": "2025-01-01",
                             "worker-position": "Thủ kho"})
    assert r.status_code == 302 and EnterpriseWorker.objects.filter(enterprise=scenario.e1,
                                                                    member=working[1]).exists()
    w = EnterpriseWorker.objects.get(enterprise=scenario.e1, member=world.hanh)
    end = reverse("enterprise_action", args=[scenario.e1.pk, "worker_end"])
    r = client.post(end, {"worker_end-worker": w.pk, "worker_end-valid_to": "2020-01-01"})
    assert r.status_code == 422 and "Ngày thôi làm việc phải sau ngày bắt đầu" in r.content.decode()
    r = client.post(end, {"worker_end-worker": w.pk, "worker_end-valid_to": "2025-07-01"})
    assert r.status_code == 302
    w.refresh_from_db()
    assert w.valid_to == date(2025, 7, 1)
    assert AuditEntry.objects.filter(action="enterprise_worker_end", object_id=str(w.pk)).exists()
    # a viewer sees the list without the forms
    client.force_login(world.viewer)
    html = client.get(url, {"on": ON.isoformat()}).content.decode()
    assert world.hanh.full_name in html and "Ghi thôi làm việc" not in html
    assert "Ghi đảng viên làm việc tại doanh nghiệp" not in html


def test_the_add_form_finds_the_enterprise_by_suggestion_or_tax_code(world, scenario, working, client):
    client.force_login(world.officer)
    pick = client.get(reverse("enterprise_pick"), {"q": "may ha"}).json()["results"]
    assert [r["id"] for r in pick] == [scenario.e2.pk] and scenario.e2.tax_code in pick[0]["label"]
    assert client.get(reverse("enterprise_pick"), {"q": scenario.e1.tax_code[:6]}).json()["results"]
    url = f"{reverse('enterprise_worker_add')}?organization_id={world.bloc.pk}"
    r = client.post(url, {"enterprise_name": scenario.e2.tax_code, "card_number": "10234567",
                          "valid_from": "2025-01-01"})  # no JavaScript: the tax code alone
    assert r.status_code == 302 and EnterpriseWorker.objects.filter(enterprise=scenario.e2).count() == 2
    r = client.post(url, {"enterprise_name": scenario.e3.tax_code, "card_number": "10234567",
                          "valid_from": "2025-01-01"})  # e3 is followed by the local committee only
    assert r.status_code == 400 and scenario.e3.name not in r.content.decode()
    r = client.post(url, {"enterprise_name": "Công ty không có", "card_number": "20000002",
                          "valid_from": "2025-01-01"})
    assert r.status_code == 400 and "Chọn doanh nghiệp trong danh sách gợi ý" in r.content.decode()
    # an enterprise the user does not follow: the same words, nothing written, never named
    client.force_login(world.other_secretary)
    assert client.get(reverse("enterprise_pick"), {"q": "may ha"}).json()["results"] == []
