"""`dangvu import KIND FILE [--confirm] [--organization REF] [--username U]`: the import engine from the command
line. By default a dry run (every row through the services, rolled back) that prints the result of each row and
every error in Vietnamese; with --confirm, a file without error rows is written, all rows or none. Exit code 1 when
a row (or the file) is refused. The upload, its jobs and the audit entries are the web page's own."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from dangvu.core.audit import audit
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.imports import services
from dangvu.imports.kinds import ACTION_LABELS, ACTIONS, ERROR, all_kinds, get_kind
from dangvu.imports.organizations import SHEET as ORG_SHEET
from dangvu.jobs.models import JobStatus

from ._common import VIA, acting_user, organization

# The column a row may leave empty for --organization to fill: the member's cell, the organisation's parent.
DEFAULT_COLUMN = {"members": ("members", "organization"), "organizations": (ORG_SHEET.key, "parent")}


class Command(BaseCommand):
    help = ("Nhập dữ liệu từ tệp Excel (.xlsx) hoặc CSV theo mẫu: mặc định chỉ kiểm tra từng dòng, không ghi; "
            "--confirm để ghi (tất cả hoặc không dòng nào).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(k.key for k in all_kinds()),
                            help="loại dữ liệu: organizations (tổ chức đảng), members (đảng viên), enterprises "
                                 "(doanh nghiệp)")
        parser.add_argument("file", help="tệp .xlsx hoặc .csv theo mẫu")
        parser.add_argument("--confirm", action="store_true", help="ghi vào cơ sở dữ liệu khi không có dòng lỗi")
        parser.add_argument("--organization", default="",
                            help="tổ chức (mã, số hoặc đúng tên) dùng cho các dòng để trống cột Chi bộ "
                                 "(đảng viên) hoặc Trực thuộc (tổ chức đảng)")
        parser.add_argument("--username", default="",
                            help="tài khoản thực hiện, theo phạm vi và vai trò của nó (mặc định: quản trị hệ "
                                 "thống đầu tiên)")

    def handle(self, *args: Any, **opts: Any) -> None:
        kind = get_kind(opts["kind"])
        user = acting_user(opts["username"])
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.", returncode=2)
        org = organization(user, opts["organization"]) if opts["organization"] else None
        write = self.stdout.write
        with override_settings(DANGVU_JOBS_SYNC=True):  # the queued jobs run here, in this process
            try:
                f = services.import_upload(actor=user, kind=kind.key, filename=path.name, data=path.read_bytes())
            except (DomainError, NotAllowed, NotVisible) as e:
                raise CommandError(f"{path.name}: {getattr(e, 'message', str(e))}", returncode=1) from None
            if org is not None and kind.key in DEFAULT_COLUMN:
                services.import_fill_blank(actor=user, import_file=f, sheet=DEFAULT_COLUMN[kind.key][0],
                                           column=DEFAULT_COLUMN[kind.key][1], value=org.code or str(org.name))
            dry, _confirm = services.import_jobs(f)
            audit(user, "import_command", f, after={"kind": kind.key, "file": path.name, "via": VIA,
                                                    "confirm": bool(opts["confirm"])})
            if dry is None or dry.status != JobStatus.DONE or dry.result is None:
                raise CommandError(f"Kiểm tra tệp thất bại: {dry.error if dry else ''}", returncode=1)
            result = dry.result
            self._summary(result)
            if result["rows"].get(ERROR):
                raise CommandError(f"{result['rows'][ERROR]} dòng lỗi; không dòng nào được ghi. Sửa tệp rồi chạy "
                                   "lại.", returncode=1)
            if not opts["confirm"]:
                write("Chỉ kiểm tra: chưa ghi gì. Chạy lại với --confirm để ghi.")
                return
            try:
                job = services.import_confirm(actor=user, import_file=f)
            except (DomainError, NotAllowed, NotVisible) as e:
                raise CommandError(getattr(e, "message", str(e)), returncode=1) from None
            job.refresh_from_db()
            if job.status != JobStatus.DONE:
                raise CommandError(f"Không ghi được: {job.error}", returncode=1)
        write(self.style.SUCCESS(f"Đã ghi {path.name} (tệp nhập số {f.pk})."))

    def _summary(self, result: dict[str, Any]) -> None:
        write = self.stdout.write
        write(", ".join(f"{ACTION_LABELS[a]}: {result['rows'].get(a, 0)}" for a in ACTIONS) + ".")
        for o in result.get("outcomes", []):
            if o["action"] == ERROR:
                continue
            changes = f" ({'; '.join(o['changes'])})" if o.get("changes") else ""
            write(f"  {o['sheet']}, dòng {o['row']}: {ACTION_LABELS[o['action']]} — {o['label']}{changes}")
        for e in result.get("errors", []):
            write(f"  LỖI {e['sheet']}, dòng {e['row']}, cột \"{e['column']}\": {e['detail']}")
