"""Input limits in the shared API plumbing and the middleware: huge numbers, big bodies, control characters,
dates before 1900, non-JSON bodies — each refused with a Vietnamese answer, nothing written, never a 500."""

import json

import pytest
from django.test import Client

from .conftest import ApiClient, counts

HUGE = "99999999999999999999"


@pytest.mark.parametrize("path", ["/members", "/organizations", "/enterprises", "/rating-rounds"])
def test_a_huge_page_is_refused_not_a_500(world, path, no_unexpected_errors):
    r = ApiClient(world.officer).get(path, page=HUGE)
    assert r.status_code == 422
    assert r.json()["field"] == "page" and r.json()["rule"] == "out_of_range"


@pytest.mark.parametrize("params", [{"committee": HUGE}, {"workers": HUGE}, {"organization_id": "4294967296"}])
def test_huge_filters_are_refused(world, params, no_unexpected_errors):
    r = ApiClient(world.officer).get("/enterprises", **params)
    assert r.status_code == 422 and "quá lớn" in r.json()["detail"]


def test_a_huge_id_is_not_found(world, no_unexpected_errors):
    r = ApiClient(world.officer).get(f"/members/{HUGE}")
    assert r.status_code == 404 and r.json()["detail"].startswith("Không tìm thấy")


def test_web_lists_refuse_a_huge_page(world):
    client = Client()
    client.force_login(world.officer)
    r = client.get("/members/", {"page": HUGE})
    assert r.status_code == 422 and "quá lớn" in r.content.decode()
    assert client.get(f"/members/{HUGE}/").status_code == 404


def test_a_body_over_the_limit_gets_413_in_vietnamese(world, settings, no_unexpected_errors):
    api = ApiClient(world.officer)
    before = counts()
    body = json.dumps({"full_name": "x" * (3 * 1024 * 1024)})
    r = api.client.post("/api/v1/members", body, content_type="application/json")
    assert r.status_code == 413
    assert r.json()["rule"] == "body_too_large" and "2 MB" in r.json()["detail"]
    assert counts() == before


def test_a_text_plain_body_gets_415(world, no_unexpected_errors):
    api = ApiClient(world.officer)
    before = counts()
    r = api.client.post("/api/v1/members", json.dumps({"full_name": "Đỗ Minh Châu"}), content_type="text/plain")
    assert r.status_code == 415 and r.json()["rule"] == "unsupported_media_type"
    assert counts() == before


def test_a_nul_byte_in_a_text_field_is_refused(world, no_unexpected_errors):
    api = ApiClient(world.officer)
    before = counts()
    body = {"full_name": "Đỗ Minh\u0000 Châu", "sex": "F", "birth_date": "1996-04-12",
            "organization_id": world.cell_a.pk, "admitted_on": "2025-09-02", "ceremony_on": "2025-09-10"}
    r = api.post("/members", body)
    assert r.status_code == 422 and r.json()["field"] == "full_name" and r.json()["rule"] == "control_chars"
    assert counts() == before


def test_a_date_before_1900_is_refused(world, no_unexpected_errors):
    api = ApiClient(world.officer)
    before = counts()
    body = {"full_name": "Đỗ Minh Châu", "sex": "F", "birth_date": "0001-01-01",
            "organization_id": world.cell_a.pk, "admitted_on": "2025-09-02", "ceremony_on": "2025-09-10"}
    r = api.post("/members", body)
    assert r.status_code == 422 and r.json()["field"] == "birth_date" and r.json()["rule"] == "date_min"
    assert counts() == before
    assert api.get("/members", on="0001-01-01").status_code == 422


def test_a_control_character_in_the_query_is_refused(world, no_unexpected_errors):
    assert ApiClient(world.officer).get("/members", q="a\x00b").status_code == 422


def test_the_schema_documents_400_413_415(world):
    from dangvu.api.main import api

    schema = api.get_openapi_schema()
    responses = schema["paths"]["/api/v1/members"]["post"]["responses"]
    assert {400, 413, 415, 422} <= {int(code) for code in responses}
