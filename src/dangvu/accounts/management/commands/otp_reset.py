"""`dangvu otp_reset --username U`: remove a user's authenticator and recovery codes (lost phone); audited.
Where the role requires two factors, the user enrols again at the next sign-in."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvu.accounts.twofactor import otp_disable


class Command(BaseCommand):
    help = "Gỡ ứng dụng xác thực hai bước và mã khôi phục của một tài khoản (khi mất điện thoại)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True, help="Tên đăng nhập")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"--username: không có tài khoản '{options['username']}'.", returncode=2)
        otp_disable(actor=None, user=user)
        self.stdout.write(self.style.SUCCESS(f"Đã gỡ xác thực hai bước của '{user.username}'."))
