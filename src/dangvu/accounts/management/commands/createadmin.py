"""`dangvu createadmin --username U --password P`: a superuser who also administers the root organisation.

Idempotent: run again, it resets the password and restores the rights.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dangvu.accounts.models import Assignment
from dangvu.accounts.services import admin_ensure
from dangvu.core.errors import DomainError, NotAllowed

from ._common import password_from, refused


class Command(BaseCommand):
    help = "Tạo (hoặc cập nhật mật khẩu) tài khoản quản trị hệ thống, không hỏi đáp."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True, help="Tên đăng nhập")
        parser.add_argument("--password", help="Mật khẩu (hoặc biến môi trường DANGVU_PASSWORD)")

    def handle(self, *args: Any, **options: Any) -> None:
        password = password_from(options)
        try:
            user, created = admin_ensure(actor=None, username=options["username"], password=password)
        except (DomainError, NotAllowed) as e:
            raise refused(e) from None
        where = [a.organization.name for a in Assignment.objects.filter(user=user).select_related("organization")]
        verb = "Đã tạo" if created else "Đã cập nhật"
        self.stdout.write(self.style.SUCCESS(f"{verb} quản trị viên '{user.username}'."))
        if where:
            self.stdout.write(f"Quản trị hệ thống tại: {', '.join(where)}.")
        else:
            self.stdout.write("Chưa có tổ chức gốc; tài khoản là quản trị viên cấp cao nhất (thấy toàn bộ dữ liệu).")
