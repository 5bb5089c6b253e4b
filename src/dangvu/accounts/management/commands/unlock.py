"""`dangvu unlock --username U [--ip A]`: lift a sign-in lock (too many wrong passwords); audited."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dangvu.accounts.services import login_unlock
from dangvu.core.errors import DomainError, NotAllowed

from ._common import refused


class Command(BaseCommand):
    help = "Mở khóa đăng nhập của một tài khoản bị tạm khóa do nhập sai mật khẩu nhiều lần."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True, help="Tên đăng nhập cần mở khóa")
        parser.add_argument("--ip", default=None, help="Chỉ mở khóa từ địa chỉ IP này (mặc định: mọi địa chỉ)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cleared = login_unlock(actor=None, username=options["username"], ip_address=options["ip"])
        except (DomainError, NotAllowed) as e:
            raise refused(e) from None
        if cleared:
            done = f"Đã mở khóa đăng nhập của '{options['username']}' ({cleared} bản ghi)."
            self.stdout.write(self.style.SUCCESS(done))
        else:
            self.stdout.write(f"Tài khoản '{options['username']}' không bị khóa đăng nhập.")
