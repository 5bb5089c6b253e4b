"""`dangvu demo [--seed N] [--scale bloc|province|tiny|province2025|national]`: fill an empty database with demo data.

Deterministic for a seed (on a given day: dates are relative to today); does nothing when demo data
already exist (no --reset: start from an empty database instead)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvu.core.cache import bump
from dangvu.core.errors import DomainError
from dangvu.core.text import format_number
from dangvu.demo.generator import SCALES, demo_exists, generate
from dangvu.demo.national import generate_national
from dangvu.demo.scale import generate_province2025
from dangvu.members.snapshots import refresh_snapshots


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (Đảng bộ tỉnh Ninh Bình, Đảng bộ Khối, đảng viên và lịch sử sinh hoạt)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2025, help="hạt giống ngẫu nhiên (mặc định 2025)")
        parser.add_argument("--scale", choices=[*sorted(SCALES), "province2025", "national"], default="bloc",
                            help="quy mô: tiny (~300 đảng viên), bloc (~8.600), province (~100.000), "
                                 "province2025 (~270.000, chỉ để đo hiệu năng), national (34 tỉnh, ~5,6 triệu, "
                                 "chỉ PostgreSQL, để đo hiệu năng)")
        parser.add_argument("--members", type=int, default=5_600_000,
                            help="--scale national: số đảng viên đang sinh hoạt (mặc định 5.600.000)")

    def handle(self, *args: Any, seed: int, scale: str, members: int = 5_600_000, **options: Any) -> None:
        if scale == "national":
            self._national(seed, members)
            return
        existing = demo_exists()
        if existing == "demo":
            self.stdout.write("Dữ liệu mẫu đã có trong cơ sở dữ liệu; không tạo lại.")
            return
        if existing == "data":
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu (không phải dữ liệu mẫu); lệnh demo chỉ chạy trên "
                              "cơ sở dữ liệu trống. Không làm gì.")
            return
        t0 = time.perf_counter()
        if scale == "province2025":
            self._province2025(seed)
            return
        try:
            result = generate(seed=seed, scale=scale, out=self.stdout.write)
        except ValueError as e:
            raise CommandError(str(e)) from e
        elapsed = time.perf_counter() - t0
        if result is None:
            self.stdout.write("Dữ liệu mẫu đã có trong cơ sở dữ liệu; không tạo lại.")
            return
        n = format_number
        self.stdout.write(
            f"Đã tạo dữ liệu mẫu quy mô {scale} (seed {seed}): {n(result['organizations'])} tổ chức đảng, "
            f"{n(result['members'])} hồ sơ đảng viên ({n(result['active'])} đang sinh hoạt), "
            f"{n(result['events'])} sự kiện."
        )
        for name, count in result["active_by_committee"].items():
            self.stdout.write(f"  {name}: {n(count)} đảng viên đang sinh hoạt")
        t = result["timings"]
        self.stdout.write(
            f"Thời gian: {elapsed:.1f} s (mô phỏng {t['simulate']:.1f} s, tổ chức {t['orgs']:.1f} s, "
            f"đảng viên {t['members']:.1f} s, sắp xếp tổ chức và tài khoản {t['services']:.1f} s)."
        )
        t1 = time.perf_counter()
        months = refresh_snapshots()
        bump("data_demo", f"dữ liệu mẫu quy mô {scale}", after={"seed": seed, "members": result["members"]})
        self.stdout.write(f"Số liệu cuối tháng: {n(months)} kỳ ({time.perf_counter() - t1:.1f} s).")
        self.stdout.write("Tài khoản:")
        for username, password, what in result["accounts"]:
            self.stdout.write(f"  {username} / {password}  ({what})")

    def _national(self, seed: int, members: int) -> None:
        """The country at full size for the national benchmark (demo/national.py): PostgreSQL only."""
        from django.db import connection

        if connection.vendor != "postgresql":
            raise CommandError(
                "--scale national chỉ chạy trên PostgreSQL (5,6 triệu đảng viên nạp bằng COPY); cơ sở dữ liệu hiện "
                "tại là SQLite. Đặt DATABASE_URL=postgres://… tới một cơ sở dữ liệu trống rồi chạy lại."
            )
        if demo_exists() is not None:
            raise CommandError("--scale national chỉ chạy trên một cơ sở dữ liệu trống (đã có dữ liệu). Không làm gì.")
        # Progress on stderr (a province at a time), the result on stdout.
        self.stderr.write(f"Tạo dữ liệu toàn quốc: 34 tỉnh, thành phố, {format_number(members)} đảng viên (COPY)…")
        try:
            result = generate_national(seed=seed, members=members, out=self.stderr.write)
        except DomainError as e:
            raise CommandError(e.message) from e
        t1 = time.perf_counter()
        self.stderr.write("  số liệu cuối tháng (dangvu snapshots)…")
        months = refresh_snapshots()
        with connection.cursor() as cur:  # the snapshot tables are read by index-only scans
            cur.execute("VACUUM ANALYZE members_monthendheadcount, members_monthendflow")
        bump("data_demo", "dữ liệu mẫu toàn quốc", after={"seed": seed, "members": result["members"]})
        n = format_number
        self.stdout.write(
            f"Đã tạo {n(result['organizations'])} tổ chức, {n(result['members'])} hồ sơ đảng viên, "
            f"{n(result['events'])} sự kiện trong {result['seconds']:.0f} s; số liệu cuối tháng {n(months)} kỳ "
            f"({time.perf_counter() - t1:.0f} s)."
        )

    def _province2025(self, seed: int) -> None:
        """The merged province at full size for the scale benchmark (demo/scale.py)."""
        self.stdout.write("Tạo tỉnh sau sáp nhập 2025 (quy mô đầy đủ, có thể mất vài phút)…")
        result = generate_province2025(seed=seed, out=self.stdout.write)
        months = refresh_snapshots()
        bump("data_demo", "dữ liệu mẫu tỉnh sau sáp nhập 2025", after={"seed": seed, "members": result["members"]})
        n = format_number
        self.stdout.write(
            f"Đã tạo {n(result['organizations'])} tổ chức ({n(result['cells'])} chi bộ), {n(result['members'])} hồ sơ "
            f"đảng viên, {n(result['events'])} sự kiện trong {result['seconds']:.0f} s; số liệu cuối tháng "
            f"{n(months)} kỳ."
        )
