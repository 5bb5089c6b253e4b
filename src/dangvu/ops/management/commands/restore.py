"""`dangvu restore FILE`: load a backup made by `dangvu backup` into the configured database, which must be empty
(just created, before `migrate`): a restore never mixes with or overwrites live data."""

import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ._dbfile import PG_MAGIC, SQLITE_MAGIC, is_empty, pg_env, sqlite_path, vendor


class Command(BaseCommand):
    help = "Khôi phục bản sao lưu của `dangvu backup` vào cơ sở dữ liệu trống."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="tệp sao lưu")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        head = path.open("rb").read(16)
        kind = "sqlite" if head.startswith(SQLITE_MAGIC) else "postgresql" if head.startswith(PG_MAGIC) else ""
        if not kind:
            raise CommandError(f"{path} không phải bản sao lưu của dangvu (SQLite hoặc pg_dump định dạng custom).")
        if kind != vendor():
            raise CommandError(f"Bản sao lưu là {kind} nhưng DATABASE_URL trỏ tới {vendor()}.")
        if not is_empty():
            raise CommandError("Cơ sở dữ liệu đích đã có bảng: chỉ khôi phục vào cơ sở dữ liệu trống "
                               "(tạo mới, chưa chạy migrate).")
        if kind == "sqlite":
            target = sqlite_path()
            connection.close()
            src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            check = src.execute("PRAGMA integrity_check").fetchone()
            if check is None or check[0] != "ok":
                src.close()
                raise CommandError(f"Bản sao lưu hỏng: {check}")
            partial = target.with_name(target.name + ".restoring")
            dst = sqlite3.connect(partial)
            try:
                with dst:
                    src.backup(dst)
            finally:
                dst.close()
                src.close()
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.move(partial, target)
        else:
            done = subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                                   "--single-transaction", "--dbname", pg_env()["PGDATABASE"], str(path)],
                                  env=pg_env(), capture_output=True, text=True)
            if done.returncode != 0:
                raise CommandError(f"pg_restore thất bại (không có gì được ghi): {done.stderr.strip()}")
        self.stdout.write(f"Đã khôi phục {path} vào {vendor()}. Kiểm tra: dangvu migrate --check; "
                          "dangvu rebuild --check.")
