import pytest
from django.test import Client
from django.utils import timezone

from dangvu.accounts.models import ApiToken
from dangvu.core.models import AuditEntry

from .conftest import ApiClient, counts


def post_token(body):
    import json

    return Client().post("/api/v1/auth/token", json.dumps(body), content_type="application/json")


def test_it_issues_a_token_stored_only_as_its_hash(world):
    r = post_token({"username": "canbo.khoi", "password": "matkhau-123"})
    assert r.status_code == 201
    key = r.json()["token"]
    assert len(key) >= 40
    token = ApiToken.objects.get(user=world.officer)
    assert token.key_hash == ApiToken.hash(key) and key not in token.key_hash
    entry = AuditEntry.objects.get(action="api_token_issue")
    assert entry.actor == world.officer and key not in str(entry.after) and token.key_hash not in str(entry.after)


def test_the_token_opens_the_other_routes(world):
    key = post_token({"username": "canbo.khoi", "password": "matkhau-123"}).json()["token"]
    r = Client(headers={"authorization": f"Bearer {key}"}).get("/api/v1/organizations")
    assert r.status_code == 200


def test_wrong_credentials_get_401_in_vietnamese_and_no_token(world):
    before = counts()
    r = post_token({"username": "canbo.khoi", "password": "sai-mat-khau"})
    assert r.status_code == 401
    assert r.json()["detail"] == "Sai tên đăng nhập hoặc mật khẩu."
    assert post_token({"username": "khong-co", "password": "x"}).status_code == 401
    assert ApiToken.objects.count() == 0 and counts() == before


def test_an_inactive_user_gets_no_token(world):
    world.officer.is_active = False
    world.officer.save()
    assert post_token({"username": "canbo.khoi", "password": "matkhau-123"}).status_code == 401


def test_missing_fields_name_the_field(world, no_unexpected_errors):
    r = post_token({"username": "canbo.khoi"})
    assert r.status_code == 422
    assert r.json()["field"] == "password" and "Thiếu trường bắt buộc 'password'" in r.json()["detail"]
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer khong-dung", "Token abc", "Basic Y2FuYm86eA=="])
def test_routes_refuse_a_missing_or_wrong_token_with_401(world, header):
    client = Client(headers={"authorization": header} if header else {})
    r = client.get("/api/v1/members")
    assert r.status_code == 401
    assert "Bearer" in r.json()["detail"] and r.json()["detail"].startswith("Chưa xác thực")


def test_a_revoked_token_stops_working(world):
    api = ApiClient(world.officer)
    assert api.get("/organizations").status_code == 200
    ApiToken.objects.filter(user=world.officer).update(revoked_at=timezone.now())
    assert api.get("/organizations").status_code == 401
