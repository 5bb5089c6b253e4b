"""`dangvu worker`: fail the jobs a dead worker left running, then run the queue (django-q2's cluster)."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from dangvu.jobs.services import recover_stale_jobs


class Command(BaseCommand):
    help = "Chạy hàng đợi công việc nền (nhập tệp, xuất báo cáo lớn)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--recover-only", action="store_true", help="only mark jobs of dead workers failed")

    def handle(self, *args: Any, **options: Any) -> None:
        stale = recover_stale_jobs()
        if stale:
            self.stdout.write(f"{stale} công việc dừng giữa chừng được đánh dấu lỗi.")
        if not options["recover_only"]:
            call_command("qcluster")
