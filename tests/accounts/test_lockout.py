"""Sign-in lockout (django-axes) on the web login, the admin login and the API token endpoint."""

import json
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, override_settings

from dangvu.accounts.services import login_unlock
from dangvu.core.errors import NotAllowed
from dangvu.core.models import AuditEntry

RIGHT = "matkhau-123"


def web_login(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def admin_login(client: Client, username: str, password: str):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


def api_login(client: Client, username: str, password: str):
    body = json.dumps({"username": username, "password": password})
    return client.post("/api/v1/auth/token", body, content_type="application/json")


@pytest.mark.parametrize("login", [web_login, admin_login, api_login])
def test_five_failures_lock_the_account_even_for_the_right_password(world, login):
    client = Client()
    for _ in range(4):
        assert login(client, "canbo.khoi" if login is not admin_login else "root", "sai-mat-khau").status_code != 429
    username = "canbo.khoi" if login is not admin_login else "root"
    r = login(client, username, "sai-mat-khau")
    assert r.status_code == 429
    r = login(client, username, RIGHT)
    assert r.status_code == 429
    text = r.content.decode()
    assert "Đăng nhập sai quá 5 lần" in text and "15 phút" in text
    if login is api_login:
        assert r.json()["rule"] == "login_locked"
    else:
        assert "_auth_user_id" not in client.session
    lock = AuditEntry.objects.filter(action="login_locked")
    assert lock.count() == 1
    after = lock[0].after
    assert after is not None and after["username"] == username and after["failures"] == 5


def test_the_lock_is_per_user_and_address(world):
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(5):
        api_login(attacker, "canbo.khoi", "sai-mat-khau")
    assert api_login(attacker, "canbo.khoi", RIGHT).status_code == 429
    assert api_login(Client(REMOTE_ADDR="10.0.0.7"), "canbo.khoi", RIGHT).status_code == 201
    assert api_login(attacker, "xem.khoi", RIGHT).status_code == 201


def test_a_success_resets_the_count(world):
    client = Client()
    for _ in range(4):
        api_login(client, "canbo.khoi", "sai-mat-khau")
    assert api_login(client, "canbo.khoi", RIGHT).status_code == 201
    for _ in range(4):
        assert api_login(client, "canbo.khoi", "sai-mat-khau").status_code == 401
    assert api_login(client, "canbo.khoi", RIGHT).status_code == 201


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_limit_is_a_setting(world):
    client = Client()
    api_login(client, "canbo.khoi", "x")
    assert api_login(client, "canbo.khoi", "x").status_code == 429


def test_the_unlock_command_lifts_the_lock_and_is_audited(world):
    client = Client()
    for _ in range(5):
        api_login(client, "canbo.khoi", "sai-mat-khau")
    out = StringIO()
    call_command("unlock", "--username", "canbo.khoi", stdout=out)
    assert "Đã mở khóa" in out.getvalue()
    assert not AccessAttempt.objects.exists()
    assert AuditEntry.objects.filter(action="login_unlock").count() == 1
    assert api_login(client, "canbo.khoi", RIGHT).status_code == 201


def test_only_an_administrator_unlocks(world):
    with pytest.raises(NotAllowed):
        login_unlock(actor=world.officer, username="canbo.khoi")
    assert login_unlock(actor=world.admin, username="canbo.khoi") == 0


def test_the_admin_unlocks_from_its_list(world):
    for _ in range(5):
        api_login(Client(), "canbo.khoi", "sai-mat-khau")
    attempt = AccessAttempt.objects.get()
    admin = Client()
    admin.force_login(world.root_user)
    r = admin.post("/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": [attempt.pk]})
    assert r.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert AuditEntry.objects.get(action="login_unlock").actor == world.root_user
