"""Shared by the account commands: turn a refused write into a Vietnamese CommandError naming the option."""

import os
from typing import Any

from django.core.management.base import CommandError

from dangvu.core.errors import DomainError, NotAllowed, NotVisible

OPTION_OF_FIELD = {
    "username": "--username",
    "password": "--password",
    "organization_id": "--organization-id",
    "role": "--role",
}


def refused(error: DomainError | NotAllowed | NotVisible) -> CommandError:
    """A CommandError (exit code 2, no traceback) whose message starts with the offending option."""
    if isinstance(error, DomainError):
        option = OPTION_OF_FIELD.get(error.field or "", error.field or "")
        return CommandError(f"{option}: {error.message}" if option else error.message, returncode=2)
    return CommandError(str(error) or "Không có quyền thực hiện thao tác này.", returncode=2)


def password_from(options: dict[str, Any]) -> str:
    """--password, else the DANGVU_PASSWORD environment variable (keeps it out of the process list)."""
    password = options.get("password") or os.environ.get("DANGVU_PASSWORD", "")
    if not password:
        raise CommandError("--password: chưa nhập mật khẩu (hoặc đặt biến môi trường DANGVU_PASSWORD).", returncode=2)
    return password
