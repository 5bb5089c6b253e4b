"""Two-factor sign-in (TOTP, django-otp): required per role by setting, optional otherwise, recovery codes,
the API token endpoint asks for the code, everything audited."""

import json
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts.tokens import token_issue
from dangvu.core.errors import DomainError, NotAllowed
from dangvu.core.models import AuditEntry

PASSWORD = "matkhau-123"


def code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def sign_in(username: str) -> Client:
    client = Client()
    r = client.post("/login/", {"username": username, "password": PASSWORD})
    assert r.status_code == 302
    return client


def enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    page = client.get("/account/2fa/setup/")
    assert page.status_code == 200 and "data:image/svg+xml;base64," in page.content.decode()
    device = TOTPDevice.objects.get(confirmed=False)
    r = client.post("/account/2fa/setup/", {"token": code(device)})
    assert r.status_code == 200
    codes = list(r.context["codes"])
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


def unthrottle() -> None:
    for model in (TOTPDevice, StaticDevice):
        model.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


@pytest.fixture
def admins_need_it(settings):
    settings.DANGVU_2FA_REQUIRED_ROLES = ["province_admin"]


def test_an_administrator_must_enrol_before_any_page(world, admins_need_it):
    client = sign_in("quantri")
    r = client.get("/members/")
    assert r.status_code == 302 and r["Location"].startswith("/account/2fa/setup/")
    assert client.get("/admin/").status_code == 302
    device, codes = enrol(client)
    assert len(codes) == 10
    assert client.get("/members/").status_code == 200
    assert AuditEntry.objects.filter(action="otp_enrol", actor=world.admin).exists()


def test_a_committee_officer_is_not_forced(world, admins_need_it):
    client = sign_in("canbo.khoi")
    assert client.get("/members/").status_code == 200


def test_a_superuser_counts_as_an_administrator(world, admins_need_it):
    client = Client()
    client.force_login(world.root_user)
    assert client.get("/").status_code == 302


def test_the_next_sign_in_asks_for_a_code_and_accepts_a_recovery_code_once(world, admins_need_it):
    device, codes = enrol(sign_in("quantri"))
    client = sign_in("quantri")
    r = client.get("/members/")
    assert r["Location"].startswith("/account/2fa/verify/")
    r = client.post("/account/2fa/verify/", {"token": "000000", "next": "/members/"})
    assert r.status_code == 422 and "không đúng" in r.content.decode()
    assert client.get("/members/").status_code == 302
    unthrottle()  # each failure makes the next try wait (1 s, then 2 s, ...): the test does not sleep
    r = client.post("/account/2fa/verify/", {"token": codes[0], "next": "/members/"})
    assert r.status_code == 302 and r["Location"] == "/members/"
    assert client.get("/members/").status_code == 200
    assert AuditEntry.objects.filter(action="otp_recovery_code_used").count() == 1
    assert AuditEntry.objects.filter(action="otp_verify_failed").count() == 1
    again = sign_in("quantri")
    assert again.post("/account/2fa/verify/", {"token": codes[0]}).status_code == 422  # used once already
    assert StaticToken.objects.count() == 9


def test_an_optional_user_turns_it_on_and_off(world):
    client = sign_in("canbo.khoi")
    device, _ = enrol(client)
    later = sign_in("canbo.khoi")
    assert later.get("/members/").status_code == 302  # enrolled: the code is asked although not required
    # the 30-second step used at enrolment cannot be used twice: the next one
    assert later.post("/account/2fa/verify/", {"token": code(device, 30)}).status_code == 302
    assert later.post("/account/2fa/disable/").status_code == 302
    assert not TOTPDevice.objects.exists()
    assert sign_in("canbo.khoi").get("/members/").status_code == 200
    assert AuditEntry.objects.filter(action="otp_disable").exists()


def test_a_required_user_cannot_turn_it_off(world, admins_need_it):
    enrol(sign_in("quantri"))
    from dangvu.accounts.twofactor import otp_disable

    with pytest.raises(NotAllowed):
        otp_disable(actor=world.admin, user=world.admin)


def test_the_api_token_needs_the_code_of_an_enrolled_user(world):
    device, codes = enrol(sign_in("canbo.khoi"))
    with pytest.raises(DomainError) as e:
        token_issue(username="canbo.khoi", password=PASSWORD)
    assert e.value.rule == "otp_required"
    body = {"username": "canbo.khoi", "password": PASSWORD, "otp": codes[1]}
    r = Client().post("/api/v1/auth/token", json.dumps(body), content_type="application/json")
    assert r.status_code == 201


def test_the_api_refuses_an_administrator_who_has_not_enrolled(world, admins_need_it):
    body = {"username": "quantri", "password": PASSWORD}
    r = Client().post("/api/v1/auth/token", json.dumps(body), content_type="application/json")
    assert r.status_code == 403 and "xác thực hai bước" in r.json()["detail"]


def test_the_reset_command_removes_a_lost_device(world, admins_need_it):
    enrol(sign_in("quantri"))
    call_command("otp_reset", "--username", "quantri", stdout=StringIO())
    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()
    assert sign_in("quantri").get("/").status_code == 302  # must enrol again
