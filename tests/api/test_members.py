from datetime import date

import pytest

from dangvu.core.models import AuditEntry
from dangvu.members.models import Member, MemberEvent
from dangvu.members.services import member_record

from .conftest import ApiClient, counts

NEW_MEMBER = {
    "full_name": "Đỗ Minh Châu",
    "sex": "F",
    "birth_date": "1996-04-12",
    "admitted_on": "2025-09-02",
    "ceremony_on": "2025-09-10",
    "citizen_id": "037196000777",
    "card_number": "20345678",
    "phone": "0912345678",
    "address": "Phường Tân Thành",
    "ethnic_group": "Tày",
    "theory_level": "intermediate",
    "occupation": "Chuyên viên",
    "document": "12-QĐ/ĐU",
}


def test_it_lists_members_of_the_subtree_in_name_order(world):
    r = ApiClient(world.officer).get("/members", on="2026-06-01")
    assert r.status_code == 200
    body = r.json()
    assert (body["count"], body["page"], body["pages"]) == (2, 1, 1)
    # Vietnamese order by given name: Bình before Hạnh.
    assert [i["full_name"] for i in body["items"]] == ["Trần Văn Bình", "Nguyễn Thị Hồng Hạnh"]
    assert body["items"][1] == {
        "id": world.hanh.pk,
        "full_name": "Nguyễn Thị Hồng Hạnh",
        "sex": "F",
        "birth_date": "1975-05-02",
        "status": "full",
        "organization_id": world.cell_a.pk,
        "organization_name": "Chi bộ Văn phòng Sở",
        "admitted_on": "2000-03-01",
        "full_on": "2001-03-10",
    }
    assert "citizen_id" not in body["items"][1] and "phone" not in body["items"][1]


def test_it_filters_members(world):
    api = ApiClient(world.root_user)
    assert api.get("/members").json()["count"] == 3  # superuser: the root
    assert [i["full_name"] for i in api.get("/members", q="hong hanh").json()["items"]] == ["Nguyễn Thị Hồng Hạnh"]
    assert api.get("/members", status="probationary").json()["count"] == 1
    assert api.get("/members", sex="F", organization_id=world.bloc.pk).json()["count"] == 1
    assert api.get("/members", sector="state_agency").json()["count"] == 2
    assert api.get("/members", organization_id=world.cell_b.pk).json()["items"][0]["full_name"] == "Trần Văn Bình"
    # Bình was admitted on 05/01/2026: not yet a member at the end of 2025.
    assert api.get("/members", organization_id=world.bloc.pk, on="2025-12-31").json()["count"] == 1
    assert api.get("/members", page=2).json() == {"count": 3, "page": 2, "pages": 1, "next_after": None, "items": []}


def test_it_reads_a_subtree_page_after_page_by_cursor(world):
    api = ApiClient(world.root_user)
    first = api.get("/members", organization_id=world.province.pk).json()
    assert first["next_after"] is None  # three members: one page
    # A cursor from an earlier page: only those after it, in the same order.
    names = [i["full_name"] for i in first["items"]]
    rest = api.get("/members", organization_id=world.province.pk, after=_cursor_of(first["items"][0]["id"])).json()
    assert [i["full_name"] for i in rest["items"]] == names[1:]
    bad = api.get("/members", after="nope")
    assert bad.status_code == 422 and bad.json()["field"] == "after"


def _cursor_of(member_id: int) -> str:
    return f"{Member.objects.get(pk=member_id).sort_key}.{member_id}"


def test_it_records_a_member(world):
    api = ApiClient(world.secretary)
    r = api.post("/members", {**NEW_MEMBER, "organization_id": world.cell_a.pk})
    assert r.status_code == 201, r.content
    body = r.json()
    member = Member.objects.get(pk=body["id"])
    assert member.citizen_id == "037196000777" and member.ethnic_group == "Tày" and member.phone == "0912345678"
    assert body["organization_id"] == world.cell_a.pk and body["status"] == "probationary"
    assert body["sensitive"] is None  # shown on GET, where the disclosure is logged
    assert [e["kind"] for e in body["events"]] == ["admitted"] and body["events"][0]["document"] == "12-QĐ/ĐU"
    assert AuditEntry.objects.filter(action="member_record", object_id=str(member.pk)).exists()


def test_it_shows_a_member_with_party_age_and_timeline(world):
    r = ApiClient(world.viewer).get(f"/members/{world.hanh.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["full_name"] == "Nguyễn Thị Hồng Hạnh" and body["card_number"] == "10234567"
    assert body["party_age"] >= 26  # admitted 01/03/2000
    assert [e["kind"] for e in body["events"]] == ["recognised_full", "joined"]
    assert body["events"][0]["kind_label"] == "Công nhận đảng viên chính thức"


def test_sensitive_fields_only_for_those_who_record_members_and_each_view_is_logged(world):
    views = AuditEntry.objects.filter(action="member_view_sensitive")
    r = ApiClient(world.viewer).get(f"/members/{world.hanh.pk}")
    assert r.json()["sensitive"] is None and "037175000123" not in r.content.decode()
    assert views.count() == 0
    r = ApiClient(world.secretary).get(f"/members/{world.hanh.pk}")
    assert r.json()["sensitive"] == {"citizen_id": "037175000123", "phone": "", "address": ""}
    entry = views.get()
    assert entry.actor == world.secretary and entry.object_id == str(world.hanh.pk)
    assert "037175000123" not in str(entry.after)
    # Bình sits in cell_b, outside the cell_a secretary's subtree: 404, nothing disclosed.
    assert ApiClient(world.secretary).get(f"/members/{world.binh.pk}").status_code == 404
    assert views.count() == 1


def test_it_records_a_transfer_and_voids_it(world):
    api = ApiClient(world.officer)
    r = api.post(
        f"/members/{world.hanh.pk}/events",
        {
            "kind": "transferred",
            "effective_on": "2026-06-01",
            "to_organization_id": world.cell_b.pk,
            "document": "45-QĐ/ĐU",
            "note": "Theo điều động công tác",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["event"]["kind"] == "transferred" and body["event"]["to_organization_id"] == world.cell_b.pk
    assert body["member"]["organization_id"] == world.cell_b.pk
    assert body["member"]["organization_name"] == "Chi bộ Phòng Nghiệp vụ"
    r = api.post(f"/members/{world.hanh.pk}/events/{body['event']['id']}/void", {"reason": "Nhập nhầm chi bộ"})
    assert r.status_code == 200, r.content
    assert r.json()["event"]["void_reason"] == "Nhập nhầm chi bộ" and r.json()["event"]["voided_at"]
    assert r.json()["member"]["organization_id"] == world.cell_a.pk


def test_a_transfer_may_go_to_a_cell_outside_the_users_scope(world):
    r = ApiClient(world.secretary).post(
        f"/members/{world.hanh.pk}/events",
        {
            "kind": "transferred",
            "effective_on": "2026-06-01",
            "to_organization_id": world.cell_l.pk,
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["member"]["organization_id"] == world.cell_l.pk
    # Now in another subtree: the secretary no longer sees her.
    assert ApiClient(world.secretary).get(f"/members/{world.hanh.pk}").status_code == 404


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("struck_off", {}),
        ("deceased", {}),
        ("exempted", {}),
        ("transferred_out", {"destination": "Tỉnh Nam Định"}),
    ],
)
def test_it_records_lifecycle_events(world, kind, extra):
    r = ApiClient(world.officer).post(
        f"/members/{world.hanh.pk}/events", {"kind": kind, "effective_on": "2026-06-01", **extra}
    )
    assert r.status_code == 201, r.content
    assert r.json()["event"]["kind"] == kind


def test_it_validates_scope(world, no_unexpected_errors):
    other = ApiClient(world.other_secretary)
    for path in (f"/members/{world.hanh.pk}", "/members/999999"):
        r = other.get(path)
        assert r.status_code == 404 and r.json()["detail"] == "Không tìm thấy hoặc bạn không có quyền xem."
    assert other.get("/members", organization_id=world.bloc.pk).status_code == 404
    assert [i["full_name"] for i in other.get("/members").json()["items"]] == ["Lê Thị Ánh"]
    event = MemberEvent.objects.filter(member=world.hanh).last()
    assert event is not None
    before = counts()
    assert (
        other.post(f"/members/{world.hanh.pk}/events", {"kind": "deceased", "effective_on": "2026-06-01"}).status_code
        == 404
    )
    assert other.post(f"/members/{world.hanh.pk}/events/{event.pk}/void", {"reason": "x"}).status_code == 404
    assert other.post("/members", {**NEW_MEMBER, "organization_id": world.cell_a.pk}).status_code == 404
    # An event id of another member is not found through this member.
    anh_event = MemberEvent.objects.filter(member=world.anh).last()
    assert anh_event is not None
    assert (
        ApiClient(world.root_user)
        .post(f"/members/{world.hanh.pk}/events/{anh_event.pk}/void", {"reason": "x"})
        .status_code
        == 404
    )
    viewer = ApiClient(world.viewer)
    before = counts()
    r = viewer.post("/members", {**NEW_MEMBER, "organization_id": world.cell_a.pk})
    assert r.status_code == 403 and r.json()["detail"]
    assert (
        viewer.post(f"/members/{world.hanh.pk}/events", {"kind": "deceased", "effective_on": "2026-06-01"}).status_code
        == 403
    )
    assert viewer.post(f"/members/{world.hanh.pk}/events/{event.pk}/void", {"reason": "x"}).status_code == 403
    assert counts() == before


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"full_name": None}, "full_name", "Thiếu trường bắt buộc 'full_name' (họ và tên)"),
        ({"full_name": "   "}, "full_name", "không được để trống"),
        ({"full_name": "A" * 129}, "full_name", "dài quá 128 ký tự"),
        ({"sex": "X"}, "sex", "'M' hoặc 'F'"),
        ({"birth_date": "12/04/1996"}, "birth_date", "YYYY-MM-DD"),
        ({"birth_date": "1996-02-30"}, "birth_date", "YYYY-MM-DD"),
        ({"birth_date": "2010-01-01"}, "birth_date", "18"),
        ({"admitted_on": "2099-01-01"}, "admitted_on", "tương lai"),
        ({"organization_id": "một"}, "organization_id", "số nguyên"),
        ({"citizen_id": "123"}, "citizen_id", "12 chữ số"),
        ({"citizen_id": "037175000123"}, "citizen_id", "đã có"),
        ({"card_number": "abc"}, "card_number", "6–12 chữ số"),
        ({"theory_level": "doctor"}, "theory_level", "không hợp lệ"),
        ({"phone": "0" * 21}, "phone", "dài quá 20"),
        ({"ceremony_on": "2025-09-01"}, "ceremony_on", "trước ngày quyết định"),
        ({"document": "x" * 65}, "document", "dài quá 64"),
    ],
)
def test_bad_member_input_names_the_field_and_writes_nothing(world, no_unexpected_errors, change, field, words):
    api = ApiClient(world.secretary)
    body = {**NEW_MEMBER, "organization_id": world.cell_a.pk, **change}
    body = {k: v for k, v in body.items() if v is not None}
    before = counts()
    r = api.post("/members", body)
    assert r.status_code == 422, r.content
    assert r.json()["field"] == field, r.json()
    assert words in r.json()["detail"], r.json()["detail"]
    assert counts() == before


def test_recording_into_a_committee_instead_of_a_cell_is_refused(world, no_unexpected_errors):
    api = ApiClient(world.officer)
    before = counts()
    r = api.post("/members", {**NEW_MEMBER, "organization_id": world.committee.pk})
    assert r.status_code == 422 and r.json()["field"] == "organization_id" and r.json()["rule"] == "member_in_cell"
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"kind": "transferred", "effective_on": "2026-06-01"}, "to_organization_id", "Chọn chi bộ"),
        ({"kind": "promoted", "effective_on": "2026-06-01"}, "kind", "phải là một trong"),
        ({"kind": "deceased"}, "effective_on", "Thiếu trường bắt buộc 'effective_on'"),
        ({"kind": "deceased", "effective_on": "hôm qua"}, "effective_on", "YYYY-MM-DD"),
        ({"kind": "deceased", "effective_on": "2099-06-01"}, "effective_on", "tương lai"),
        ({"kind": "deceased", "effective_on": "2005-06-01"}, "effective_on", ""),
        (
            {"kind": "transferred", "effective_on": "2026-06-01", "to_organization_id": "x"},
            "to_organization_id",
            "số nguyên",
        ),
        (
            {
                "kind": "transferred",
                "effective_on": "2026-06-01",
                "temporary": "có lẽ",
                "to_organization_id": 1,
            },
            "temporary",
            "true hoặc false",
        ),
        ({"kind": "reinstated", "effective_on": "2026-06-01"}, None, ""),
        ({"kind": "deceased", "effective_on": "2026-06-01", "note": "n" * 2001}, "note", "dài quá 2000"),
    ],
)
def test_bad_event_input_names_the_field_and_writes_nothing(world, no_unexpected_errors, body, field, words):
    api = ApiClient(world.officer)
    before = counts()
    r = api.post(f"/members/{world.hanh.pk}/events", body)
    assert r.status_code == 422, r.content
    if field is not None:
        assert r.json()["field"] == field, r.json()
    assert words in r.json()["detail"] and r.json()["detail"]
    assert counts() == before


def test_bad_void_input_is_refused_and_writes_nothing(world, no_unexpected_errors):
    api = ApiClient(world.officer)
    first = MemberEvent.objects.filter(member=world.hanh).order_by("effective_on").first()
    latest = MemberEvent.objects.filter(member=world.hanh).order_by("effective_on").last()
    assert first is not None and latest is not None
    before = counts()
    r = api.post(f"/members/{world.hanh.pk}/events/{latest.pk}/void", {"reason": "  "})
    assert r.status_code == 422 and r.json()["field"] == "reason"
    r = api.post(f"/members/{world.hanh.pk}/events/{latest.pk}/void", {})
    assert r.status_code == 422 and "Thiếu trường bắt buộc 'reason'" in r.json()["detail"]
    r = api.post(f"/members/{world.hanh.pk}/events/{first.pk}/void", {"reason": "sai"})
    assert r.status_code == 422 and r.json()["rule"] == "void_latest_only"
    r = api.post(f"/members/{world.hanh.pk}/events/abc/void", {"reason": "sai"})
    assert r.status_code == 422 and r.json()["field"] == "event_id"
    r = api.post(f"/members/{world.hanh.pk}/events/{latest.pk}/void", "{không phải json")
    assert r.status_code == 400 and "JSON" in r.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"on": "2026-13-01"}, "on"),
        ({"page": "hai"}, "page"),
        ({"page": 0}, "page"),
        ({"status": "chinh_thuc"}, "status"),
        ({"sex": "N"}, "sex"),
        ({"sector": "bank"}, "sector"),
        ({"theory_level": "doctor"}, "theory_level"),
        ({"organization_id": "x"}, "organization_id"),
        ({"q": "a" * 200}, "q"),
    ],
)
def test_bad_list_filters_name_the_field(world, no_unexpected_errors, params, field):
    r = ApiClient(world.officer).get("/members", **params)
    assert r.status_code == 422, r.content
    assert r.json()["field"] == field and r.json()["detail"]


def test_list_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    api = ApiClient(world.officer)
    with django_assert_max_num_queries(13):  # + token last use (an UPDATE a minute at most), path, data version
        small = api.get("/members")
    for i in range(60):
        member_record(
            actor=world.root_user,
            organization=world.cell_a if i % 2 else world.cell_c,
            full_name=f"Phạm Văn {i}",
            sex="M",
            birth_date=date(1990, 1, 1),
            admitted_on=date(2021, 1, 1),
        )
    api = ApiClient(world.officer)
    with django_assert_max_num_queries(13):  # + token last use (an UPDATE a minute at most), path, data version
        big = api.get("/members")
    assert small.json()["count"] == 2 and big.json()["count"] == 62
    assert len(big.json()["items"]) == 50 and big.json()["pages"] == 2
