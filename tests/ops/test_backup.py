"""dangvu backup / restore: a restored copy rebuilds cleanly and every report agrees with the source."""

from pathlib import Path

from .site import POSTGRES, Site, drop_site, make_site


def test_a_backup_restored_into_an_empty_database_gives_the_same_reports(site: Site, tmp_path: Path) -> None:
    site.serve(workers=1, threads=2)  # taken while the application runs
    out = tmp_path / "backups" / "dangvu-2026-11-29.backup"
    done = site.dangvu("backup", "--out", str(out))
    assert "Đã sao lưu" in done.stdout and out.stat().st_size > 10_000
    assert out.read_bytes()[:5] == (b"PGDMP" if POSTGRES else b"SQLit")
    refused = site.dangvu("backup", "--out", str(out), check=False)
    assert refused.returncode != 0 and "đã có" in refused.stderr
    source = site.python("tests.ops.sitedata", "fingerprint")
    site.close()

    copy = make_site(tmp_path / "copy", migrate=False)
    try:
        copy.dangvu("restore", str(out))
        copy.dangvu("migrate", "--check")  # every migration recorded as applied
        check = copy.dangvu("rebuild", "--check", check=False)
        assert check.returncode == 0, check.stdout + check.stderr
        assert copy.python("tests.ops.sitedata", "fingerprint") == source
        again = copy.dangvu("restore", str(out), check=False)
        assert again.returncode != 0 and "trống" in again.stderr
    finally:
        drop_site(copy)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    empty = make_site(tmp_path / "empty", migrate=False)
    try:
        junk = tmp_path / "junk.backup"
        junk.write_bytes(b"not a backup at all")
        refused = empty.dangvu("restore", str(junk), check=False)
        assert refused.returncode != 0 and "không phải bản sao lưu" in refused.stderr
    finally:
        drop_site(empty)
