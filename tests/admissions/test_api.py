from datetime import date, timedelta

from dangvu.admissions.models import Candidate, Enrollment, Stage
from dangvu.core.dates import add_months, today
from dangvu.members.models import Member
from dangvu.members.services import member_record
from tests.api.conftest import ApiClient

from .conftest import all_counts, new_candidate, passed

CANDIDATE = {
    "full_name": "Vũ Thị Lan", "sex": "F", "birth_date": "1999-02-03", "proposed_on": "2024-03-01",
    "citizen_id": "037199000555", "workplace": "Công ty TNHH Điện tử Gia Viễn", "enterprise_name": "Gia Viễn",
    "enterprise_ownership": "fdi", "owner_role": "", "referred_by_other": "Ban Quản lý các khu công nghiệp",
}


def test_candidate_course_admission_round_trip(world):
    api = ApiClient(world.officer)
    r = api.post("/candidates", {**CANDIDATE, "organization_id": world.cell_c.pk})
    assert r.status_code == 201, r.json()
    cid = r.json()["id"]
    assert r.json()["steps"][0]["stage"] == "proposed"
    r = api.post("/courses", {"kind": "awareness", "name": "Lớp nhận thức 1/2024", "organizer_id": world.bloc.pk,
                              "starts_on": "2024-04-08", "ends_on": "2024-04-12", "planned_participants": 40})
    assert r.status_code == 201, r.json()
    course_id = r.json()["id"]
    r = api.post(f"/courses/{course_id}/enrollments", {"candidate_ids": [cid]})
    assert r.status_code == 201 and r.json()["participants"] == 1
    eid = r.json()["enrollments"][0]["id"]
    r = api.post(f"/courses/{course_id}/results",
                 {"results": [{"enrollment_id": eid, "result": "passed", "certificate_number": "12/GCN"}]})
    assert r.status_code == 200 and r.json()["enrollments"][0]["result"] == "passed"
    r = api.post(f"/candidates/{cid}/admit",
                 {"decided_on": "2024-09-02", "ceremony_on": "2024-09-10", "decision": "1234-QĐ/ĐUK",
                  "organization_id": world.cell_c.pk})
    assert r.status_code == 201, r.json()
    assert r.json()["candidate"]["stage"] == "admitted"
    member = Member.objects.get(pk=r.json()["member_id"])
    assert member.full_name == "Vũ Thị Lan" and member.admitted_on == date(2024, 9, 2)
    assert api.get("/candidates", stage="admitted").json()["count"] == 1
    assert api.get("/courses", kind="awareness").json()["items"][0]["participants"] == 1
    rep = api.get("/reports/admissions", organization_id=world.bloc.pk, **{"from": "2024-01-01", "to": "2024-12-31"})
    assert rep.status_code == 200
    assert rep.json()["admissions"]["all"] == 1 and rep.json()["admissions"]["fdi"] == 1
    assert rep.json()["courses"]["awareness"] == 1 and rep.json()["participants"]["awareness"] == 1


def test_admit_refusal_is_a_422_naming_the_rule_and_writes_nothing(world):
    c = new_candidate(world)
    api = ApiClient(world.officer)
    before = all_counts()
    r = api.post(
        f"/candidates/{c.pk}/admit", {"decided_on": "2024-09-02", "ceremony_on": "2024-09-10", "decision": "1-QĐ/ĐUK"}
    )
    assert r.status_code == 422
    assert r.json()["rule"] == "awareness_course_required" and "nhận thức" in r.json()["detail"]
    assert all_counts() == before
    r = api.post("/candidates", {**CANDIDATE, "organization_id": world.cell_c.pk,
                                                      "citizen_id": "037175000123"})
    assert r.status_code == 422 and r.json()["rule"] == "already_member"
    assert all_counts() == before
    r = api.post("/candidates", {"full_name": "x"})
    assert r.status_code == 422
    assert all_counts() == before


def test_it_validates_scope(world):
    c = new_candidate(world)
    course = passed(world, new_candidate(world, "Đinh Văn Hòa", sex="M"))
    other = ApiClient(world.other_secretary)
    assert other.get(f"/candidates/{c.pk}").status_code == 404
    assert other.get(f"/courses/{course.pk}").status_code == 404
    assert other.post(f"/candidates/{c.pk}/admit", {"decided_on": "2024-09-02", "ceremony_on": "2024-09-10",
                                                     "decision": "1-QĐ/ĐUK"}).status_code == 404
    assert other.post(f"/courses/{course.pk}/enrollments", {"candidate_ids": [c.pk]}).status_code == 404
    assert other.get("/candidates", organization_id=world.bloc.pk).status_code == 404
    assert other.get("/members/probation-due", organization_id=world.bloc.pk).status_code == 404
    assert other.get("/reports/admissions", organization_id=world.bloc.pk,
                     **{"from": "2024-01-01", "to": "2024-12-31"}).status_code == 404
    assert other.get("/candidates").json()["count"] == 0
    viewer = ApiClient(world.viewer)
    assert viewer.post(f"/candidates/{c.pk}/withdraw", {"on": "2024-05-01", "reason": "x"}).status_code == 403
    assert Candidate.objects.get(pk=c.pk).stage == Stage.PROPOSED
    assert Enrollment.objects.count() == 1


def test_probation_due_is_not_captured_by_the_member_detail_route(world):
    t = today()
    m = member_record(actor=world.root_user, organization=world.cell_a, full_name="Đỗ Văn Đến", sex="M",
                      birth_date=date(1990, 1, 1), admitted_on=add_months(t, -12) - timedelta(days=10),
                      ceremony_on=add_months(t, -12) - timedelta(days=5))
    api = ApiClient(world.officer)
    r = api.get("/members/probation-due", organization_id=world.bloc.pk, within_days=10)
    assert r.status_code == 200, r.json()
    assert [(x["member_id"], x["which"], x["days"], x["new_member_course"]) for x in r.json()] == [
        (m.pk, "due", -5, "")
    ]
    assert api.get(f"/members/{m.pk}").json()["full_name"] == "Đỗ Văn Đến"
    assert api.get("/members/probation-due", within_days=-1).status_code == 422
    bad = api.post("/members/probation-recognitions", {"items": [
        {"member_id": m.pk, "effective_on": t.isoformat(), "document": "20-QĐ/ĐUK"},
        {"member_id": world.binh.pk, "effective_on": t.isoformat(), "document": "21-QĐ/ĐUK"},
    ]})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("Trần Văn Bình:")
    assert Member.objects.get(pk=m.pk).status == "probationary"
    ok = api.post("/members/probation-recognitions", {"items": [
        {"member_id": m.pk, "effective_on": t.isoformat(), "document": "20-QĐ/ĐUK"}]})
    assert ok.status_code == 201 and ok.json()[0]["document"] == "20-QĐ/ĐUK"
    assert Member.objects.get(pk=m.pk).status == "full"


def test_bad_queries_get_a_clear_message(world):
    api = ApiClient(world.officer)
    assert api.get("/reports/admissions", **{"from": "2025-01-01", "to": "2024-01-01"}).status_code == 422
    assert api.get("/reports/admissions", **{"from": "abc", "to": "2024-01-01"}).status_code == 422
    assert api.get("/candidates", stage="nope").status_code == 422
    assert api.get("/courses/999999").status_code == 404
    assert api.get("/candidates/abc").status_code in (404, 422)
