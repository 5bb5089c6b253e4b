from datetime import date, timedelta

import pytest

from dangvu.admissions.models import Candidate, Enrollment, Stage
from dangvu.core.dates import add_months, today
from dangvu.members.models import Member
from dangvu.members.services import member_record
from dangvu.orgs.scope import forget_scope

from .conftest import all_counts, awareness_course, new_candidate, passed


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client
    return sign_in


def test_pages_render_for_the_officer(world, signed_in):
    c = new_candidate(world, enterprise_ownership="private", owner_role="owner")
    course = passed(world, c)
    client = signed_in(world.officer)
    q = {"organization_id": world.bloc.pk}
    for url in ["/admissions/", "/admissions/candidates/", "/admissions/courses/", "/admissions/probation/",
                "/admissions/figures/", f"/admissions/candidates/{c.pk}/", f"/admissions/courses/{course.pk}/",
                "/admissions/candidates/new/", "/admissions/courses/new/"]:
        r = client.get(url, q)
        assert r.status_code == 200, url
    body = client.get(f"/admissions/candidates/{c.pk}/").content.decode()
    assert "Đã qua lớp nhận thức" in body and "12/04/2024" in body
    assert "In danh sách" in client.get(f"/admissions/courses/{course.pk}/").content.decode()


def test_it_validates_scope(world, signed_in):
    c = new_candidate(world)
    course = awareness_course(world)
    client = signed_in(world.other_secretary)
    for url in [f"/admissions/candidates/{c.pk}/", f"/admissions/courses/{course.pk}/"]:
        assert client.get(url).status_code == 404
    for url in ["/admissions/", "/admissions/candidates/", "/admissions/courses/", "/admissions/probation/",
                "/admissions/figures/", "/admissions/figures/members/"]:
        assert client.get(url, {"organization_id": world.bloc.pk, "key": "all"}).status_code == 404, url
    before = all_counts()
    assert client.post(f"/admissions/candidates/{c.pk}/", {"action": "withdraw", "on": "2024-05-01",
                                                             "reason": "x"}).status_code == 404
    assert all_counts() == before


def test_admit_form_refusal_shows_the_rule_and_writes_nothing(world, signed_in):
    c = new_candidate(world)
    client = signed_in(world.officer)
    before = all_counts()
    r = client.post(f"/admissions/candidates/{c.pk}/", {"action": "admit", "decided_on": "2024-09-02",
                                                          "ceremony_on": "2024-09-10", "decision": "1-QĐ/ĐUK"})
    assert r.status_code == 400
    assert "lớp bồi dưỡng nhận thức" in r.content.decode()
    assert all_counts() == before
    r = client.post("/admissions/candidates/new/", {"full_name": "", "sex": "M"})
    assert r.status_code == 400 and "Chưa nhập «Họ và tên»" in r.content.decode()
    r = client.get("/admissions/figures/", {"from": "2025-01-01", "to": "2024-01-01"})
    assert r.status_code == 400 and "trước ngày bắt đầu" in r.content.decode()
    assert all_counts() == before


def test_course_page_enrols_records_results_and_admits(world, signed_in):
    a = new_candidate(world, "Phạm Thị Thu Hà")
    b = new_candidate(world, "Đinh Văn Hòa", sex="M")
    course = awareness_course(world)
    client = signed_in(world.officer)
    r = client.post(f"/admissions/courses/{course.pk}/", {"action": "enroll", "candidate": [a.pk, b.pk]})
    assert r.status_code == 302
    ea, eb = Enrollment.objects.order_by("id")
    r = client.post(f"/admissions/courses/{course.pk}/", {
        "action": "results", "enrollment": [ea.pk, eb.pk], f"attended_{ea.pk}": "on", f"result_{ea.pk}": "passed",
        f"certificate_{ea.pk}": "NT-1", f"result_{eb.pk}": "failed",
    })
    assert r.status_code == 302
    assert Candidate.objects.get(pk=a.pk).stage == Stage.COURSE_PASSED
    assert Candidate.objects.get(pk=b.pk).stage == Stage.IN_COURSE
    r = client.post(f"/admissions/candidates/{a.pk}/", {"action": "admit", "decided_on": "2024-09-02",
                                                          "ceremony_on": "2024-09-10", "decision": "12-QĐ/ĐUK"})
    assert r.status_code == 302
    assert Member.objects.filter(full_name="Phạm Thị Thu Hà", admitted_on=date(2024, 9, 2)).exists()


def test_probation_page_recognises_in_bulk_and_names_a_refused_member(world, signed_in):
    t = today()
    m = member_record(actor=world.root_user, organization=world.cell_a, full_name="Đỗ Văn Đến", sex="M",
                      birth_date=date(1990, 1, 1), admitted_on=add_months(t, -12) - timedelta(days=10),
                      ceremony_on=add_months(t, -12) - timedelta(days=5))
    client = signed_in(world.officer)
    r = client.get("/admissions/probation/", {"organization_id": world.bloc.pk, "within_days": 400})
    assert "Đỗ Văn Đến" in r.content.decode() and "Trần Văn Bình" in r.content.decode()
    before = all_counts()
    r = client.post(f"/admissions/probation/?organization_id={world.bloc.pk}", {
        "organization_id": world.bloc.pk, "member": [m.pk, world.binh.pk], f"on_{m.pk}": t.isoformat(),
        f"doc_{m.pk}": "30-QĐ/ĐUK", f"on_{world.binh.pk}": t.isoformat(), f"doc_{world.binh.pk}": "31-QĐ/ĐUK",
    })
    assert r.status_code == 400 and "Trần Văn Bình:" in r.content.decode()
    assert all_counts() == before
    r = client.post("/admissions/probation/", {"organization_id": world.bloc.pk, "member": [m.pk],
                                               f"on_{m.pk}": t.isoformat(), f"doc_{m.pk}": "30-QĐ/ĐUK"})
    assert r.status_code == 302
    assert Member.objects.get(pk=m.pk).status == "full"


def test_figures_link_to_the_lists_behind_them(world, signed_in):
    c = new_candidate(world, ethnic_group="Mường")
    passed(world, c)
    from dangvu.admissions.services import candidate_admit
    candidate_admit(actor=world.officer, candidate=c, decided_on=date(2024, 9, 2), ceremony_on=date(2024, 9, 10),
                    decision="1-QĐ/ĐUK")
    client = signed_in(world.officer)
    body = client.get("/admissions/figures/", {"organization_id": world.bloc.pk, "from": "2024-01-01",
                                               "to": "2024-12-31"}).content.decode()
    assert f"/admissions/figures/members/?organization_id={world.bloc.pk}&amp;key=ethnic_minority" in body
    r = client.get("/admissions/figures/members/", {"organization_id": world.bloc.pk, "key": "ethnic_minority",
                                                    "from": "2024-01-01", "to": "2024-12-31"})
    assert r.status_code == 200 and "Phạm Thị Thu Hà" in r.content.decode()
    assert client.get("/admissions/figures/members/", {"key": "nope"}).status_code == 404


def test_lists_have_fixed_query_counts(world, signed_in, django_assert_max_num_queries):
    for i in range(8):
        new_candidate(world, f"Quần chúng {i}")
    client = signed_in(world.officer)
    forget_scope(world.officer)
    with django_assert_max_num_queries(12):
        assert client.get("/admissions/candidates/", {"organization_id": world.bloc.pk}).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/admissions/probation/", {"organization_id": world.bloc.pk}).status_code == 200
