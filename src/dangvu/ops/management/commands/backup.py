"""`dangvu backup --out FILE`: a consistent copy of the live database while the application keeps running.

SQLite: the online backup API (pages copied under a read transaction; writers go on). PostgreSQL: `pg_dump
--format=custom` (one snapshot; `dangvu restore` reads it back with pg_restore)."""

import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ._dbfile import pg_env, sqlite_path, vendor


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu vào một tệp (SQLite: bản sao trực tuyến; PostgreSQL: pg_dump định dạng custom)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", required=True, help="tệp sao lưu sẽ tạo (không ghi đè tệp đã có)")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]).resolve()
        if out.exists():
            raise CommandError(f"Tệp {out} đã có; chọn tên khác (không ghi đè bản sao lưu cũ).")
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        started = time.monotonic()
        if vendor() == "sqlite":
            src = sqlite3.connect(sqlite_path())
            dst = sqlite3.connect(partial)
            try:
                with dst:
                    src.backup(dst, pages=1024)
                dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            finally:
                dst.close()
                src.close()
        elif vendor() == "postgresql":
            done = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file",
                                   str(partial)], env=pg_env(), capture_output=True, text=True)
            if done.returncode != 0:
                partial.unlink(missing_ok=True)
                raise CommandError(f"pg_dump thất bại: {done.stderr.strip()}")
        else:
            raise CommandError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor()}.")
        partial.rename(out)
        self.stdout.write(f"Đã sao lưu {vendor()} vào {out} ({out.stat().st_size / 1e6:.1f} MB, "
                          f"{time.monotonic() - started:.1f} s).")
