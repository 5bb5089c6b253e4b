"""The `dangvu` command line: rebuild finds and repairs drift; commands fail in Vietnamese, without a traceback."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from dangvu.members.models import Member, MembershipSpan, MemberStatus
from dangvu.orgs.models import Organization, OrgPathSpan


def rebuild(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("rebuild", *args, stdout=out)
    except SystemExit as e:
        return int(e.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_rebuild_of_a_consistent_database_finds_nothing(world):
    assert rebuild("--check") == (0, "Không có sai khác.\n")
    assert rebuild() == (0, "Không có sai khác.\n")


def test_rebuild_check_reports_member_drift_and_changes_nothing(world):
    Member.objects.filter(pk=world.hanh.pk).update(status=MemberStatus.PROBATIONARY)
    MembershipSpan.objects.filter(member=world.anh).delete()
    code, out = rebuild("--check")
    assert code == 1
    assert f"Đảng viên #{world.hanh.pk} Nguyễn Thị Hồng Hạnh: khác ở status" in out
    assert f"Đảng viên #{world.anh.pk} Lê Thị Ánh: khác ở spans" in out
    assert "Có 2 sai khác" in out
    assert Member.objects.get(pk=world.hanh.pk).status == MemberStatus.PROBATIONARY
    assert not MembershipSpan.objects.filter(member=world.anh).exists()


def test_rebuild_repairs_member_drift(world):
    Member.objects.filter(pk=world.hanh.pk).update(status=MemberStatus.PROBATIONARY)
    code, out = rebuild()
    assert code == 0 and "Đã sửa 1 sai khác." in out
    assert Member.objects.get(pk=world.hanh.pk).status == MemberStatus.FULL
    assert rebuild("--check") == (0, "Không có sai khác.\n")


def test_rebuild_check_reports_organisation_and_path_drift_and_changes_nothing(world):
    Organization.objects.filter(pk=world.cell_c.pk).update(name="Tên sai")
    OrgPathSpan.objects.filter(organization=world.cell_a).delete()
    code, out = rebuild("--check")
    assert code == 1
    assert f"Tổ chức #{world.cell_c.pk} Tên sai: khác ở name\n" in out
    assert "Đường dẫn cây tổ chức: 1 dòng khác" in out
    assert Organization.objects.get(pk=world.cell_c.pk).name == "Tên sai"
    assert not OrgPathSpan.objects.filter(organization=world.cell_a).exists()


def test_rebuild_repairs_organisation_and_path_drift(world):
    Organization.objects.filter(pk=world.cell_c.pk).update(name="Tên sai", parent=world.local)
    OrgPathSpan.objects.filter(organization=world.cell_a).delete()
    code, _out = rebuild()
    assert code == 0
    cell_c = Organization.objects.get(pk=world.cell_c.pk)
    assert (cell_c.name, cell_c.parent_id) == ("Chi bộ Công ty TNHH May Nam Sơn", world.bloc.pk)
    assert OrgPathSpan.objects.filter(organization=world.cell_a).exists()
    assert rebuild("--check") == (0, "Không có sai khác.\n")


@pytest.fixture
def dangvu(tmp_path: Path):
    """Run the installed console script against a fresh SQLite file of its own (never the test database)."""
    (tmp_path / "var").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DANGVU_HOME=str(tmp_path), PYTHONWARNINGS="ignore")
    script = Path(sys.executable).with_name("dangvu")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(script), *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)

    assert run("migrate", "-v", "0").returncode == 0
    return run


def test_console_script_refuses_bad_input_in_vietnamese_without_a_traceback(dangvu):
    ok = dangvu("createadmin", "--username", "quantri", "--password", "DangVu@2025")
    assert ok.returncode == 0, ok.stderr
    assert "Đã tạo quản trị viên 'quantri'" in ok.stdout

    bad = dangvu(
        "createuser", "--username", "moi", "--password", "DangVu@2025", "--organization-id", "42", "--role", "viewer"
    )
    assert bad.returncode == 2
    assert "--organization-id: Không có tổ chức mang mã số 42." in bad.stderr
    assert "Traceback" not in bad.stderr

    check = dangvu("rebuild", "--check")
    assert (check.returncode, check.stdout) == (0, "Không có sai khác.\n")
