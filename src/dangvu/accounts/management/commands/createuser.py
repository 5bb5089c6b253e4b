"""`dangvu createuser --username U --password P --organization-id N --role R`: a user with one assignment."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dangvu.accounts.models import Role
from dangvu.accounts.services import organization_model, user_create
from dangvu.core.errors import DomainError, NotAllowed

from ._common import password_from, refused


class Command(BaseCommand):
    help = "Tạo tài khoản người dùng và phân công vào một tổ chức với một vai trò."

    def add_arguments(self, parser: CommandParser) -> None:
        roles = ", ".join(f"{r.value} ({r.label})" for r in Role)
        parser.add_argument("--username", required=True, help="Tên đăng nhập")
        parser.add_argument(
            "--password",
            help="Mật khẩu: ít nhất 10 ký tự, không toàn số, không phổ biến, không giống tên đăng nhập "
            "(hoặc biến môi trường DANGVU_PASSWORD)",
        )
        # Strings, not argparse types: the refusals below name the option in Vietnamese.
        parser.add_argument("--organization-id", required=True, help="Mã số tổ chức được phân công")
        parser.add_argument("--role", required=True, help=f"Vai trò: {roles}")
        parser.add_argument("--email", default="", help="Thư điện tử")
        parser.add_argument("--first-name", default="", help="Tên")
        parser.add_argument("--last-name", default="", help="Họ và tên đệm")

    def handle(self, *args: Any, **options: Any) -> None:
        password = password_from(options)
        try:
            organization = self.organization(str(options["organization_id"]))
            user = user_create(
                actor=None,
                username=options["username"],
                password=password,
                organization=organization,
                role=options["role"],
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except (DomainError, NotAllowed) as e:
            raise refused(e) from None
        role = Role(options["role"]).label
        self.stdout.write(self.style.SUCCESS(f"Đã tạo người dùng '{user.username}': {role} tại {organization.name}."))

    def organization(self, raw: str) -> Any:
        raw = raw.strip()
        if not raw.isdigit():
            raise DomainError(f"Mã tổ chức phải là số nguyên dương, không phải '{raw}'.", field="organization_id")
        org = organization_model().objects.filter(pk=int(raw)).first()
        if org is None:
            raise DomainError(f"Không có tổ chức mang mã số {raw}.", field="organization_id")
        return org
