"""`dangvu review-pack --organization-id N --year Y --out FILE.docx|.pdf`: the committee's annual review pack
(every table and chart of the year, targets and achievement) as an editable Word document or a PDF."""

import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvu.core.errors import DomainError
from dangvu.orgs.models import Organization
from dangvu.reports.pack import review_pack
from dangvu.reports.renderers import render


class Command(BaseCommand):
    help = "Bộ số liệu tổng kết năm của một cấp ủy, xuất ra Word (.docx) hoặc PDF (.pdf)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organization-id", type=int, required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", required=True, help="Tệp kết quả, đuôi .docx hoặc .pdf")
        parser.add_argument(
            "--username", default="", help="Lập theo phạm vi của tài khoản này (mặc định: quản trị hệ thống đầu tiên)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        out = Path(opts["out"])
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ("docx", "pdf"):
            raise CommandError("--out phải có đuôi .docx hoặc .pdf")
        org = Organization.objects.filter(pk=opts["organization_id"]).first()
        if org is None:
            raise CommandError(f"Không có tổ chức mã {opts['organization_id']}.")
        users = get_user_model().objects.filter(is_active=True)
        user: Any = (users.filter(username=opts["username"]) if opts["username"] else
                     users.filter(is_superuser=True).order_by("id")).first()
        if user is None and not opts["username"]:  # the province's administrator, who sees the whole tree
            user = users.filter(assignments__organization__parent__isnull=True,
                                assignments__ended_on__isnull=True).order_by("id").first()
        if user is None:
            raise CommandError(f"Không có tài khoản {opts['username']}." if opts["username"] else
                               "Chưa có tài khoản quản trị toàn tỉnh: chỉ rõ --username.")
        started = time.perf_counter()

        def progress(done: int, total: int, stage: str) -> None:
            self.stderr.write(f"[{done}/{total}] {stage}")

        try:
            pack = review_pack(user, org, year=opts["year"], progress=progress)
        except DomainError as e:
            raise CommandError(e.message) from None
        built = time.perf_counter()
        f = render(pack, fmt)
        out.write_bytes(f.content)
        self.stdout.write(
            f"Đã ghi {out} ({len(f.content) // 1024} KB): số liệu {built - started:.2f} s, "
            f"tệp {time.perf_counter() - built:.2f} s."
        )
