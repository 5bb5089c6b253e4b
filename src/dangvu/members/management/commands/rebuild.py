"""`dangvu rebuild [--check]`: recompute every projection from the events and report what differed.

Organisations (name, parent, dates, parent spans), then path spans, then members (status fields and
membership spans), then the month-end snapshots up to their watermark, then the checks other apps register
(core.hooks "projection_checks": the enterprise registry's dated links). Without --check the differences
are repaired; with --check nothing is written and
the exit code is 1 when anything differs.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from dangvu.core.cache import bump
from dangvu.core.hooks import collect
from dangvu.members.models import SnapshotWatermark
from dangvu.members.projection import rebuild_all
from dangvu.members.snapshots import check_snapshots, refresh_snapshots
from dangvu.orgs.projection import rebuild_orgs


class Command(BaseCommand):
    help = "Dựng lại dữ liệu tổng hợp (tổ chức, đường dẫn cây, đảng viên) từ các sự kiện; báo các sai khác."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Chỉ kiểm tra, không sửa; mã thoát 1 nếu có sai khác.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check: bool = options["check"]
        lines: list[str] = []
        with transaction.atomic():
            lines += rebuild_orgs(repair=not check)
        # Members last and outside that transaction: rebuild_all commits member by member.
        lines += rebuild_all(repair=not check)
        snapshot_lines = check_snapshots()
        if snapshot_lines and not check:
            SnapshotWatermark.objects.update(clean_through=None)  # recomputed from the start
            refresh_snapshots()
        lines += snapshot_lines
        # Projections of higher apps (the enterprise registry's dated links) through core.hooks: reported, never
        # repaired here (which side is right — the row or its span — needs a person).
        lines += [line if check else f"{line} (không tự sửa)" for line in collect("projection_checks")]
        if lines and not check:  # repaired with bulk writes outside the services: kept results are recomputed
            bump("data_rebuild", "dangvu rebuild", after={"differences": len(lines)})

        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write(self.style.SUCCESS("Không có sai khác."))
        elif check:
            self.stdout.write(
                self.style.WARNING(f"Có {len(lines)} sai khác (chưa sửa; chạy lại không có --check để sửa).")
            )
            raise SystemExit(1)
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã sửa {len(lines)} sai khác."))
