"""Recognition as full member (issue 11, item 7): the decision date and "chính thức kể từ ngày" both kept, a
readmitted member recognised on time counted on time, the new-member course warned about (never refused)."""

from datetime import date, timedelta

from django.urls import reverse

from dangvu.admissions import services
from dangvu.admissions.selectors import admission_figures, recognition_warnings
from dangvu.core.hooks import collect
from dangvu.members.selectors import full_since, recognition_full_since
from dangvu.members.services import member_record, member_record_event
from tests.api.conftest import ApiClient


def _readmitted(world, name: str, readmitted_on: date):
    m = member_record(actor=world.root_user, organization=world.cell_a, full_name=name, sex="M",
                      birth_date=date(1980, 1, 1), admitted_on=date(2009, 1, 10), ceremony_on=date(2009, 1, 20),
                      full_on=date(2010, 1, 20))
    member_record_event(actor=world.officer, member=m, kind="struck_off", effective_on=date(2017, 1, 2))
    member_record_event(actor=world.officer, member=m, kind="readmitted", effective_on=readmitted_on,
                        to_organization=world.cell_a)
    return m


def test_a_readmitted_member_recognised_within_the_grace_is_on_time(world):
    readmitted_on = date(2021, 2, 1)
    on_time = _readmitted(world, "Vũ Văn Đúng", readmitted_on)
    last_day = _readmitted(world, "Vũ Văn Sát", readmitted_on)
    late = _readmitted(world, "Vũ Văn Muộn", readmitted_on)
    due = date(2022, 2, 1)  # 12 months after the readmission, not after the first ceremony of 2009
    e1 = member_record_event(actor=world.officer, member=on_time, kind="recognised_full", effective_on=due)
    member_record_event(actor=world.officer, member=last_day, kind="recognised_full",
                        effective_on=due + timedelta(days=42))
    member_record_event(actor=world.officer, member=late, kind="recognised_full",
                        effective_on=due + timedelta(days=43))
    f = admission_figures(world.officer, world.bloc, start=date(2022, 1, 1), end=date(2022, 12, 31))
    assert sorted(f.recognitions["on_time"]) == sorted([on_time.pk, last_day.pk])
    assert f.recognitions["late"] == [late.pk]
    # "Chính thức kể từ ngày" is the end of that probation; the decision date stays the event's own date.
    on_time.refresh_from_db()
    assert recognition_full_since(on_time, list(on_time.events.all()))[e1.pk] == due
    assert full_since(on_time, readmitted_on) == due and on_time.full_on == due


def test_full_since_is_the_end_of_probation_and_status_follows_the_decision(world):
    from dangvu.members.selectors import status_on

    m = member_record(actor=world.root_user, organization=world.cell_a, full_name="Đinh Thị Mai", sex="F",
                      birth_date=date(1995, 3, 3), admitted_on=date(2024, 3, 1), ceremony_on=date(2024, 3, 12))
    ev = member_record_event(actor=world.officer, member=m, kind="recognised_full", effective_on=date(2025, 4, 20),
                             document="88-QĐ/ĐU")
    assert recognition_full_since(m, list(m.events.all())) == {ev.pk: date(2025, 3, 12)}
    # Status on a date is still the span's full_from (the decision): a report of 31/3/2025 does not move.
    assert status_on(m, date(2025, 3, 31)) == "probationary"
    assert status_on(m, date(2025, 4, 20)) == "full"


def _probationary(world, name: str = "Hà Văn Mới"):
    return member_record(actor=world.root_user, organization=world.cell_a, full_name=name, sex="M",
                         birth_date=date(1996, 5, 5), admitted_on=date(2024, 5, 2), ceremony_on=date(2024, 5, 10))


def _course_passed(world, member, ends_on: date) -> None:
    course = services.course_create(actor=world.officer, organizer=world.bloc, kind="new_member",
                                    name="Lớp đảng viên mới", starts_on=ends_on - timedelta(days=5), ends_on=ends_on)
    (e,) = services.course_enroll(actor=world.officer, course=course, members=[member])
    services.enrollment_record_results(actor=world.officer, course=course,
                                       results=[{"enrollment_id": e.pk, "attended": True, "result": "passed"}])


def test_recognition_without_the_new_member_course_warns_through_the_hook(world):
    m = _probationary(world)
    (w,) = collect("recognition_warnings", m, date(2025, 6, 1))
    assert "new_member_course" in w and "lớp bồi dưỡng lý luận chính trị cho đảng viên mới" in w
    _course_passed(world, m, date(2025, 6, 2))
    assert recognition_warnings(m, date(2025, 6, 1))  # the course ended after the recognition date
    assert recognition_warnings(m, date(2025, 6, 2)) == []


def test_the_api_returns_the_warning_and_records_the_recognition(world):
    m = _probationary(world)
    client = ApiClient(world.officer)
    r = client.post(f"/members/{m.pk}/events", {"kind": "recognised_full", "effective_on": "2025-06-01",
                                                 "document": "12-QĐ/ĐU"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["member"]["status"] == "full"
    assert body["event"]["full_since"] == "2025-05-10" and body["event"]["effective_on"] == "2025-06-01"
    assert len(body["warnings"]) == 1 and "đảng viên mới" in body["warnings"][0]
    detail = client.get(f"/members/{m.pk}").json()
    assert (detail["full_on"], detail["full_since"]) == ("2025-06-01", "2025-05-10")
    # With the course passed, no warning.
    m2 = _probationary(world, "Hà Thị Đủ")
    _course_passed(world, m2, date(2025, 4, 1))
    r2 = client.post(f"/members/{m2.pk}/events", {"kind": "recognised_full", "effective_on": "2025-06-01"})
    assert r2.status_code == 201 and r2.json()["warnings"] == []
    # The bulk recognition of the probation list answers the same.
    m3 = _probationary(world, "Hà Văn Ba")
    r3 = client.post("/members/probation-recognitions",
                     {"items": [{"member_id": m3.pk, "effective_on": "2025-06-01", "document": "13-QĐ/ĐU"}]})
    assert r3.status_code == 201, r3.content
    assert r3.json()[0]["full_since"] == "2025-05-10" and len(r3.json()[0]["warnings"]) == 1


def test_the_member_page_warns_before_and_after_recognition(world, client):
    m = _probationary(world)
    client.force_login(world.officer)
    html = client.get(reverse("member_detail", args=[m.pk])).content.decode()
    assert "new_member_course" in html
    r = client.post(reverse("member_event_record", args=[m.pk]),
                    {"kind": "recognised_full", "effective_on": "2025-06-01", "document": "14-QĐ/ĐU"}, follow=True)
    page = r.content.decode()
    assert "Đã ghi nhận: Công nhận đảng viên chính thức" in page and "new_member_course" in page
    assert "Chính thức kể từ ngày" in page and "10/05/2025" in page
