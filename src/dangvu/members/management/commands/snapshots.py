"""`dangvu snapshots [--until YYYY-MM-DD]`: recompute the month-end headcount snapshots after the watermark."""

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dangvu.core.cache import bump
from dangvu.members.snapshots import refresh_snapshots


class Command(BaseCommand):
    help = "Tính lại số liệu đảng viên cuối tháng (ảnh chụp cuối tháng) cho các tháng chưa cập nhật."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--until", type=date.fromisoformat, default=None, help="đến ngày (mặc định hôm nay)")

    def handle(self, *args: Any, until: date | None, **options: Any) -> None:
        t0 = time.perf_counter()
        n = refresh_snapshots(until=until)
        if n:  # bulk writes outside the services: kept reports read the snapshots
            bump("data_snapshots", "dangvu snapshots", after={"months": n})
        self.stdout.write(f"Đã tính {n} kỳ cuối tháng trong {time.perf_counter() - t0:.1f} giây.")
