"""Targets and reports API: registry, values, POST /targets with its 422 rules, reports as JSON and as files."""

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from dangvu.targets.models import Target
from tests.api.conftest import ApiClient


@pytest.fixture
def officer(year2024):
    return ApiClient(year2024.world.officer)


def test_indicators_list_and_value(officer, year2024):
    r = officer.get("/indicators")
    assert r.status_code == 200
    codes = {i["code"] for i in r.json()["items"]}
    assert {"admissions", "badges_awarded", "mass_orgs_strong_percent"} <= codes
    assert all(i["definition"] for i in r.json()["items"])
    bloc = year2024.world.bloc.pk
    r = officer.get("/indicators/admissions/value", organization_id=bloc, **{"from": "2024-01-01", "to": "2024-12-31"})
    assert r.status_code == 200 and r.json() == {"code": "admissions", "organization_id": bloc, "value": 3.0,
                                                 "from": "2024-01-01", "to": "2024-12-31"}
    assert officer.get("/indicators/nope/value").status_code == 422
    other = ApiClient(year2024.world.other_secretary)
    assert other.get("/indicators/admissions/value", organization_id=bloc).status_code == 404


def test_post_targets_and_its_422_rules(officer, year2024):
    bloc = year2024.world.bloc.pk
    body = {"organization_id": bloc, "year": 2024, "indicator": "admissions", "comparison": "at_least", "value": 2}
    r = officer.post("/targets", body)
    assert r.status_code == 201, r.json()
    assert r.json()["id"] and r.json()["value"] == 2.0
    cases = [
        ({**body, "indicator": "khong_co"}, "indicator_unknown"),
        ({**body, "indicator": "members_at_end", "value": None}, "required"),
        ({**body, "indicator": "new_grassroots_orgs", "comparison": "between", "value": 3, "value_max": 2},
         "between_order"),
        ({**body, "indicator": "new_grassroots_orgs", "comparison": "between", "value": 1}, "required"),
        (body, "target_duplicate"),
        ({**body, "indicator": "orgs_good_or_better_percent", "value": 120}, "percent_range"),
    ]
    for payload, rule in cases:
        before = Target.objects.count()
        r = officer.post("/targets", payload)
        assert r.status_code == 422 and r.json()["rule"] == rule, (payload, r.json())
        assert Target.objects.count() == before
    viewer = ApiClient(year2024.world.viewer)
    assert viewer.post("/targets", {**body, "indicator": "course_participants"}).status_code == 403
    other = ApiClient(year2024.world.other_secretary)
    assert other.post("/targets", {**body, "indicator": "course_participants"}).status_code == 404


def test_reports_targets_json_and_files_hold_the_same_numbers(officer, year2024):
    bloc = year2024.world.bloc.pk
    officer.post("/targets", {"organization_id": bloc, "year": 2024, "indicator": "admissions",
                              "comparison": "at_least", "value": 2})
    officer.post("/targets", {"organization_id": bloc, "year": 2024, "indicator": "members_at_end",
                              "comparison": "at_least", "value": 10})
    r = officer.get("/reports/targets", organization_id=bloc, year=2024, on="2024-12-31")
    assert r.status_code == 200
    j = r.json()
    assert (j["met"], j["total"]) == (1, 2)
    first = j["items"][0]
    assert (first["actual"], first["target"], first["percent"], first["status"], first["status_label"]) == (
        3.0, 2.0, 150.0, "exceeded", "Vượt 50%")
    x = officer.get("/reports/targets", organization_id=bloc, year=2024, on="2024-12-31", format="xlsx")
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxml")
    values = [c.value for row in load_workbook(io.BytesIO(x.content)).active.iter_rows() for c in row]
    assert 3 in values and 1.5 in values and "Vượt 50%" in values and "Không đạt" in values
    d = officer.get("/reports/targets", organization_id=bloc, year=2024, on="2024-12-31", format="docx")
    text = "\n".join(c.text for t in Document(io.BytesIO(d.content)).tables for row in t.rows for c in row.cells)
    assert "150,0%" in text and "Vượt 50%" in text


@pytest.mark.parametrize("name", ["organizations", "organizations-founded", "members", "membership-flow",
                                  "admissions", "ratings", "meetings", "enterprise-coverage"])
def test_every_report_route_answers_each_format(officer, year2024, name):
    bloc = year2024.world.bloc.pk
    params = {"organization_id": bloc, "scope_id": bloc, "on": "2024-12-31", "from": "2024-01-01",
              "to": "2024-12-31", "year": 2024, "month": 12}
    assert officer.get(f"/reports/{name}", **params).status_code == 200
    for fmt, magic in (("xlsx", b"PK"), ("docx", b"PK"), ("pdf", b"%PDF")):
        r = officer.get(f"/reports/{name}", **params, format=fmt)
        assert r.status_code == 200, (name, fmt, r.content[:300])
        assert r.content.startswith(magic)
    other = ApiClient(year2024.world.other_secretary)
    assert other.get(f"/reports/{name}", **params, format="pdf").status_code == 404


def test_members_and_organizations_json(officer, year2024):
    bloc = year2024.world.bloc.pk
    j = officer.get("/reports/members", organization_id=bloc, on="2024-12-31").json()
    assert (j["total"], j["full"], j["probationary"]) == (5, 1, 4)
    j = officer.get("/reports/organizations", organization_id=bloc, on="2024-12-31").json()
    assert j["summary"] == ["4 tổ chức cơ sở đảng: 2 đảng bộ, 2 chi bộ"]
    j = officer.get("/reports/organizations-founded", organization_id=bloc, **{"from": "2024-01-01",
                                                                              "to": "2024-12-31"}).json()
    assert j["founded_grassroots"] == 2
    assert officer.get("/reports/members", organization_id=bloc, on="1800-01-01").status_code == 422


def test_review_pack_route(officer, year2024):
    bloc = year2024.world.bloc.pk
    r = officer.get("/reports/review-pack", organization_id=bloc, year=2024)
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Tổng hợp số liệu công tác xây dựng Đảng năm 2024" in text and "Biến động đảng viên" in text
    assert officer.get("/reports/review-pack", organization_id=bloc, year=2024, format="pdf").content[:4] == b"%PDF"
    assert officer.get("/reports/review-pack", organization_id=bloc, year=date.today().year + 1).status_code == 422
