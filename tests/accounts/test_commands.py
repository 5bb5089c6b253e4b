"""createadmin and createuser: non-interactive, idempotent where promised, Vietnamese refusals."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from dangvu.accounts.models import Assignment, Role


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_createadmin_creates_then_updates(world):
    out = run("createadmin", "--username", "tinhuy", "--password", "Mat-khau-2025")
    assert "Đã tạo quản trị viên 'tinhuy'" in out
    assert world.province.name in out
    out = run("createadmin", "--username", "tinhuy", "--password", "Mat-khau-2026")
    assert "Đã cập nhật quản trị viên 'tinhuy'" in out
    user = User.objects.get(username="tinhuy")
    assert user.is_superuser and user.check_password("Mat-khau-2026")
    assert Assignment.objects.filter(user=user, organization=world.province, role=Role.PROVINCE_ADMIN).count() == 1


def test_createadmin_on_an_empty_database(db):
    out = run("createadmin", "--username", "quantri", "--password", "Mat-khau-2025")
    assert "Chưa có tổ chức gốc" in out
    assert User.objects.get(username="quantri").is_superuser


def test_createadmin_reads_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DANGVU_PASSWORD", "Mat-khau-env-1")
    run("createadmin", "--username", "quantri")
    assert User.objects.get(username="quantri").check_password("Mat-khau-env-1")


def test_createadmin_refuses_a_short_password(db):
    with pytest.raises(CommandError) as e:
        run("createadmin", "--username", "quantri", "--password", "ngan")
    assert str(e.value).startswith("--password: Mật khẩu không đạt")
    assert e.value.returncode == 2
    assert not User.objects.exists()


def test_createuser_creates_a_user_with_one_assignment(world):
    out = run(
        "createuser",
        "--username",
        "bithu.maynamson",
        "--password",
        "Mat-khau-2025",
        "--organization-id",
        str(world.cell_c.pk),
        "--role",
        "cell_secretary",
    )
    assert f"Đã tạo người dùng 'bithu.maynamson': Bí thư chi bộ tại {world.cell_c.name}." in out
    user = User.objects.get(username="bithu.maynamson")
    assert user.check_password("Mat-khau-2025")
    assert list(user.assignments.values_list("organization_id", "role")) == [(world.cell_c.pk, "cell_secretary")]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--organization-id", "999999", "--organization-id: Không có tổ chức mang mã số 999999."),
        ("--organization-id", "abc", "--organization-id: Mã tổ chức phải là số nguyên dương"),
        ("--role", "boss", "--role: Vai trò 'boss' không hợp lệ"),
        ("--password", "1234", "--password: Mật khẩu không đạt"),
        ("--username", "quantri", "--username: Tên đăng nhập 'quantri' đã có người dùng."),
    ],
)
def test_createuser_names_the_bad_option_and_writes_nothing(world, option, value, message):
    args = {
        "--username": "moi",
        "--password": "Mat-khau-2025",
        "--organization-id": str(world.cell_a.pk),
        "--role": "viewer",
        option: value,
    }
    users = User.objects.count()
    with pytest.raises(CommandError) as e:
        run("createuser", *[x for pair in args.items() for x in pair])
    assert str(e.value).startswith(message)
    assert e.value.returncode == 2
    assert User.objects.count() == users
