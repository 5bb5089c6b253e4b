from datetime import date

import pytest

from dangvu.members.services import member_record
from dangvu.orgs.models import Organization, OrgEvent
from dangvu.orgs.services import org_found, org_rename

from .conftest import ApiClient, counts


def names(items):
    return [i["name"] for i in items]


def test_it_lists_the_visible_tree_with_subtree_headcounts(world):
    r = ApiClient(world.officer).get("/organizations", on="2026-06-01")
    assert r.status_code == 200
    body = r.json()
    assert body["on"] == "2026-06-01" and body["count"] == 5
    by_id = {i["id"]: i for i in body["items"]}
    assert set(by_id) == {
        world.bloc.pk,
        world.committee.pk,
        world.cell_a.pk,
        world.cell_b.pk,
        world.cell_c.pk,
    }
    assert by_id[world.bloc.pk]["member_count"] == 2
    assert by_id[world.committee.pk]["member_count"] == 2
    assert by_id[world.cell_c.pk]["member_count"] == 0
    assert by_id[world.cell_a.pk] == {
        "id": world.cell_a.pk,
        "name": "Chi bộ Văn phòng Sở",
        "kind": "subordinate_cell",
        "parent_id": world.committee.pk,
        "sector": "state_agency",
        "founded_on": "2008-03-01",
        "dissolved_on": None,
        "member_count": 1,
    }


def test_it_filters_by_parent_and_answers_as_of_a_date(world):
    org_rename(
        actor=world.root_user,
        org=world.cell_c,
        name="Chi bộ Công ty CP May Nam Sơn",
        effective_on=date(2026, 2, 1),
    )
    api = ApiClient(world.officer)
    r = api.get("/organizations", parent_id=world.bloc.pk, on="2026-01-01")
    assert sorted(names(r.json()["items"])) == ["Chi bộ Công ty TNHH May Nam Sơn", "Đảng bộ Sở Y tế"]
    r = api.get("/organizations", parent_id=world.bloc.pk, on="2026-03-01")
    assert "Chi bộ Công ty CP May Nam Sơn" in names(r.json()["items"])
    # Before the province admitted Bình (05/01/2026) the committee had one member.
    r = api.get("/organizations", parent_id=world.committee.pk, on="2025-12-31")
    assert {i["id"]: i["member_count"] for i in r.json()["items"]} == {world.cell_a.pk: 1, world.cell_b.pk: 0}
    # The bloc was founded in 2008: nothing of it existed in 2000.
    assert api.get("/organizations", on="2000-01-01").json()["items"] == []


def test_root_sees_the_whole_province(world):
    r = ApiClient(world.root_user).get("/organizations")
    assert r.json()["count"] == Organization.objects.count()
    assert r.json()["items"][0]["id"] == world.province.pk and r.json()["items"][0]["member_count"] == 3


def test_it_shows_an_organization_with_its_events(world):
    r = ApiClient(world.viewer).get(f"/organizations/{world.committee.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "Đảng bộ Sở Y tế" and body["kind_label"] == "Đảng bộ cơ sở"
    assert body["member_count"] == 2 and body["parent_id"] == world.bloc.pk
    assert [e["kind"] for e in body["events"]] == ["founded"]


def test_it_founds_an_organization(world):
    api = ApiClient(world.officer)
    r = api.post(
        "/organizations",
        {
            "name": "  Chi bộ Công ty Cổ phần Xi măng  ",
            "kind": "grassroots_cell",
            "parent_id": world.bloc.pk,
            "sector": "non_state_enterprise",
            "founded_on": "2026-03-01",
            "document": "15-QĐ/ĐUK",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["name"] == "Chi bộ Công ty Cổ phần Xi măng" and body["parent_id"] == world.bloc.pk
    assert body["events"][0]["document"] == "15-QĐ/ĐUK"
    listed = api.get("/organizations", parent_id=world.bloc.pk).json()["items"]
    assert body["id"] in [i["id"] for i in listed]


def test_it_renames_moves_and_dissolves(world):
    api = ApiClient(world.admin)
    r = api.post(
        f"/organizations/{world.cell_c.pk}/events",
        {"kind": "renamed", "effective_on": "2026-02-01", "name": "Chi bộ Công ty CP May Nam Sơn"},
    )
    assert r.status_code == 201, r.content
    assert r.json()["organization"]["name"] == "Chi bộ Công ty CP May Nam Sơn"
    r = api.post(
        f"/organizations/{world.cell_c.pk}/events",
        {"kind": "moved", "effective_on": "2026-03-01", "parent_id": world.local.pk},
    )
    assert r.status_code == 201, r.content
    assert r.json()["organization"]["parent_id"] == world.local.pk
    r = api.post(f"/organizations/{world.cell_c.pk}/events", {"kind": "dissolved", "effective_on": "2026-04-01"})
    assert r.status_code == 201, r.content
    assert r.json()["organization"]["dissolved_on"] == "2026-04-01"
    assert [e["kind"] for e in r.json()["organization"]["events"]] == [
        "founded",
        "renamed",
        "moved",
        "dissolved",
    ]


def test_it_merges_and_members_follow(world):
    api = ApiClient(world.officer)
    r = api.post(
        f"/organizations/{world.cell_b.pk}/events",
        {"kind": "merged", "effective_on": "2026-06-01", "into_id": world.cell_a.pk, "document": "7-QĐ"},
    )
    assert r.status_code == 201, r.content
    assert r.json()["related_organization_id"] == world.cell_a.pk
    assert r.json()["organization"]["dissolved_on"] == "2026-06-01"
    world.binh.refresh_from_db()
    assert world.binh.organization_id == world.cell_a.pk


def test_it_splits_off_a_new_cell_with_the_chosen_members(world):
    api = ApiClient(world.officer)
    r = api.post(
        f"/organizations/{world.cell_a.pk}/events",
        {
            "kind": "split",
            "effective_on": "2026-06-01",
            "name": "Chi bộ Phòng Kế hoạch",
            "member_ids": [world.hanh.pk],
        },
    )
    assert r.status_code == 201, r.content
    new_id = r.json()["related_organization_id"]
    world.hanh.refresh_from_db()
    assert world.hanh.organization_id == new_id
    assert api.get(f"/organizations/{new_id}").json()["member_count"] == 1


def test_it_validates_scope(world, no_unexpected_errors):
    other = ApiClient(world.other_secretary)
    assert world.bloc.pk not in [i["id"] for i in other.get("/organizations").json()["items"]]
    for path in (f"/organizations/{world.bloc.pk}", "/organizations/999999"):
        r = other.get(path)
        assert r.status_code == 404
        assert r.json()["detail"] == "Không tìm thấy hoặc bạn không có quyền xem."
    assert other.get("/organizations", parent_id=world.bloc.pk).status_code == 404
    before = counts()
    r = other.post(f"/organizations/{world.cell_c.pk}/events", {"kind": "dissolved", "effective_on": "2026-04-01"})
    assert r.status_code == 404
    r = other.post(
        "/organizations",
        {"name": "X", "kind": "grassroots_cell", "parent_id": world.bloc.pk, "founded_on": "2026-01-01"},
    )
    assert r.status_code == 404
    # The officer may move within the bloc but not into another subtree.
    r = ApiClient(world.officer).post(
        f"/organizations/{world.cell_c.pk}/events",
        {"kind": "moved", "effective_on": "2026-03-01", "parent_id": world.local.pk},
    )
    assert r.status_code == 404
    viewer = ApiClient(world.viewer)
    before = counts()
    r = viewer.post(
        "/organizations",
        {"name": "X", "kind": "grassroots_cell", "parent_id": world.bloc.pk, "founded_on": "2026-01-01"},
    )
    assert r.status_code == 403 and "không được phép" in r.json()["detail"]
    r = viewer.post(f"/organizations/{world.cell_c.pk}/events", {"kind": "dissolved", "effective_on": "2026-04-01"})
    assert r.status_code == 403
    # A cell secretary may record members but not restructure.
    r = ApiClient(world.secretary).post(
        f"/organizations/{world.cell_a.pk}/events",
        {"kind": "renamed", "effective_on": "2026-04-01", "name": "Y"},
    )
    assert r.status_code == 403
    assert counts() == {**before, "AuditEntry": before["AuditEntry"] + 1}  # the secretary's token only


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"kind": "renamed", "effective_on": "2026-02-01"}, "name", "Thiếu trường bắt buộc 'name'"),
        ({"kind": "moved", "effective_on": "2026-02-01"}, "parent_id", "'parent_id'"),
        ({"kind": "merged", "effective_on": "2026-02-01"}, "into_id", "'into_id'"),
        ({"kind": "split", "effective_on": "2026-02-01", "name": "Mới"}, "member_ids", "'member_ids'"),
        ({"kind": "closed", "effective_on": "2026-02-01"}, "kind", "phải là một trong"),
        ({"kind": "renamed", "effective_on": "01/02/2026", "name": "Mới"}, "effective_on", "YYYY-MM-DD"),
        ({"kind": "renamed", "name": "Mới"}, "effective_on", "Thiếu trường bắt buộc 'effective_on'"),
        ({"kind": "renamed", "effective_on": "2099-01-01", "name": "Mới"}, "effective_on", "tương lai"),
        ({"kind": "renamed", "effective_on": "2026-02-01", "name": "x" * 300}, "name", "dài quá 255"),
        (
            {"kind": "renamed", "effective_on": "2026-02-01", "name": "Mới", "document": "d" * 65},
            "document",
            "dài quá 64",
        ),
        ({"kind": "merged", "effective_on": "2026-02-01", "into_id": "abc"}, "into_id", "số nguyên"),
        (
            {"kind": "split", "effective_on": "2026-02-01", "name": "Mới", "member_ids": "1,2"},
            "member_ids",
            "danh sách",
        ),
        ({"kind": "dissolved", "effective_on": "2000-01-01"}, "effective_on", "thành lập"),
    ],
)
def test_bad_event_input_names_the_field_and_writes_nothing(world, no_unexpected_errors, body, field, words):
    api = ApiClient(world.officer)
    before = counts()
    r = api.post(f"/organizations/{world.cell_c.pk}/events", body)
    assert r.status_code == 422, r.content
    assert r.json()["field"] == field
    assert words in r.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "grassroots_cell", "founded_on": "2026-01-01"}, "name"),
        ({"name": "X", "kind": "cell", "founded_on": "2026-01-01"}, "kind"),
        ({"name": "X", "kind": "grassroots_cell", "sector": "bank", "founded_on": "2026-01-01"}, "sector"),
        ({"name": "X", "kind": "grassroots_cell", "founded_on": "2026-02-30"}, "founded_on"),
        ({"name": "X", "kind": "subordinate_cell", "founded_on": "2026-01-01", "parent": 1}, "parent_id"),
        ({"name": "   ", "kind": "grassroots_cell", "founded_on": "2026-01-01", "parent": 1}, "name"),
    ],
)
def test_bad_found_input_names_the_field_and_writes_nothing(world, no_unexpected_errors, body, field):
    api = ApiClient(world.officer)
    if body.pop("parent", None) or "parent_id" not in body:
        body["parent_id"] = world.bloc.pk
    before = counts()
    r = api.post("/organizations", body)
    assert r.status_code == 422, r.content
    assert r.json()["field"] == field and r.json()["detail"]
    assert counts() == before


def test_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    api = ApiClient(world.officer)
    with django_assert_max_num_queries(10):  # + the snapshot watermark (members.snapshots), the token's last use
        small = api.get("/organizations")
    for i in range(12):
        cell = org_found(
            actor=world.root_user,
            name=f"Chi bộ số {i}",
            kind="subordinate_cell",
            parent=world.committee,
            founded_on=date(2020, 1, 1),
        )
        member_record(
            actor=world.root_user,
            organization=cell,
            full_name=f"Phạm Văn {i}",
            sex="M",
            birth_date=date(1990, 1, 1),
            admitted_on=date(2021, 1, 1),
        )
    api = ApiClient(world.officer)
    with django_assert_max_num_queries(10):  # + the snapshot watermark (members.snapshots), the token's last use
        big = api.get("/organizations")
    assert big.json()["count"] == small.json()["count"] + 12
    assert {i["id"]: i for i in big.json()["items"]}[world.bloc.pk]["member_count"] == 14
    assert OrgEvent.objects.exists()
