"""Django's password validators on every path that sets a password, with Vietnamese messages."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from dangvu.accounts.services import user_create, user_set_password
from dangvu.core.errors import DomainError


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("12345678", "Mật khẩu quá ngắn: cần ít nhất 10 ký tự"),
        ("1234567890123", "hoàn toàn là số"),
        ("password123", "quá phổ biến"),
        ("bithu.moi2025", "quá giống"),
    ],
)
def test_createuser_refuses_weak_passwords(world, password, rule):
    with pytest.raises(CommandError) as e:
        call_command(
            "createuser", "--username", "bithu.moi2025", "--password", password,
            "--organization-id", str(world.cell_c.pk), "--role", "cell_secretary", stdout=StringIO(),
        )
    assert str(e.value).startswith("--password: Mật khẩu không đạt") and rule in str(e.value)
    assert not User.objects.filter(username="bithu.moi2025").exists()


def test_createadmin_refuses_a_numeric_password(db):
    with pytest.raises(CommandError, match="hoàn toàn là số"):
        call_command("createadmin", "--username", "quantri", "--password", "20252025202520", stdout=StringIO())
    assert not User.objects.exists()


def test_the_demo_password_is_valid(db):
    user = user_create(actor=None, username="quantri", password="DangVu@2025")
    assert user.check_password("DangVu@2025")


def test_a_password_change_is_validated(world):
    with pytest.raises(DomainError, match="quá ngắn"):
        user_set_password(actor=world.officer, user=world.officer, password="ngan-qua")
    assert world.officer.check_password("matkhau-123")
