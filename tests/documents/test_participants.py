"""Conference participants are people (members of the committee's subtree picked by name, or outsiders by name)
and bodies (party organisations, or other agencies by name), shown apart in the minutes and the Word export."""

import io
from datetime import date

import pytest
from django.test import Client
from docx import Document as Docx

from dangvu.core.errors import DomainError
from dangvu.documents.models import Conference, Participant, ParticipantKind
from dangvu.documents.services import ParticipantInput, conference_record
from tests.api.conftest import ApiClient


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _record(world, participants):
    return conference_record(actor=world.officer, organization=world.bloc, kind="interim", title="Sơ kết quy chế",
                             held_on=date(2025, 3, 20), chair="Đồng chí Bí thư", participants=participants)


def test_people_and_bodies_are_linked_or_written_as_names(world):
    conf = _record(world, [
        ParticipantInput(member=world.hanh, role="Bí thư chi bộ"), ParticipantInput(member=world.hanh),
        ParticipantInput(name="Ông Trần Khách", role="Giám đốc Công ty X"),
        ParticipantInput(body=world.committee, role="Lãnh đạo"),
        ParticipantInput(name="Ban Quản lý các khu công nghiệp", kind=ParticipantKind.BODY),
        ("Bà Lê Thị Mời", "Chủ tịch Công đoàn"),
    ])
    rows = [(p.kind, p.name, p.member_id, p.body_id) for p in conf.participants.order_by("id")]
    assert rows == [
        ("person", "Nguyễn Thị Hồng Hạnh", world.hanh.pk, None), ("person", "Ông Trần Khách", None, None),
        ("body", world.committee.name, None, world.committee.pk),
        ("body", "Ban Quản lý các khu công nghiệp", None, None), ("person", "Bà Lê Thị Mời", None, None),
    ]


def test_a_member_or_organisation_outside_the_scope_is_refused_and_nothing_written(world):
    with pytest.raises(DomainError) as e:
        _record(world, [ParticipantInput(member=world.anh)])
    assert e.value.rule == "participant_outside" and e.value.field == "participants" and "Lê Thị Ánh" in e.value.message
    with pytest.raises(DomainError) as e:
        _record(world, [ParticipantInput(body=world.cell_l)])
    assert e.value.rule == "participant_unknown"
    with pytest.raises(DomainError) as e:
        _record(world, [ParticipantInput(name="Ai đó", kind="alien")])
    assert e.value.rule == "choices"
    assert not Conference.objects.exists() and not Participant.objects.exists()


def test_the_page_records_picked_people_and_bodies_and_the_minutes_and_word_show_them(world):
    c = client_for(world.officer)
    r = c.post("/documents/conferences/", {
        "organization_id": world.bloc.pk, "kind": "interim", "title": "Sơ kết 1 năm", "held_on": "2025-03-20",
        "chair": "Đồng chí Bí thư", "p1_name": "Nguyễn Thị Hồng Hạnh — Chi bộ Văn phòng Sở",
        "p1_member": world.hanh.pk, "p1_role": "Bí thư chi bộ", "p2_name": "Ông Trần Khách", "p2_role": "Giám đốc",
        "b1_name": "Đảng bộ Sở Y tế", "b1_org": world.committee.pk, "b2_name": "Ban Quản lý các khu công nghiệp",
        "participants": "Bà Lê Thị Mời — Chủ tịch Công đoàn",
    })
    assert r.status_code == 302, r.content.decode()[:3000]
    conf = Conference.objects.get()
    page = c.get(f"/documents/conferences/{conf.pk}/").content.decode()
    assert f'href="/members/{world.hanh.pk}/"' in page and f'href="/orgs/{world.committee.pk}/"' in page
    assert "Ông Trần Khách, Giám đốc" in page and "Ban Quản lý các khu công nghiệp" in page
    assert page.index("Đại biểu:") < page.index("Cơ quan, đơn vị:")
    text = "\n".join(p.text for p in Docx(io.BytesIO(c.get(f"/documents/conferences/{conf.pk}/word/").content))
                     .paragraphs)
    assert "Đồng chí Nguyễn Thị Hồng Hạnh, Bí thư chi bộ" in text and "- Ban Quản lý các khu công nghiệp" in text
    assert text.index("Đại biểu:") < text.index("Cơ quan, đơn vị:")


def test_a_picked_member_of_another_subtree_gets_a_message_naming_the_field(world):
    r = client_for(world.officer).post("/documents/conferences/", {
        "organization_id": world.bloc.pk, "kind": "interim", "title": "Sơ kết", "held_on": "2025-03-20",
        "chair": "Đồng chí Bí thư", "p1_name": "Lê Thị Ánh", "p1_member": world.anh.pk})
    assert r.status_code == 400 and "không sinh hoạt trong" in r.content.decode()
    assert not Conference.objects.exists()


def test_the_people_picker_offers_members_of_the_scope_only(world):
    rows = client_for(world.officer).get("/documents/people/pick/?q=hong hanh").json()["results"]
    assert [r["id"] for r in rows] == [world.hanh.pk] and "Chi bộ Văn phòng Sở" in rows[0]["label"]
    assert client_for(world.officer).get("/documents/people/pick/?q=le thi anh").json()["results"] == []
    assert client_for(world.other_secretary).get("/documents/people/pick/?q=hanh").json()["results"] == []


def test_conference_api_takes_people_and_bodies(world):
    api = ApiClient(world.officer)
    body = {"kind": "dialogue", "title": "Đối thoại", "held_on": "2025-03-20", "chair": "Đồng chí Bí thư",
            "organization_id": world.bloc.pk,
            "participants": [{"member_id": world.hanh.pk, "role": "Bí thư"}, {"name": "Ông Khách"},
                             {"organization_id": world.committee.pk}, {"name": "Sở Nội vụ", "kind": "body"}]}
    r = api.post("/conferences", body)
    assert r.status_code == 201, r.json()
    got = [(p["kind"], p["member_id"], p["organization_id"]) for p in r.json()["participants"]]
    assert got == [("person", world.hanh.pk, None), ("person", None, None), ("body", None, world.committee.pk),
                   ("body", None, None)]
    r = api.post("/conferences", {**body, "participants": [{"member_id": world.anh.pk}]})
    assert r.status_code == 422 and r.json()["rule"] == "participant_unknown" and r.json()["field"] == "participants"
    r = api.post("/conferences", {**body, "participants": [{"role": "không tên"}]})
    assert r.status_code == 422 and r.json()["rule"] == "required"
    assert Conference.objects.count() == 1
