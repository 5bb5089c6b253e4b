from datetime import date, timedelta

from django.urls import reverse

from dangvu.core.dates import full_years_between, today
from dangvu.core.models import AuditEntry
from dangvu.members.models import EventKind, Member, MemberEvent
from dangvu.members.services import member_record


def test_list_finds_a_member_by_unaccented_name(as_user, world):
    r = as_user(world.officer).get(reverse("member_list"), {
        "organization_id": world.bloc.pk, "q": "nguyen thi hong hanh",
    })
    assert r.status_code == 200
    assert [row.member for row in r.context["page"].items] == [world.hanh]
    html = r.content.decode()
    assert "Nguyễn Thị Hồng Hạnh" in html and "Chi bộ Văn phòng Sở" in html


def test_list_defaults_to_the_assigned_organisation_and_filters(as_user, world):
    client = as_user(world.officer)
    r = client.get(reverse("member_list"))
    assert r.context["org"] == world.bloc and r.context["page"].count == 2
    r = client.get(reverse("member_list"), {"organization_id": world.bloc.pk, "status": "probationary"})
    assert [row.member for row in r.context["page"].items] == [world.binh]
    r = client.get(reverse("member_list"), {"organization_id": world.bloc.pk, "sex": "F"})
    assert [row.member for row in r.context["page"].items] == [world.hanh]
    r = client.get(reverse("member_list"), {"organization_id": world.bloc.pk, "on": "2010-01-01"})
    assert [row.member for row in r.context["page"].items] == [world.hanh]


def test_list_orders_by_given_name_pages_by_fifty_and_formats_the_total(as_user, world):
    for i in range(60):
        member_record(
            actor=world.root_user, organization=world.cell_b, full_name=f"Đặng Văn Ân {i:02d}", sex="M",
            birth_date=world.hanh.birth_date, admitted_on=date(2010, 1, 1),
        )
    client = as_user(world.officer)
    r = client.get(reverse("member_list"), {"organization_id": world.bloc.pk})
    page = r.context["page"]
    assert page.count == 62 and len(page.items) == 50 and page.pages == 2
    assert page.items[0].member.full_name.startswith("Đặng Văn Ân")
    html = r.content.decode()
    assert "Tổng số: <strong>62</strong>" in html and "Trang 1 / 2" in html and "page=2" in html
    r = client.get(reverse("member_list"), {"organization_id": world.bloc.pk, "page": 2})
    names = [row.member.full_name for row in r.context["page"].items]
    assert names[-2:] == ["Trần Văn Bình", "Nguyễn Thị Hồng Hạnh"]  # Bình before Hạnh, by given name
    assert ">51</td>" in r.content.decode()


def test_total_uses_vietnamese_thousands_separator(rf, world):
    from django.template import engines

    html = engines["django"].from_string("{{ n|so }}").render({"n": 8614})
    assert html == "8.614"


def test_list_rejects_bad_filters_in_vietnamese(as_user, world):
    r = as_user(world.officer).get(reverse("member_list"), {"organization_id": world.bloc.pk, "sex": "X"})
    assert r.context["page"] is None
    assert r.context["form"].errors["sex"] == ["«Giới tính»: lựa chọn không hợp lệ."]


def test_member_list_has_fixed_query_count(as_user, world, django_assert_max_num_queries):
    for i in range(30):
        member_record(
            actor=world.root_user, organization=world.cell_a if i % 2 else world.cell_b,
            full_name=f"Phạm Thị Mai {i}", sex="F", birth_date=world.hanh.birth_date,
            admitted_on=date(2010, 1, 1),
        )
    client = as_user(world.officer)
    # + the organisation picker's options and the rows' parents, + the subtree's path (members_of)
    with django_assert_max_num_queries(19):  # + the data version of the kept count, the page and the picker
        r = client.get(reverse("member_list"), {"organization_id": world.bloc.pk, "q": "pham"})
    assert r.context["page"].count == 30
    # The same page again: the rows, the count and the picker's options are kept (core.cache), 8 queries fewer.
    with django_assert_max_num_queries(11):
        again = client.get(reverse("member_list"), {"organization_id": world.bloc.pk, "q": "pham"})
    table = r.content.decode().split('<table class="table members">')[1].split("</table>")[0]
    assert table in again.content.decode() and table.count("<tr>") == 31


def test_member_page_shows_profile_age_and_timeline(as_user, world):
    r = as_user(world.officer).get(reverse("member_detail", args=[world.hanh.pk]))
    html = r.content.decode()
    assert r.status_code == 200
    for text in ["Nguyễn Thị Hồng Hạnh", "Chi bộ Văn phòng Sở", "02/05/1975", "Đảng viên chính thức",
                 "Chuyển đến từ ngoài hệ thống", "Công nhận đảng viên chính thức", "Ghi sự kiện"]:
        assert text in html, text
    assert r.context["party_age"] == full_years_between(world.hanh.admitted_on, today())
    assert f"<strong>{r.context['party_age']}</strong> năm" in html


def test_sensitive_fields_only_for_recorders_and_their_viewing_is_audited(as_user, world):
    before = AuditEntry.objects.filter(action="member_view_sensitive").count()
    html = as_user(world.viewer).get(reverse("member_detail", args=[world.hanh.pk])).content.decode()
    assert "037175000123" not in html and "Ghi sự kiện" not in html
    assert AuditEntry.objects.filter(action="member_view_sensitive").count() == before
    html = as_user(world.secretary).get(reverse("member_detail", args=[world.hanh.pk])).content.decode()
    assert "037175000123" in html
    entry = AuditEntry.objects.filter(action="member_view_sensitive").get()
    assert entry.actor == world.secretary and entry.object_id == str(world.hanh.pk)
    assert "037175000123" not in str(entry.after)


def test_event_form_offers_recordable_kinds_and_cells(as_user, world):
    form = as_user(world.officer).get(reverse("member_detail", args=[world.hanh.pk])).context["event_form"]
    kinds = [v for v, _ in form.fields["kind"].choices if v]
    assert "transferred" in kinds and "org_merged" not in kinds and "admitted" not in kinds
    cells = set(form.fields["to_organization"].queryset)
    # The transfer rule, not the officer's scope: every open cell of the province but Hạnh's own (cell_l lies
    # under another committee: the receiving committee accepts the transfer).
    assert cells == {world.cell_b, world.cell_c, world.cell_l}


def test_officer_transfers_a_member_and_sees_it_on_the_timeline(as_user, world):
    client = as_user(world.officer)
    r = client.post(reverse("member_event_record", args=[world.hanh.pk]), {
        "kind": "transferred", "effective_on": today().isoformat(), "to_organization": world.cell_c.pk,
        "document": "15-QĐ/ĐUK", "note": "Điều động",
    })
    assert r.status_code == 302 and r.url == reverse("member_detail", args=[world.hanh.pk])
    r = client.get(r.url)
    html = r.content.decode()
    assert "Đã ghi nhận: Chuyển sinh hoạt đảng." in html
    assert "Chi bộ Văn phòng Sở → Chi bộ Công ty TNHH May Nam Sơn" in html and "15-QĐ/ĐUK" in html
    world.hanh.refresh_from_db()
    assert world.hanh.organization == world.cell_c


def test_temporary_transfer_shows_the_host_organisation(as_user, world):
    client = as_user(world.officer)
    client.post(reverse("member_event_record", args=[world.hanh.pk]), {
        "kind": "transferred", "effective_on": today().isoformat(), "to_organization": world.cell_b.pk,
        "temporary": "on", "temporary_until": (today() + timedelta(days=120)).isoformat(), "temporary_purpose": "work",
    })
    html = client.get(reverse("member_detail", args=[world.hanh.pk])).content.decode()
    assert "Sinh hoạt tạm thời tại" in html and "(tạm thời)" in html


def test_voiding_the_latest_event_strikes_it_through(as_user, world):
    client = as_user(world.secretary)
    client.post(reverse("member_event_record", args=[world.hanh.pk]), {
        "kind": "exempted", "effective_on": today().isoformat(),
    })
    event = MemberEvent.objects.get(member=world.hanh, kind=EventKind.EXEMPTED)
    r = client.post(reverse("member_event_void", args=[world.hanh.pk]), {
        "event_id": event.pk, "reason": "Ghi nhầm đảng viên",
    })
    assert r.status_code == 302
    html = client.get(reverse("member_detail", args=[world.hanh.pk])).content.decode()
    assert 'class="voided"' in html and "Lý do: Ghi nhầm đảng viên" in html
    world.hanh.refresh_from_db()
    assert not world.hanh.exempted


def test_event_bad_input_names_the_field_and_writes_nothing(as_user, world):
    client = as_user(world.officer)
    counts = (MemberEvent.objects.count(), AuditEntry.objects.count())
    url = reverse("member_event_record", args=[world.hanh.pk])
    r = client.post(url, {"kind": "", "effective_on": ""})
    assert r.status_code == 400
    errors = r.context["event_form"].errors
    assert errors["kind"] == ["Chưa chọn «Loại sự kiện»."]
    assert errors["effective_on"] == ["Chưa nhập «Ngày hiệu lực»."]
    r = client.post(url, {"kind": "transferred", "effective_on": today().isoformat()})
    assert r.context["event_form"].errors["to_organization"] == ["Chọn chi bộ nơi chuyển đến."]
    future = (today() + timedelta(days=2)).isoformat()
    r = client.post(url, {"kind": "struck_off", "effective_on": future})
    assert "ở tương lai" in r.context["event_form"].errors["effective_on"][0]
    r = client.post(url, {"kind": "recognised_full", "effective_on": today().isoformat()})
    assert "đã là đảng viên chính thức" in r.context["event_form"].errors["kind"][0]
    r = client.post(reverse("member_event_record", args=[world.binh.pk]), {
        "kind": "recognised_full", "effective_on": today().isoformat(),
    })
    assert "Chưa đủ 12 tháng dự bị" in r.content.decode()
    r = client.post(reverse("member_event_void", args=[world.hanh.pk]), {
        "event_id": world.hanh.events.last().pk, "reason": "",
    })
    assert r.context["void_form"].errors["reason"] == ["Chưa nhập «Lý do hủy»."]
    assert (MemberEvent.objects.count(), AuditEntry.objects.count()) == counts


def test_new_member_is_recorded_from_the_org_page(as_user, world):
    client = as_user(world.secretary)
    assert "Ghi hồ sơ đảng viên mới" in client.get(reverse("org_detail", args=[world.cell_a.pk])).content.decode()
    r = client.post(reverse("member_new", args=[world.cell_a.pk]), {
        "full_name": "Đỗ Minh Khoa", "sex": "M", "birth_date": "1990-04-30", "admitted_on": "2015-09-02",
        "ceremony_on": "2015-09-10", "full_on": "2016-09-10", "citizen_id": "037090000777",
        "ethnic_group": "Kinh", "religion": "Không", "theory_level": "elementary", "phone": "0987654321",
    })
    member = Member.objects.get(full_name="Đỗ Minh Khoa")
    assert r.status_code == 302 and r.url == reverse("member_detail", args=[member.pk])
    assert member.organization == world.cell_a and member.status == "full"
    assert member.theory_level == "elementary" and member.phone == "0987654321"


def test_new_member_bad_input_names_the_field_and_writes_nothing(as_user, world):
    client = as_user(world.secretary)
    counts = (Member.objects.count(), MemberEvent.objects.count(), AuditEntry.objects.count())
    url = reverse("member_new", args=[world.cell_a.pk])
    r = client.post(url, {"full_name": "", "sex": "M", "birth_date": "1990-04-30"})
    assert r.status_code == 400
    assert r.context["form"].errors["full_name"] == ["Chưa nhập «Họ và tên»."]
    assert r.context["form"].errors["admitted_on"] == ["Chưa nhập «Ngày quyết định kết nạp»."]
    r = client.post(url, {
        "full_name": "Đỗ Minh Khoa", "sex": "M", "birth_date": "2010-01-01", "admitted_on": "2020-01-01",
        "citizen_id": "12345",
    })
    assert "đủ 18 tuổi" in r.context["form"].errors["birth_date"][0]
    r = client.post(url, {
        "full_name": "Đỗ Minh Khoa", "sex": "M", "birth_date": "1990-01-01", "admitted_on": "2020-01-01",
        "citizen_id": "037175000123",
    })
    assert "đã có trong hồ sơ" in r.context["form"].errors["citizen_id"][0]
    assert (Member.objects.count(), MemberEvent.objects.count(), AuditEntry.objects.count()) == counts


def test_viewer_cannot_record(as_user, world):
    client = as_user(world.viewer)
    r = client.post(reverse("member_event_record", args=[world.hanh.pk]), {
        "kind": "exempted", "effective_on": today().isoformat(),
    })
    assert r.status_code == 403
    assert client.get(reverse("member_new", args=[world.cell_a.pk])).status_code == 403


def test_it_validates_scope(as_user, world):
    client = as_user(world.other_secretary)
    assert client.get(reverse("member_detail", args=[world.hanh.pk])).status_code == 404
    assert client.get(reverse("member_detail", args=[world.anh.pk])).status_code == 200
    assert client.get(reverse("member_list"), {"organization_id": world.bloc.pk}).status_code == 404
    assert client.get(reverse("member_list"), {"organization_id": "abc"}).status_code == 404
    assert client.get(reverse("member_new", args=[world.cell_a.pk])).status_code == 404
    r = client.post(reverse("member_event_record", args=[world.hanh.pk]), {
        "kind": "exempted", "effective_on": today().isoformat(),
    })
    assert r.status_code == 404
    assert not MemberEvent.objects.filter(kind=EventKind.EXEMPTED).exists()
    # A secretary of one cell does not see a sibling cell's member either.
    assert as_user(world.secretary).get(reverse("member_detail", args=[world.binh.pk])).status_code == 404
