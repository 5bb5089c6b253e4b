"""API tokens: expiry, name, last use, listing and revoking one's own, logout, revocation on password change."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from dangvu.accounts.models import ApiToken
from dangvu.accounts.services import user_set_password
from dangvu.accounts.tokens import token_issue
from dangvu.core.models import AuditEntry

PASSWORD = "matkhau-123"


def bearer(key: str) -> Client:
    return Client(headers={"authorization": f"Bearer {key}"})


def issue(user, name: str = "") -> str:
    return token_issue(username=user.username, password=PASSWORD, name=name)


def test_a_token_expires_after_the_configured_days(world, settings):
    settings.DANGVU_API_TOKEN_DAYS = 7
    key = issue(world.officer, "máy chủ báo cáo")
    token = ApiToken.objects.get()
    assert token.name == "máy chủ báo cáo"
    assert token.expires_at is not None
    assert abs((token.expires_at - timezone.now()) - timedelta(days=7)) < timedelta(minutes=1)
    assert bearer(key).get("/api/v1/organizations").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(key).get("/api/v1/organizations").status_code == 401


def test_last_use_is_an_update_not_a_row(world, django_assert_max_num_queries):
    key = issue(world.officer)
    client = bearer(key)
    client.get("/api/v1/auth/tokens")
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    rows = ApiToken.objects.count()
    for _ in range(3):
        client.get("/api/v1/auth/tokens")
    assert ApiToken.objects.count() == rows and ApiToken.objects.get().last_used_at == first


def test_the_owner_lists_and_revokes_own_tokens_only(world):
    mine = issue(world.officer, "một")
    issue(world.officer, "hai")
    theirs = issue(world.viewer)
    client = bearer(mine)
    listed = client.get("/api/v1/auth/tokens").json()
    assert [t["name"] for t in listed] == ["hai", "một"]
    assert [t["current"] for t in listed] == [False, True]
    other_id = ApiToken.objects.get(user=world.viewer).pk
    r = client.delete(f"/api/v1/auth/tokens/{other_id}")
    assert r.status_code == 404
    assert r.json()["detail"] == client.delete("/api/v1/auth/tokens/999999").json()["detail"]
    assert bearer(theirs).get("/api/v1/auth/tokens").status_code == 200
    two = ApiToken.objects.get(name="hai")
    assert client.delete(f"/api/v1/auth/tokens/{two.pk}").status_code == 204
    two.refresh_from_db()
    assert two.revoked_at is not None
    assert AuditEntry.objects.filter(action="api_token_revoke").count() == 1


def test_logout_revokes_the_current_token(world):
    key = issue(world.officer)
    other = issue(world.officer)
    assert bearer(key).post("/api/v1/auth/logout").status_code == 204
    assert bearer(key).get("/api/v1/auth/tokens").status_code == 401
    assert bearer(other).get("/api/v1/auth/tokens").status_code == 200


def test_a_password_change_revokes_every_token(world):
    key = issue(world.officer)
    user_set_password(actor=world.officer, user=world.officer, password="Mat-khau-moi-2026")
    assert bearer(key).get("/api/v1/auth/tokens").status_code == 401
    entry = AuditEntry.objects.get(action="api_tokens_revoke_all")
    assert entry.after is not None
    assert entry.after["reason"] == "password_changed"


def test_a_deactivation_revokes_every_token(world):
    key = issue(world.officer)
    world.officer.is_active = False
    world.officer.save()
    assert ApiToken.objects.get().revoked_at is not None
    world.officer.is_active = True
    world.officer.save()
    assert bearer(key).get("/api/v1/auth/tokens").status_code == 401


def test_a_sign_in_that_rehashes_the_password_keeps_the_tokens(world):
    key = issue(world.officer)
    world.officer.set_password(PASSWORD)  # same password, new hash (as a hasher upgrade does)
    world.officer.save(update_fields=["password"])
    assert bearer(key).get("/api/v1/auth/tokens").status_code == 200


def test_the_token_name_is_limited(world, no_unexpected_errors):
    r = Client().post("/api/v1/auth/token", json.dumps({"username": "canbo.khoi", "password": PASSWORD,
                                                        "name": "x" * 101}), content_type="application/json")
    assert r.status_code == 422 and r.json()["field"] == "name"


def test_the_tokens_page_lists_issues_and_revokes(world):
    issue(world.viewer)
    client = Client()
    client.force_login(world.officer)
    r = client.post("/account/tokens/", {"name": "bảng tính"})
    assert r.status_code == 200 and "chỉ hiển thị một lần" in r.content.decode()
    token = ApiToken.objects.get(user=world.officer)
    assert token.name == "bảng tính"
    other = ApiToken.objects.get(user=world.viewer)
    assert client.post(f"/account/tokens/{other.pk}/revoke/").status_code == 404
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_at is not None and other.revoked_at is None
    page = client.get("/account/tokens/").content.decode()
    assert "Đã thu hồi" in page and "bảng tính" in page


@pytest.fixture
def no_unexpected_errors(caplog):
    yield
    assert not [r for r in caplog.records if r.name == "dangvu.api" and r.levelname == "ERROR"]
