"""`dangvu export KIND [--organization REF] --out FILE [--username U]`: a list as xlsx in its import template's
format (organisations with their history, members with theirs, candidates, enterprises), as the web page's export
gives it; personal-data columns by the account's role; audited (via "dòng lệnh")."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvu.core.audit import audit
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.imports import exports

from ._common import VIA, acting_user, organization


class Command(BaseCommand):
    help = "Xuất danh sách ra tệp Excel theo mẫu nhập (nhập lại được)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(exports.EXPORTS),
                            help="organizations, members, candidates hoặc enterprises")
        parser.add_argument("--organization", default="",
                            help="tổ chức (mã, số hoặc đúng tên) có cây tổ chức được xuất (mặc định: tổ chức của "
                                 "tài khoản)")
        parser.add_argument("--out", required=True, help="tệp .xlsx được ghi")
        parser.add_argument("--username", default="",
                            help="tài khoản thực hiện (mặc định: quản trị hệ thống đầu tiên)")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = acting_user(opts["username"])
        org = organization(user, opts["organization"])
        out = Path(opts["out"])
        if not out.parent.is_dir():
            raise CommandError(f"--out: không có thư mục {out.parent}.", returncode=2)
        try:
            data = exports.EXPORTS[opts["kind"]](actor=user, org=org)
        except (DomainError, NotAllowed, NotVisible) as e:
            raise CommandError(getattr(e, "message", str(e)) or "Không được xuất danh sách này.", returncode=1) \
                from None
        out.write_bytes(data)
        audit(user, "export_command", org, after={"kind": opts["kind"], "file": out.name, "via": VIA,
                                                  "bytes": len(data)})
        self.stdout.write(self.style.SUCCESS(f"Đã xuất {opts['kind']} của {org.name} vào {out} "
                                             f"({len(data) // 1024} KB)."))
