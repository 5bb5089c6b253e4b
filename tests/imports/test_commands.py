"""`dangvu import` and `dangvu export`: the same engine from the command line, dry run by default, the per-row
result and the errors in Vietnamese, exit code 1 on errors, audited with via "dòng lệnh"."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from dangvu.core.models import AuditEntry
from dangvu.members.models import Member

from .conftest import xlsx
from .test_members import person


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _file(tmp_path: Path, rows: list[dict[str, Any]]) -> str:
    path = tmp_path / "dang-vien.xlsx"
    path.write_bytes(xlsx("members", {"members": rows}))
    return str(path)


def test_import_is_a_dry_run_by_default_and_writes_with_confirm(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, [person(1, world.cell_a.name), person(2, world.cell_b.name)])
    before = Member.objects.count()
    out = _run("import", "members", path, "--username", "canbo.khoi")
    assert "Thêm mới: 2, Cập nhật: 0, Không đổi: 0, Lỗi: 0." in out
    assert "Đảng viên, dòng 2: Thêm mới — Phạm Văn Nhập 1" in out and "--confirm" in out
    assert Member.objects.count() == before
    out = _run("import", "members", path, "--username", "canbo.khoi", "--confirm")
    assert "Đã ghi dang-vien.xlsx" in out
    assert Member.objects.count() == before + 2
    entry = AuditEntry.objects.filter(action="import_command").latest("id")
    after = entry.after or {}
    assert entry.actor == world.officer and after["via"] == "dòng lệnh" and after["confirm"] is True
    assert AuditEntry.objects.filter(action="import_confirm", actor=world.officer).count() == 1


def test_import_prints_each_error_and_exits_1_writing_nothing(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, [person(1, world.cell_a.name), person(2, "Chi bộ Không Có"),
                            person(3, world.cell_a.name, birth_date="31/02/1980")])
    before = Member.objects.count()
    out = StringIO()
    with pytest.raises(CommandError) as e:
        call_command("import", "members", path, "--confirm", stdout=out)
    assert e.value.returncode == 1 and "2 dòng lỗi; không dòng nào được ghi" in str(e.value)
    text = out.getvalue()
    assert 'LỖI Đảng viên, dòng 3, cột "Chi bộ (mã hoặc tên)": không có tổ chức mã hoặc tên' in text
    assert 'LỖI Đảng viên, dòng 4, cột "Ngày sinh": ngày 31/02/1980 không có thật' in text
    assert Member.objects.count() == before


def test_import_fills_empty_cells_with_the_organization_option(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, [person(1, "")])
    with pytest.raises(CommandError):
        call_command("import", "members", path, stdout=StringIO())  # the cell is required
    _run("import", "members", path, "--organization", str(world.cell_a.pk), "--confirm")
    assert Member.objects.get(full_name="Phạm Văn Nhập 1").organization == world.cell_a
    from dangvu.core.models import AuditEntry

    fill = AuditEntry.objects.get(action="import_fill").after or {}  # the filled cells: an audited write
    assert fill["cells"] == 1 and fill["column"] == "organization"


def test_import_refuses_an_unreadable_file_a_missing_file_and_an_unknown_user(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(CommandError) as e:
        call_command("import", "members", str(bad), stdout=StringIO())
    assert e.value.returncode == 1 and "Không đọc được tệp" in str(e.value)
    with pytest.raises(CommandError) as e:
        call_command("import", "members", str(tmp_path / "none.xlsx"), stdout=StringIO())
    assert e.value.returncode == 2
    with pytest.raises(CommandError) as e:
        call_command("import", "members", str(bad), "--username", "khong-co", stdout=StringIO())
    assert "--username" in str(e.value)


def test_a_row_outside_the_accounts_scope_is_an_error(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _file(tmp_path, [person(1, world.cell_l.name)])
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import", "members", path, "--username", "canbo.khoi", "--confirm", stdout=out)
    assert "ngoài phạm vi" in out.getvalue()


def test_export_writes_the_template_and_is_audited(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    out_file = tmp_path / "dv.xlsx"
    text = _run("export", "members", "--organization", str(world.committee.pk), "--out", str(out_file),
                "--username", "canbo.khoi")
    assert "Đã xuất members của Đảng bộ Sở Y tế" in text
    ws = load_workbook(out_file).worksheets[0]
    assert [c.value for c in ws[1]][0] == "Họ và tên"
    assert sorted(r[0].value for r in ws.iter_rows(min_row=2)) == ["Nguyễn Thị Hồng Hạnh", "Trần Văn Bình"]
    entry = AuditEntry.objects.filter(action="export_command").latest("id")
    assert entry.actor == world.officer and (entry.after or {})["via"] == "dòng lệnh"
    assert AuditEntry.objects.filter(action="export_members", actor=world.officer).exists()


def test_export_of_an_organization_outside_the_scope_is_refused_as_unknown(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for ref in (str(world.cell_l.pk), "999999", world.cell_l.name):
        with pytest.raises(CommandError) as e:
            call_command("export", "organizations", "--organization", ref, "--out", str(tmp_path / "o.xlsx"),
                         "--username", "canbo.khoi", stdout=StringIO())
        assert e.value.returncode == 2
        assert str(e.value) == f"--organization: không có tổ chức '{ref}' trong phạm vi của tài khoản."
